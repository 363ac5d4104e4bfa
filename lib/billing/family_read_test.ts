import assert from "node:assert/strict";
import {
  explanationIn,
  type FamilyLine,
  type FamilyNotice,
  type FamilyPosition,
  formatQuantity,
  groupLines,
  nextDue,
  owed,
  payableNotice,
  positionState,
  quickPayNotice,
  sortForFamily,
  summarize,
} from "./family_read.ts";

const notice = (over: Partial<FamilyNotice>): FamilyNotice => ({
  id: crypto.randomUUID(),
  instalment: 0,
  notice_number: "307000000000000140",
  iuv: "07000000000000140",
  amount_cents: 4500,
  due_on: "2026-11-30",
  status: "unpaid",
  paid_at: null,
  receipt_id: null,
  ...over,
});

const position = (over: Partial<FamilyPosition>): FamilyPosition => ({
  id: crypto.randomUUID(),
  iupd: "PZ-2026-000001",
  purpose: "charges",
  description: "Mensa ottobre 2026 - Sofia Ricci",
  service_title: "Mensa scolastica",
  period_start: "2026-10-01",
  period_end: "2026-10-31",
  amount_cents: 4500,
  paid_cents: 0,
  status: "open",
  payer_name: "Chiara Colombo",
  created_at: "2026-11-05T10:00:00.000Z",
  paid_at: null,
  reminded_at: null,
  notices: [notice({})],
  ...over,
});

Deno.test("nextDue: the earliest unpaid instalment, else the single payment", () => {
  assert.equal(nextDue([notice({ due_on: "2026-11-30" })]), "2026-11-30");
  assert.equal(
    nextDue([
      notice({ instalment: 0, due_on: "2026-11-30" }),
      notice({ instalment: 1, due_on: "2026-11-30", status: "paid" }),
      notice({ instalment: 2, due_on: "2026-12-31" }),
      notice({ instalment: 3, due_on: "2027-01-31" }),
    ]),
    "2026-12-31",
  );
  assert.equal(nextDue([notice({ status: "paid" })]), null);
  assert.equal(nextDue([]), null);
});

Deno.test("positionState: Da pagare, Scaduto, Pagato in parte, Pagato, Annullato", () => {
  const open = position({});
  assert.deepEqual(positionState(open, "2026-11-28"), {
    state: "to_pay",
    overdue: false,
    next_due_on: "2026-11-30",
  });
  // The due date itself is still in time; the day after is late.
  assert.equal(positionState(open, "2026-11-30").state, "to_pay");
  assert.equal(positionState(open, "2026-12-01").state, "overdue");
  const part = position({
    status: "partially_paid",
    paid_cents: 1500,
    notices: [
      notice({ instalment: 0, status: "cancelled" }),
      notice({ instalment: 1, amount_cents: 1500, status: "paid", due_on: "2026-11-30" }),
      notice({ instalment: 2, amount_cents: 3000, due_on: "2026-12-31" }),
    ],
  });
  assert.deepEqual(positionState(part, "2026-12-15"), {
    state: "partially_paid",
    overdue: false,
    next_due_on: "2026-12-31",
  });
  assert.deepEqual(positionState(part, "2027-01-02").overdue, true);
  assert.equal(positionState(part, "2027-01-02").state, "partially_paid");
  assert.equal(
    positionState(position({ status: "paid", paid_cents: 4500 }), "2027-01-02").state,
    "paid",
  );
  assert.equal(positionState(position({ status: "cancelled" }), "2026-12-01").state, "cancelled");
});

Deno.test("sortForFamily: overdue, then to pay by due date, then paid newest first", () => {
  const today = "2026-11-28";
  const late = summarize(position({ notices: [notice({ due_on: "2026-11-01" })] }), today);
  const soon = summarize(position({ notices: [notice({ due_on: "2026-12-01" })] }), today);
  const later = summarize(position({ notices: [notice({ due_on: "2027-01-01" })] }), today);
  const paidOld = summarize(
    position({ status: "paid", created_at: "2026-10-01T00:00:00.000Z" }),
    today,
  );
  const paidNew = summarize(
    position({ status: "paid", created_at: "2026-11-01T00:00:00.000Z" }),
    today,
  );
  const gone = summarize(position({ status: "cancelled" }), today);
  const order = sortForFamily([gone, paidOld, later, paidNew, soon, late]);
  assert.deepEqual(order.map((p) => p.id), [
    late.id,
    soon.id,
    later.id,
    paidNew.id,
    paidOld.id,
    gone.id,
  ]);
});

Deno.test("summarize: the year is the period's, or the issue date's for a top-up", () => {
  assert.equal(summarize(position({ period_start: "2025-12-01" }), "2026-01-10").year, 2025);
  const topUp = position({
    purpose: "top_up",
    period_start: null,
    period_end: null,
    created_at: "2027-01-03T08:00:00.000Z",
  });
  assert.equal(summarize(topUp, "2027-01-10").year, 2027);
});

Deno.test("owed: what is left of the positions still to pay, and how many are late", () => {
  const today = "2026-11-29";
  const list = [
    position({ notices: [notice({ due_on: "2026-11-28" })] }),
    position({ notices: [notice({ due_on: "2026-11-29" })], amount_cents: 3000 }),
    position({ status: "partially_paid", paid_cents: 1500, amount_cents: 4500 }),
    position({ status: "paid", paid_cents: 4500 }),
    position({ status: "cancelled" }),
  ].map((p) => summarize(p, today));
  const o = owed(list);
  assert.equal(o.positions.length, 3);
  assert.equal(o.cents, 4500 + 3000 + 3000);
  // Only the one due yesterday: due today is not late, the part-paid one is due tomorrow.
  assert.equal(o.overdue, 1);
  assert.deepEqual(owed([]), { positions: [], cents: 0, overdue: 0 });
});

