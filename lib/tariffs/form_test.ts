import assert from "node:assert/strict";
import { describeRules } from "./describe.ts";
import { quote } from "./engine.ts";
import { emptyForm, fieldOf, formToRules, rulesToForm } from "./form.ts";
import type { TariffRules } from "./schema.ts";
import { validateRules } from "./validate.ts";

function bracketsForm() {
  const f = emptyForm("brackets");
  [["0", "6.000,00", "2,00"], ["6.000,01", "9.360,00", "3,50"], ["9.360,01", "", "4,00"]]
    .forEach(([from, to, amount], i) => (f.brackets[i] = { from, to, amount }));
  f.sibling2 = "30";
  f.sibling3 = "50";
  f.nonResident = "surcharge";
  f.nonResidentValue = "20";
  return f;
}

Deno.test("form → rules: brackets, siblings and a non-resident surcharge", () => {
  const { rules, errors } = formToRules(bracketsForm());
  assert.deepEqual(errors, {});
  assert.deepEqual(rules, {
    kind: "per_use",
    unit: "meal",
    amount: {
      type: "isee_brackets",
      brackets: [
        { fromCents: 0, toCents: 600000, cents: 200 },
        { fromCents: 600001, toCents: 936000, cents: 350 },
        { fromCents: 936001, toCents: null, cents: 400 },
      ],
    },
    missingIsee: { policy: "highest" },
    adjustments: [
      { type: "surcharge_percent", bp: 2000, when: { resident: false } },
      {
        type: "reduction_percent",
        bp: 3000,
        group: "fratelli",
        when: { siblingRank: { min: 2, max: 2 } },
      },
      { type: "reduction_percent", bp: 5000, group: "fratelli", when: { siblingRank: { min: 3 } } },
    ],
  });
  const check = validateRules(rules);
  assert.equal(check.ok, true);
  const r = quote({
    versions: [{
      validFrom: "2026-09-01",
      validTo: null,
      rounding: "half_up",
      rules: check.rules!,
    }],
  }, { month: "2026-10", iseeCents: 700000, siblingRank: 2, resident: false });
  assert.equal(r.amountCents, 294); // 3,50 × 1,2 × 0,7
});

Deno.test("form ↔ rules round trip for both guided editors", () => {
  const fromBrackets = formToRules(bracketsForm()).rules as TariffRules;
  assert.deepEqual(formToRules(rulesToForm(fromBrackets)).rules, fromBrackets);
  const f = emptyForm("linear");
  Object.assign(f, {
    kind: "monthly",
    iseeMin: "4.500,01",
    iseeMax: "30.000,00",
    amountMin: "30",
    amountMax: "280",
    exemptUpTo: "4500",
    nonResident: "highest",
    missingIsee: "bracket",
    missingIseeBracket: "1",
  });
  const linear = formToRules(f).rules as TariffRules;
  assert.deepEqual(linear.amount, {
    type: "isee_linear",
    points: [{ iseeCents: 450001, cents: 3000 }, { iseeCents: 3000000, cents: 28000 }],
    exemptUpToCents: 450000,
  });
  const back = rulesToForm(linear);
  assert.equal(back.editor, "linear");
  assert.equal(back.nonResident, "highest");
  assert.deepEqual(formToRules(back).rules, linear);
});

Deno.test("rules the guided form cannot show open as JSON", () => {
  const f = rulesToForm({
    kind: "monthly_plus_daily",
    amount: { type: "fixed", cents: 100 },
    daily: { type: "fixed", cents: 10 },
  });
  assert.equal(f.editor, "json");
  assert.equal(JSON.parse(f.json).daily.cents, 10);
  const custom = rulesToForm({
    kind: "monthly",
    amount: { type: "fixed", cents: 1 },
    adjustments: [{ type: "exempt", when: { disability: true } }],
  });
  assert.equal(custom.editor, "json");
});

Deno.test("form typing mistakes are reported per field, in both languages", () => {
  const f = bracketsForm();
  f.brackets[1].amount = "tre e cinquanta";
  f.sibling2 = "trenta";
  f.missingIsee = "bracket";
  f.missingIseeBracket = "x";
  const { errors } = formToRules(f);
  assert.deepEqual(Object.keys(errors).sort(), ["b-1-amount", "missingIseeBracket", "sibling2"]);
  assert.match(errors["b-1-amount"].it, /«tre e cinquanta» non è un importo/);
  assert.match(errors.sibling2.en, /is not a percentage/);
  const json = emptyForm("json");
  json.json = "{";
  assert.match(formToRules(json).errors.json.it, /non è JSON valido/);
});

Deno.test("engine issues land on the field they concern", () => {
  const f = bracketsForm();
  f.brackets[1].from = "5.000,00";
  const check = validateRules(formToRules(f).rules);
  assert.equal(check.ok, false);
  assert.deepEqual(check.errors.map((e) => fieldOf(e, f)), ["b-1-from"]);
});

Deno.test("rules in words, Italian and English", () => {
  const rules = formToRules(bracketsForm()).rules as TariffRules;
  const text = (lang: "it" | "en") => JSON.stringify(describeRules(rules, lang));
  assert.match(text("it"), /A consumo: prezzo per pasto/);
  assert.match(text("it"), /Fascia 2: ISEE da 6\.000,01 € a 9\.360,00 € → 3,50 €/);
  assert.match(
    text("it"),
    /secondo figlio: −30 % \(gruppo «fratelli»: si applica la prima che vale\)/,
  );
  assert.match(text("it"), /Senza ISEE valido: tariffa massima/);
  assert.match(text("en"), /Bracket 3: ISEE from €9,360.01 → €4.00/);
  assert.match(text("en"), /non-resident: \+20%/);
});
