import assert from "node:assert/strict";
import type { Db } from "../lib/db/types.ts";
import { romeDate } from "../lib/i18n/mod.ts";
import {
  ManualReceiptError,
  type ManualReceiptInput,
  manualReceiptRef,
  recordManualReceipt,
} from "../lib/pagopa/receipts_manual.ts";
import { createTestPositionIn, type TestPosition } from "../lib/pagopa/receipts_testing.ts";
import { dbTest } from "./helpers/db.ts";
import { claimsOf } from "./helpers/fixtures_wallets.ts";

const OPERATOR = "m.rossi@comune.valdiponte.example";

function input(p: TestPosition, over: Partial<ManualReceiptInput> = {}): ManualReceiptInput {
  return {
    noticeId: p.notices[0].id,
    amountCents: p.notices[0].amountCents,
    paidOn: romeDate(),
    method: "cash",
    reference: "SCONTRINO 0042",
    note: "Pagato allo sportello economato",
    ...over,
  };
}

/** Records `i` as the demo user `email` with `role`, under RLS. */
async function record(
  db: Db,
  p: TestPosition,
  i: ManualReceiptInput,
  email = OPERATOR,
  role = "operator",
) {
  const claims = await claimsOf(db, email, role, p.tenantId);
  return await db.asUser(claims, (tx) => recordManualReceipt(tx, i, claims.sub));
}

async function refusal(promise: Promise<unknown>): Promise<ManualReceiptError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof ManualReceiptError) return e;
    throw e;
  }
  throw new Error("not refused");
}

async function state(db: Db, p: TestPosition) {
  return await db.asOwner(async (tx) => {
    const [pos] = await tx.query<{ status: string; paid_cents: number }>(
      "select status, paid_cents from public.debt_positions where id = $1",
      [p.positionId],
    );
    const notices = await tx.query<{ status: string }>(
      "select status from public.payment_notices where debt_position_id = $1 order by instalment",
      [p.positionId],
    );
    return { pos, notices: notices.map((n) => n.status) };
  });
}

dbTest(
  "the office records a cash payment: notice and position paid, source manual, audited",
  async (db) => {
    const p = await createTestPositionIn(db, { amountCents: 4500 });
    const res = await record(db, p, input(p));
    assert.equal(res.duplicate, false);
    assert.equal(res.noticeId, p.notices[0].id);
    assert.equal(res.positionId, p.positionId);
    const s = await state(db, p);
    assert.deepEqual(s.pos, { status: "paid", paid_cents: 4500 });
    assert.deepEqual(s.notices, ["paid"]);

    const [r] = await db.asOwner((tx) =>
      tx.query<{
        source: string;
        status: string;
        receipt_ref: string;
        payment_method: string;
        payer_fiscal_code: string;
        payer_name: string;
        raw: string;
        recorded_by: string;
        paid_on: string;
      }>(
        `select r.source, r.status, r.receipt_ref, r.payment_method, r.payer_fiscal_code,
              r.payer_name, r.raw, r.recorded_by,
              (r.paid_at at time zone 'Europe/Rome')::date::text as paid_on
         from public.payment_receipts r where r.id = $1`,
        [res.receiptId],
      )
    );
    const operator = await claimsOf(db, OPERATOR, "operator", p.tenantId);
    assert.equal(r.source, "manual");
    assert.equal(r.status, "matched");
    assert.equal(r.receipt_ref, await manualReceiptRef(p.tenantId, "cash", " scontrino  0042"));
    assert.equal(r.payment_method, "cash");
    assert.equal(r.payer_fiscal_code, "CLMCHR88M61D612P");
    assert.equal(r.payer_name, "Chiara Colombo");
    assert.equal(r.recorded_by, operator.sub);
    assert.equal(r.paid_on, romeDate());
    const raw = JSON.parse(r.raw);
    assert.equal(raw.recorded_by, operator.sub);
    assert.equal(raw.note, "Pagato allo sportello economato");
    assert.equal(raw.reference, "SCONTRINO 0042");

    // Audited with the operator as the actor; the family is told as for a pagoPA payment.
    const audit = await db.asOwner((tx) =>
      tx.query<{ actor_id: string; action: string }>(
        `select actor_id, action from public.audit_log
        where entity = 'payment_receipts' and entity_id = $1`,
        [res.receiptId],
      )
    );
    assert.deepEqual(audit, [{ actor_id: operator.sub, action: "insert" }]);
    const [mail] = await db.asOwner((tx) =>
      tx.query<{ n: number }>(
        `select count(*)::int as n from public.mail_outbox
        where subject = 'Pagamento ricevuto' and body_text like '%' || $1 || '%'`,
        [p.notices[0].noticeNumber],
      )
    );
    assert.equal(mail.n, 1);
    const events = await db.asOwner((tx) =>
      tx.query<{ event: string }>(
        `select event from private.realtime_outbox where data ->> 'position_id' = $1 order by event`,
        [p.positionId],
      )
    );
    assert.deepEqual(events.map((e) => e.event), ["payment.received", "push.payment"]);
  },
);

