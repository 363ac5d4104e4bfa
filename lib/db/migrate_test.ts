import assert from "node:assert/strict";
import { dbTest } from "../../tests/helpers/db.ts";
import { migrate, readMigrations } from "./migrate.ts";

Deno.test("migration files are named like the Supabase CLI's and ordered", async () => {
  const all = await readMigrations();
  assert.ok(all.length >= 3);
  const versions = all.map((m) => m.version);
  assert.deepEqual(versions, [...versions].sort());
  assert.equal(new Set(versions).size, versions.length);
});

dbTest("migrations are recorded once and re-running applies nothing", async (db) => {
  assert.deepEqual(await migrate(db), []);
  const rows = await db.asOwner((tx) =>
    tx.query<{ version: string; name: string }>(
      "select version, name from supabase_migrations.schema_migrations order by version",
    )
  );
  assert.deepEqual(rows.map((r) => r.version), (await readMigrations()).map((m) => m.version));
});

dbTest("roles exist and service_role bypasses RLS while authenticated does not", async (db) => {
  const roles = await db.asOwner((tx) =>
    tx.query<{ rolname: string; rolbypassrls: boolean }>(
      "select rolname, rolbypassrls from pg_roles where rolname in ('anon','authenticated','service_role') order by 1",
    )
  );
  assert.deepEqual(roles.map((r) => [r.rolname, r.rolbypassrls]), [
    ["anon", false],
    ["authenticated", false],
    ["service_role", true],
  ]);
  const anonymous = await db.asUser(
    {
      sub: crypto.randomUUID(),
      role: "authenticated",
      app_metadata: { tenant_id: null, roles: [] },
    },
    (tx) => tx.query("select * from public.tenants"),
  );
  assert.equal(anonymous.length, 0);
  assert.equal((await db.asService((tx) => tx.query("select * from public.tenants"))).length, 1);
});

dbTest("a failing statement rolls back the whole transaction", async (db) => {
  await assert.rejects(() =>
    db.asService(async (tx) => {
      await tx.query("update public.tenants set name = 'Cambiato'");
      await tx.query("select 1/0");
    })
  );
  const [t] = await db.asService((tx) =>
    tx.query<{ name: string }>("select name from public.tenants")
  );
  assert.notEqual(t.name, "Cambiato");
});
