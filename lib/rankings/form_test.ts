import assert from "node:assert/strict";
import { DEMO_NURSERY_RULES } from "./demo.ts";
import { formOfRules, rulesOfForm } from "./form.ts";

Deno.test("the criteria form round-trips the rules it can show", () => {
  const f = formOfRules(DEMO_NURSERY_RULES);
  assert.equal(f.isee_below_threshold, "12000,00");
  const { rules, errors } = rulesOfForm(f);
  assert.deepEqual(errors, {});
  assert.ok(rules);
  const byCode = Object.fromEntries(rules.criteria.map((c) => [c.code, c]));
  assert.deepEqual(byCode.genitori_lavoratori, DEMO_NURSERY_RULES.criteria[1]);
  assert.equal((byCode.isee_basso as { threshold_cents: number }).threshold_cents, 1_200_000);
  assert.equal(rules.criteria.length, DEMO_NURSERY_RULES.criteria.length);
  assert.deepEqual(byCode.disabilita, DEMO_NURSERY_RULES.criteria[0], "labels are kept");
  assert.deepEqual(rules.tie_breakers, ["lower_isee", "older_child"]);
  assert.equal(rules.residents_first, true);
});

Deno.test("the criteria form puts each message beside its field", () => {
  const cases: [Record<string, string>, string, RegExp][] = [
    [{ disability_points: "tre" }, "disability_points", /numero intero/],
    [{ disability_points: "1001" }, "disability_points", /da 0 a 1000/],
    [
      { isee_below_points: "4", isee_below_threshold: "dodicimila" },
      "isee_below_threshold",
      /euro/,
    ],
    [{ isee_below_points: "4", isee_below_threshold: "0" }, "isee_below_threshold", /soglia/],
    [{ age_from_0: "12", age_to_0: "3", age_points_0: "2" }, "age_from_0", /fascia/],
    [
      {
        age_from_0: "3",
        age_to_0: "12",
        age_points_0: "2",
        age_from_2: "10",
        age_to_2: "20",
        age_points_2: "1",
      },
      "age_from_2",
      /si sovrappone/,
    ],
    [
      {
        answer_label_0: "Turni",
        answer_field_0: "Turni!",
        answer_value_0: "si",
        answer_points_0: "3",
      },
      "answer_field_0",
      /campo/,
    ],
    [
      { answer_label_0: "", answer_field_0: "turni", answer_value_0: "si", answer_points_0: "3" },
      "answer_label_0",
      /descrizione/,
    ],
    [{ tie_breaker_1: "older_child", tie_breaker_2: "younger_child" }, "tie_breaker_1", /entrambi/],
    [{ offer_days: "90" }, "offer_days", /giorni/],
    [{ working_parents_points: "10", working_parents_field: "" }, "working_parents_field", /campo/],
  ];
  for (const [fields, id, message] of cases) {
    const { rules, errors } = rulesOfForm(fields);
    assert.equal(rules, null, JSON.stringify(fields));
    assert.ok(errors[id], `${id} in ${JSON.stringify(errors)}`);
    assert.match(errors[id].it, message);
  }
});

Deno.test("empty rows are not criteria", () => {
  const { rules } = rulesOfForm({ offer_days: "5" });
  assert.deepEqual(rules, {
    criteria: [],
    tie_breakers: [],
    residents_first: false,
    offer_days: 5,
  });
});
