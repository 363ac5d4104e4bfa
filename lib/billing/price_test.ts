import assert from "node:assert/strict";
import type { TariffRules } from "../tariffs/schema.ts";
import { instalmentDue, splitInstalments } from "./instalment_plan.ts";
import { remittance } from "./issue.ts";
import { type MonthFacts, monthsOf, priceMonth, type TariffWithId, type Usage } from "./price.ts";
import { defaultLabel } from "./runs.ts";

const tariff = (rules: TariffRules, validFrom = "2026-09-01"): TariffWithId => ({
  id: "t1",
  title: "Tariffa",
  versions: [{ validFrom, validTo: null, rounding: "half_up", rules }],
});

const PER_MEAL: TariffRules = {
  kind: "per_use",
  unit: "meal",
  amount: {
    type: "isee_brackets",
    brackets: [
      { fromCents: 0, toCents: 800_000, cents: 250 },
      { fromCents: 800_001, toCents: null, cents: 450 },
    ],
  },
  adjustments: [{ type: "reduction_percent", bp: 3000, when: { siblingRank: { min: 2 } } }],
};
const MONTHLY: TariffRules = { kind: "monthly", amount: { type: "fixed", cents: 20_000 } };
const MONTHLY_DAILY: TariffRules = {
  kind: "monthly_plus_daily",
  amount: { type: "fixed", cents: 12_000 },
  daily: { type: "fixed", cents: 210 },
};
const YEARLY: TariffRules = {
  kind: "per_period",
  period: "year",
  amount: { type: "fixed", cents: 18_000 },
};

function usage(over: Partial<Usage> = {}): Usage {
  return {
    enrollment_id: "e1",
    service_id: "s1",
    payer_id: "p1",
    beneficiary_id: "b1",
    site_id: null,
    starts_on: "2026-09-15",
    ends_on: "2027-06-10",
    withdrawn_on: null,
    tariff_id: "t1",
    tariff_assignment: { situation: { month: "2026-09", iseeCents: 500_000, siblingRank: 1 } },
    override_cents: null,
    social_services_exemption: false,
    disability: false,
    payer_tax_code: "RSSMRA80A01H501U",
    payer_merged: false,
    beneficiary_name: "Sofia Ricci",
    open_days: 22,
    billable_days: 20,
    absent_days: 2,
    white_meals: 1,
    voided_days: 0,
    ...over,
  };
}

const OCT: MonthFacts = {
  month: "2026-10",
  from: "2026-10-01",
  to: "2026-10-31",
  monthOpenDays: 22,
  serviceTitle: "Mensa",
};

Deno.test("price: per meal — days present × the bracket's price, described for the family", () => {
  const r = priceMonth(tariff(PER_MEAL), usage(), OCT);
  assert.equal(r.problem, null);
  assert.equal(r.lines.length, 1);
  const l = r.lines[0];
  assert.deepEqual([l.kind, l.unit, l.quantity, l.unit_cents, l.amount_cents], [
    "usage",
    "meal",
    20,
    250,
    5000,
  ]);
  assert.equal(l.description, "Mensa ottobre 2026 — Sofia Ricci: 20 pasti × 2,50 €");
  assert.equal(
    l.explanation.summary.it,
    "Mensa ottobre 2026: 20 pasti × 2,50 € = 50,00 € — Fascia 1 (ISEE 5.000,00 €): 2,50 € a pasto",
  );
  assert.match(l.explanation.summary.en, /20 meals/);
  assert.equal(l.explanation.usage.absent_days, 2);
  assert.deepEqual(l.explanation.tariff, { id: "t1", title: "Tariffa", valid_from: "2026-09-01" });
});

Deno.test("price: the situation's reductions apply (second child −30 %)", () => {
  const r = priceMonth(
    tariff(PER_MEAL),
    usage({
      tariff_assignment: { situation: { month: "2026-09", iseeCents: 900_000, siblingRank: 2 } },
    }),
    OCT,
  );
  assert.equal(r.lines[0].unit_cents, 315);
  assert.equal(r.lines[0].amount_cents, 6300);
  assert.match(r.lines[0].explanation.steps.it.join(" "), /30/);
});

