import assert from "node:assert/strict";
import { addDays } from "../calendar/dates.ts";
import { LAW_LAPSE_RULE } from "./instalment_plan_lapse.ts";
import {
  defaultFirstDue,
  instalmentDue,
  MAX_PLAN_INSTALMENTS,
  maxInstalmentsFor,
  MIN_INSTALMENT_CENTS,
  PLAN_FIELDS,
  type PlanForm,
  planMail,
  planRefusalOf,
  planSchedule,
  readPlanForm,
  splitInstalments,
} from "./instalment_plan.ts";

const TODAY = "2026-11-29";
const it = (it: string, _en: string) => it;
const en = (_it: string, en: string) => en;
const form = (over: Partial<PlanForm> = {}): PlanForm => ({
  count: "3",
  first_due: "2026-12-31",
  reference: "Prot. n. 4521/2026",
  reason: "Difficoltà economiche temporanee",
  ...over,
});
const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

Deno.test("splitInstalments: equal parts, the first ones take the remainder", () => {
  assert.deepEqual(splitInstalments(1000, 3), [334, 333, 333]);
  assert.deepEqual(splitInstalments(1001, 3), [334, 334, 333]);
  assert.deepEqual(splitInstalments(1200, 4), [300, 300, 300, 300]);
  assert.deepEqual(splitInstalments(4511, 12), [
    376,
    376,
    376,
    376,
    376,
    376,
    376,
    376,
    376,
    376,
    376,
    375,
  ]);
  for (const [cents, n] of [[1000, 3], [4511, 12], [99_999, 7], [200, 2]]) {
    const parts = splitInstalments(cents, n);
    assert.equal(parts.length, n);
    assert.equal(sum(parts), cents, `${cents}/${n}`);
    assert.ok(Math.max(...parts) - Math.min(...parts) <= 1, `${cents}/${n} differ by a cent`);
  }
});

