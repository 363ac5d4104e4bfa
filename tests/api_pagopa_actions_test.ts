/**
 * The office's pagoPA actions through `/api/v1`: cancelling a debt position (with the credit note
 * of an invoiced one), recording a payment received outside pagoPA, settling a receipt that paid
 * nothing. Effects are read back from the database; refusals are problem+json with a stable code.
 */
import assert from "node:assert/strict";
import { createApiKey } from "../lib/auth/api_keys.ts";
import type { Db } from "../lib/db/types.ts";
import { createInvoicesForRun } from "../lib/fatturapa/issue.ts";
import { romeDate } from "../lib/i18n/mod.ts";
import {
  createTestPositionIn,
  ingestTestReceipt,
  type TestPosition,
} from "../lib/pagopa/receipts_testing.ts";
import { jsonOf, testApp, type TestClient } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { invoiceScenario } from "./helpers/fixtures_invoices.ts";
import { demoOperator } from "./helpers/fixtures_reconciliation.ts";
import { api, PEOPLE, signedIn } from "./helpers/fixtures_sites.ts";

const REASON = "Iscrizione ritirata prima dell'inizio del servizio";
const PAYER_CF = "CLMCHR88M61D612P";
const UNKNOWN = "00000000-0000-4000-8000-000000000000";

/** Status, then content type, then the JSON body. */

/** Clients that must be refused: a family, a read key, a write key (403) and nobody (401). */
async function outsiders(db: Db) {
  const { tenantId, claims } = await demoOperator(db, "operator");
  const key = (scopes: ("read" | "write")[]) =>
    db.asOwner((tx) =>
      createApiKey(tx, { tenantId, name: "Gestionale", scopes, createdBy: claims.sub })
    );
  const read = await key(["read"]);
  const write = await key(["read", "write"]);
  const anonymous = (await testApp(db)).client();
  return {
    family: await signedIn(db, PEOPLE.family),
    /** Sends `body` to `path` as each outsider, expecting the refusal's status and code. */
    async refused(path: string, body: unknown) {
      const family = await jsonOf(await api(this.family, "POST", path, body), 403);
      assert.equal(family.code, "forbidden");
      for (const token of [read.token, write.token]) {
        const res = await anonymous.request(path, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify(body),
        });
        assert.equal((await jsonOf(res, 403)).code, "insufficient_scope");
      }
      const none = await anonymous.request(path, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      assert.equal((await jsonOf(none, 401)).code, "unauthenticated");
    },
  };
}

const positionState = (db: Db, id: string) =>
  db.asOwner(async (tx) => {
    const [p] = await tx.query<
      { status: string; gpd_status: string; cancel_reason: string | null; paid_cents: number }
    >(
      "select status, gpd_status, cancel_reason, paid_cents::int from public.debt_positions where id = $1",
      [id],
    );
    const notices = await tx.query<{ status: string }>(
      "select status from public.payment_notices where debt_position_id = $1 order by instalment",
      [id],
    );
    return { ...p, notices: notices.map((n) => n.status) };
  });

const documents = (db: Db, positionId: string) =>
  db.asOwner((tx) =>
    tx.query<
      {
        id: string;
        document_type: string;
        numero: string;
        credit_of: string | null;
        reason: string;
      }
    >(
      `select id, document_type, numero, credit_of, reason from public.invoices
        where debt_position_id = $1 order by year, number`,
      [positionId],
    )
  );

