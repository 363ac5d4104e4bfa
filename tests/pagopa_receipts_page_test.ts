import assert from "node:assert/strict";
import { ingestReceipts } from "../lib/pagopa/receipts.ts";
import { createTestPositionIn } from "../lib/pagopa/receipts_testing.ts";
import { htmlOf, signedInClient } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";

dbTest(
  "operators see receipts, unmatched ones first in 'Da verificare', filters and the raw message",
  async (db) => {
    const p = await createTestPositionIn(db, { amountCents: 4500 });
    const [ok, stray] = await db.asService((tx) =>
      ingestReceipts(tx, [
        {
          tenantId: p.tenantId,
          receiptRef: "page-ok-1",
          iuv: p.notices[0].iuv,
          noticeNumber: p.notices[0].noticeNumber,
          amountCents: 4500,
          paidAt: "2026-11-20T10:00:00+01:00",
          source: "pa_send_rt",
          pspName: "PSP di test",
          raw: "<receipt>ok</receipt>",
        },
        {
          tenantId: p.tenantId,
          receiptRef: "page-stray-1",
          iuv: "02999999999999977",
          amountCents: 1234,
          paidAt: "2026-11-21T10:00:00+01:00",
          source: "gpd",
          payerName: "Mario Bianchi",
          raw: "<receipt>stray & unknown</receipt>",
        },
      ])
    );
    assert.ok(ok.ok && stray.ok);

    const c = await signedInClient(db, "m.rossi@comune.valdiponte.example");
    const list = await htmlOf(await c.get("/operatore/ricevute"));
    assert.match(list, /<h1>Ricevute pagoPA<\/h1>/);
    assert.match(list, /Da verificare/);
    assert.match(list, /href="\/operatore\/ricevute\?stato=unmatched">Non abbinata: 1/);
    assert.match(list, /02999999999999977/);
    assert.match(list, /12,34 €/);
    assert.match(list, /<caption>/);

    const only = await htmlOf(await c.get("/operatore/ricevute?stato=unmatched"));
    assert.match(only, /02999999999999977/);
    assert.doesNotMatch(only, new RegExp(p.notices[0].iuv));

    const byIuv = await htmlOf(await c.get(`/operatore/ricevute?iuv=${p.notices[0].noticeNumber}`));
    assert.match(byIuv, new RegExp(p.notices[0].iuv));
    assert.doesNotMatch(byIuv, /02999999999999977/);

    const dates = await htmlOf(await c.get("/operatore/ricevute?dal=2026-11-21&al=2026-11-21"));
    assert.match(dates, /02999999999999977/);
    assert.doesNotMatch(dates, new RegExp(p.notices[0].iuv));

    const bad = await htmlOf(await c.get("/operatore/ricevute?iuv=%27%3B--&dal=ieri"), 422);
    assert.match(bad, /role="alert"/);
    assert.match(bad, /aria-invalid="true"/);

    const detail = await htmlOf(await c.get(`/operatore/ricevute/${stray.ok && stray.receiptId}`));
    assert.match(detail, /Ricevuta IUV 02999999999999977/);
    assert.match(detail, /Nessun avviso emesso/);
    assert.match(detail, /&lt;receipt>stray &amp; unknown&lt;\/receipt>/);

    const paid = await htmlOf(await c.get(`/operatore/ricevute/${ok.ok && ok.receiptId}`));
    assert.match(paid, /Abbinata/);
    assert.match(paid, /Mensa ottobre 2026/);

    const missing = await c.get(`/operatore/ricevute/${crypto.randomUUID()}`);
    assert.equal(missing.status, 404);
  },
);

dbTest("families and teachers cannot open the receipts page", async (db) => {
  for (const email of ["chiara.colombo@posta.example", "l.ferrari@scuola.valdiponte.example"]) {
    const c = await signedInClient(db, email);
    const res = await c.get("/operatore/ricevute");
    assert.equal(res.status, 403, email);
  }
});

dbTest(
  "API: receipts listed with unmatched ones counted, one receipt with its raw message",
  async (db) => {
    const p = await createTestPositionIn(db, { amountCents: 4500 });
    const [stray] = await db.asService((tx) =>
      ingestReceipts(tx, [{
        tenantId: p.tenantId,
        receiptRef: "api-stray-1",
        iuv: "02999999999999988",
        amountCents: 700,
        paidAt: "2026-11-21T10:00:00+01:00",
        source: "gpd",
        raw: "<r/>",
      }])
    );
    assert.ok(stray.ok);
    const c = await signedInClient(db, "m.rossi@comune.valdiponte.example");
    const res = await c.get("/api/v1/payment-receipts?status=unmatched&iuv=0299999999999998");
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type")!, /json/);
    const body = await res.json();
    assert.equal(body.total, 1);
    assert.equal(body.items[0].receipt_ref, "api-stray-1");
    assert.equal(body.items[0].status, "unmatched");
    assert.equal(body.items[0].amount_cents, 700);
    assert.ok(body.attention.unmatched >= 1);

    const one = await c.get(`/api/v1/payment-receipts/${body.items[0].id}`);
    assert.equal(one.status, 200);
    assert.equal((await one.json()).raw, "<r/>");

    const bad = await c.get("/api/v1/payment-receipts?status=lost");
    assert.equal(bad.status, 422);
    assert.match(bad.headers.get("content-type")!, /problem\+json/);
    const problem = await bad.json();
    assert.ok(problem.errors.some((e: { path: string }) => /status/.test(e.path)));

    const family = await signedInClient(db, "chiara.colombo@posta.example");
    assert.equal((await family.get("/api/v1/payment-receipts")).status, 403);
  },
);
