import assert from "node:assert/strict";
import { cutoffInstant, cutoffLabel, dueDay } from "./cutoff_rules.ts";

Deno.test("cut-off instant: winter (UTC+1) and summer (UTC+2)", () => {
  assert.equal(cutoffInstant("2026-11-26", "09:30").toISOString(), "2026-11-26T08:30:00.000Z");
  assert.equal(cutoffInstant("2026-09-15", "09:30:00").toISOString(), "2026-09-15T07:30:00.000Z");
});

Deno.test("cut-off instant on the days the clocks change (Europe/Rome)", () => {
  // 29 March 2026: 02:00 → 03:00, the day has 23 hours; 09:30 is already summer time.
  assert.equal(cutoffInstant("2026-03-29", "09:30").toISOString(), "2026-03-29T07:30:00.000Z");
  // The Saturday before is still winter time.
  assert.equal(cutoffInstant("2026-03-28", "09:30").toISOString(), "2026-03-28T08:30:00.000Z");
  // 25 October 2026: 03:00 → 02:00, the day has 25 hours; 09:30 is winter time.
  assert.equal(cutoffInstant("2026-10-25", "09:30").toISOString(), "2026-10-25T08:30:00.000Z");
  assert.equal(cutoffInstant("2026-10-24", "09:30").toISOString(), "2026-10-24T07:30:00.000Z");
  // A cut-off inside the skipped hour moves forward, as clocks do.
  assert.equal(cutoffInstant("2026-03-29", "02:30").toISOString(), "2026-03-29T01:30:00.000Z");
  // Inside the repeated hour: its first pass (summer time).
  assert.equal(cutoffInstant("2026-10-25", "02:30").toISOString(), "2026-10-25T00:30:00.000Z");
});

Deno.test("due day: only once the Rome cut-off has passed", () => {
  const cases: [string, string, string | null][] = [
    ["2026-11-26T08:29:59Z", "09:30", null],
    ["2026-11-26T08:30:00Z", "09:30", "2026-11-26"],
    ["2026-11-26T22:59:00Z", "09:30", "2026-11-26"],
    // 23:30Z is already the 27th in Rome, before its cut-off.
    ["2026-11-26T23:30:00Z", "09:30", null],
    ["2026-06-10T07:29:00Z", "09:30", null],
    ["2026-06-10T07:30:00Z", "09:30", "2026-06-10"],
    ["2026-03-29T07:30:00Z", "09:30", "2026-03-29"],
    ["2026-03-29T07:29:00Z", "09:30", null],
    ["2026-10-25T08:29:00Z", "09:30", null],
    ["2026-10-25T08:30:00Z", "09:30", "2026-10-25"],
    ["2026-11-26T09:00:00Z", "10:00", "2026-11-26"],
    ["2026-11-26T08:59:00Z", "10:00", null],
  ];
  for (const [now, cutoff, want] of cases) {
    assert.equal(dueDay(new Date(now), cutoff), want, `${now} ${cutoff}`);
  }
});

Deno.test("cut-off label", () => {
  assert.equal(cutoffLabel("09:30:00"), "09:30");
  assert.equal(cutoffLabel(null), "09:30");
});
