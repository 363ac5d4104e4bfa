/**
 * Catalog queries shared by the security tests: which tables belong to an Ente, and what the
 * `authenticated` role may do with each column. Everything is discovered from `pg_catalog`, so a
 * new migration is covered by the tests without editing them.
 */
import type { Db, Tx } from "../../lib/db/types.ts";

/** A table holding one Ente's rows, and the column naming the Ente (`id` only for `tenants`). */
export interface TenantTable {
  name: string;
  key: "id" | "tenant_id";
}

/** Tables of `public` with a `tenant_id` column, plus `tenants` itself (keyed by `id`). */
export async function tenantTables(tx: Tx): Promise<TenantTable[]> {
  const rows = await tx.query<{ name: string }>(
    `select c.relname as name
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p')
        and exists (select 1 from pg_attribute a
                     where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
      order by c.relname`,
  );
  return [
    { name: "tenants", key: "id" as const },
    ...rows.filter((r) => r.name !== "tenants").map((r) => ({
      name: r.name,
      key: "tenant_id" as const,
    })),
  ];
}

export interface ColumnInfo {
  name: string;
  /** Part of the primary key. */
  pk: boolean;
  /** `generated always` (identity or computed): never written by an INSERT. */
  generated: boolean;
  /** What `role` may do with the column (table or column grants). */
  canInsert: boolean;
  canUpdate: boolean;
}

/** The live columns of `public.<table>` in order, with `role`'s column privileges. */
export async function columnsOf(
  tx: Tx,
  table: string,
  role = "authenticated",
): Promise<ColumnInfo[]> {
  return await tx.query<ColumnInfo>(
    `select a.attname as name,
            coalesce(a.attnum = any(pk.conkey), false) as pk,
            (a.attidentity = 'a' or a.attgenerated <> '') as generated,
            has_column_privilege($2::name, c.oid, a.attnum, 'INSERT') as "canInsert",
            has_column_privilege($2::name, c.oid, a.attnum, 'UPDATE') as "canUpdate"
       from pg_class c
       join pg_namespace n on n.oid = c.relnamespace
       join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
       left join pg_constraint pk on pk.conrelid = c.oid and pk.contype = 'p'
      where n.nspname = 'public' and c.relname = $1
      order by a.attnum`,
    [table, role],
  );
}

/** `"name"` quoted as an SQL identifier. */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Rows per table in `public` and `private`: what a refused request must leave as it was. */
export async function rowCounts(db: Db): Promise<Record<string, number>> {
  return await db.asOwner(async (tx) => {
    const tables = await tx.query<{ name: string }>(
      `select format('%I.%I', n.nspname, c.relname) as name
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname in ('public', 'private') and c.relkind = 'r' order by 1`,
    );
    const out: Record<string, number> = {};
    for (const t of tables) {
      out[t.name] =
        (await tx.query<{ n: number }>(`select count(*)::int as n from ${t.name}`))[0].n;
    }
    return out;
  });
}
