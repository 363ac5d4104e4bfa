import assert from "node:assert/strict";
import {
  isLawRule,
  LAPSE_FIELDS,
  LAPSE_REFUSALS,
  lapseMail,
  lapseRefusalOf,
  type LapseRule,
  lapseRuleOf,
  lapseRuleText,
  LAW_LAPSE_RULE,
  missedInstalments,
  monthsBefore,
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
    trigger: null,
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
  assert.equal(next.trigger, 2);
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
      [s.trigger, s.remindedAfter, s.advised],
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
  assert.deepEqual([gap.missed, gap.trigger, gap.advised], [2, null, false]);
  // 2 and 3 missed after 1 was paid: consecutive from 3.
  const late = planStanding(
    plan({ 1: { status: "paid" }, 2: { due_on: "2026-11-10" }, 3: { due_on: "2026-11-20" } }),
    TODAY,
    "2026-11-25",
  );
  assert.deepEqual([late.trigger, late.advised], [3, true]);
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
    trigger: 3,
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

/** Six monthly instalments from January, as `over` changes them. */
const six = (over: Record<number, Partial<PlanNotice>> = {}): PlanNotice[] =>
  [1, 2, 3, 4, 5, 6].map((i) => ({
    instalment: i,
    status: "unpaid",
    amount_cents: 1000,
    due_on: `2026-0${i}-28`,
    ...over[i],
  }));

const rule = (r: Partial<LapseRule>): LapseRule => ({ ...LAW_LAPSE_RULE, ...r });
const paid = { status: "paid" } as const;

Deno.test("planStanding: the Ente's rule, consecutive by number", () => {
  // 1, 3 and 5 missed, never two in a row; 2, 4, 6 paid.
  const alternate = six({ 2: paid, 4: paid, 6: paid });
  const july = "2026-07-01";
  assert.equal(planStanding(alternate, july, "2026-06-30").trigger, null);
  // Three in a row: 3, 4, 5 (1 missed too, but 2 paid breaks the run).
  const run = six({ 2: paid, 6: paid });
  const three = rule({ missed: 3 });
  assert.equal(planStanding(run, july, null, three).trigger, 5);
  assert.equal(planStanding(six({ 2: paid, 5: paid, 6: paid }), july, null, three).trigger, null);
  // One instalment is enough: the first missed.
  const one = planStanding(six({ 1: paid }), july, "2026-03-01", rule({ missed: 1 }));
  assert.deepEqual([one.trigger, one.remindedAfter, one.advised], [2, true, true]);
});

Deno.test("planStanding: the Ente's rule, not consecutive, within a window of months", () => {
  const alternate = six({ 2: paid, 4: paid, 6: paid });
  const july = "2026-07-01";
  // Any two missed at any time: 1 and 3.
  const any = rule({ consecutive: false });
  assert.equal(planStanding(alternate, july, null, any).trigger, 3);
  // Within one month by due date: 28 Jan and 28 Mar are two months apart, never within one.
  assert.equal(planStanding(alternate, july, null, { ...any, windowMonths: 1 }).trigger, null);
  // Within two months: 28 Jan and 28 Mar are exactly two months apart, not within them (the
  // window is open at its start, in the family's favour); within three they are.
  assert.equal(planStanding(alternate, july, null, { ...any, windowMonths: 2 }).trigger, null);
  assert.equal(planStanding(alternate, july, null, { ...any, windowMonths: 3 }).trigger, 3);
  // Three within six months: 1, 3, 5.
  assert.equal(
    planStanding(alternate, july, null, { ...any, missed: 3, windowMonths: 6 }).trigger,
    5,
  );
});

Deno.test("planStanding: a rule without a reminder is met by the missed instalments alone", () => {
  const notices = six({ 3: paid });
  const july = "2026-07-01";
  const law = planStanding(notices, july);
  assert.deepEqual([law.trigger, law.remindedAfter, law.advised], [2, false, false]);
  const noReminder = planStanding(notices, july, null, rule({ afterReminder: false }));
  assert.deepEqual([noReminder.trigger, noReminder.advised], [2, true]);
  // Reminded on instalment 2's due day: not after it.
  assert.equal(planStanding(notices, july, "2026-02-28").advised, false);
  assert.equal(planStanding(notices, july, "2026-03-01").advised, true);
  // Nothing missed: nothing advised, with or without a reminder.
  assert.equal(
    planStanding(notices, "2026-01-15", null, rule({ afterReminder: false })).advised,
    false,
  );
});

Deno.test("monthsBefore: calendar months back, the day clamped to the month's end as SQL does", () => {
  assert.equal(monthsBefore("2026-07-15", 6), "2026-01-15");
  assert.equal(monthsBefore("2026-08-31", 6), "2026-02-28");
  assert.equal(monthsBefore("2028-08-31", 6), "2028-02-29");
  assert.equal(monthsBefore("2026-03-31", 1), "2026-02-28");
  assert.equal(monthsBefore("2026-02-10", 3), "2025-11-10");
  assert.equal(monthsBefore("2026-01-31", 24), "2024-01-31");
});

Deno.test("lapseRuleOf: the settings' columns; a window only for instalments not consecutive", () => {
  const settings = {
    lapse_missed_instalments: 3,
    lapse_consecutive: false,
    lapse_window_months: 6,
    lapse_after_reminder: false,
  };
  assert.deepEqual(lapseRuleOf(settings), {
    missed: 3,
    consecutive: false,
    windowMonths: 6,
    afterReminder: false,
  });
  assert.equal(lapseRuleOf({ ...settings, lapse_consecutive: true }).windowMonths, null);
  assert.equal(isLawRule(LAW_LAPSE_RULE), true);
  assert.equal(isLawRule(rule({ afterReminder: false })), false);
});

Deno.test("lapseRuleText: the rule in words, the law cited or the Ente's regulation", () => {
  assert.equal(
    lapseRuleText(LAW_LAPSE_RULE, "it"),
    "il mancato pagamento di due rate consecutive, dopo un sollecito espresso (L. 160/2019, art. 1 c. 800)",
  );
  assert.equal(
    lapseRuleText(LAW_LAPSE_RULE, "en"),
    "two consecutive instalments missed after an express reminder (L. 160/2019, art. 1 c. 800)",
  );
  const window = rule({ missed: 3, consecutive: false, windowMonths: 6, afterReminder: false });
  assert.equal(
    lapseRuleText(window, "it"),
    "il mancato pagamento di tre rate, anche non consecutive, nell'arco di sei mesi (regolamento dell'Ente)",
  );
  assert.equal(
    lapseRuleText(window, "en"),
    "three instalments missed, consecutive or not, within six months (the Ente's regulation)",
  );
  assert.equal(
    lapseRuleText(rule({ missed: 1, windowMonths: null }), "it"),
    "il mancato pagamento di una rata, dopo un sollecito espresso (regolamento dell'Ente)",
  );
  assert.equal(
    lapseRuleText(rule({ consecutive: false, windowMonths: 1 }), "it"),
    "il mancato pagamento di due rate, anche non consecutive, nell'arco di un mese, dopo un sollecito espresso (regolamento dell'Ente)",
  );
  assert.match(lapseRuleText(rule({ missed: 12 }), "it"), /di 12 rate consecutive/);
  assert.match(
    lapseRuleText(rule({ consecutive: false, windowMonths: 18 }), "en"),
    /within 18 months/,
  );
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
