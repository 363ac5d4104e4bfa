import assert from "node:assert/strict";
import { median, percentile, ratio, summarize } from "./load.ts";

Deno.test("percentile is nearest-rank over sorted samples", () => {
  const cases: [number[], number, number][] = [
    [[1, 2, 3, 4], 50, 2],
    [[1, 2, 3, 4], 75, 3],
    [[1, 2, 3, 4], 76, 4],
    [[1, 2, 3, 4], 100, 4],
    [[1, 2, 3, 4], 0, 1],
    [[7], 99, 7],
    // 1..100: the p-th percentile is p itself
    [Array.from({ length: 100 }, (_, i) => i + 1), 90, 90],
    [Array.from({ length: 100 }, (_, i) => i + 1), 99, 99],
    // 1..1000: p99 is the 990th value
    [Array.from({ length: 1000 }, (_, i) => i + 1), 99, 990],
  ];
  for (const [sorted, q, want] of cases) {
    assert.equal(percentile(sorted, q), want, `p${q} of ${sorted.length} samples`);
  }
  assert.ok(Number.isNaN(percentile([], 50)));
});

Deno.test("median of odd and even counts, any order", () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([5]), 5);
  assert.ok(Number.isNaN(median([])));
});

Deno.test("summarize sorts numerically and derives the rate", () => {
  // 10 and 9 would be out of order under a string sort
  const s = summarize([10, 2, 9, 1, 3], 1, 2);
  assert.equal(s.requests, 5);
  assert.equal(s.errors, 1);
  assert.equal(s.rps, 2.5);
  assert.equal(s.p50, 3);
  assert.equal(s.p90, 10);
  assert.equal(s.p99, 10);
  assert.equal(s.max, 10);
  assert.equal(s.mean, 5);
});

Deno.test("summarize of no samples has no figures", () => {
  const s = summarize([], 0, 1);
  assert.equal(s.requests, 0);
  assert.equal(s.rps, 0);
  assert.ok(Number.isNaN(s.p50));
  assert.ok(Number.isNaN(s.max));
});

Deno.test("ratio refuses missing or zero baselines", () => {
  assert.equal(ratio(300, 1200), 0.25);
  assert.equal(ratio(1, 0), null);
  assert.equal(ratio(NaN, 2), null);
  assert.equal(ratio(1, NaN), null);
});