dbTest("API: the office cancels a position; an invoiced one gets its credit note", async (db) => {
  const op = await signedIn(db, PEOPLE.operator);
  const cancel = (id: string, reason: unknown = REASON) =>
    api(op, "POST", `/api/v1/debt-positions/${id}/cancel`, { reason });

  // Invoiced: cancelled with its notices, the invoice reversed by a TD04 with the same reason.
  const s = await invoiceScenario(db);
  await db.asUser(s.op, (tx) => createInvoicesForRun(tx, s.runId, { today: "2026-11-28" }));
  const out = await jsonOf(await cancel(s.positionId), 200);
  const [invoice, credit] = await documents(db, s.positionId);
  assert.equal(credit.document_type, "TD04");
  assert.equal(credit.credit_of, invoice.id);
  assert.equal(credit.reason, REASON);
  assert.deepEqual(out.credit_note, { id: credit.id, numero: credit.numero });
  assert.equal(out.position.id, s.positionId);
  assert.equal(out.position.status, "cancelled");
  assert.equal(out.position.cancel_reason, REASON);
  assert.deepEqual(
    out.position.invoices.map((i: { document_type: string }) => i.document_type),
    ["TD01", "TD04"],
  );
  // Sent to pagoPA: invalidated there (the simulator never saw it: "not found" counts).
  assert.deepEqual(out.pagopa, {
    outcome: "invalidated",
    gpd_status: "invalidated",
    gpd_error: null,
  });
  assert.deepEqual(await positionState(db, s.positionId), {
    status: "cancelled",
    gpd_status: "invalidated",
    cancel_reason: REASON,
    paid_cents: 0,
    notices: ["cancelled"],
  });

  // Again: refused, and no second credit note.
  const again = await jsonOf(await cancel(s.positionId), 409);
  assert.equal(again.code, "already_cancelled");
  assert.equal((await documents(db, s.positionId)).length, 2);

  // Never sent to pagoPA, not invoiced: nothing to tell, no credit note; every notice cancelled.
  const p = await createTestPositionIn(db, { amountCents: 4500, instalments: [2000, 2500] });
  await db.asOwner((tx) =>
    tx.query("update public.debt_positions set gpd_status = 'none' where id = $1", [p.positionId])
  );
  const never = await jsonOf(await cancel(p.positionId), 200);
  assert.equal(never.credit_note, null);
  assert.deepEqual(never.pagopa, { outcome: "not_published", gpd_status: "none", gpd_error: null });
  assert.deepEqual((await positionState(db, p.positionId)).notices, [
    "cancelled",
    "cancelled",
    "cancelled",
  ]);

  // Refusals, each with its code; nothing changes.
  const q = await createTestPositionIn(db, { amountCents: 3000 });
  const short = await jsonOf(await cancel(q.positionId, "  boh "), 422);
  assert.equal(short.code, "validation_failed");
  assert.deepEqual(short.errors.map((e: { path: string }) => e.path), ["body.reason"]);
  const missing = await jsonOf(
    await api(op, "POST", `/api/v1/debt-positions/${q.positionId}/cancel`, {}),
    422,
  );
  assert.equal(missing.errors[0].path, "body.reason");
  assert.equal((await jsonOf(await cancel(UNKNOWN), 404)).code, "not_found");
  assert.equal((await jsonOf(await cancel("nope"), 422)).errors[0].path, "path.id");
  assert.equal((await positionState(db, q.positionId)).status, "open");

  // Paid (here through the API's manual receipt): refused.
  await jsonOf(
    await api(op, "POST", "/api/v1/payment-receipts", {
      notice_id: q.notices[0].id,
      amount_cents: 3000,
      paid_on: romeDate(),
      method: "cash",
      reference: "SC-0900",
    }),
    201,
  );
  assert.equal((await jsonOf(await cancel(q.positionId), 409)).code, "paid");
  assert.equal((await positionState(db, q.positionId)).status, "paid");

  // A credit note that cannot be made leaves the position as it was.
  const t = await invoiceScenario(db);
  await db.asUser(t.op, (tx) => createInvoicesForRun(tx, t.runId, { today: "2026-11-28" }));
  await db.asOwner((tx) =>
    tx.query("delete from public.invoice_settings where tenant_id = $1", [t.tenantId])
  );
  const noCredit = await jsonOf(await cancel(t.positionId), 409);
  assert.equal(noCredit.code, "credit_note_invoice_settings_missing");
  assert.match(noCredit.detail ?? noCredit.title ?? "", /credit note cannot be issued/);
  assert.equal((await positionState(db, t.positionId)).status, "open");
  assert.equal((await documents(db, t.positionId)).length, 1);

  // Families, API keys (read or write) and anonymous callers cannot cancel.
  const r = await createTestPositionIn(db, { amountCents: 2000 });
  await (await outsiders(db)).refused(`/api/v1/debt-positions/${r.positionId}/cancel`, {
    reason: REASON,
  });
  assert.equal((await positionState(db, r.positionId)).status, "open");
});

/** The receipts stored for the position's first notice, and the position. */
async function credited(db: Db, p: TestPosition) {
  const receipts = await db.asOwner((tx) =>
    tx.query<{ id: string; source: string; recorded_by: string | null }>(
      "select id, source, recorded_by from public.payment_receipts where payment_notice_id = $1",
      [p.notices[0].id],
    )
  );
  return { receipts, position: await positionState(db, p.positionId) };
}

