/**
 * Configuration validates itself: each mistake an operator can make is refused with a specific
 * code and an Italian sentence that says where and what. Two cases come from real published
 * tables whose bounds, taken literally, leave ISEE values uncovered.
 */
import assert from "node:assert/strict";
import { validateRules, validateTariff, validateVersions } from "./validate.ts";

const brackets = (...b: [number, number | null, number][]) => ({
  type: "isee_brackets",
  brackets: b.map(([fromCents, toCents, cents]) => ({ fromCents, toCents, cents })),
});
const monthly = (amount: unknown, extra: Record<string, unknown> = {}) => ({
  kind: "monthly",
  amount,
  ...extra,
});
const OK = brackets([0, 500000, 100], [500001, null, 200]);

type Row = [what: string, rules: unknown, code: string, italian: string, path?: string];

const ROWS: Row[] = [
  // Comune di Cernobbio (CO), buoni pasto, Deliberazione G.C. n. 139 del 07/09/2006:
  // https://sportellotelematico.comune.cernobbio.co.it/node/3986 — "fino a 6.692,30 €" then
  // "da 6.692,40 €": an ISEE of 6.692,31–6.692,39 € falls in no bracket.
  [
    "Cernobbio 2006: a 9-cent gap between published brackets",
    monthly(brackets([0, 669230, 3400], [669240, 836549, 4470], [836550, null, 5500])),
    "gap_in_brackets",
    "Importo, fascia 2: tra la fascia 1 e la fascia 2 un ISEE da 6.692,31 € a 6.692,39 € non è coperto da nessuna fascia.",
    "amount.brackets.1",
  ],
  // Comune di Canicattini Bagni (SR), nido 2020/21 (see regulations_nursery_test.ts): "da 0 a
  // 2.500", "da 2.501 a 5.000" taken literally in cents.
  [
    "Canicattini Bagni 2020/21 literally: 2.500,01–2.500,99 € uncovered",
    monthly(brackets([0, 250000, 2500], [250100, 500000, 5000], [500100, null, 7500])),
    "gap_in_brackets",
    "un ISEE da 2.500,01 € a 2.500,99 € non è coperto",
  ],
  [
    "overlapping brackets",
    monthly(brackets([0, 600000, 200], [590000, null, 350])),
    "overlapping_brackets",
    "si sovrappone alla fascia 1: un ISEE da 5.900,00 € a 6.000,00 € cadrebbe in entrambe",
  ],
  [
    "first bracket not from zero",
    monthly(brackets([100000, null, 200])),
    "isee_not_covered",
    "un ISEE da 0,00 € a 999,99 € non è coperto da nessuna fascia",
  ],
  [
    "last bracket closed",
    monthly(brackets([0, 1500000, 200])),
    "isee_not_covered",
    "l'ultima fascia termina a 15.000,00 €: un ISEE superiore non è coperto",
  ],
  [
    "open bracket before the last",
    monthly(brackets([0, null, 200], [600001, null, 300])),
    "open_bracket_not_last",
    "non ha limite superiore ma non è l'ultima",
  ],
  [
    "bracket upper bound below lower",
    monthly(brackets([0, 500000, 200], [500001, 400000, 300], [400001, null, 400])),
    "bracket_bounds",
    "il limite superiore (4.000,00 €) è minore di quello inferiore (5.000,01 €)",
  ],
  [
    "exempt bracket with an amount",
    monthly({
      type: "isee_brackets",
      brackets: [{ fromCents: 0, toCents: null, cents: 300, exempt: true }],
    }),
    "exempt_with_amount",
    "è esente ma ha un importo di 3,00 €",
  ],
  [
    "formula: minimum ISEE above maximum",
    monthly({
      type: "isee_linear",
      points: [{ iseeCents: 3000000, cents: 10000 }, { iseeCents: 500000, cents: 40000 }],
    }),
    "formula_isee_order",
    "l'ISEE minimo della formula (30.000,00 €) deve essere minore dell'ISEE massimo (5.000,00 €)",
  ],
  [
    "formula: min fee above max fee",
    monthly({
      type: "isee_linear",
      points: [{ iseeCents: 500000, cents: 40000 }, { iseeCents: 3000000, cents: 10000 }],
    }),
    "formula_amount_order",
    "la tariffa minima (400,00 €) è maggiore della tariffa massima (100,00 €)",
  ],
  [
    "piecewise formula falling",
    monthly({
      type: "isee_linear",
      points: [
        { iseeCents: 0, cents: 100 },
        { iseeCents: 100, cents: 300 },
        { iseeCents: 200, cents: 200 },
      ],
    }),
    "formula_amount_order",
    "la tariffa non può scendere al crescere dell'ISEE",
  ],
  [
    "exemption above the formula",
    monthly({
      type: "isee_linear",
      exemptUpToCents: 5000000,
      points: [{ iseeCents: 0, cents: 100 }, { iseeCents: 3000000, cents: 200 }],
    }),
    "exemption_above_formula",
    "la formula non si applicherebbe mai",
  ],
  [
    "proportional: min above max",
    monthly({ type: "isee_proportional", rateBp: 90, minCents: 50000, maxCents: 10000 }),
    "formula_amount_order",
    "la tariffa minima (500,00 €) è maggiore della tariffa massima (100,00 €)",
  ],
  [
    "proportional over 100 %",
    monthly({ type: "isee_proportional", rateBp: 12000, maxCents: 10000 }),
    "rate_too_high",
    "l'aliquota supera il 100 %",
  ],
  [
    "reduction over 100 %",
    monthly(OK, { adjustments: [{ type: "reduction_percent", bp: 12000 }] }),
    "reduction_over_100",
    "Regola 1, percentuale: la riduzione (120 %) supera il 100 %.",
    "adjustments.0.bp",
  ],
  [
    "negative amount",
    monthly(brackets([0, 500000, -100], [500001, null, 200])),
    "negative",
    "Importo, fascia 1, importo: non può essere negativo.",
  ],
  [
    "amount not in whole cents",
    monthly({ type: "fixed", cents: 4.5 }),
    "invalid_type",
    "deve essere un numero intero (gli importi sono in centesimi)",
  ],
  [
    "unknown field (a typo)",
    monthly(OK, { adjustmens: [] }),
    "unknown_field",
    "campo sconosciuto: adjustmens",
  ],
  [
    "unknown amount type",
    monthly({ type: "fasce", cents: 1 }),
    "invalid_value",
    "valore non ammesso: usa uno tra fixed, isee_brackets",
  ],
  ["missing amount", { kind: "monthly" }, "required", "Importo: campo obbligatorio mancante."],
  [
    "per use without unit",
    { kind: "per_use", amount: OK },
    "missing_unit",
    "indica l'unità: pasto, corsa, giorno o utilizzo",
  ],
  [
    "per period without period",
    { kind: "per_period", amount: OK },
    "missing_period",
    "indica il periodo",
  ],
  [
    "monthly + daily without the daily part",
    { kind: "monthly_plus_daily", amount: OK },
    "missing_daily",
    "manca la quota giornaliera",
  ],
  [
    "daily part on a monthly tariff",
    monthly(OK, { daily: OK }),
    "unexpected_field",
    "la quota giornaliera vale solo",
  ],
  [
    "unit on a monthly tariff",
    monthly(OK, { unit: "meal" }),
    "unexpected_field",
    "l'unità vale solo per le tariffe a consumo",
  ],
  [
    "clamp min above max",
    monthly(OK, { adjustments: [{ type: "clamp", minCents: 5000, maxCents: 1000 }] }),
    "clamp_min_max",
    "l'importo minimo (50,00 €) è maggiore del massimo (10,00 €)",
  ],
  [
    "empty clamp",
    monthly(OK, { adjustments: [{ type: "clamp" }] }),
    "clamp_empty",
    "indica un importo minimo, un massimo o entrambi",
  ],
  [
    "bracket shift without brackets",
    monthly({ type: "fixed", cents: 100 }, { adjustments: [{ type: "bracket_shift", steps: 1 }] }),
    "shift_without_brackets",
    "lo spostamento di fascia richiede una tabella a fasce ISEE",
  ],
  [
    "fixed part on a monthly tariff",
    monthly(OK, {
      adjustments: [{ type: "reduction_percent", bp: 100, appliesTo: "fixed" }],
    }),
    "applies_to_part",
    "quota fissa e giornaliera esistono solo",
  ],
  [
    "pro rata on a per-use tariff",
    { kind: "per_use", unit: "meal", amount: OK, adjustments: [{ type: "pro_rata_days" }] },
    "pro_rata_per_use",
    "già proporzionale",
  ],
  [
    "missing-ISEE bracket beyond the table",
    monthly(OK, { missingIsee: { policy: "bracket", bracket: 5 } }),
    "missing_isee_bracket",
    "la fascia 5 non esiste (la tabella ne ha 2)",
  ],
  [
    "missing-ISEE bracket with a formula",
    monthly({
      type: "isee_linear",
      points: [{ iseeCents: 0, cents: 1 }, { iseeCents: 2, cents: 3 }],
    }, { missingIsee: { policy: "bracket", bracket: 1 } }),
    "missing_isee_bracket",
    "richiede che la tariffa usi solo tabelle a fasce",
  ],
  [
    "no ISEE with an unbounded proportional formula",
    monthly({ type: "isee_proportional", rateBp: 90 }),
    "missing_isee_highest",
    "la formula proporzionale non ha un massimo",
  ],
  [
    "switch case with no values",
    monthly({ type: "by", field: "mode", cases: [{ amount: OK }] }),
    "case_without_match",
    "indica i valori o l'intervallo del caso",
  ],
  [
    "switch value of the wrong kind",
    monthly({ type: "by", field: "schoolLevel", cases: [{ values: ["liceo"], amount: OK }] }),
    "case_value_type",
    'valore "liceo" non ammesso',
  ],
  [
    "switch value twice",
    monthly({
      type: "by",
      field: "mode",
      otherwise: OK,
      cases: [{ values: ["full_time"], amount: OK }, { values: ["full_time"], amount: OK }],
    }),
    "duplicate_case_value",
    "compare già nel caso 1",
  ],
  [
    "sibling ranks not all covered",
    monthly({
      type: "by",
      field: "siblingRank",
      cases: [{ values: [1], amount: OK }, { values: [2], amount: OK }],
    }),
    "uncovered_case",
    "nessun caso copre il valore 3",
  ],
  [
    "residency with one case only",
    monthly({ type: "by", field: "resident", cases: [{ values: [true], amount: OK }] }),
    "uncovered_case",
    "mancano un caso per «sì» e uno per «no»",
  ],
  [
    "an invalid bracket inside a switch",
    monthly({
      type: "by",
      field: "resident",
      cases: [
        { values: [true], amount: OK },
        { values: [false], amount: brackets([0, 100, 1]) },
      ],
    }),
    "isee_not_covered",
    "Importo, caso 2, importo, fascia 1: l'ultima fascia termina",
  ],
  [
    "condition range min above max",
    monthly(OK, {
      adjustments: [{
        type: "reduction_percent",
        bp: 100,
        when: { daysPresent: { min: 10, max: 3 } },
      }],
    }),
    "range_min_max",
    "il minimo (10) è maggiore del massimo (3)",
  ],
  [
    "ISEE condition min above max",
    monthly(OK, {
      adjustments: [{
        type: "reduction_percent",
        bp: 100,
        when: { isee: { min: 900000, max: 100000 } },
      }],
    }),
    "range_min_max",
    "l'ISEE minimo (9.000,00 €) è maggiore del massimo (1.000,00 €)",
  ],
  [
    "a rule its group never reaches",
    monthly(OK, {
      adjustments: [
        { type: "reduction_percent", bp: 100, group: "g" },
        { type: "reduction_percent", bp: 200, group: "g", when: { resident: false } },
      ],
    }),
    "unreachable_rule",
    "nel gruppo «g» la regola 1 senza condizioni si applica sempre prima",
  ],
];

