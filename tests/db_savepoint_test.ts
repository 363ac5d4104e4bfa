import assert from "node:assert/strict";
import { dbTest } from "./helpers/db.ts";

dbTest("tx.savepoint: a refused step is rolled back and the transaction goes on", async (db) => {
  const result = await db.asOwner(async (tx) => {
    await tx.query("create temporary table sp_probe (n int primary key)");
    await tx.query("insert into sp_probe values (1)");
    await assert.rejects(
      tx.savepoint(async (sp) => {
        await sp.query("insert into sp_probe values (2)");
        await sp.query("insert into sp_probe values (1)"); // duplicate key
      }),
      (e: { code?: string }) => e.code === "23505",
    );
    const nested = await tx.savepoint(async (sp) => {
      await sp.query("insert into sp_probe values (3)");
      await assert.rejects(sp.savepoint((inner) => inner.query("select 1 / 0")));
      return "kept";
    });
    const rows = await tx.query<{ n: number }>("select n from sp_probe order by n");
    return { nested, ns: rows.map((r) => r.n) };
  });
  assert.equal(result.nested, "kept");
  assert.deepEqual(result.ns, [1, 3]);
});