dbTest(
  "recording the same reference twice stores one receipt and says it was a repeat",
  async (db) => {
    const p = await createTestPositionIn(db, { amountCents: 4500 });
    const first = await record(db, p, input(p, { method: "bank_transfer", reference: "CRO 1234" }));
    const again = await record(
      db,
      p,
      input(p, { method: "bank_transfer", reference: " cro  1234 " }),
    );
    assert.equal(again.duplicate, true);
    assert.equal(again.receiptId, first.receiptId);
    const s = await state(db, p);
    assert.deepEqual(s.pos, { status: "paid", paid_cents: 4500 });
    const [{ n }] = await db.asOwner((tx) =>
      tx.query<{ n: number }>(
        "select count(*)::int as n from public.payment_receipts where payment_notice_id = $1",
        [p.notices[0].id],
      )
    );
    assert.equal(n, 1);

    // The same reference for another notice is a mistake, not a repeat.
    const other = await createTestPositionIn(db, { amountCents: 4500 });
    const e = await refusal(
      record(db, other, input(other, { method: "bank_transfer", reference: "CRO 1234" })),
    );
    assert.equal(e.code, "reference_used");
    assert.deepEqual((await state(db, other)).notices, ["unpaid"]);
  },
);

dbTest(
  "refusals: unknown notice, paid, cancelled, invalidated, amount, dates, fields",
  async (db) => {
    const p = await createTestPositionIn(db, { amountCents: 6000, instalments: [3000, 3000] });
    const today = romeDate();
    const yesterday = romeDate(new Date(Date.now() - 86_400_000));
    const tomorrow = romeDate(new Date(Date.now() + 86_400_000));
    const cases: [Partial<ManualReceiptInput>, string][] = [
      [{ noticeId: crypto.randomUUID() }, "notice_not_found"],
      [{ noticeId: "not-a-uuid" }, "notice_not_found"],
      [{ amountCents: 5999 }, "amount_mismatch"],
      [{ amountCents: 0 }, "amount_invalid"],
      [{ paidOn: "2026-02-30" }, "date_invalid"],
      [{ paidOn: "ieri" }, "date_invalid"],
      [{ paidOn: tomorrow }, "date_future"],
      [{ paidOn: yesterday }, "date_before_issue"],
      [{ method: "cheque" as "cash" }, "method_invalid"],
      [{ reference: " ab " }, "reference_invalid"],
      [{ reference: "x".repeat(65) }, "reference_invalid"],
      [{ note: "n".repeat(501) }, "note_invalid"],
    ];
    for (const [over, code] of cases) {
      const e = await refusal(record(db, p, input(p, over)));
      assert.equal(e.code, code, JSON.stringify(over));
      assert.ok(e.it.length > 5 && e.en.length > 5);
    }
    assert.deepEqual((await state(db, p)).notices, ["unpaid", "unpaid", "unpaid"]);

    // Paying instalment 1 cancels the single payment: that one is no longer payable…
    await record(db, p, input(p, { noticeId: p.notices[1].id, amountCents: 3000, paidOn: today }));
    assert.deepEqual((await state(db, p)).notices, ["cancelled", "paid", "unpaid"]);
    assert.equal(
      (await refusal(record(db, p, input(p, { reference: "ALTRO 1" })))).code,
      "not_payable",
    );
    // …and instalment 1 is already paid (another reference is not a repeat).
    const paid = await refusal(
      record(
        db,
        p,
        input(p, { noticeId: p.notices[1].id, amountCents: 3000, reference: "ALTRO 2" }),
      ),
    );
    assert.equal(paid.code, "already_paid");
    assert.equal((await state(db, p)).pos.status, "partially_paid");

    // A position invalidated on pagoPA takes no payment either.
    const inv = await createTestPositionIn(db, { amountCents: 4500 });
    await db.asOwner((tx) =>
      tx.query("update public.debt_positions set gpd_status = 'invalidated' where id = $1", [
        inv.positionId,
      ])
    );
    assert.equal(
      (await refusal(record(db, inv, input(inv, { reference: "INV 1" })))).code,
      "not_payable",
    );
  },
);

