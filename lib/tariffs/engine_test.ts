/**
 * The engine's mechanics: versions by date, every adjustment type, missing-ISEE policies,
 * rounding stages, explanations and exactness. Cases marked INVENTED exercise a feature no cited
 * regulation in these tests uses; the others cite their source.
 */
import assert from "node:assert/strict";
import { quote, QuoteError, quoteVersion } from "./engine.ts";
import { q, reduceBp, round } from "./money.ts";
import type { SituationInput, TariffRules, TariffVersion } from "./schema.ts";
import { regulation } from "./testing.ts";

const v = (rules: TariffRules, validFrom = "2020-01-01", validTo: string | null = null) =>
  ({ validFrom, validTo, rounding: "half_up", rules }) as TariffVersion;
const meal = (cents: number): TariffRules => ({
  kind: "per_use",
  unit: "meal",
  amount: { type: "fixed", cents },
});
const at = (month: string, extra: Partial<SituationInput> = {}) => ({ month, ...extra });

Deno.test("versions: the month's first day picks the version", () => {
  const t = { versions: [v(meal(400), "2025-09-01", "2025-12-31"), v(meal(450), "2026-01-01")] };
  assert.equal(quote(t, at("2025-10")).amountCents, 400);
  assert.equal(quote(t, at("2025-12")).amountCents, 400);
  assert.equal(quote(t, at("2026-01")).amountCents, 450);
  assert.equal(quote(t, at("2027-06")).amountCents, 450);
  assert.throws(() => quote(t, at("2025-08")), (e: QuoteError) => e.code === "no_version");
});

// Comune di Lercara Friddi (PA): the canteen contribution changes "a far data dal 2 febbraio
// 2026", mid-month: https://www.comune.lercarafriddi.pa.it/novita/mensa-scolastica
// (the amounts are in an attachment; the prices below are INVENTED, the date is real).
Deno.test("versions: a mid-month change applies from its day (`on`)", () => {
  const t = { versions: [v(meal(300), "2025-09-01", "2026-02-01"), v(meal(250), "2026-02-02")] };
  assert.equal(quote(t, at("2026-02")).amountCents, 300);
  assert.equal(quote(t, at("2026-02", { on: "2026-02-01" })).amountCents, 300);
  assert.equal(quote(t, at("2026-02", { on: "2026-02-02" })).amountCents, 250);
  assert.throws(
    () => quote(t, at("2026-02", { on: "2026-03-02" })),
    (e: QuoteError) => e.code === "invalid_situation",
  );
});

Deno.test("versions: a later version never changes an earlier month's quote", () => {
  const first = v(meal(400), "2025-09-01");
  const before = quote({ versions: [first] }, at("2025-11", { usesCount: 20 }));
  const closed = { ...first, validTo: "2025-12-31" };
  const after = quote(
    { versions: [closed, v(meal(520), "2026-01-01")] },
    at("2025-11", {
      usesCount: 20,
    }),
  );
  assert.equal(after.amountCents, before.amountCents);
  assert.deepEqual(after.lines, before.lines);
  assert.equal(after.explanation.summary.it, before.explanation.summary.it);
});

// Città di Torino, refezione: the yearly enrolment fee ("quota d'iscrizione") for ISEE above
// 32.000 € went from € 302 to € 202 from September 2019 (la Repubblica Torino, 11/03/2019):
// https://torino.repubblica.it/cronaca/2019/03/11/news/torino_tariffa_meno_cara_alle_mense_scolastiche-221253509/
// The lower bracket's fee is INVENTED (the article gives only the top one).
const torino = (top: number): TariffRules => ({
  kind: "one_off",
  amount: {
    type: "isee_brackets",
    brackets: [
      { fromCents: 0, toCents: 3200000, cents: 10000 },
      { fromCents: 3200001, toCents: null, cents: top },
    ],
  },
});
Deno.test("versions: Torino's enrolment fee, before and after September 2019", () => {
  const t = {
    versions: [v(torino(30200), "2018-09-01", "2019-08-31"), v(torino(20200), "2019-09-01")],
  };
  const s = { iseeCents: 4000000 };
  assert.equal(quote(t, at("2019-03", s)).amountCents, 30200);
  assert.equal(quote(t, at("2019-09", s)).amountCents, 20200);
  assert.equal(quote(t, at("2019-09", s)).lines[0].unit, "once");
  assert.match(quote(t, at("2019-09", s)).explanation.it.join(" "), /una tantum/);
});

