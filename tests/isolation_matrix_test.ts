/**
 * Tenant isolation, table by table and role by role: nobody signed in to the demo Comune (A)
 * can read, change, delete or forge a row of the Comune di Montecalvo (B). Tables come from the
 * catalog, so a new tenant table is covered (and must get a fixture in helpers/second_tenant.ts).
 */
import assert from "node:assert/strict";
import type { Claims, Db } from "../lib/db/types.ts";
import { columnsOf, ident, type TenantTable, tenantTables } from "./helpers/catalog.ts";
import { dbTest } from "./helpers/db.ts";
import {
  callersOf,
  createSecondTenant,
  demoTenant,
  fillTenantTables,
} from "./helpers/second_tenant.ts";

type Outcome = { rows: number } | { code: string; message: string };
const ROLLBACK = new Error("rollback the probe");

/** Runs one statement as `claims` and always rolls back, so probes never change the data. */
async function probe(db: Db, claims: Claims, sql: string, params: unknown[]) {
  let out: Outcome = { rows: -1 };
  await db.asUser(claims, async (tx) => {
    try {
      out = { rows: (await tx.query(sql, params)).length };
    } catch (e) {
      const err = e as { code?: string; message?: string };
      out = { code: err.code ?? "?", message: err.message ?? String(e) };
    }
    throw ROLLBACK;
  }).catch((e) => {
    if (e !== ROLLBACK) throw e;
  });
  return out;
}

const show = (o: Outcome) => "rows" in o ? `${o.rows} row(s)` : `${o.code} ${o.message}`;
/** Nothing touched: no row, or refused by privileges / policy. */
const untouched = (o: Outcome) => "rows" in o ? o.rows === 0 : o.code === "42501";
const refused = (o: Outcome) => "code" in o && o.code === "42501";

/** The statements each role of A tries against B in `table`. */
async function attacks(db: Db, t: TenantTable, a: string, b: string) {
  const table = `public.${ident(t.name)}`;
  const key = ident(t.key);
  const cols = await db.asOwner((tx) => columnsOf(tx, t.name));
  const settable = cols.find((c) => c.canUpdate && !c.pk)?.name ?? t.key;
  const [copy] = await db.asService((tx) =>
    tx.query<{ r: Record<string, unknown> }>(
      `select to_jsonb(x) as r from ${table} x where ${key} = $1 limit 1`,
      [b],
    )
  );
  assert.ok(copy, `B has a row in ${t.name}`);
  for (const c of cols.filter((c) => c.pk)) {
    if (/^[0-9a-f-]{36}$/.test(String(copy.r[c.name]))) copy.r[c.name] = crypto.randomUUID();
  }
  // Columns the role may insert, plus tenant_id: the copy must still claim to be B's row.
  const insertCols = cols.filter((c) => !c.generated && (c.canInsert || c.name === "tenant_id"))
    .map((c) => ident(c.name)).join(", ");
  return {
    select: { sql: `select 1 from ${table} where ${key} = $1`, params: [b], check: untouched },
    update: {
      sql: `update ${table} set ${ident(settable)} = ${
        ident(settable)
      } where ${key} = $1 returning 1`,
      params: [b],
      check: untouched,
    },
    delete: {
      sql: `delete from ${table} where ${key} = $1 returning 1`,
      params: [b],
      check: untouched,
    },
    insert: {
      sql: `insert into ${table} (${insertCols})
            select ${insertCols} from jsonb_populate_record(null::${table}, $1::text::jsonb)`,
      params: [JSON.stringify(copy.r)],
      check: refused,
    },
    "move own row to B": {
      sql: `update ${table} set ${key} = $2 where ${key} = $1 returning 1`,
      params: [a, b],
      check: untouched,
    },
  };
}

