/**
 * Who reads the registry: the Ente's staff only. Families and teachers read nothing (not even
 * their own record: their household reaches them later through security-definer views), another
 * Ente's operator sees and changes nothing, and every read of a record is in the audit log.
 */
import assert from "node:assert/strict";
import type { Claims, Db } from "../lib/db/types.ts";
import { testApp } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { operatorApi } from "./helpers/fixtures_registry.ts";
import { addOtherTenant, OTHER_ADMIN } from "./helpers/other_tenant.ts";
import { callersOf, demoTenant } from "./helpers/second_tenant.ts";

const TABLES = ["people", "households", "household_members", "organizations", "person_imports"];

async function visible(db: Db, claims: Claims): Promise<Record<string, number>> {
  return await db.asUser(claims, async (tx) => {
    const out: Record<string, number> = {};
    for (const t of TABLES) {
      const [{ n }] = await tx.query<{ n: number }>(`select count(*)::int as n from public.${t}`);
      out[t] = n;
    }
    return out;
  });
}

async function demoPersonId(db: Db, taxCode = "CLMCHR88M61D612P"): Promise<string> {
  const [{ id }] = await db.asOwner((tx) =>
    tx.query<{ id: string }>("select id from public.people where tax_code = $1", [taxCode])
  );
  return id;
}

dbTest(
  "RLS: teachers and providers read nothing of the registry; a family only its household",
  async (db) => {
    const a = await demoTenant(db);
    const { claims } = await callersOf(db, a);
    const byRole = new Map(claims);
    const staff = await visible(db, byRole.get("operator")!);
    assert.ok(
      staff.people >= 40 && staff.households >= 10 && staff.organizations === 5,
      JSON.stringify(staff),
    );
    for (const role of ["teacher", "provider"]) {
      assert.deepEqual(
        await visible(db, byRole.get(role)!),
        Object.fromEntries(TABLES.map((t) => [t, 0])),
        `${role} sees no registry row`,
      );
    }
    // A parent reads their own household (both parents, the children), nothing else.
    const household = await db.asOwner((tx) =>
      tx.query<{ n: number }>(
        `select count(*)::int as n from public.household_members m
         join public.households h on h.id = m.household_id
        where h.name = 'Famiglia Ricci Colombo'`,
      )
    );
    assert.deepEqual(
      await visible(db, byRole.get("family")!),
      {
        ...Object.fromEntries(TABLES.map((t) => [t, 0])),
        people: household[0].n,
        households: 1,
        household_members: household[0].n,
      },
      "family sees its household only",
    );
    // Nor through the search functions (security definer: they check the role themselves).
    for (const role of ["family", "teacher", "provider"]) {
      const found = await db.asUser(byRole.get(role)!, (tx) =>
        tx.query<{ n: number; c: number }>(
          `select (select count(*)::int from app.search_people('{}', 100)) as n,
                app.count_people('{}', 1000) as c`,
        ));
      assert.deepEqual(found, [{ n: 0, c: 0 }], `${role} through app.search_people`);
    }
    const staffFound = await db.asUser(
      byRole.get("operator")!,
      (tx) =>
        tx.query<{ n: number }>("select count(*)::int as n from app.search_people('{}', 100)"),
    );
    assert.equal(staffFound[0].n, staff.people, "positive control");
    // Chiara Colombo reads her own record (linked to her account), and cannot write any.
    const own = await demoPersonId(db);
    const family = byRole.get("family")!;
    assert.equal(
      (await db.asUser(
        family,
        (tx) => tx.query("select 1 from public.people where id = $1", [own]),
      ))
        .length,
      1,
    );
    await assert.rejects(
      () =>
        db.asUser(
          family,
          (tx) =>
            tx.query("insert into public.people (tenant_id, surname, name) values ($1, 'X', 'Y')", [
              a.tenantId,
            ]),
        ),
      (e: { code?: string }) => e.code === "42501",
    );
    const updated = await db.asUser(
      family,
      (tx) =>
        tx.query("update public.people set email = 'x@y.it' where id = $1 returning 1", [own]),
    );
    assert.deepEqual(updated, []);

    const { client } = await testApp(db);
    const c = client();
    assert.equal((await c.signIn("chiara.colombo@posta.example")).status, 303);
    const api = await c.get("/api/v1/people");
    assert.equal(api.status, 403);
    assert.match(api.headers.get("content-type")!, /^application\/problem\+json/);
    await api.body?.cancel();
    const pageRes = await c.get(`/operatore/anagrafiche/persone/${own}`);
    assert.equal(pageRes.status, 403);
    await pageRes.body?.cancel();
  },
);