// INVENTED: "nuclei con tre o più figli minori: fascia immediatamente inferiore".
const shifted: TariffRules = {
  kind: "monthly",
  amount: {
    type: "isee_brackets",
    brackets: [
      { fromCents: 0, toCents: 500000, cents: 5000 },
      { fromCents: 500001, toCents: 1000000, cents: 8000 },
      { fromCents: 1000001, toCents: null, cents: 12000 },
    ],
  },
  adjustments: [{
    type: "bracket_shift",
    steps: 1,
    when: { minorsInHousehold: { min: 3 } },
    label: "tre o più figli minori",
  }],
};
regulation("INVENTED bracket shift", shifted, [
  ["two minors, bracket 3", { iseeCents: 1500000, minorsInHousehold: 2 }, 12000],
  ["three minors, bracket 3 → 2", { iseeCents: 1500000, minorsInHousehold: 3 }, 8000, [
    "spostata dalla fascia 3",
    "tre o più figli minori",
  ]],
  ["four minors, bracket 2 → 1", { iseeCents: 700000, minorsInHousehold: 4 }, 5000],
  ["three minors already in bracket 1", { iseeCents: 100000, minorsInHousehold: 3 }, 5000],
  [
    "three minors, no ISEE: highest then one lower",
    { iseeCents: null, minorsInHousehold: 3 },
    8000,
  ],
]);

// INVENTED: a fee of 0,9 % of the ISEE a month, between € 100 and € 500, exempt up to 3.000 €.
regulation("INVENTED proportional formula", {
  kind: "monthly",
  amount: {
    type: "isee_proportional",
    rateBp: 90,
    minCents: 10000,
    maxCents: 50000,
    exemptUpToCents: 300000,
  },
}, [
  ["ISEE 3.000 €: exempt", { iseeCents: 300000 }, 0],
  ["ISEE 5.000 €: the minimum", { iseeCents: 500000 }, 10000],
  ["ISEE 20.000 €", { iseeCents: 2000000 }, 18000, ["0,9 %"]],
  ["ISEE 23.456,78 € (211,11102 €)", { iseeCents: 2345678 }, 21111],
  ["ISEE 70.000 €: the maximum", { iseeCents: 7000000 }, 50000],
  ["no ISEE: the maximum", { iseeCents: null }, 50000],
]);

// INVENTED: every other adjustment type on one monthly fee of € 300.
regulation("INVENTED adjustments", {
  kind: "monthly",
  amount: { type: "fixed", cents: 30000 },
  adjustments: [
    { type: "pro_rata_days", when: { settlingIn: true } },
    { type: "surcharge_percent", bp: 2000, when: { resident: false } },
    { type: "surcharge_fixed", cents: 1500, when: { mode: ["afternoon"] } },
    { type: "reduction_fixed", cents: 50000, when: { flags: ["contributo"] } },
    { type: "reduction_fixed", cents: 2500, when: { disability: true } },
    { type: "clamp", minCents: 5000, maxCents: 33000 },
  ],
}, [
  ["plain", { mode: "full_time" }, 30000],
  [
    "settling in, 12 of 20 days",
    { mode: "full_time", isSettlingInMonth: true, daysPresent: 12, openDays: 20 },
    18000,
    [
      "12 giorni su 20",
    ],
  ],
  [
    "settling in, days unknown: not evaluated",
    { mode: "full_time", isSettlingInMonth: true },
    30000,
    [
      "non valutata",
    ],
  ],
  ["non-resident +20 %, capped at € 330", { mode: "full_time", resident: false }, 33000, [
    "massimo 330,00 €",
  ]],
  ["afternoon + € 15", { mode: "afternoon" }, 31500],
  [
    "a € 500 contribution cannot go below the minimum",
    { mode: "full_time", flags: ["contributo"] },
    5000,
    [
      "minimo 50,00 €",
    ],
  ],
  ["disability −€ 25", { mode: "full_time", disability: true }, 27500],
  ["settling in 1 day of 20, then the minimum", {
    mode: "full_time",
    isSettlingInMonth: true,
    daysPresent: 1,
    openDays: 20,
  }, 5000],
  ["social-services exemption beats the minimum", {
    mode: "full_time",
    socialServicesExemption: true,
  }, 0],
]);

