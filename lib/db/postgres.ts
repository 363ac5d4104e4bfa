import postgres from "postgres";
import type { Writable } from "node:stream";
import { copyText } from "./copy_text.ts";
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

// deno-lint-ignore no-explicit-any
type Sql = postgres.Sql<any>;
// deno-lint-ignore no-explicit-any
type TxSql = postgres.TransactionSql<any>;

/** The part of a postgres.js query object a COPY … FROM STDIN needs (see `copyIn`). */
interface CopyQuery {
  writable(): Promise<Writable>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

function wrap(tx: TxSql): Tx {
  return {
    async query<T>(sql: string, params: unknown[] = []) {
      // Named (prepared) statements: each connection parses and plans a statement once, instead
      // of on every call. postgres.js leaves `unsafe` queries unprepared unless asked; without
      // parameters it uses the simple protocol, which has none.
      const prepare = params.length > 0 && preparable(params);
      // deno-lint-ignore no-explicit-any
      const rows = await tx.unsafe(sql, params as any[], { prepare });
      return [...rows] as T[];
    },
    async exec(sql: string) {
      await tx.unsafe(sql);
    },
    // postgres.js tracks savepoints itself; raw SAVEPOINT statements confuse its state.
    savepoint<T>(fn: (tx: Tx) => Promise<T>) {
      return tx.savepoint((sp) => fn(wrap(sp as TxSql))) as Promise<T>;
    },
    async copyIn(table: string, columns: readonly string[], rows: readonly unknown[][]) {
      if (rows.length === 0) return;
      // postgres.js resolves a COPY query with its stream and, after the stream ends, reports
      // the server's verdict only to the query's own resolve/reject (an error after the data,
      // e.g. a duplicate key, never reaches the stream, whose "finish" then never comes). The
      // outcome is therefore taken from there: ReadyForQuery resolves or rejects it.
      const query = tx.unsafe(`copy ${table} (${columns.join(", ")}) from stdin`) as unknown as
        & Promise<unknown>
        & CopyQuery;
      const sink = await query.writable();
      const outcome = new Promise<void>((resolve, reject) => {
        query.resolve = () => resolve();
        query.reject = reject;
      });
      sink.end(copyText(rows));
      await outcome;
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
      if (prelude) await tx.unsafe(prelude, params as string[], { prepare: params.length > 0 });
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
