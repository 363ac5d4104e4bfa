import assert from "node:assert/strict";
import { CARRIED_CLASSES, classify, emptyTotals, toLine } from "./carried.ts";

Deno.test("carried: the class of a total, as issue.ts decides what gets no position", () => {
  // issue.ts: `if (amount <= 0 || amount < min) continue;` — what it skips is carried.
  const cases: [number, number, string][] = [
    [-1500, 1000, "credit"], // an adjustment after a late absence, bigger than the month
    [-1, 0, "credit"],
    [0, 0, "zero"], // a charge and a credit of the same amount
    [0, 1000, "zero"],
    [500, 1000, "below_minimum"],
    [999, 1000, "below_minimum"],
    [1000, 1000, "pending"], // enough for a notice: not issued for another reason (no CF)
    [1, 0, "pending"],
  ];
  for (const [amount, min, expected] of cases) {
    assert.equal(classify(amount, min), expected, `${amount} with minimum ${min}`);
  }
});

Deno.test("carried: every class has a total, zero to start", () => {
  const t = emptyTotals();
  assert.deepEqual(Object.keys(t), [...CARRIED_CLASSES]);
  for (const c of CARRIED_CLASSES) assert.deepEqual(t[c], { count: 0, cents: 0 });
});

Deno.test("carried: a line keeps its explanation's summary in both languages", () => {
  const base = {
    id: "l1",
    run_id: "r1",
    run_number: 3,
    run_label: "Ottobre 2026",
    service_title: "Refezione scolastica",
    beneficiary_name: "Sofia Ricci",
    period_start: "2026-10-01",
    period_end: "2026-10-31",
    kind: "adjustment" as const,
    description: "Conguaglio settembre",
    amount_cents: -450,
  };
  const l = toLine({
    ...base,
    explanation: { summary: { it: "Conguaglio: 1 pasto in meno", en: "Adjustment: 1 meal less" } },
  });
  assert.deepEqual(l.summary, { it: "Conguaglio: 1 pasto in meno", en: "Adjustment: 1 meal less" });
  assert.equal("explanation" in l, false);
  assert.deepEqual(toLine({ ...base, explanation: {} }).summary, { it: null, en: null });
  assert.deepEqual(toLine({ ...base, explanation: null }).summary, { it: null, en: null });
  // A summary in Italian only is what an English reader gets too.
  assert.deepEqual(toLine({ ...base, explanation: { summary: { it: "Solo italiano" } } }).summary, {
    it: "Solo italiano",
    en: "Solo italiano",
  });
});
