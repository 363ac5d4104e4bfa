import assert from "node:assert/strict";
import {
  LAPSE_FIELDS,
  LAPSE_REFUSALS,
  lapseMail,
  lapseRefusalOf,
  missedInstalments,
  type PlanNotice,
  planStanding,
  readLapseForm,
} from "./instalment_plan_lapse.ts";

const TODAY = "2026-11-29";
const it = (it: string, _en: string) => it;
const en = (_it: string, en: string) => en;

/** A plan of 3 × 13,33/13,34 € with the single payment (option 0). */
const plan = (over: Record<number, Partial<PlanNotice>> = {}): PlanNotice[] =>
  [
    { instalment: 0, status: "unpaid", amount_cents: 4000, due_on: "2026-10-31" },
    { instalment: 1, status: "unpaid", amount_cents: 1334, due_on: "2026-10-31" },
    { instalment: 2, status: "unpaid", amount_cents: 1333, due_on: "2026-11-30" },
    { instalment: 3, status: "unpaid", amount_cents: 1333, due_on: "2026-12-31" },
  ].map((n) => ({ ...n, ...over[n.instalment] }));

Deno.test("planStanding: only instalments count, the single payment never does", () => {
  // Option 0 is past due too, but the plan owes its instalments.
  assert.deepEqual(planStanding(plan(), TODAY), {
    missed: 1,
    missedCents: 1334,
    residualCents: 4000,
    paid: 0,
    lapsable: true,
    consecutive: null,
    remindedAfter: false,
    advised: false,
  });
});

Deno.test("planStanding: due today is not missed yet; the day after it is", () => {
  const notices = plan({ 2: { due_on: TODAY } });
  assert.equal(planStanding(notices, TODAY).missed, 1);
  assert.deepEqual(missedInstalments(notices, TODAY).map((n) => n.instalment), [1]);
  assert.deepEqual(missedInstalments(notices, "2026-11-30").map((n) => n.instalment), [1, 2]);
  const next = planStanding(notices, "2026-11-30");
  assert.equal(next.missed, 2);
  assert.equal(next.missedCents, 2667);
  assert.equal(next.consecutive, 2);
  assert.equal(next.advised, false, "never reminded");
});

Deno.test("planStanding: the rule is two consecutive instalments missed, reminded since", () => {
  const notices = plan({ 2: { due_on: "2026-11-15" } });
  // Reminded after instalment 2 fell due: met. On its due day or before: not yet.
  for (
    const [reminded, advised] of [
      ["2026-11-16", true],
      ["2026-11-29", true],
      ["2026-11-15", false],
      ["2026-11-01", false],
      [null, false],
    ] as const
  ) {
    const s = planStanding(notices, TODAY, reminded);
    assert.deepEqual(
      [s.consecutive, s.remindedAfter, s.advised],
      [2, advised, advised],
      String(reminded),
    );
  }
  // Instalments 1 and 3 missed, 2 paid: not consecutive, whatever the reminders.
  const gap = planStanding(
    plan({ 2: { status: "paid" }, 3: { due_on: "2026-11-20" } }),
    TODAY,
    "2026-11-28",
  );
  assert.deepEqual([gap.missed, gap.consecutive, gap.advised], [2, null, false]);
  // 2 and 3 missed after 1 was paid: consecutive from 3.
  const late = planStanding(
    plan({ 1: { status: "paid" }, 2: { due_on: "2026-11-10" }, 3: { due_on: "2026-11-20" } }),
    TODAY,
    "2026-11-25",
  );
  assert.deepEqual([late.consecutive, late.advised], [3, true]);
});

