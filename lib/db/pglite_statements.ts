/**
 * Named prepared statements for PGlite. `PGlite.query` parses, describes and plans its SQL on
 * every call (an unnamed statement); with row-level security on every table, planning is most of
 * what a page's reads cost. Here each distinct SQL text is parsed once into a named statement and
 * later calls only bind and execute it, so Postgres reuses its plan (generic after five custom
 * ones, re-planned by Postgres itself when a table or the role changes). The wire messages and the
 * parameter serializers and row parsers are PGlite's own.
 *
 * @module
 */
import { parse, type PGlite, protocol } from "@electric-sql/pglite";

const { serialize } = protocol;

/** Statements kept per database; past this the least recently used are closed. */
export const MAX_STATEMENTS = 500;

interface Statement {
  name: string;
  paramTypes: number[];
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A per-database cache of named statements; `query` runs `sql` through it. */
export function statementCache(pg: PGlite, max = MAX_STATEMENTS) {
  // A Map iterates in insertion order: re-inserting on use keeps the least recent first.
  const statements = new Map<string, Statement>();
  let counter = 0;
  // Inside a transaction the commit writes the data dir; each statement need not.
  const opts = { syncToFs: false };

  async function prepare(sql: string): Promise<Statement> {
    if (statements.size >= max) {
      const [oldest, st] = statements.entries().next().value!;
      statements.delete(oldest);
      await pg.execProtocol(
        concat([serialize.close({ type: "S", name: st.name }), serialize.sync()]),
        opts,
      );
    }
    const name = `piazza_${++counter}`;
    const { messages } = await pg.execProtocol(
      concat([
        serialize.parse({ name, text: sql, types: [] }),
        serialize.describe({ type: "S", name }),
        serialize.sync(),
      ]),
      opts,
    );
    const st = { name, paramTypes: parse.parseDescribeStatementResults(messages) };
    statements.set(sql, st);
    return st;
  }

  return {
    /** The rows of `sql` with `params`, as `PGlite.query` would return them. */
    query<T>(sql: string, params: unknown[]): Promise<T[]> {
      return pg._runExclusiveQuery(async () => {
        let st = statements.get(sql);
        if (st) {
          statements.delete(sql);
          statements.set(sql, st);
        } else {
          st = await prepare(sql);
        }
        const values = params.map((v, i) => {
          if (v === null || v === undefined) return null;
          const serializer = pg.serializers[st.paramTypes[i]];
          return serializer ? serializer(v) : String(v);
        });
        const { messages } = await pg.execProtocol(
          concat([
            serialize.bind({ statement: st.name, values: values as string[] }),
            serialize.describe({ type: "P" }),
            serialize.execute({}),
            serialize.sync(),
          ]),
          opts,
        );
        return parse.parseResults(messages, pg.parsers)[0].rows as T[];
      });
    },
    /** How many statements are kept (for tests). */
    get size() {
      return statements.size;
    },
  };
}