dbTest(
  "API: a payment received at the counter is recorded once, however often sent",
  async (db) => {
    const { claims } = await demoOperator(db, "operator");
    const op = await signedIn(db, PEOPLE.operator);
    const p = await createTestPositionIn(db, { amountCents: 4500 });
    const body = {
      notice_id: p.notices[0].id,
      debt_position_id: p.positionId,
      amount_cents: 4500,
      paid_on: romeDate(),
      method: "cash",
      reference: "Scontrino 0042",
      note: "Pagato allo sportello economato",
    };
    const first = await jsonOf(await api(op, "POST", "/api/v1/payment-receipts", body), 201);
    assert.equal(first.duplicate, false);
    assert.equal(first.source, "manual");
    assert.equal(first.status, "matched");
    assert.equal(first.amount_cents, 4500);
    assert.equal(first.iuv, p.notices[0].iuv);
    assert.equal(first.debt_position_id, p.positionId);
    assert.equal(first.payer_fiscal_code, PAYER_CF);
    assert.match(first.receipt_ref, /^MAN-CASH-[0-9a-f]{40}$/);

    // The same payment again (the reference typed differently): the same receipt, credited once.
    const again = await jsonOf(
      await api(op, "POST", "/api/v1/payment-receipts", {
        ...body,
        reference: "  scontrino   0042 ",
      }),
      201,
    );
    assert.equal(again.duplicate, true);
    assert.equal(again.id, first.id);
    const after = await credited(db, p);
    assert.deepEqual(after.receipts, [{ id: first.id, source: "manual", recorded_by: claims.sub }]);
    assert.equal(after.position.paid_cents, 4500);
    assert.equal(after.position.status, "paid");
    assert.deepEqual(after.position.notices, ["paid"]);
    // Published and now paid in full: withdrawn from pagoPA.
    assert.equal(after.position.gpd_status, "to_invalidate");

    // The receipt reads back through the API as recorded.
    const read = await jsonOf(await op.get(`/api/v1/payment-receipts/${first.id}`), 200);
    const { duplicate: _, ...receipt } = first;
    assert.deepEqual(
      Object.fromEntries(Object.keys(receipt).map((k) => [k, read[k]])),
      receipt,
    );
    assert.equal(read.payment_method, "cash");

    // Refusals, each with its code and, for a field, its path.
    const q = await createTestPositionIn(db, { amountCents: 3000 });
    const other = {
      ...body,
      notice_id: q.notices[0].id,
      debt_position_id: undefined,
      amount_cents: 3000,
    };
    const post = (b: unknown) => api(op, "POST", "/api/v1/payment-receipts", b);
    assert.equal((await jsonOf(await post(other), 409)).code, "reference_used");
    assert.equal(
      (await jsonOf(await post({ ...body, reference: "SC-0043" }), 409)).code,
      "already_paid",
    );
    const wrongAmount = await jsonOf(
      await post({ ...other, reference: "SC-1", amount_cents: 2999 }),
      422,
    );
    assert.equal(wrongAmount.code, "amount_mismatch");
    assert.deepEqual(wrongAmount.errors.map((e: { path: string }) => e.path), [
      "body.amount_cents",
    ]);
    const future = await jsonOf(
      await post({
        ...other,
        reference: "SC-2",
        paid_on: romeDate(new Date(Date.now() + 3 * 86_400_000)),
      }),
      422,
    );
    assert.equal(future.code, "date_future");
    assert.equal(future.errors[0].path, "body.paid_on");
    const bad = await jsonOf(await post({ ...other, method: "cheque", amount_cents: -1 }), 422);
    assert.equal(bad.code, "validation_failed");
    assert.deepEqual(
      bad.errors.map((e: { path: string }) => e.path).sort(),
      ["body.amount_cents", "body.method"],
    );
    const elsewhere = await jsonOf(
      await post({ ...other, reference: "SC-3", debt_position_id: p.positionId }),
      404,
    );
    assert.equal(elsewhere.code, "notice_not_found");
    assert.equal(
      (await jsonOf(await post({ ...other, notice_id: UNKNOWN }), 404)).code,
      "notice_not_found",
    );
    await jsonOf(await post({ ...other, reference: "SC-4", note: "x".repeat(501) }), 422);
    assert.deepEqual((await credited(db, q)).receipts, []);

    // Families, API keys (read or write) and anonymous callers cannot record a payment.
    await (await outsiders(db)).refused("/api/v1/payment-receipts", {
      ...other,
      reference: "SC-5",
    });
    const still = await credited(db, q);
    assert.deepEqual(still.receipts, []);
    assert.equal(still.position.status, "open");
  },
);

