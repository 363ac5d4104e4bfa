import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import {
  type Claims,
  CLAIMS_SQL,
  type Db,
  OID,
  parseDate,
  parseInt8,
  preparable,
  SERVICE_SQL,
  type Tx,
} from "./types.ts";
import { statementCache } from "./pglite_statements.ts";

type PGTx = Pick<PGlite, "query" | "exec">;
type Statements = ReturnType<typeof statementCache>;

function wrap(tx: PGTx, statements: Statements, depth = 0): Tx {
  return {
    async query<T>(sql: string, params: unknown[] = []) {
      if (preparable(params)) return await statements.query<T>(sql, params);
      return (await tx.query<T>(sql, params)).rows;
    },
    async exec(sql: string) {
      await tx.exec(sql);
    },
    async savepoint<T>(fn: (tx: Tx) => Promise<T>) {
      const name = `sp_${depth + 1}`;
      await tx.exec(`savepoint ${name}`);
      try {
        const r = await fn(wrap(tx, statements, depth + 1));
        await tx.exec(`release savepoint ${name}`);
        return r;
      } catch (e) {
        await tx.exec(`rollback to savepoint ${name}`);
        await tx.exec(`release savepoint ${name}`);
        throw e;
      }
    },
  };
}

/**
 * Opens the embedded database. `dataDir` persists it (e.g. `data/pglite`); omit it for memory.
 * `loadDataDir` starts from a dump (used by tests to clone a migrated database quickly).
 */
export async function openPglite(
  opts: { dataDir?: string; loadDataDir?: Blob | File } = {},
): Promise<Db & { pglite: PGlite }> {
  const pg = new PGlite({
    dataDir: opts.dataDir,
    loadDataDir: opts.loadDataDir,
    // The contrib modules the migrations use (Debian's postgresql-15 and Supabase ship them too).
    extensions: { pg_trgm, btree_gist },
    parsers: { [OID.INT8]: parseInt8, [OID.DATE]: parseDate },
  });
  await pg.waitReady;
  const statements = statementCache(pg);
  const run = <T>(prelude: string | null, params: unknown[], fn: (tx: Tx) => Promise<T>) =>
    pg.transaction(async (tx) => {
      if (prelude) await statements.query(prelude, params);
      return await fn(wrap(tx, statements));
    });
  return {
    kind: "pglite",
    pglite: pg,
    asUser: (claims: Claims, fn) => run(CLAIMS_SQL, [JSON.stringify(claims)], fn),
    asService: (fn) => run(SERVICE_SQL, [], fn),
    asOwner: (fn) => run(null, [], fn),
    listen: (channel, fn) => pg.listen(channel, (payload) => fn(payload)),
    close: () => pg.close(),
  };
}
