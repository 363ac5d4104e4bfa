/**
 * Reconciliation through `/api/v1/reconciliation`: a flow uploaded as multipart (and again:
 * `created: false`), a malformed one refused as problem+json, the statement posted as CSV with
 * its rejected rows, the list of what does not match; an API key reads but cannot write.
 */
import assert from "node:assert/strict";
import { createApiKey } from "../lib/auth/api_keys.ts";
import { ingestReceipts } from "../lib/pagopa/receipts.ts";
import { createTestPositionIn } from "../lib/pagopa/receipts_testing.ts";
import { jsonOf, signedInClient, testApp, type TestClient } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { demoOperator, flowXml } from "./helpers/fixtures_reconciliation.ts";

async function postFlow(c: TestClient, xml: string) {
  const form = new FormData();
  form.set("file", new Blob([xml], { type: "application/xml" }), "flusso.xml");
  return await c.request("/api/v1/reconciliation/fdr-flows", {
    method: "POST",
    headers: { "x-csrf-token": await c.csrf() },
    body: form,
  });
}

dbTest("reconciliation API: flows, statement, issues; keys read only", async (db) => {
  const p = await createTestPositionIn(db, { amountCents: 3300 });
  await db.asService((tx) =>
    ingestReceipts(tx, [{
      tenantId: p.tenantId,
      receiptRef: "RCPT-API-1",
      iuv: p.notices[0].iuv,
      noticeNumber: p.notices[0].noticeNumber,
      amountCents: 3300,
      paidAt: "2026-11-01T10:00:00+01:00",
      source: "gpd",
    }])
  );
  const c = await signedInClient(db, "m.rossi@comune.valdiponte.example");
  const flowRef = "2026-11-1288888888888-0000000701";
  const xml = flowXml({
    flowRef,
    payments: [{ iuv: p.notices[0].iuv, iur: "RCPT-API-1", amount_cents: 3300, outcome_code: 0 }],
  });
  const created = await jsonOf(await postFlow(c, xml), 200);
  assert.equal(created.created, true);
  assert.deepEqual(created.notes, []);
  const again = await jsonOf(await postFlow(c, xml), 200);
  assert.deepEqual([again.id, again.created], [created.id, false]);

  const bad = await jsonOf(await postFlow(c, "<FlussoRiversamento/>"), 422);
  assert.equal(bad.code, "invalid_flow");
  assert.ok(bad.errors.length >= 1);

  const detail = await jsonOf(await c.get(`/api/v1/reconciliation/fdr-flows/${created.id}`), 200);
  assert.equal(detail.status, "matched");
  assert.deepEqual(detail.payments.map((x: { match_status: string }) => x.match_status), [
    "matched",
  ]);

  const statement = await c.request("/api/v1/reconciliation/treasury-movements", {
    method: "POST",
    headers: { "content-type": "text/csv", "x-csrf-token": await c.csrf() },
    body: "data;importo;causale\n" +
      `13/11/2026;33,00;/PUR/LGPE-RIVERSAMENTO/URI/${flowRef}\n` +
      "13/11/2026;;senza importo\n",
  });
  const report = await jsonOf(statement, 200);
  assert.deepEqual([report.inserted, report.matched, report.already], [1, 1, 0]);
  assert.deepEqual(report.rejected.map((r: { line: number }) => r.line), [3]);

  const movements = await jsonOf(await c.get("/api/v1/reconciliation/treasury-movements"), 200);
  assert.equal(movements.total, 1);
  assert.equal(movements.items[0].fdr_flow_id, created.id);

  const issues = await jsonOf(await c.get("/api/v1/reconciliation/issues?days=0"), 200);
  assert.deepEqual(issues.items, []);

  // An API key reads, and is refused writes.
  const { tenantId, claims } = await demoOperator(db, "operator");
  const key = await db.asOwner((tx) =>
    createApiKey(tx, {
      tenantId,
      name: "Tesoreria",
      scopes: ["read", "write"],
      createdBy: claims.sub,
    })
  );
  const k = (await testApp(db)).client();
  const auth = { authorization: `Bearer ${key.token}` };
  const list = await jsonOf(await k.get("/api/v1/reconciliation/fdr-flows", auth), 200);
  assert.deepEqual(list.items.map((f: { flow_ref: string }) => f.flow_ref), [flowRef]);
  const refused = await k.request("/api/v1/reconciliation/treasury-movements", {
    method: "POST",
    headers: { ...auth, "content-type": "text/csv" },
    body: "data;importo;causale\n13/11/2026;1,00;x\n",
  });
  assert.equal(refused.status, 403);
  await refused.body?.cancel();
});