const unknownIuv = () => `99${String(Math.floor(Math.random() * 1e15)).padStart(15, "0")}`;

const wallet = (db: Db, id: string) =>
  db.asOwner((tx) =>
    tx.query<{ balance: number; movements: number }>(
      `select w.balance_cents::int as balance,
              (select count(*)::int from public.wallet_movements m where m.wallet_id = w.id)
                as movements
         from public.wallets w where w.id = $1`,
      [id],
    )
  ).then(([r]) => r);

const settlementOf = (db: Db, id: string) =>
  db.asOwner((tx) =>
    tx.query<Record<string, unknown>>(
      `select r.settlement, r.settled_at is not null as settled, r.settled_by, r.settlement_ref,
              r.settlement_on::text, r.settlement_note, r.wallet_movement_id
         from public.payment_receipts r where r.id = $1`,
      [id],
    )
  ).then(([r]) => r);

dbTest("API: the office settles a receipt that paid nothing, once", async (db) => {
  const { claims } = await demoOperator(db, "operator");
  const op = await signedIn(db, PEOPLE.operator);
  const p = await createTestPositionIn(db, { amountCents: 4500 });
  const t = p.tenantId;
  const unmatched = await ingestTestReceipt(db, {
    tenantId: t,
    iuv: unknownIuv(),
    amountCents: 1200,
  });
  const refund = await ingestTestReceipt(db, { tenantId: t, iuv: unknownIuv(), amountCents: 800 });
  const n = p.notices[0];
  const matched = await ingestTestReceipt(db, {
    tenantId: t,
    iuv: n.iuv,
    noticeNumber: n.noticeNumber,
    amountCents: 4500,
  });
  assert.deepEqual(
    [unmatched.status, refund.status, matched.status],
    ["unmatched", "unmatched", "matched"],
  );
  const [{ id: walletId }] = await db.asOwner((tx) =>
    tx.query<{ id: string }>(
      "insert into public.wallets (tenant_id, payer_id) values ($1, $2) returning id",
      [t, p.payerId],
    )
  );
  const [{ id: strangerWallet }] = await db.asOwner((tx) =>
    tx.query<{ id: string }>(
      `insert into public.wallets (tenant_id, payer_id)
       select tenant_id, id from public.people where tenant_id = $1 and id <> $2
        order by id limit 1 returning id`,
      [t, p.payerId],
    )
  );
  const settle = (id: string, body: unknown) =>
    api(op, "POST", `/api/v1/payment-receipts/${id}/settlement`, body);

  // Refusals before anything is stored: each field by its path.
  const stranger = await jsonOf(
    await settle(unmatched.id, { kind: "wallet_credit", wallet_id: strangerWallet }),
    422,
  );
  assert.equal(stranger.code, "wallet_not_found");
  assert.equal(stranger.errors[0].path, "body.wallet_id");
  const kind = await jsonOf(await settle(unmatched.id, { kind: "lost" }), 422);
  assert.equal(kind.code, "validation_failed");
  assert.equal(kind.errors[0].path, "body.kind");
  const note = await jsonOf(await settle(unmatched.id, { kind: "other", note: "boh" }), 422);
  assert.equal(note.errors[0].path, "body.note");
  const future = await jsonOf(
    await settle(refund.id, {
      kind: "refunded",
      refunded_on: romeDate(new Date(Date.now() + 3 * 86_400_000)),
      reference: "TRN 1",
    }),
    422,
  );
  assert.equal(future.code, "date_future");
  assert.equal(future.errors[0].path, "body.refunded_on");
  assert.equal(
    (await jsonOf(await settle(matched.id, { kind: "other", note: "Niente da fare" }), 409)).code,
    "receipt_matched",
  );
  assert.equal(
    (await jsonOf(await settle(UNKNOWN, { kind: "other", note: "Niente da fare" }), 404)).code,
    "receipt_not_found",
  );
  assert.deepEqual(await wallet(db, walletId), { balance: 0, movements: 0 });
  assert.equal((await settlementOf(db, unmatched.id)).settlement, null);

  // Credited to the payer's wallet: the receipt's exact amount, recorded on the receipt.
  const credit = {
    kind: "wallet_credit",
    wallet_id: walletId,
    note: "Su richiesta della famiglia",
  };
  const done = await jsonOf(await settle(unmatched.id, credit), 200);
  assert.equal(done.id, unmatched.id);
  assert.equal(done.status, "unmatched");
  assert.equal(done.duplicate, false);
  assert.equal(done.settlement.kind, "wallet_credit");
  assert.equal(done.settlement.wallet_id, walletId);
  assert.equal(done.settlement.note, "Su richiesta della famiglia");
  assert.ok(done.settlement.settled_at);
  assert.ok(done.settlement.settled_by_name);
  assert.deepEqual(await wallet(db, walletId), { balance: 1200, movements: 1 });
  assert.deepEqual(await settlementOf(db, unmatched.id), {
    settlement: "wallet_credit",
    settled: true,
    settled_by: claims.sub,
    settlement_ref: null,
    settlement_on: null,
    settlement_note: "Su richiesta della famiglia",
    wallet_movement_id: done.settlement.wallet_movement_id,
  });

  // The same settlement again is a repeat: no second credit. Another one is refused.
  const repeat = await jsonOf(await settle(unmatched.id, credit), 200);
  assert.equal(repeat.duplicate, true);
  assert.equal(repeat.settlement.wallet_movement_id, done.settlement.wallet_movement_id);
  assert.deepEqual(await wallet(db, walletId), { balance: 1200, movements: 1 });
  const second = await jsonOf(
    await settle(unmatched.id, { kind: "other", note: "Rimborsata in contanti" }),
    409,
  );
  assert.equal(second.code, "already_settled");
  assert.equal((await settlementOf(db, unmatched.id)).settlement, "wallet_credit");
  assert.deepEqual(await wallet(db, walletId), { balance: 1200, movements: 1 });

  // Refunded: the reference as the bank writes it, the day.
  const refunded = await jsonOf(
    await settle(refund.id, {
      kind: "refunded",
      refunded_on: "2026-11-25",
      reference: " trn  0042 ",
    }),
    200,
  );
  assert.equal(refunded.settlement.kind, "refunded");
  assert.equal(refunded.settlement.reference, "TRN 0042");
  assert.equal(refunded.settlement.refunded_on, "2026-11-25");
  assert.equal(refunded.settlement.wallet_movement_id, null);
  assert.equal((await settlementOf(db, refund.id)).settlement_on, "2026-11-25");

  // The database itself refuses a second settlement (55000), answered as a conflict.
  const raw = await db.asUser(claims, (tx) =>
    tx.query(
      "update public.payment_receipts set settlement_note = 'Cambiato dopo' where id = $1",
      [refund.id],
    )).then(() => null, (e) => e);
  assert.equal((raw as { code?: string })?.code, "55000");

  // Families, API keys (read or write) and anonymous callers cannot settle.
  const left = await ingestTestReceipt(db, { tenantId: t, iuv: unknownIuv(), amountCents: 500 });
  await (await outsiders(db)).refused(`/api/v1/payment-receipts/${left.id}/settlement`, {
    kind: "other",
    note: "Rimborsata in contanti",
  });
  assert.equal((await settlementOf(db, left.id)).settlement, null);
});

dbTest("API: the three actions are documented for office sessions only", async (db) => {
  const { client } = await testApp(db);
  const doc = await jsonOf(await (client() as TestClient).get("/api/v1/openapi.json"), 200);
  const ops = [
    doc.paths["/debt-positions/{id}/cancel"].post,
    doc.paths["/payment-receipts"].post,
    doc.paths["/payment-receipts/{id}/settlement"].post,
  ];
  for (const op of ops) {
    assert.deepEqual(op.security, [{ session: [] }]);
    assert.deepEqual(op["x-roles"], ["admin", "operator"]);
    assert.ok(op.requestBody.content["application/json"].schema);
    assert.ok(op.responses["409"] && op.responses["404"] && op.responses["422"]);
    assert.match(op.description, /API keys/);
  }
  assert.ok(ops[1].responses["201"]);
  assert.ok(doc.paths["/payment-receipts"].get, "the list is still there");
});
