import { PGlite } from "@electric-sql/pglite";
import {
  type Claims,
  CLAIMS_SQL,
  type Db,
  OID,
  parseDate,
  parseInt8,
  SERVICE_SQL,
  type Tx,
} from "./types.ts";

type PGTx = Pick<PGlite, "query" | "exec">;

function wrap(tx: PGTx): Tx {
  return {
    async query<T>(sql: string, params: unknown[] = []) {
      return (await tx.query<T>(sql, params)).rows;
    },
    async exec(sql: string) {
      await tx.exec(sql);
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
    parsers: { [OID.INT8]: parseInt8, [OID.DATE]: parseDate },
  });
  await pg.waitReady;
  const run = <T>(prelude: string | null, params: unknown[], fn: (tx: Tx) => Promise<T>) =>
    pg.transaction(async (tx) => {
      if (prelude) await tx.query(prelude, params);
      return await fn(wrap(tx));
    });
  return {
    kind: "pglite",
    pglite: pg,
    asUser: (claims: Claims, fn) => run(CLAIMS_SQL, [JSON.stringify(claims)], fn),
    asService: (fn) => run(SERVICE_SQL, [], fn),
    asOwner: (fn) => run(null, [], fn),
    close: () => pg.close(),
  };
}