Deno.test("price: no meal, no line", () => {
  const r = priceMonth(tariff(PER_MEAL), usage({ billable_days: 0 }), OCT);
  assert.deepEqual(r, { lines: [], problem: null });
});

Deno.test("price: the office's override replaces the unit price, and says so", () => {
  const r = priceMonth(tariff(PER_MEAL), usage({ override_cents: 100 }), OCT);
  assert.equal(r.lines[0].amount_cents, 2000);
  assert.deepEqual(r.lines[0].explanation.override, { cents: 100 });
  assert.match(r.lines[0].explanation.steps.it.at(-1)!, /stabilito dall'ufficio/);
  assert.match(r.lines[0].explanation.summary.it, /20 pasti × 1,00 € = 20,00 €/);
});

Deno.test("price: social-services exemption charges nothing", () => {
  const r = priceMonth(tariff(MONTHLY), usage({ social_services_exemption: true }), OCT);
  assert.deepEqual(r.lines, []);
});

Deno.test("price: a monthly fee for the whole month", () => {
  const r = priceMonth(tariff(MONTHLY), usage(), OCT);
  assert.deepEqual(
    r.lines.map((l) => [l.kind, l.unit, l.amount_cents, l.description]),
    [["fee", "month", 20_000, "Mensa ottobre 2026 — Sofia Ricci"]],
  );
});

Deno.test("price: a monthly fee pro rata when the child starts in the month", () => {
  const r = priceMonth(
    tariff(MONTHLY),
    usage({ starts_on: "2026-10-16", open_days: 11 }),
    OCT,
  );
  assert.equal(r.lines[0].amount_cents, 10_000);
  assert.deepEqual(r.lines[0].explanation.pro_rata, { days: 11, of: 22 });
  assert.match(r.lines[0].explanation.steps.it.at(-1)!, /inizio nel mese.*11\/22/);
});

Deno.test("price: a monthly fee pro rata on withdrawal, rounded half up", () => {
  const r = priceMonth(
    tariff(MONTHLY),
    usage({ withdrawn_on: "2026-10-09", open_days: 7 }),
    OCT,
  );
  // 200,00 × 7 / 22 = 63,636… → 63,64
  assert.equal(r.lines[0].amount_cents, 6364);
  assert.match(r.lines[0].explanation.steps.it.at(-1)!, /ritiro/);
});

Deno.test("price: the tariff's own pro-rata rule is not applied twice", () => {
  const rules: TariffRules = { ...MONTHLY, adjustments: [{ type: "pro_rata_days" }] };
  const r = priceMonth(tariff(rules), usage({ open_days: 11, billable_days: 11 }), OCT);
  assert.equal(r.lines[0].amount_cents, 10_000);
  assert.equal(r.lines[0].explanation.pro_rata, undefined);
});

Deno.test("price: monthly fixed part plus days present", () => {
  const r = priceMonth(tariff(MONTHLY_DAILY), usage({ billable_days: 18 }), OCT);
  assert.deepEqual(
    r.lines.map((l) => [l.kind, l.unit, l.quantity, l.amount_cents]),
    [["fee", "month", 1, 12_000], ["usage", "day", 18, 3780]],
  );
});

Deno.test("price: a yearly fee once per enrollment", () => {
  const first = priceMonth(tariff(YEARLY), usage(), OCT);
  assert.deepEqual(first.lines.map((l) => [l.kind, l.unit, l.amount_cents]), [
    ["fee", "year", 18_000],
  ]);
  assert.equal(first.lines[0].description, "Mensa — Sofia Ricci");
  assert.deepEqual(priceMonth(tariff(YEARLY), usage(), OCT, true), { lines: [], problem: null });
});

Deno.test("price: problems in words — no tariff, no version, no tax code, merged payer", () => {
  const code = (r: ReturnType<typeof priceMonth>) => r.problem?.code;
  assert.equal(code(priceMonth(null, usage({ tariff_id: null }), OCT)), "tariff_missing");
  assert.match(priceMonth(null, usage(), OCT).problem!.it, /ottobre 2026/);
  assert.equal(code(priceMonth(tariff(PER_MEAL, "2026-11-01"), usage(), OCT)), "tariff_missing");
  assert.equal(
    code(priceMonth(tariff(PER_MEAL), usage({ payer_tax_code: null }), OCT)),
    "payer_without_tax_code",
  );
  assert.equal(
    code(priceMonth(tariff(PER_MEAL), usage({ payer_merged: true }), OCT)),
    "payer_merged",
  );
  assert.equal(
    code(priceMonth(tariff(PER_MEAL), usage({ tariff_assignment: null }), OCT)),
    "tariff_not_assigned",
  );
  const draft = priceMonth({ ...tariff(PER_MEAL), status: "draft" }, usage(), OCT);
  assert.equal(code(draft), "tariff_draft");
  assert.match(draft.problem!.it, /in bozza/);
});

Deno.test("months of a period", () => {
  assert.deepEqual(monthsOf("2026-10-01", "2026-10-31"), [
    { month: "2026-10", from: "2026-10-01", to: "2026-10-31" },
  ]);
  assert.deepEqual(monthsOf("2026-12-15", "2027-02-10").map((m) => [m.from, m.to]), [
    ["2026-12-15", "2026-12-31"],
    ["2027-01-01", "2027-01-31"],
    ["2027-02-01", "2027-02-10"],
  ]);
});

Deno.test("run labels", () => {
  assert.equal(defaultLabel("2026-10-01", "2026-10-31"), "Ottobre 2026");
  assert.equal(defaultLabel("2026-09-01", "2026-12-31"), "Settembre–dicembre 2026");
  assert.equal(defaultLabel("2026-09-01", "2027-06-30"), "Settembre 2026 – giugno 2027");
  assert.equal(defaultLabel("2026-10-05", "2026-10-20"), "Dal 05/10/2026 al 20/10/2026");
});

Deno.test("instalments: amounts add up, due a month apart, end of month clamps", () => {
  assert.deepEqual(splitInstalments(10_000, 3), [3334, 3333, 3333]);
  assert.equal(splitInstalments(12_345, 4).reduce((a, b) => a + b), 12_345);
  assert.equal(instalmentDue("2026-11-30", 1), "2026-11-30");
  assert.equal(instalmentDue("2026-11-30", 2), "2026-12-30");
  assert.equal(instalmentDue("2027-01-31", 2), "2027-02-28");
  assert.equal(instalmentDue("2026-11-30", 3), "2027-01-30");
});

Deno.test("remittance: service, period and pupils within 140 characters", () => {
  assert.equal(
    remittance(["Mensa"], "Ottobre 2026", ["Sofia Ricci", "Tommaso Ricci"]),
    "Mensa - Ottobre 2026 - Sofia Ricci, Tommaso Ricci",
  );
  const long = remittance(["Mensa"], "Ottobre 2026", Array(20).fill("Bartolomeo Abbondanzieri"));
  assert.equal(long.length, 140);
  assert.ok(long.endsWith("…"));
});

Deno.test("price: one quote per situation serves every count, the cache keeps results exact", () => {
  const cache = new Map();
  const a = priceMonth(tariff(PER_MEAL), usage({ billable_days: 20 }), OCT, false, cache);
  const b = priceMonth(tariff(PER_MEAL), usage({ billable_days: 7 }), OCT, false, cache);
  assert.equal(cache.size, 1);
  assert.equal(a.lines[0].amount_cents, 5000);
  assert.equal(b.lines[0].amount_cents, 1750);
  assert.match(b.lines[0].explanation.summary.it, /7 pasti × 2,50 € = 17,50 €/);
  // A rule on days present makes the count part of the quote.
  const rules: TariffRules = {
    ...PER_MEAL,
    adjustments: [{ type: "reduction_percent", bp: 1000, when: { daysPresent: { min: 15 } } }],
  };
  const c2 = new Map();
  const many = priceMonth(tariff(rules), usage({ billable_days: 20 }), OCT, false, c2);
  const few = priceMonth(tariff(rules), usage({ billable_days: 7 }), OCT, false, c2);
  assert.equal(c2.size, 2);
  assert.equal(many.lines[0].unit_cents, 225);
  assert.equal(few.lines[0].unit_cents, 250);
});
