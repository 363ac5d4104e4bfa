import assert from "node:assert/strict";
import { dbTest } from "../../tests/helpers/db.ts";
import { copyText } from "./copy_text.ts";

Deno.test("copyText: tabs between values, one line per row, \\N for null and undefined", () => {
  assert.equal(copyText([["a", 1, null], [undefined, 2.5, "b"]]), "a\t1\t\\N\n\\N\t2.5\tb\n");
  assert.equal(copyText([]), "");
});

Deno.test("copyText: backslash, tab, newline and carriage return escaped; objects as JSON", () => {
  assert.equal(copyText([["a\\b", "c\td", "e\nf", "g\rh"]]), "a\\\\b\tc\\td\te\\nf\tg\\rh\n");
  // JSON's own escapes are backslashes too: doubled, so COPY hands the server the JSON intact.
  assert.equal(copyText([[{ s: 'x\n"y"' }]]), '{"s":"x\\\\n\\\\"y\\\\""}\n');
  assert.equal(copyText([[true, false, 0]]), "true\tfalse\t0\n");
});

dbTest("copyIn: values round-trip exactly (Postgres); PGlite has none", async (db, backend) => {
  await db.asOwner(async (tx) => {
    if (backend === "pglite") {
      assert.equal(tx.copyIn, undefined);
      return;
    }
    await tx.exec("create temp table copied (n int, t text, j jsonb, d date)");
    const tricky = 'tab\there, line\nbreak, back\\slash, «accenti» è, \\N literal, "quotes"';
    const json = { summary: { it: tricky }, steps: ["a\tb", "c\\d"], n: 1.5 };
    await tx.copyIn!("copied", ["n", "t", "j", "d"], [
      [1, tricky, json, "2026-10-01"],
      [2, null, null, null],
      [3, "", { empty: "" }, "2026-10-31"],
    ]);
    const rows = await tx.query<{ n: number; t: string | null; j: unknown; d: string | null }>(
      "select n, t, j, d from copied order by n",
    );
    assert.deepEqual(rows, [
      { n: 1, t: tricky, j: json, d: "2026-10-01" },
      { n: 2, t: null, j: null, d: null },
      { n: 3, t: "", j: { empty: "" }, d: "2026-10-31" },
    ]);
  });
});

dbTest("copyIn: a duplicate key fails with 23505 and the savepoint keeps the transaction", async (
  db,
  backend,
) => {
  if (backend === "pglite") return;
  await db.asOwner(async (tx) => {
    await tx.exec("create temp table keyed (k int primary key)");
    await tx.copyIn!("keyed", ["k"], [[1], [2]]);
    await assert.rejects(
      tx.savepoint((sp) => sp.copyIn!("keyed", ["k"], [[3], [2]])),
      (e: { code?: string }) => e.code === "23505",
    );
    const rows = await tx.query<{ k: number }>("select k from keyed order by k");
    assert.deepEqual(rows.map((r) => r.k), [1, 2]);
  });
});
