import assert from "node:assert/strict";
import { checkRules, maxScore, type RankingRules } from "./criteria.ts";

const good: RankingRules = {
  criteria: [
    {
      kind: "working_parents",
      code: "genitori_lavoratori",
      label: "Genitori lavoratori",
      field: "genitori_lavoratori",
      points_each: 10,
    },
    { kind: "disability", code: "disabilita", label: "Disabilità", points: 30 },
    {
      kind: "isee_below",
      code: "isee",
      label: "ISEE basso",
      threshold_cents: 1_000_000,
      points: 5,
    },
    {
      kind: "age_months",
      code: "eta",
      label: "Età",
      ranges: [{ from_months: 3, to_months: 12, points: 4 }, {
        from_months: 13,
        to_months: 36,
        points: 2,
      }],
    },
    { kind: "answer", code: "turni", label: "Turni", field: "turni", value: "si", points: 3 },
  ],
  tie_breakers: ["lower_isee", "older_child"],
  residents_first: true,
  offer_days: 7,
};

Deno.test("checkRules accepts good rules and normalizes labels", () => {
  const r = checkRules({
    ...good,
    criteria: [{ ...good.criteria[1], label: "  Disabilità   certificata " }],
    extra: 1,
  });
  assert.ok(r.ok);
  assert.equal(r.value.criteria[0].label, "Disabilità certificata");
  assert.equal(r.value.offer_days, 7);
  assert.deepEqual(Object.keys(r.value).sort(), [
    "criteria",
    "offer_days",
    "residents_first",
    "tie_breakers",
  ]);
  const defaults = checkRules({ criteria: [] });
  assert.ok(defaults.ok);
  assert.deepEqual(defaults.value, {
    criteria: [],
    tie_breakers: [],
    residents_first: false,
    offer_days: 7,
  });
});

Deno.test("maxScore adds the best of each criterion", () => {
  assert.equal(maxScore(good), 20 + 30 + 5 + 4 + 3);
});

Deno.test("checkRules lists every problem with its path and an Italian message", () => {
  const cases: [unknown, string, RegExp][] = [
    [{ criteria: [{ ...good.criteria[1], points: -1 }] }, "criteria.0.points", /intero da 0/],
    [{ criteria: [{ ...good.criteria[1], points: 2.5 }] }, "criteria.0.points", /intero/],
    [{ criteria: [{ ...good.criteria[1], code: "Bad Code" }] }, "criteria.0.code", /codice/],
    [{ criteria: [{ ...good.criteria[1], label: " " }] }, "criteria.0.label", /descrizione/],
    [{ criteria: [{ kind: "magic", code: "x1", label: "Xx" }] }, "criteria.0.kind", /sconosciuto/],
    [{ criteria: [good.criteria[1], good.criteria[1]] }, "criteria.1.code", /usato da due/],
    [
      { criteria: [{ ...good.criteria[2], threshold_cents: 0 }] },
      "criteria.0.threshold_cents",
      /soglia/,
    ],
    [{ criteria: [{ ...good.criteria[0], field: "" }] }, "criteria.0.field", /campo/],
    [{ criteria: [{ ...good.criteria[4], value: "" }] }, "criteria.0.value", /risposta/],
    [{ criteria: [{ ...good.criteria[3], ranges: [] }] }, "criteria.0.ranges", /fasce/],
    [
      {
        criteria: [{
          ...good.criteria[3],
          ranges: [{ from_months: 3, to_months: 12, points: 1 }, {
            from_months: 12,
            to_months: 20,
            points: 1,
          }],
        }],
      },
      "criteria.0.ranges.1",
      /si sovrappone/,
    ],
    [
      {
        criteria: [{ ...good.criteria[3], ranges: [{ from_months: 9, to_months: 3, points: 1 }] }],
      },
      "criteria.0.ranges.0",
      /fascia/,
    ],
    [{ criteria: [], tie_breakers: ["coin"] }, "tie_breakers.0", /sconosciuto/],
    [{ criteria: [], tie_breakers: ["lower_isee", "lower_isee"] }, "tie_breakers.1", /due volte/],
    [{ criteria: [], tie_breakers: ["older_child", "younger_child"] }, "tie_breakers", /entrambi/],
    [{ criteria: [], offer_days: 0 }, "offer_days", /giorni/],
    [{ criteria: [], offer_days: 61 }, "offer_days", /giorni/],
    [{ criteria: [], residents_first: "yes" }, "residents_first", /non valido/],
    [{}, "criteria", /elenco/],
  ];
  for (const [input, path, message] of cases) {
    const r = checkRules(input);
    assert.ok(!r.ok, JSON.stringify(input));
    const p = r.problems.find((p) => p.path === path);
    assert.ok(p, `${path} in ${JSON.stringify(r.problems)}`);
    assert.match(p.it, message);
    assert.ok(p.en.length > 5);
  }
  assert.ok(!checkRules(null).ok);
  assert.ok(!checkRules({ criteria: Array(31).fill(good.criteria[1]) }).ok);
});