dbTest("isolation: no role of one Ente reaches another Ente's rows, table by table", async (db) => {
  const a = await demoTenant(db);
  await fillTenantTables(db, a);
  const b = await createSecondTenant(db);
  const roles = (await callersOf(db, a)).claims;
  const tables = await db.asOwner(tenantTables);
  const failures: string[] = [];

  for (const t of tables) {
    const key = ident(t.key);
    const table = `public.${ident(t.name)}`;
    // Positive control: the same query finds A's own rows, so empty answers below mean something.
    const own = await probe(db, roles[0][1], `select 1 from ${table} where ${key} = $1`, [
      a.tenantId,
    ]);
    if (!("rows" in own) || own.rows === 0) {
      failures.push(`${t.name} × admin: cannot see A's own rows (${show(own)})`);
    }
    const stmts = await attacks(db, t, a.tenantId, b.tenantId);
    for (const [role, claims] of roles) {
      for (const [what, s] of Object.entries(stmts)) {
        const o = await probe(db, claims, s.sql, s.params);
        if (!s.check(o)) failures.push(`${t.name} × ${role}: ${what} → ${show(o)}`);
      }
    }
  }
  // Every role's claims work at all: each member sees its own Ente.
  for (const [role, claims] of roles) {
    const o = await probe(db, claims, "select 1 from public.tenants where id = $1", [a.tenantId]);
    if (!("rows" in o) || o.rows !== 1) failures.push(`tenants × ${role}: own Ente not visible`);
  }
  assert.deepEqual(failures, [], `Cross-tenant access:\n${failures.join("\n")}`);
  assert.ok(tables.length >= 5, `tenant tables found: ${tables.map((t) => t.name)}`);
});

dbTest("isolation: people of another Ente are invisible and unchangeable", async (db) => {
  const a = await demoTenant(db);
  const b = await createSecondTenant(db);
  const ids = Object.values(b.users);
  const failures: string[] = [];
  const roles = (await callersOf(db, a)).claims;
  for (const [role, claims] of roles) {
    const read = await probe(db, claims, "select 1 from public.users where id = any($1)", [ids]);
    if (!untouched(read)) failures.push(`users × ${role}: select → ${show(read)}`);
    const write = await probe(
      db,
      claims,
      "update public.users set full_name = 'Nome Cambiato' where id = any($1) returning 1",
      [ids],
    );
    if (!untouched(write)) failures.push(`users × ${role}: update → ${show(write)}`);
  }
  const staff = await probe(
    db,
    roles[0][1],
    "select 1 from public.users where id = $1",
    [a.users.operator],
  );
  assert.deepEqual(staff, { rows: 1 }, "positive control: A's admin sees A's operator");
  assert.deepEqual(failures, [], failures.join("\n"));
});

/**
 * Security-definer functions skip RLS, so each one that takes an Ente must check it itself.
 * One call per function, aimed at B; a new such function must be added here.
 */
const DEFINER_CALLS: Record<string, (b: string) => [string, unknown[]]> = {
  "app.audit_event": (b) => [
    "select app.audit_event($1::uuid, 'forged', 'tenants', $2::text, '{\"by\": \"A\"}')",
    [b, b],
  ],
  "app.invite_member": (b) => [
    `select * from app.invite_member($1::uuid, 'intruso@posta.example', 'Intruso Prova', null,
                                     'admin', null)`,
    [b],
  ],
};

dbTest("isolation: security-definer functions refuse another Ente", async (db) => {
  const a = await demoTenant(db);
  const b = await createSecondTenant(db);
  const found = (await db.asOwner((tx) =>
    tx.query<{ name: string }>(
      `select distinct n.nspname || '.' || p.proname as name
         from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where p.prosecdef and 'p_tenant_id' = any(p.proargnames)
          and n.nspname not in ('pg_catalog', 'information_schema')
        order by 1`,
    )
  )).map((r) => r.name);
  const unprobed = found.filter((f) => !DEFINER_CALLS[f]);
  assert.deepEqual(unprobed, [], `add a call to DEFINER_CALLS for: ${unprobed.join(", ")}`);
  const failures: string[] = [];
  for (const [role, claims] of (await callersOf(db, a)).claims) {
    for (const name of found) {
      const [sql, params] = DEFINER_CALLS[name](b.tenantId);
      const o = await probe(db, claims, sql, params);
      if (!refused(o)) failures.push(`${name} × ${role}: ${show(o)}`);
    }
  }
  assert.deepEqual(
    failures,
    [],
    `Writes into another Ente through functions:\n${failures.join("\n")}`,
  );
  assert.ok(found.length >= 2, `functions found: ${found}`);
});

dbTest("isolation: a tenant table without a fixture fails the fixture, by name", async (db) => {
  await db.asOwner((tx) =>
    tx.exec(`create table public.zz_canteen_menus (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references public.tenants (id)
    )`)
  );
  await assert.rejects(
    createSecondTenant(db),
    /no fixture for tenant table\(s\): zz_canteen_menus/,
  );
});
