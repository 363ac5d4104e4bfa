import assert from "node:assert/strict";
import { change, isOpen, runPeriodOf } from "./review.ts";

const form = (over: Partial<Parameters<typeof runPeriodOf>[0]>) => ({
  kind: "month",
  month: "",
  period_start: "",
  period_end: "",
  label: "",
  service_ids: ["s"],
  ...over,
});

Deno.test("run period: a month becomes its first and last day, leap years included", () => {
  assert.deepEqual(runPeriodOf(form({ month: "2026-10" })).period, {
    start: "2026-10-01",
    end: "2026-10-31",
  });
  assert.deepEqual(runPeriodOf(form({ month: "2028-02" })).period, {
    start: "2028-02-01",
    end: "2028-02-29",
  });
  assert.deepEqual(runPeriodOf(form({ month: "2027-02" })).period?.end, "2027-02-28");
  assert.ok(runPeriodOf(form({ month: "2026-13" })).issues.month);
  assert.ok(runPeriodOf(form({ month: "" })).issues.month);
});

Deno.test("run period: term or year by dates; services and label checked", () => {
  assert.deepEqual(
    runPeriodOf(form({ kind: "custom", period_start: "2026-09-14", period_end: "2026-12-22" }))
      .period,
    { start: "2026-09-14", end: "2026-12-22" },
  );
  const reversed = runPeriodOf(
    form({ kind: "custom", period_start: "2026-12-01", period_end: "2026-09-01" }),
  );
  assert.equal(reversed.period, undefined);
  assert.match(reversed.issues.period_end.it, /non può precedere/);
  const bad = runPeriodOf(
    form({ kind: "custom", period_start: "2026-02-30", service_ids: [], label: "x" }),
  );
  assert.deepEqual(Object.keys(bad.issues).sort(), [
    "label",
    "period_end",
    "period_start",
    "services",
  ]);
  assert.equal(bad.issues.services.it, "Scegli almeno un servizio da fatturare.");
});

Deno.test("comparison: difference and percent with one decimal; none from zero", () => {
  assert.deepEqual(change(11_000, 10_000), { diff: 1_000, pct: 10 });
  assert.deepEqual(change(9_000, 12_000), { diff: -3_000, pct: -25 });
  assert.deepEqual(change(10_001, 30_000), { diff: -19_999, pct: -66.7 });
  assert.deepEqual(change(500, 0), { diff: 500, pct: null });
  assert.deepEqual(change(0, 0), { diff: 0, pct: null });
});

Deno.test("runs are open to line changes only until approval", () => {
  for (const s of ["queued", "computing", "computed", "failed"] as const) assert.ok(isOpen(s), s);
  for (const s of ["approved", "issuing", "issued", "cancelled"] as const) {
    assert.ok(!isOpen(s), s);
  }
});
