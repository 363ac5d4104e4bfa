/**
 * Both adapters run a query with parameters as a named prepared statement on its connection
 * (planned once, not on every call), except batch statements with many parameters.
 */
import assert from "node:assert/strict";
import { MAX_PREPARED_PARAMS } from "../lib/db/types.ts";
import { claimsOf } from "../lib/enrollment/review_testing.ts";
import { dbTest } from "./helpers/db.ts";
import { PEOPLE } from "./helpers/fixtures_sites.ts";

const KEPT = "select count(*)::int as n from pg_prepared_statements where statement = $1";

dbTest("queries with parameters are kept prepared, batch statements are not", async (db) => {
  const small = "select $1::int + 1 as n";
  const many = Array.from({ length: MAX_PREPARED_PARAMS + 1 }, (_, i) => i);
  const big = `select ${many.map((i) => `$${i + 1}::int`).join(" + ")} as total`;
  await db.asOwner(async (tx) => {
    assert.deepEqual(await tx.query(small, [41]), [{ n: 42 }]);
    assert.deepEqual(await tx.query(small, [1]), [{ n: 2 }]);
    const [{ total }] = await tx.query<{ total: number }>(big, many);
    assert.equal(total, many.reduce((a, b) => a + b, 0));
    // Same transaction, same connection: its prepared statements.
    assert.deepEqual(await tx.query(KEPT, [small]), [{ n: 1 }]);
    assert.deepEqual(await tx.query(KEPT, [big]), [{ n: 0 }]);
  });
});

dbTest("a prepared statement reads what each caller's RLS lets it read", async (db) => {
  const operator = await claimsOf(db, PEOPLE.operator);
  const family = await claimsOf(db, PEOPLE.family);
  const sql = "select count(*)::int as n from public.people where $1::boolean";
  const count = (claims: typeof operator) =>
    db.asUser(claims, async (tx) => (await tx.query<{ n: number }>(sql, [true]))[0].n);
  // Past five runs Postgres may plan it once for all: the policies still apply per caller.
  const office: number[] = [];
  for (let i = 0; i < 7; i++) office.push(await count(operator));
  const household = await count(family);
  assert.ok(office.every((n) => n === office[0]));
  assert.ok(household > 0 && household < office[0], `${household} of ${office[0]}`);
  assert.equal(await count(operator), office[0]);
});
