import assert from "node:assert/strict";
import { type FamilyMark, familyMonth, mergeMark } from "./roster_family.ts";

const mark = (day: string, over: Partial<FamilyMark> = {}): FamilyMark => ({
  day,
  status: "present",
  meal: "standard",
  source: "teacher",
  marked_at: `${day}T08:00:00.000Z`,
  revision: 1,
  justified: false,
  justification: null,
  voided: false,
  ...over,
});

Deno.test("familyMonth: a real month or the current one", () => {
  assert.equal(familyMonth("2026-10", "2026-11-28"), "2026-10");
  assert.equal(familyMonth(null, "2026-11-28"), "2026-11");
  assert.equal(familyMonth("2026-13", "2026-11-28"), "2026-11");
  assert.equal(familyMonth("ottobre", "2026-11-28"), "2026-11");
});

Deno.test("mergeMark: a live mark replaces its day, keeps order, never goes back a revision", () => {
  const list = [mark("2026-11-24"), mark("2026-11-26")];
  const added = mergeMark(list, mark("2026-11-25", { status: "absent", meal: null }));
  assert.deepEqual(added.map((m) => m.day), ["2026-11-24", "2026-11-25", "2026-11-26"]);
  const changed = mergeMark(added, mark("2026-11-26", { status: "absent", revision: 2 }));
  assert.equal(changed.find((m) => m.day === "2026-11-26")!.status, "absent");
  const older = mergeMark(changed, mark("2026-11-26", { status: "present", revision: 1 }));
  assert.equal(older, changed);
});