dbTest("RLS: another Ente's operator sees nothing and changes nothing", async (db) => {
  await addOtherTenant(db);
  const own = await demoPersonId(db);
  const [household] = await db.asOwner((tx) =>
    tx.query<{ id: string }>("select id from public.households limit 1")
  );
  const { call, c } = await operatorApi(db, OTHER_ADMIN);
  const list = await call("GET", "/people");
  assert.equal(list.status, 200);
  assert.deepEqual([list.json.total, list.json.items], [0, []]);
  assert.equal((await call("GET", "/organizations")).json.total, 0);
  assert.equal((await call("GET", "/households")).json.total, 0);
  for (
    const [method, path, body] of [
      ["GET", `/people/${own}`, undefined],
      ["PATCH", `/people/${own}`, { email: "preso@posta.example" }],
      ["GET", `/households/${household.id}`, undefined],
      ["DELETE", `/households/${household.id}/members/${own}`, undefined],
    ] as const
  ) {
    const r = await call(method, path, body);
    assert.equal(r.status, 404, `${method} ${path}`);
  }
  // Their own records cannot reach into the demo Comune either.
  const mine = await call("POST", "/people", { surname: "Altrove", name: "Piero" });
  assert.equal(mine.status, 201);
  const merge = await call("POST", `/people/${mine.json.id}/merge`, { source_id: own });
  assert.equal(merge.status, 404);
  const h = await call("POST", "/households", { name: "Famiglia Altrove" });
  const join = await call("POST", `/households/${h.json.id}/members`, {
    person_id: own,
    role: "parent",
  });
  assert.equal(join.status, 404);
  const page = await c.get(`/operatore/anagrafiche/persone/${own}`);
  assert.equal(page.status, 404);
  await page.body?.cancel();
  const search = await (await c.get("/operatore/anagrafiche?q=colombo")).text();
  assert.match(search, /Nessuna persona corrisponde alla ricerca/);
  const [{ email }] = await db.asOwner((tx) =>
    tx.query<{ email: string }>("select email from public.people where id = $1", [own])
  );
  assert.equal(email, "chiara.colombo@posta.example");
});

dbTest("audit: every opening of a record is logged, by whom; lists are not", async (db) => {
  const a = await demoTenant(db);
  const { apiKey } = await callersOf(db, a);
  const own = await demoPersonId(db);
  const { client } = await testApp(db);
  const key = client();
  const auth = { authorization: `Bearer ${apiKey.token}` };
  assert.equal((await key.get(`/api/v1/people/${own}`, auth)).status, 200);
  await (await key.get("/api/v1/people?q=colombo", auth)).body?.cancel();
  const { c } = await operatorApi(db);
  await (await c.get(`/operatore/anagrafiche/persone/${own}`)).body?.cancel();
  const views = await db.asOwner((tx) =>
    tx.query<{ actor_kind: string; actor_id: string }>(
      `select actor_kind, actor_id from public.audit_log
        where action = 'view' and entity = 'people' and entity_id = $1 order by id`,
      [own],
    )
  );
  assert.deepEqual(views.map((v) => v.actor_kind), ["api_key", "user"]);
  assert.equal(views[0].actor_id, apiKey.id);
  assert.equal(views[1].actor_id, a.users.operator);
  const readOnly = await key.request("/api/v1/people", {
    method: "POST",
    headers: { ...auth, "content-type": "application/json" },
    body: JSON.stringify({ surname: "Prova", name: "Chiave" }),
  });
  assert.equal(readOnly.status, 201, "the key has both scopes");
  await readOnly.body?.cancel();
});