Deno.test("planSchedule: numbered from 1, adds up to the amount, one month apart", () => {
  const s = planSchedule(4500, 3, "2026-12-15");
  assert.deepEqual(s, [
    { instalment: 1, amount_cents: 1500, due_on: "2026-12-15" },
    { instalment: 2, amount_cents: 1500, due_on: "2027-01-15" },
    { instalment: 3, amount_cents: 1500, due_on: "2027-02-15" },
  ]);
  const odd = planSchedule(10_007, 12, "2026-12-01");
  assert.equal(sum(odd.map((i) => i.amount_cents)), 10_007);
  assert.deepEqual(odd.map((i) => i.instalment), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  assert.equal(odd[11].due_on, "2027-11-01");
});

Deno.test("planSchedule: the 31st falls on the last day of shorter months, across the year end", () => {
  assert.deepEqual(planSchedule(600, 6, "2026-10-31").map((i) => i.due_on), [
    "2026-10-31",
    "2026-11-30",
    "2026-12-31",
    "2027-01-31",
    "2027-02-28",
    "2027-03-31",
  ]);
  // A leap year's February, and the 30th that stays the 30th after it.
  assert.deepEqual(planSchedule(400, 4, "2027-12-30").map((i) => i.due_on), [
    "2027-12-30",
    "2028-01-30",
    "2028-02-29",
    "2028-03-30",
  ]);
  // Each instalment from the first date, never from the shortened one before it.
  assert.equal(instalmentDue("2027-01-31", 3), "2027-03-31");
  assert.equal(instalmentDue("2027-01-31", 1), "2027-01-31");
});

Deno.test("maxInstalmentsFor: one euro each at least, twelve at most", () => {
  assert.equal(maxInstalmentsFor(150), 1);
  assert.equal(maxInstalmentsFor(199), 1);
  assert.equal(maxInstalmentsFor(200), 2);
  assert.equal(maxInstalmentsFor(550), 5);
  assert.equal(maxInstalmentsFor(1200), 12);
  assert.equal(maxInstalmentsFor(1199), 11);
  assert.equal(maxInstalmentsFor(100_000), MAX_PLAN_INSTALMENTS);
  assert.equal(maxInstalmentsFor(0), 0);
  assert.equal(MIN_INSTALMENT_CENTS, 100);
});

Deno.test("readPlanForm: a good form gives the input, trimmed, and no errors", () => {
  const r = readPlanForm(
    form({
      count: " 12 ",
      first_due: " 2026-12-31 ",
      reference: "  Prot. n. 4521/2026 ",
      reason: "\tDifficoltà economiche temporanee\n",
    }),
    4500,
    TODAY,
    it,
  );
  assert.deepEqual(r.errors, {});
  assert.deepEqual(r.input, {
    count: 12,
    firstDue: "2026-12-31",
    reference: "Prot. n. 4521/2026",
    reason: "Difficoltà economiche temporanee",
  });
});

Deno.test("readPlanForm: each field's error in Italian, under its field id", () => {
  const r = readPlanForm(
    { count: "uno", first_due: "31/12/2026", reference: " x ", reason: "boh " },
    4500,
    TODAY,
    it,
  );
  assert.equal(r.input, null);
  assert.deepEqual(Object.keys(r.errors).sort(), Object.values(PLAN_FIELDS).sort());
  assert.equal(
    r.errors[PLAN_FIELDS.count],
    "Indica il numero di rate: un numero intero da 2 a 12.",
  );
  assert.equal(
    r.errors[PLAN_FIELDS.first_due],
    "Indica la scadenza della prima rata: una data da oggi a un anno da oggi.",
  );
  assert.match(r.errors[PLAN_FIELDS.reference], /^Indica il riferimento della richiesta/);
  assert.match(r.errors[PLAN_FIELDS.reference], /da 2 a 200 caratteri\.$/);
  assert.equal(
    r.errors[PLAN_FIELDS.reason],
    "Indica il motivo della rateizzazione, da 5 a 1000 caratteri.",
  );
  // The same in English when the page is.
  const e = readPlanForm(form({ count: "1" }), 4500, TODAY, en);
  assert.equal(
    e.errors[PLAN_FIELDS.count],
    "Enter the number of instalments: a whole number from 2 to 12.",
  );
});

Deno.test("readPlanForm: the first due date from today to a year ahead", () => {
  const due = (first_due: string) =>
    readPlanForm(form({ first_due }), 4500, TODAY, it).errors[PLAN_FIELDS.first_due];
  assert.equal(due(TODAY), undefined, "today");
  assert.ok(due(addDays(TODAY, -1)), "yesterday");
  assert.equal(due(addDays(TODAY, 365)), undefined, "a year ahead");
  assert.equal(addDays(TODAY, 365), "2027-11-29");
  assert.ok(due(addDays(TODAY, 366)), "a year and a day");
  assert.ok(due("2026-02-30"), "not a date");
  assert.ok(due(""), "empty");
});

Deno.test("readPlanForm: the count, from 2 to what the amount allows", () => {
  const count = (c: string, cents = 4500) =>
    readPlanForm(form({ count: c }), cents, TODAY, it).errors[PLAN_FIELDS.count];
  assert.equal(count("2"), undefined);
  assert.equal(count("12"), undefined);
  for (const bad of ["1", "0", "13", "-2", "2.5", "3,0", "", "123", "due"]) {
    assert.ok(count(bad), `«${bad}» refused`);
  }
  // 5,50 € make five instalments of at least 1,00 €, not six; the message says the bound.
  assert.equal(count("5", 550), undefined);
  assert.equal(count("6", 550), "Indica il numero di rate: un numero intero da 2 a 5.");
  // 1,50 € cannot be spread at all, whatever the count.
  for (const c of ["2", "12", "x"]) {
    assert.equal(
      count(c, 150),
      "L'importo è troppo basso per essere rateizzato: ogni rata deve essere di almeno 1,00 €.",
    );
  }
  assert.equal(count("2", 200), undefined);
});

Deno.test("readPlanForm: the lengths of reference and reason, counted after trimming", () => {
  const errs = (over: Partial<PlanForm>) => readPlanForm(form(over), 4500, TODAY, it).errors;
  assert.equal(errs({ reference: "ab" })[PLAN_FIELDS.reference], undefined);
  assert.ok(errs({ reference: " a  " })[PLAN_FIELDS.reference]);
  assert.equal(errs({ reference: "x".repeat(200) })[PLAN_FIELDS.reference], undefined);
  assert.ok(errs({ reference: "x".repeat(201) })[PLAN_FIELDS.reference]);
  assert.equal(errs({ reason: "abcde" })[PLAN_FIELDS.reason], undefined);
  assert.ok(errs({ reason: "  abcd   " })[PLAN_FIELDS.reason]);
  assert.equal(errs({ reason: "x".repeat(1000) })[PLAN_FIELDS.reason], undefined);
  assert.ok(errs({ reason: "x".repeat(1001) })[PLAN_FIELDS.reason]);
});

Deno.test("defaultFirstDue: the last day of the month after today's", () => {
  assert.equal(defaultFirstDue("2026-11-29"), "2026-12-31");
  assert.equal(defaultFirstDue("2026-11-01"), "2026-12-31");
  assert.equal(defaultFirstDue("2026-12-31"), "2027-01-31");
  assert.equal(defaultFirstDue("2027-01-15"), "2027-02-28");
  assert.equal(defaultFirstDue("2028-01-31"), "2028-02-29");
  assert.equal(defaultFirstDue("2027-03-31"), "2027-04-30");
  // Always acceptable to the form.
  const first = defaultFirstDue(TODAY);
  assert.deepEqual(readPlanForm(form({ first_due: first }), 4500, TODAY, it).errors, {});
});

Deno.test("planRefusalOf: the code word the database starts its message with", () => {
  assert.deepEqual(
    planRefusalOf("instalment_plan_paid: the position is already (partly) paid"),
    {
      code: "paid",
      status: 409,
      it: "La posizione è già pagata (anche in parte): non può essere rateizzata.",
      en: "The position is already (partly) paid: it cannot be spread over instalments.",
    },
  );
  assert.equal(planRefusalOf("instalment_plan_forbidden: only the office")?.status, 403);
  assert.equal(planRefusalOf("instalment_plan_not_found: no such position")?.status, 404);
  assert.equal(planRefusalOf("instalment_plan_total: add up to 1400")?.code, "total");
  assert.equal(planRefusalOf("instalment_plan_total: add up to 1400")?.status, 422);
  // An unknown word, a message without the word, the word not at the start.
  assert.equal(planRefusalOf("instalment_plan_whatever: something"), null);
  assert.equal(planRefusalOf("duplicate key value violates unique constraint"), null);
  assert.equal(planRefusalOf("error: instalment_plan_paid: nested"), null);
  assert.equal(planRefusalOf("instalment_plan_paid without a colon"), null);
});

Deno.test("planMail: subject, every instalment with euro and date, the single payment", () => {
  const schedule = planSchedule(10_000, 3, "2026-12-31");
  const m = planMail(
    { ente: "Comune di Valdiponte", payer: "Chiara Colombo", what: "Mensa ottobre 2026" },
    schedule,
    LAW_LAPSE_RULE,
  );
  assert.equal(m.subject, "Comune di Valdiponte: rateizzazione concessa");
  assert.match(m.text, /^Gentile Chiara Colombo,\n\n/);
  assert.match(m.text, /per «Mensa ottobre 2026» è stata accolta/);
  assert.match(m.text, /sostituito da 3 rate:\n/);
  const rows = m.text.split("\n").filter((l) => l.startsWith("- rata "));
  assert.deepEqual(rows, [
    "- rata 1: 33,34 € entro il 31/12/2026",
    "- rata 2: 33,33 € entro il 31/01/2027",
    "- rata 3: 33,33 € entro il 28/02/2027",
  ]);
  assert.match(m.text, /in un'unica soluzione entro il 31\/12\/2026\./);
  assert.match(m.text, /Paga con pagoPA/);
  assert.match(
    m.text,
    /\n\nAttenzione: la rateizzazione decade con il mancato pagamento di due rate consecutive, dopo un sollecito espresso \(L\. 160\/2019, art\. 1 c\. 800\); l'intero importo residuo diventa allora dovuto subito\.\n\n/,
  );
  assert.ok(m.text.endsWith("\n\nComune di Valdiponte"));
  // The Ente's own rule, as its settings have it.
  const own = planMail(
    { ente: "Comune di Valdiponte", payer: "Chiara Colombo", what: "Mensa" },
    schedule,
    { missed: 3, consecutive: false, windowMonths: 6, afterReminder: false },
  );
  assert.match(
    own.text,
    /decade con il mancato pagamento di tre rate, anche non consecutive, nell'arco di sei mesi \(regolamento dell'Ente\);/,
  );

  const nobody = planMail(
    { ente: "Comune di Valdiponte", payer: null, what: "Mensa" },
    schedule,
    LAW_LAPSE_RULE,
  );
  assert.match(nobody.text, /^Gentile utente,\n/);
  assert.doesNotMatch(nobody.text, /\bnull\b|undefined/);
});