Deno.test("social-services exemption needs no other data", () => {
  const needsLevel: TariffRules = {
    kind: "per_use",
    unit: "meal",
    amount: {
      type: "by",
      field: "schoolLevel",
      cases: [{ values: ["primaria"], amount: { type: "fixed", cents: 500 } }],
    },
  };
  const r = quote(
    { versions: [v(needsLevel)] },
    at("2025-10", { socialServicesExemption: true, usesCount: 20 }),
  );
  assert.equal(r.amountCents, 0);
  assert.match(r.explanation.summary.it, /servizi sociali/);
  assert.match(r.explanation.summary.en, /social-services/i);
});

Deno.test("missing ISEE: a chosen bracket, or computed as a given ISEE", () => {
  const brackets: TariffRules = {
    ...shifted,
    adjustments: [],
    missingIsee: { policy: "bracket", bracket: 2 },
  };
  assert.equal(quote({ versions: [v(brackets)] }, at("2025-10")).amountCents, 8000);
  const linear: TariffRules = {
    kind: "monthly",
    amount: {
      type: "isee_linear",
      points: [{ iseeCents: 0, cents: 10000 }, { iseeCents: 3000000, cents: 40000 }],
    },
    missingIsee: { policy: "isee", iseeCents: 2000000 },
  };
  const r = quote({ versions: [v(linear)] }, at("2025-10"));
  assert.equal(r.amountCents, 30000);
  assert.match(r.explanation.it.join(" "), /come per un ISEE di 20\.000,00 €/);
});

Deno.test("rounding once at the end or after each step gives different cents", () => {
  const rules = (each: boolean): TariffRules => ({
    kind: "per_use",
    unit: "meal",
    amount: { type: "fixed", cents: 5 },
    adjustments: [{ type: "reduction_percent", bp: 5000 }, { type: "reduction_percent", bp: 5000 }],
    roundEachStep: each,
  });
  // 0,05 € → 0,025 € → 0,0125 €: 0,01 € at the end; 0,03 € then 0,015 € → 0,02 € step by step
  assert.equal(quote({ versions: [v(rules(false))] }, at("2025-10")).amountCents, 1);
  assert.equal(quote({ versions: [v(rules(true))] }, at("2025-10")).amountCents, 2);
});

Deno.test("groups: only the first matching adjustment of a group applies", () => {
  const rules: TariffRules = {
    ...meal(1000),
    adjustments: [
      { type: "reduction_percent", bp: 1000, group: "g", when: { siblingRank: { min: 2 } } },
      { type: "reduction_percent", bp: 5000, group: "g", when: { siblingRank: { min: 3 } } },
      { type: "reduction_percent", bp: 1000, when: { siblingRank: { min: 3 } } },
    ],
  };
  assert.equal(quote({ versions: [v(rules)] }, at("2025-10", { siblingRank: 3 })).amountCents, 810);
});

Deno.test("monthly + daily: an adjustment can touch one part only", () => {
  const rules: TariffRules = {
    kind: "monthly_plus_daily",
    amount: { type: "fixed", cents: 10000 },
    daily: { type: "fixed", cents: 300 },
    adjustments: [{
      type: "reduction_percent",
      bp: 5000,
      appliesTo: "fixed",
      when: { siblingRank: { min: 2 } },
    }],
  };
  const r = quote({ versions: [v(rules)] }, at("2025-10", { daysPresent: 10, siblingRank: 2 }));
  assert.equal(r.amountCents, 5000 + 3000);
  assert.deepEqual(r.lines.map((l) => [l.part, l.unitCents, l.quantity, l.amountCents]), [
    ["fixed", 5000, 1, 5000],
    ["daily", 300, 10, 3000],
  ]);
  assert.match(r.explanation.summary.it, /50,00 € \+ 3,00 € × 10 = 80,00 €/);
});

Deno.test("per use: the quantity is the uses, days for a per-day unit, or 1 (unit price)", () => {
  const perDay: TariffRules = {
    kind: "per_use",
    unit: "day",
    amount: { type: "fixed", cents: 700 },
  };
  assert.equal(
    quote({ versions: [v(perDay)] }, at("2025-10", { daysPresent: 9 })).amountCents,
    6300,
  );
  const r = quote({ versions: [v(meal(455))] }, at("2025-10"));
  assert.equal(r.amountCents, 455);
  assert.equal(r.explanation.summary.it, "4,55 € a pasto");
  assert.equal(r.explanation.summary.en, "€4.55 per meal");
});

