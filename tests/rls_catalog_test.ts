/**
 * Walks the catalog after every migration: tenant isolation must hold by construction, not by
 * the care of whoever writes the next migration. Each rule lists its offenders by name.
 */
import assert from "node:assert/strict";
import type { Tx } from "../lib/db/types.ts";
import { dbTest } from "./helpers/db.ts";

/** The schema the API exposes (PostgREST / Supabase `db-schemas`). */
const EXPOSED = ["public"];
/** Roles of callers who are not the platform itself. */
const CLIENT_ROLES = ["anon", "authenticated"];
const TABLE_PRIVILEGES = [
  "SELECT",
  "INSERT",
  "UPDATE",
  "DELETE",
  "TRUNCATE",
  "REFERENCES",
  "TRIGGER",
];
/** Not subject to RLS: granting them to a client role bypasses every policy. */
const RLS_BYPASSING = ["TRUNCATE", "TRIGGER", "REFERENCES"];

interface Offence {
  rule: string;
  object: string;
}

/** Privileges `role` holds on each table of the schemas (table-level or on any column). */
async function grantsTo(tx: Tx, role: string, schemas: string[]) {
  return await tx.query<{ object: string; privileges: string[] }>(
    `select n.nspname || '.' || c.relname as object, array_agg(p order by p) as privileges
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
       cross join unnest($3::text[]) as p
      where n.nspname = any($2) and c.relkind in ('r', 'p', 'v', 'm', 'f')
        and (has_table_privilege($1::name, c.oid, p)
             or (p in ('SELECT', 'INSERT', 'UPDATE', 'REFERENCES')
                 and has_any_column_privilege($1::name, c.oid, p)))
      group by 1 order by 1`,
    [role, schemas, TABLE_PRIVILEGES],
  );
}

/** Every rule below, applied to the database `tx` sees (uncommitted DDL included). */
async function catalogOffences(tx: Tx): Promise<Offence[]> {
  const out: Offence[] = [];
  const add = (rule: string, objects: string[]) =>
    objects.forEach((object) => out.push({ rule, object }));

  const tables = await tx.query<{ object: string; rls: boolean; policies: number }>(
    `select n.nspname || '.' || c.relname as object, c.relrowsecurity as rls,
            (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = any($1) and c.relkind in ('r', 'p') order by 1`,
    [EXPOSED],
  );
  add("row level security is not enabled", tables.filter((t) => !t.rls).map((t) => t.object));
  add("has no policy", tables.filter((t) => t.policies === 0).map((t) => t.object));

  const views = await tx.query<{ object: string }>(
    `select n.nspname || '.' || c.relname as object
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = any($1) and c.relkind = 'v'
        and not coalesce(c.reloptions && array['security_invoker=true', 'security_invoker=on'], false)
      order by 1`,
    [EXPOSED],
  );
  add("view is not `security_invoker` (it would bypass RLS)", views.map((v) => v.object));

  for (const g of await grantsTo(tx, "anon", EXPOSED)) {
    add(`grants ${g.privileges.join(", ")} to anon`, [g.object]);
  }
  for (const g of await grantsTo(tx, "authenticated", EXPOSED)) {
    const bad = g.privileges.filter((p) => RLS_BYPASSING.includes(p));
    if (bad.length) add(`grants ${bad.join(", ")} to authenticated (bypasses RLS)`, [g.object]);
  }

  // Every other non-system schema (private, app, supabase_migrations…) is closed to clients.
  const hidden = (await tx.query<{ nspname: string }>(
    `select nspname from pg_namespace
      where nspname <> all($1) and nspname not in ('information_schema', 'pg_catalog', 'pg_toast')
        and nspname not like 'pg\\_%'`,
    [EXPOSED],
  )).map((r) => r.nspname);
  for (const role of CLIENT_ROLES) {
    for (const g of await grantsTo(tx, role, hidden)) {
      add(`grants ${g.privileges.join(", ")} to ${role} outside the exposed schemas`, [g.object]);
    }
    const usage = await tx.query<{ nspname: string }>(
      `select nspname from pg_namespace
        where nspname = 'private' and has_schema_privilege($1::name, oid, 'USAGE')`,
      [role],
    );
    add(`schema usable by ${role}`, usage.map((u) => u.nspname));
  }

  const definers = await tx.query<{ object: string }>(
    `select n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')'
              as object
       from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where p.prosecdef and n.nspname not in ('pg_catalog', 'information_schema')
        and not exists (select 1 from unnest(coalesce(p.proconfig, '{}')) s
                         where s like 'search\\_path=%')
      order by 1`,
  );
  add("security definer function without `set search_path`", definers.map((d) => d.object));

  // Postgres grants EXECUTE to PUBLIC by default: a definer function must be revoked from it.
  const open = await tx.query<{ object: string }>(
    `select n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')'
              as object
       from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where p.prosecdef and n.nspname not in ('pg_catalog', 'information_schema')
        and p.prorettype <> 'trigger'::regtype and has_function_privilege('anon', p.oid, 'EXECUTE')
      order by 1`,
  );
  add("security definer function executable by anon", open.map((d) => d.object));

  const unindexed = await tx.query<{ object: string }>(
    `select n.nspname || '.' || c.relname as object
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
       join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
      where n.nspname = any($1) and c.relkind in ('r', 'p')
        and not exists (select 1 from pg_index i
                         where i.indrelid = c.oid and i.indkey[0] = a.attnum and i.indpred is null)
      order by 1`,
    [EXPOSED],
  );
  add(
    "has `tenant_id` but no index (or unique constraint) leading with it",
    unindexed.map((u) => u.object),
  );

  const fks = await tx.query<
    {
      name: string;
      source: string;
      target: string;
      cols: string[];
      refs: string[];
      scoped: boolean;
    }
  >(
    `select con.conname as name, src.relname as source, dst.relname as target,
            array(select a.attname from unnest(con.conkey) with ordinality k(n, i)
                    join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.n order by k.i)
              as cols,
            array(select a.attname from unnest(con.confkey) with ordinality k(n, i)
                    join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.n order by k.i)
              as refs,
            exists (select 1 from pg_attribute a
                     where a.attrelid = dst.oid and a.attname = 'tenant_id' and not a.attisdropped)
              as scoped
       from pg_constraint con
       join pg_class src on src.oid = con.conrelid
       join pg_namespace sn on sn.oid = src.relnamespace
       join pg_class dst on dst.oid = con.confrelid
       join pg_namespace dn on dn.oid = dst.relnamespace
      where con.contype = 'f' and sn.nspname = any($1) and dn.nspname = any($1)
        and exists (select 1 from pg_attribute a
                     where a.attrelid = src.oid and a.attname = 'tenant_id' and not a.attisdropped)
      order by src.relname, con.conname`,
    [EXPOSED],
  );
  for (const fk of fks) {
    const label = `${fk.source}.${fk.name} (${fk.cols.join(", ")}) → ${fk.target} (${
      fk.refs.join(", ")
    })`;
    if (fk.target === "tenants") {
      if (fk.cols.join() !== "tenant_id") {
        add("points into `tenants` by a column other than `tenant_id`", [label]);
      }
    } else if (
      fk.scoped && !fk.cols.some((c, i) => c === "tenant_id" && fk.refs[i] === "tenant_id")
    ) {
      add("foreign key between tenant tables without `tenant_id`", [label]);
    }
  }
  return out;
}