Deno.test("planStanding: paid instalments are neither missed nor residual", () => {
  const s = planStanding(
    plan({ 0: { status: "cancelled" }, 1: { status: "paid" } }),
    "2027-01-15",
  );
  assert.deepEqual(s, {
    missed: 2,
    missedCents: 2666,
    residualCents: 2666,
    paid: 1,
    lapsable: true,
    consecutive: 3,
    remindedAfter: false,
    advised: false,
  });
  // Everything paid: nothing to lapse, whatever the date.
  const done = planStanding(
    plan({
      0: { status: "cancelled" },
      1: { status: "paid" },
      2: { status: "paid" },
      3: {
        status: "paid",
      },
    }),
    "2027-06-01",
  );
  assert.deepEqual([done.missed, done.residualCents, done.paid, done.lapsable], [0, 0, 3, false]);
  // Nothing due yet.
  assert.equal(planStanding(plan(), "2026-10-31").lapsable, false);
});

Deno.test("readLapseForm: a reason of 5 to 1000 characters, trimmed", () => {
  assert.deepEqual(readLapseForm({ reason: "  Due rate non pagate  " }, it), {
    reason: "Due rate non pagate",
    errors: {},
  });
  for (const reason of ["", "    ", "abcd", "x".repeat(1001)]) {
    const r = readLapseForm({ reason }, it);
    assert.equal(r.reason, null);
    assert.match(r.errors[LAPSE_FIELDS.reason], /^Indica il motivo della decadenza/);
  }
  assert.match(readLapseForm({ reason: "" }, en).errors.motivo, /^Enter the reason/);
  assert.equal(readLapseForm({ reason: "x".repeat(1000) }, it).reason?.length, 1000);
});

Deno.test("lapseRefusalOf: the database's code words, with HTTP status and both languages", () => {
  assert.deepEqual(lapseRefusalOf("instalment_lapse_already: the plan lapsed on 2026-11-29"), {
    code: "already",
    ...LAPSE_REFUSALS.instalment_lapse_already,
  });
  assert.equal(lapseRefusalOf("instalment_lapse_forbidden: x")?.status, 403);
  assert.equal(lapseRefusalOf("instalment_lapse_not_found: x")?.status, 404);
  assert.equal(lapseRefusalOf("instalment_lapse_reason: x")?.status, 422);
  for (const w of ["settled", "not_overdue"]) {
    assert.equal(lapseRefusalOf(`instalment_lapse_${w}: x`)?.status, 409);
  }
  assert.equal(lapseRefusalOf("instalment_lapse_unknown: x"), null);
  assert.equal(lapseRefusalOf("instalment_plan_paid: x"), null);
  assert.equal(lapseRefusalOf("deadlock detected"), null);
  for (const r of Object.values(LAPSE_REFUSALS)) assert.ok(r.it && r.en);
});

Deno.test("lapseMail: the plan, the instalments missed, the residual due at once, the reason", () => {
  const m = lapseMail(
    {
      ente: "Comune di Val di Ponte",
      payer: "Chiara Colombo",
      what: "Mensa ottobre 2026",
      grantedOn: "2026-09-15",
      reason: " Due rate non pagate nonostante il sollecito ",
    },
    { missed: 2, residualCents: 4000 },
  );
  assert.equal(m.subject, "Comune di Val di Ponte: rateizzazione decaduta");
  assert.match(m.text, /^Gentile Chiara Colombo,\n\n/);
  assert.match(
    m.text,
    /la rateizzazione di «Mensa ottobre 2026» concessa il 15\/09\/2026 è decaduta: risultano non pagate 2 rate scadute\./,
  );
  assert.match(m.text, /\nMotivo: Due rate non pagate nonostante il sollecito\n/);
  assert.match(m.text, /L'intero importo residuo di 40,00\s€ è dovuto subito\./);
  assert.match(m.text, /riscossione coattiva/);
  assert.match(m.text, /Comune di Val di Ponte$/);
  const one = lapseMail(
    { ente: "E", payer: null, what: "W", grantedOn: "2026-09-15", reason: "Motivo valido" },
    { missed: 1, residualCents: 1333 },
  );
  assert.match(one.text, /^Gentile utente,/);
  assert.match(one.text, /è decaduta: risulta non pagata una rata scaduta\./);
});
