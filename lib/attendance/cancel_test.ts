import assert from "node:assert/strict";
import { markFor } from "./cancel.ts";
import { checkMark, isAfterCutoff, type MarkCheck } from "./rules.ts";

Deno.test("cancellation actions map to marks", () => {
  const e = { enrollment_id: "e", day: "2026-11-30" };
  assert.deepEqual(markFor({ ...e, action: "cancel" }), { status: "cancelled", meal: null });
  assert.deepEqual(markFor({ ...e, action: "white" }), { status: "present", meal: "white" });
  assert.deepEqual(markFor({ ...e, action: "restore" }), { status: "present", meal: "standard" });
});

const base: MarkCheck = {
  day: "2026-11-26",
  status: "cancelled",
  source: "family",
  today: "2026-11-26",
  nowTime: "09:00",
  cutoff: "09:30",
  enrollment: { starts_on: "2026-09-14", ends_on: "2027-06-10", withdrawn_on: null },
  dayStatus: { open: true },
};

Deno.test("family cancellations: the cut-off of the day, coming days, closed days", () => {
  const code = (p: Partial<MarkCheck>) => checkMark({ ...base, ...p })?.code ?? null;
  const cases: [Partial<MarkCheck>, string | null][] = [
    [{}, null],
    [{ nowTime: "09:29" }, null],
    [{ nowTime: "09:30" }, "after_cutoff"],
    [{ nowTime: "13:00" }, "after_cutoff"],
    [{ cutoff: "10:00", nowTime: "09:45" }, null],
    [{ day: "2026-11-25" }, "after_cutoff"],
    // Coming days: cancel, pasto in bianco and undo alike, whatever the time.
    [{ day: "2026-11-27", nowTime: "23:59" }, null],
    [{ day: "2026-11-27", status: "present" }, null],
    // But never a closed day nor outside the enrollment.
    [
      { day: "2026-12-08", dayStatus: { open: false, reason: { code: "weekday", weekday: 2 } } },
      "closed_day",
    ],
    [{ day: "2027-06-11" }, "not_enrolled"],
    [{ enrollment: null }, "not_found"],
    // The office: after the cut-off too, and on coming days when it cancels.
    [{ source: "operator", nowTime: "11:00" }, null],
    [{ source: "operator", day: "2026-11-30" }, null],
    [{ source: "api", day: "2026-11-30" }, null],
    [{ source: "api", status: "present", day: "2026-11-30" }, "future"],
    [{ source: "api", status: "present", day: "2026-11-30", ahead: true }, null],
    // Teachers and scanners record presences, they do not cancel meals.
    [{ source: "teacher" }, "invalid"],
    [{ source: "teacher", day: "2026-11-30" }, "future"],
    [{ source: "scan" }, "invalid"],
  ];
  for (const [p, want] of cases) assert.equal(code(p), want, JSON.stringify(p));
});

Deno.test("after the cut-off: past days always, today from the cut-off minute", () => {
  const at = (day: string, nowTime: string, cutoff: string | null = "09:30") =>
    isAfterCutoff({ day, today: "2026-11-26", nowTime, cutoff });
  assert.equal(at("2026-11-25", "08:00"), true);
  assert.equal(at("2026-11-26", "09:29"), false);
  assert.equal(at("2026-11-26", "09:30"), true);
  assert.equal(at("2026-11-27", "23:00"), false);
  assert.equal(at("2026-11-26", "23:00", null), false);
});