Deno.test("explanationIn: summary and steps in the language, Italian as fallback", () => {
  const e = {
    summary: { it: "10 pasti a 4,50 €", en: "10 meals at €4.50" },
    steps: { it: ["Giorni di servizio: 21", "Presenze: 10"], en: ["Service days: 21"] },
    usage: { billable_days: 10 },
  };
  assert.deepEqual(explanationIn(e, "it"), {
    summary: "10 pasti a 4,50 €",
    steps: ["Giorni di servizio: 21", "Presenze: 10"],
  });
  assert.deepEqual(explanationIn(e, "en"), {
    summary: "10 meals at €4.50",
    steps: ["Service days: 21"],
  });
  assert.deepEqual(explanationIn({ summary: { it: "Solo italiano" } }, "en"), {
    summary: "Solo italiano",
    steps: [],
  });
  // Plain strings, junk and empty explanations never break the page.
  assert.deepEqual(explanationIn({ summary: "Quota", steps: ["a", 3, "", null] }, "it"), {
    summary: "Quota",
    steps: ["a"],
  });
  assert.deepEqual(explanationIn({}, "it"), { summary: null, steps: [] });
  assert.deepEqual(explanationIn(null, "it"), { summary: null, steps: [] });
});

Deno.test("formatQuantity: numeric(12,3) without trailing zeros, Italian comma", () => {
  assert.equal(formatQuantity("10.000", "it"), "10");
  assert.equal(formatQuantity("2.500", "it"), "2,5");
  assert.equal(formatQuantity("2.500", "en"), "2.5");
  assert.equal(formatQuantity("0.125", "it"), "0,125");
  assert.equal(formatQuantity("7", "it"), "7");
});

const line = (over: Partial<FamilyLine>): FamilyLine => ({
  id: crypto.randomUUID(),
  beneficiary_id: "b1",
  beneficiary_name: "Sofia Ricci",
  service_title: "Mensa scolastica",
  site_name: null,
  period_start: "2026-10-01",
  period_end: "2026-10-31",
  kind: "usage",
  quantity: "10.000",
  unit: "meal",
  unit_cents: 450,
  amount_cents: 4500,
  description: "Mensa: 10 pasti",
  explanation: {},
  ...over,
});

Deno.test("groupLines: per child and period, with totals (credits subtract)", () => {
  const groups = groupLines([
    line({ beneficiary_id: "b2", beneficiary_name: "Tommaso Ricci", amount_cents: 3000 }),
    line({}),
    line({ kind: "credit", amount_cents: -500, description: "Rimborso gita" }),
    line({ period_start: "2026-09-01", period_end: "2026-09-30", kind: "adjustment" }),
    line({ beneficiary_id: null, beneficiary_name: null, kind: "one_off", amount_cents: 2000 }),
  ]);
  assert.deepEqual(
    groups.map((g) => [g.beneficiary, g.period_start, g.lines.length, g.total_cents]),
    [
      ["Sofia Ricci", "2026-09-01", 1, 4500],
      ["Sofia Ricci", "2026-10-01", 2, 4000],
      ["Tommaso Ricci", "2026-10-01", 1, 3000],
      [null, "2026-10-01", 1, 2000],
    ],
  );
});

Deno.test("payableNotice: only an unpaid option of a position still open", () => {
  const single = notice({});
  const p = position({ notices: [single, notice({ instalment: 1, status: "paid" })] });
  assert.equal(payableNotice(p, single.id)?.id, single.id);
  assert.equal(payableNotice(p, p.notices[1].id), null, "already paid");
  assert.equal(payableNotice(p, crypto.randomUUID()), null, "not of this position");
  assert.equal(payableNotice({ ...p, status: "paid" }, single.id), null);
  assert.equal(payableNotice({ ...p, status: "cancelled" }, single.id), null);
});

Deno.test("quickPayNotice: the whole amount while nothing is paid, else the next instalment", () => {
  const single = notice({ instalment: 0, amount_cents: 9000, due_on: "2026-11-30" });
  const first = notice({ instalment: 1, amount_cents: 4500, due_on: "2026-11-30" });
  const second = notice({ instalment: 2, amount_cents: 4500, due_on: "2026-12-31" });
  // Only a single payment.
  assert.equal(quickPayNotice(position({ notices: [single] }))?.id, single.id);
  // Single payment and instalments, nothing paid: the whole amount (instalments on the page).
  assert.equal(quickPayNotice(position({ notices: [second, first, single] }))?.id, single.id);
  // Only instalments: the earliest unpaid, whatever the order they come in.
  assert.equal(quickPayNotice(position({ notices: [second, first] }))?.id, first.id);
  // The first instalment paid: the single payment is closed by pagoPA, the second is next.
  const paidFirst = { ...first, status: "paid" as const };
  const closed = { ...single, status: "cancelled" as const };
  assert.equal(
    quickPayNotice(
      position({
        status: "partially_paid",
        paid_cents: 4500,
        notices: [closed, paidFirst, second],
      }),
    )?.id,
    second.id,
  );
  // Paid in part (a manual receipt) with the single payment still open: no instalment, the single.
  assert.equal(
    quickPayNotice(position({ status: "partially_paid", paid_cents: 1000, notices: [single] }))
      ?.id,
    single.id,
  );
  // Nothing to pay.
  assert.equal(quickPayNotice(position({ status: "paid", notices: [single] })), null);
  assert.equal(quickPayNotice(position({ status: "cancelled", notices: [single] })), null);
  assert.equal(quickPayNotice(position({ notices: [{ ...single, status: "cancelled" }] })), null);
  assert.equal(quickPayNotice(position({ notices: [] })), null);
});