dbTest(
  "families and teachers cannot record a manual receipt, not even in SQL (RLS)",
  async (db) => {
    const p = await createTestPositionIn(db, { amountCents: 4500 });
    for (
      const [email, role] of [
        ["chiara.colombo@posta.example", "family"],
        ["l.ferrari@scuola.valdiponte.example", "teacher"],
      ]
    ) {
      const e = await refusal(record(db, p, input(p), email, role));
      assert.equal(e.code, "forbidden", email);
      assert.equal(e.status, 403);
      const claims = await claimsOf(db, email, role, p.tenantId);
      await assert.rejects(
        db.asUser(claims, (tx) =>
          tx.query(
            `insert into public.payment_receipts (tenant_id, receipt_ref, iuv, payment_notice_id,
             amount_cents, paid_at, source, status)
           values ($1, 'MAN-X-1', $2, $3, 4500, now(), 'manual', 'matched')`,
            [p.tenantId, p.notices[0].iuv, p.notices[0].id],
          )),
        email,
      );
    }
    // Nor may a system job pretend to be the office: a manual receipt needs a person.
    await assert.rejects(
      db.asService((tx) =>
        tx.query(
          `insert into public.payment_receipts (tenant_id, receipt_ref, iuv, payment_notice_id,
           amount_cents, paid_at, source, status)
         values ($1, 'MAN-X-2', $2, $3, 4500, now(), 'manual', 'matched')`,
          [p.tenantId, p.notices[0].iuv, p.notices[0].id],
        )
      ),
      /manual_receipt_forbidden/,
    );
    // An operator cannot sign someone else's name to it.
    const op = await claimsOf(db, OPERATOR, "operator", p.tenantId);
    const e = await refusal(
      db.asUser(op, (tx) => recordManualReceipt(tx, input(p), crypto.randomUUID())),
    );
    assert.equal(e.code, "forbidden");
    const s = await state(db, p);
    assert.deepEqual(s.notices, ["unpaid"]);
  },
);

dbTest(
  "paid in full outside pagoPA, a published position is withdrawn from pagoPA; paid in part, not",
  async (db) => {
    const gpd = (p: TestPosition) =>
      db.asOwner(async (tx) =>
        (await tx.query<{ gpd_status: string }>(
          "select gpd_status from public.debt_positions where id = $1",
          [p.positionId],
        ))[0].gpd_status
      );
    const publish = (p: TestPosition) =>
      db.asOwner((tx) =>
        tx.query("update public.debt_positions set gpd_status = 'published' where id = $1", [
          p.positionId,
        ])
      );
    const whole = await createTestPositionIn(db, { amountCents: 4500 });
    await publish(whole);
    await record(db, whole, input(whole, { reference: "CRO 777" }));
    assert.equal(await gpd(whole), "to_invalidate", "the publication job invalidates it on GPD");

    const split = await createTestPositionIn(db, { amountCents: 6000, instalments: [3000, 3000] });
    await publish(split);
    const first = split.notices.find((n) => n.instalment === 1)!;
    await record(
      db,
      split,
      input(split, { noticeId: first.id, amountCents: first.amountCents, reference: "CRO 778" }),
    );
    assert.equal(await gpd(split), "published", "the second instalment stays payable online");

    // Never sent to pagoPA (the Ente does not use GPD): nothing to withdraw.
    const local = await createTestPositionIn(db, { amountCents: 4500 });
    await db.asOwner((tx) =>
      tx.query("update public.debt_positions set gpd_status = 'none' where id = $1", [
        local.positionId,
      ])
    );
    await record(db, local, input(local, { reference: "CRO 779" }));
    assert.equal(await gpd(local), "none");
  },
);