for (const [what, rules, code, italian, path] of ROWS) {
  Deno.test(`validateRules refuses: ${what} (${code})`, () => {
    const r = validateRules(rules);
    assert.equal(r.ok, false);
    const hit = r.errors.find((e) => e.code === code);
    assert.ok(hit, `no ${code} in ${JSON.stringify(r.errors, null, 1)}`);
    assert.ok(hit.message.includes(italian), `«${italian}» not in «${hit.message}»`);
    assert.ok(hit.messageEn.length > 10);
    if (path) assert.equal(hit.path, path);
  });
}

Deno.test("validateRules accepts a correct table and returns the parsed rules", () => {
  const r = validateRules(monthly(OK));
  assert.equal(r.ok, true);
  assert.equal(r.rules?.kind, "monthly");
});

Deno.test("validateVersions: overlaps and reversed dates", () => {
  assert.deepEqual(
    validateVersions([
      { validFrom: "2025-09-01", validTo: "2025-12-31" },
      { validFrom: "2026-01-01", validTo: null },
    ]),
    [],
  );
  const overlap = validateVersions([
    { validFrom: "2026-01-01", validTo: null },
    { validFrom: "2025-09-01", validTo: "2026-01-31" },
  ]);
  assert.deepEqual(overlap.map((e) => e.code), ["versions_overlap"]);
  assert.match(overlap[0].message, /dal 2025-09-01 e dal 2026-01-01 si sovrappongono/);
  assert.deepEqual(
    validateVersions([{ validFrom: "2026-01-01", validTo: null }, {
      validFrom: "2027-01-01",
      validTo: null,
    }]).map((e) => e.code),
    ["versions_overlap"],
  );
  assert.deepEqual(
    validateVersions([{ validFrom: "2026-01-01", validTo: "2025-12-31" }]).map((e) => e.code),
    ["version_dates"],
  );
});

Deno.test("validateTariff: each version's rules and the versions together", () => {
  const errors = validateTariff({
    versions: [
      { validFrom: "2025-09-01", validTo: null, rules: monthly(OK) },
      { validFrom: "2026-01-01", validTo: null, rules: monthly(brackets([0, 10, 1])) },
    ],
  });
  assert.deepEqual(errors.map((e) => e.code), ["isee_not_covered", "versions_overlap"]);
  assert.equal(errors[0].path, "versions.1.rules.amount.brackets.0");
  assert.match(errors[0].message, /^Versione dal 2026-01-01 — Importo, fascia 1:/);
});