Deno.test("explanation: the issue's example, in Italian and English, as JSON", () => {
  const rules: TariffRules = {
    kind: "per_use",
    unit: "meal",
    amount: {
      type: "isee_brackets",
      brackets: [
        { fromCents: 0, toCents: 600000, cents: 200 },
        { fromCents: 600001, toCents: 1000000, cents: 320 },
        { fromCents: 1000001, toCents: 1500000, cents: 380 },
        { fromCents: 1500001, toCents: null, cents: 450 },
      ],
    },
    adjustments: [{
      type: "reduction_percent",
      bp: 3000,
      when: { siblingRank: { min: 2, max: 2 } },
    }],
  };
  const r = quoteVersion(v(rules), {
    month: "2026-10",
    iseeCents: 1240000,
    siblingRank: 2,
    usesCount: 18,
  });
  assert.equal(r.amountCents, 266 * 18);
  assert.equal(
    r.explanation.summary.it,
    "Fascia 3 (ISEE 12.400,00 €), secondo figlio −30 %: 2,66 € × 18 = 47,88 €",
  );
  assert.equal(
    r.explanation.summary.en,
    "Bracket 3 (ISEE €12,400.00), second child −30%: €2.66 × 18 = €47.88",
  );
  assert.deepEqual(r.explanation.it, [
    "Tariffa in vigore dal 01/01/2020.",
    "ISEE 12.400,00 €.",
    "Fascia 3, da 10.000,01 € a 15.000,00 €: 3,80 €.",
    "Secondo figlio: −30 % (3,80 € → 2,66 €).",
    "2,66 € × 18 pasti = 47,88 €.",
    "Totale: 47,88 €.",
  ]);
  const json = JSON.parse(JSON.stringify(r));
  assert.equal(json.explanation.steps[3].changes[0].after, "2.66");
  assert.equal(json.explanation.steps.at(-1).amountCents, 4788);
});

Deno.test("situation errors are QuoteErrors with both languages", () => {
  for (
    const bad of [{ month: "2025-13" }, { month: "2025-10", iseeCents: -1 }, {
      month: "2025-10",
      siblingRank: 0,
    }]
  ) {
    assert.throws(
      () => quote({ versions: [v(meal(1))] }, bad as SituationInput),
      (e: QuoteError) => {
        assert.equal(e.code, "invalid_situation");
        assert.match(e.message, /Situazione non valida/);
        assert.match(e.messageEn, /Invalid situation/);
        return true;
      },
    );
  }
});

Deno.test("no floating-point drift: 20 000 random reductions equal the integer reference", () => {
  let seed = 42;
  const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
  for (let i = 0; i < 20_000; i++) {
    const cents = rand(100_000);
    const bp = rand(10_001);
    const rules: TariffRules = { ...meal(cents), adjustments: [{ type: "reduction_percent", bp }] };
    const got = quote({ versions: [v(rules)] }, { month: "2025-10" }).amountCents;
    // reference: half up of cents × (10000 − bp) / 10000 in integers
    const num = BigInt(cents) * BigInt(10_000 - bp);
    const want = Number((num * 2n + 10_000n) / 20_000n);
    assert.equal(got, want, `${cents} cents −${bp} bp`);
  }
});

Deno.test("no floating-point drift: 0,45 € −30 % is 0,315 € → 0,32 €, where floats say 0,31 €", () => {
  assert.equal(Math.round(45 * (1 - 3000 / 10_000)), 31); // 31.499999999999996
  const rules: TariffRules = {
    ...meal(45),
    adjustments: [{ type: "reduction_percent", bp: 3000 }],
  };
  const r = quote({ versions: [v(rules)] }, at("2025-10", { usesCount: 20 }));
  assert.equal(r.lines[0].unitCents, 32);
  assert.equal(r.amountCents, 640);
  assert.match(r.explanation.it.join(" "), /0,315 € → 0,32 €/);
});

Deno.test("no floating-point drift: 0,10 € × 3 and a third of 1,00 € repeated", () => {
  assert.equal(quote({ versions: [v(meal(10))] }, at("2025-10", { usesCount: 3 })).amountCents, 30);
  let x = q(100);
  for (let i = 0; i < 12; i++) x = reduceBp(x, 3333);
  // exact: 100 × 0,6667^12 = 0,7747… cents → 1 cent; never 0 or 2 from accumulated error
  assert.equal(round(x, "half_up"), 1);
});