/** One line per rule, offenders listed: what a failing CI log should say. */
function describe(offences: Offence[]): string {
  const byRule = new Map<string, string[]>();
  for (const o of offences) byRule.set(o.rule, [...byRule.get(o.rule) ?? [], o.object]);
  return [...byRule].map(([rule, objects]) => `- ${rule}: ${objects.join("; ")}`).join("\n");
}

dbTest("catalog: every exposed table is isolated by RLS, grants and tenant keys", async (db) => {
  const offences = await db.asOwner(catalogOffences);
  assert.ok(
    offences.length === 0,
    `The schema breaks tenant isolation rules:\n${describe(offences)}`,
  );
});

dbTest("catalog: the walk names each kind of offender (it cannot pass vacuously)", async (db) => {
  const ROLLBACK = new Error("rollback");
  let offences: Offence[] = [];
  await db.asOwner(async (tx) => {
    await tx.exec(`
      create table public.zz_open (id int primary key);
      create table public.zz_parent (id uuid primary key, tenant_id uuid not null references public.tenants (id));
      create index on public.zz_parent (tenant_id, id);
      alter table public.zz_parent enable row level security;
      create policy p on public.zz_parent to authenticated using (true);
      create table public.zz_child (
        id uuid primary key,
        tenant_id uuid not null references public.tenants (id),
        parent_id uuid references public.zz_parent (id),
        other_tenant uuid references public.tenants (id)
      );
      create index on public.zz_child (id, tenant_id);
      create index on public.zz_child (tenant_id) where parent_id is null;
      alter table public.zz_child enable row level security;
      grant select on public.zz_child to anon;
      grant truncate on public.zz_parent to authenticated;
      create view public.zz_view as select id from public.zz_parent;
      create table private.zz_secret (id int);
      grant select (id) on private.zz_secret to authenticated;
      create function app.zz_definer() returns int language sql security definer as 'select 1';
    `);
    offences = await catalogOffences(tx);
    throw ROLLBACK;
  }).catch((e) => {
    if (e !== ROLLBACK) throw e;
  });
  const text = describe(offences);
  const expect: [string, RegExp][] = [
    ["no RLS", /row level security is not enabled: public\.zz_open/],
    ["no policy", /has no policy: public\.zz_child; public\.zz_open/],
    ["definer view", /view is not `security_invoker`.*: public\.zz_view/],
    ["anon grant", /grants SELECT to anon: public\.zz_child/],
    ["truncate", /grants TRUNCATE to authenticated \(bypasses RLS\): public\.zz_parent/],
    [
      "private grant",
      /grants SELECT to authenticated outside the exposed schemas: private\.zz_secret/,
    ],
    ["search_path", /without `set search_path`: app\.zz_definer\(\)/],
    ["definer for anon", /executable by anon: .*app\.zz_definer\(\)/],
    ["tenant index", /leading with it: public\.zz_child(\n|$)/],
    [
      "fk",
      /without `tenant_id`: zz_child\.zz_child_parent_id_fkey \(parent_id\) → zz_parent \(id\)/,
    ],
    ["tenants fk", /other than `tenant_id`: zz_child\.zz_child_other_tenant_fkey/],
  ];
  for (const [what, re] of expect) assert.match(text, re, `${what} not reported in:\n${text}`);
  const after = await db.asOwner((tx) => tx.query("select to_regclass('public.zz_open') as t"));
  assert.deepEqual(after, [{ t: null }], "the probe tables were rolled back");
});
