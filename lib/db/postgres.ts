import postgres from "postgres";
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

// deno-lint-ignore no-explicit-any
type Sql = postgres.Sql<any>;
// deno-lint-ignore no-explicit-any
type TxSql = postgres.TransactionSql<any>;

function wrap(tx: TxSql): Tx {
  return {
    async query<T>(sql: string, params: unknown[] = []) {
      // deno-lint-ignore no-explicit-any
      const rows = await tx.unsafe(sql, params as any[]);
      return [...rows] as T[];
    },
    async exec(sql: string) {
      await tx.unsafe(sql);
    },
    // postgres.js tracks savepoints itself; raw SAVEPOINT statements confuse its state.
    savepoint<T>(fn: (tx: Tx) => Promise<T>) {
      return tx.savepoint((sp) => fn(wrap(sp as TxSql))) as Promise<T>;
    },
  };
}

/** Opens a pool on a real Postgres (or Supabase) server from a `postgres://` URL. */
export function openPostgres(url: string, opts: { max?: number } = {}): Db & { sql: Sql } {
  const sql = postgres(url, {
    max: opts.max ?? 10,
    onnotice: () => {},
    types: {
      int8: { to: OID.INT8, from: [OID.INT8], serialize: String, parse: parseInt8 },
      date: { to: OID.DATE, from: [OID.DATE], serialize: String, parse: parseDate },
    },
  });
  const run = <T>(prelude: string | null, params: unknown[], fn: (tx: Tx) => Promise<T>) =>
    sql.begin(async (tx) => {
      if (prelude) await tx.unsafe(prelude, params as string[]);
      return await fn(wrap(tx));
    }) as Promise<T>;
  return {
    kind: "postgres",
    sql,
    asUser: (claims: Claims, fn) => run(CLAIMS_SQL, [JSON.stringify(claims)], fn),
    asService: (fn) => run(SERVICE_SQL, [], fn),
    asOwner: (fn) => run(null, [], fn),
    async listen(channel, fn) {
      const { unlisten } = await sql.listen(channel, (payload) => fn(payload));
      return unlisten;
    },
    close: () => sql.end({ timeout: 5 }),
  };
}
