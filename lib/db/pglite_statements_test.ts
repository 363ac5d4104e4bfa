import assert from "node:assert/strict";
import { PGlite } from "@electric-sql/pglite";
import { MAX_PREPARED_PARAMS, OID, parseDate, parseInt8 } from "./types.ts";
import { openPglite } from "./pglite.ts";
import { statementCache } from "./pglite_statements.ts";

async function open() {
  const pg = new PGlite({ parsers: { [OID.INT8]: parseInt8, [OID.DATE]: parseDate } });
  await pg.waitReady;
  return pg;
}

const SQL = `select $1::bigint as big, $2::date as day, $3::jsonb as doc, $4::text[] as tags,
                    $5::boolean as yes, $6::text as nothing, $7::numeric as amount,
                    $8::timestamptz as at, $9::uuid as id`;
const PARAMS = [
  9007199254740993n,
  "2026-11-29",
  { a: [1, "due"], b: null },
  ["mensa", "trasporto, scolastico", 'con "virgolette"'],
  true,
  null,
  "12.50",
  new Date("2026-11-29T08:15:00Z"),
  "1d6f1f44-8c41-4a7e-9c53-2e0f2d8f5a11",
];

Deno.test("rows and types are those PGlite.query returns, however many times it runs", async () => {
  const pg = await open();
  try {
    const statements = statementCache(pg);
    const expected = (await pg.query(SQL, PARAMS)).rows;
    for (let i = 0; i < 8; i++) {
      assert.deepEqual(await statements.query(SQL, PARAMS), expected);
    }
    assert.equal(statements.size, 1);
    const [row] = await statements.query<{ big: unknown; day: unknown }>(SQL, [
      1,
      "2027-01-01",
      [],
      [],
      false,
      "x",
      "0",
      "2027-01-01T00:00:00Z",
      PARAMS[8],
    ]);
    assert.deepEqual([row.big, row.day], [1, "2027-01-01"]);
    assert.deepEqual(await statements.query("select 1 as one where false", []), []);
  } finally {
    await pg.close();
  }
});

Deno.test("past the cap the least recently used statement is closed and re-prepared on use", async () => {
  const pg = await open();
  try {
    const statements = statementCache(pg, 2);
    const q = (n: number) => statements.query<{ n: number }>(`select ${n} as n`, []);
    await q(1);
    await q(2);
    await q(1); // 1 is now the most recent
    await q(3); // closes 2
    assert.equal(statements.size, 2);
    const [{ count }] = (await pg.query<{ count: number }>(
      "select count(*)::int as count from pg_prepared_statements",
    )).rows;
    assert.equal(count, 2, "the evicted statement is closed on the server too");
    assert.deepEqual(await q(2), [{ n: 2 }]);
    assert.deepEqual(await q(1), [{ n: 1 }]);
  } finally {
    await pg.close();
  }
});

Deno.test("errors reach the caller with Postgres's code and leave the cache usable", async () => {
  const pg = await open();
  try {
    const statements = statementCache(pg);
    await pg.exec("create table t (id int primary key)");
    await assert.rejects(statements.query("selec 1", []), { code: "42601" });
    assert.equal(statements.size, 0, "a statement that does not parse is not kept");
    const insert = "insert into t values ($1) returning id";
    assert.deepEqual(await statements.query(insert, [1]), [{ id: 1 }]);
    await assert.rejects(statements.query(insert, [1]), { code: "23505" });
    await pg.transaction(async () => {
      await assert.rejects(statements.query(insert, [1]), { code: "23505" });
    }).catch(() => {});
    assert.deepEqual(await statements.query(insert, [2]), [{ id: 2 }]);
  } finally {
    await pg.close();
  }
});

Deno.test("row-level security follows the settings of each call, not of the first plan", async () => {
  const pg = await open();
  try {
    const statements = statementCache(pg);
    await pg.exec(`
      create table notes (tenant text, body text);
      insert into notes values ('a', 'uno'), ('a', 'due'), ('b', 'tre');
      alter table notes enable row level security;
      create policy by_tenant on notes using (tenant = current_setting('app.tenant', true));
      create role reader;
      grant select on notes to reader;`);
    const read = (tenant: string) =>
      pg.transaction(async (tx) => {
        await tx.query("select set_config('app.tenant', $1, true)", [tenant]);
        await tx.exec("set local role reader");
        return (await statements.query<{ body: string }>(
          "select body from notes order by body",
          [],
        ))
          .map((r) => r.body);
      });
    // More than five runs, so Postgres may switch to a generic plan.
    for (let i = 0; i < 7; i++) assert.deepEqual(await read("a"), ["due", "uno"]);
    assert.deepEqual(await read("b"), ["tre"]);
    assert.deepEqual(await read("c"), []);
    // As the owner (no RLS for the table's owner) the same statement sees every row.
    assert.deepEqual(
      (await statements.query<{ body: string }>("select body from notes order by body", []))
        .map((r) => r.body),
      ["due", "tre", "uno"],
    );
  } finally {
    await pg.close();
  }
});

Deno.test("a statement follows a table that changed after it was prepared", async () => {
  const pg = await open();
  try {
    const statements = statementCache(pg);
    await pg.exec("create table t (id int); insert into t values (1), (2)");
    const count = "select count(*)::int as n from t where id > $1";
    assert.deepEqual(await statements.query(count, [0]), [{ n: 2 }]);
    await pg.exec("alter table t add column note text; create index on t (id)");
    await pg.exec("insert into t values (3, 'x')");
    assert.deepEqual(await statements.query(count, [0]), [{ n: 3 }]);
  } finally {
    await pg.close();
  }
});

Deno.test("the database keeps small statements prepared, not a batch insert's", async () => {
  const db = await openPglite();
  try {
    const prepared = () =>
      db.asOwner(async (tx) =>
        (await tx.query<{ n: number }>(
          "select count(*)::int as n from pg_prepared_statements where name like 'piazza_%'",
        ))[0].n
      );
    const before = await prepared();
    await db.asOwner((tx) => tx.query("select $1::int + 1 as n", [1]));
    assert.equal(await prepared(), before + 1);
    const many = Array.from({ length: MAX_PREPARED_PARAMS + 1 }, (_, i) => i);
    const sql = `select ${many.map((i) => `$${i + 1}::int`).join(" + ")} as total`;
    const [{ total }] = await db.asOwner((tx) => tx.query<{ total: number }>(sql, many));
    assert.equal(total, many.reduce((a, b) => a + b, 0));
    assert.equal(await prepared(), before + 1);
  } finally {
    await db.close();
  }
});
