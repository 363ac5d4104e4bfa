import assert from "node:assert/strict";
import {
  allPresentMarks,
  countRoster,
  dayNav,
  lineStatus,
  plannedMarks,
  rosterDay,
  type RosterMark,
} from "./roster_rules.ts";

const AT = "2026-11-26T08:30:00.000Z";
const mark = (over: Partial<RosterMark> = {}): RosterMark => ({
  status: "present",
  meal: "standard",
  source: "teacher",
  marked_at: AT,
  recorded_at: AT,
  recorded_by_name: "Laura Ferrari",
  revision: 1,
  after_cutoff: false,
  justified: false,
  justification: null,
  justified_by_name: null,
  justified_at: null,
  voided: false,
  ...over,
});
const plan = { id: "p", from_day: "2026-11-23", to_day: "2026-11-27", reason: "Vacanza" };

Deno.test("lineStatus: a mark wins over a plan, a plan over nothing", () => {
  assert.equal(lineStatus({ mark: mark(), planned: plan }), "present");
  assert.equal(lineStatus({ mark: mark({ status: "absent" }), planned: null }), "absent");
  assert.equal(lineStatus({ mark: null, planned: plan }), "planned");
  assert.equal(lineStatus({ mark: null, planned: null }), "unmarked");
});

Deno.test("countRoster: present, absent (incl. planned and cancelled), white meals, unjustified", () => {
  const n = countRoster([
    { mark: mark(), planned: null },
    { mark: mark({ meal: "white" }), planned: null },
    { mark: mark({ status: "absent", meal: null }), planned: null },
    { mark: mark({ status: "absent", meal: null, justified: true }), planned: null },
    { mark: mark({ status: "cancelled", meal: null }), planned: null },
    { mark: null, planned: plan },
    { mark: null, planned: null },
  ]);
  assert.deepEqual(n, {
    total: 7,
    present: 2,
    absent: 4,
    unmarked: 1,
    white_meals: 1,
    unjustified: 1,
  });
  assert.deepEqual(countRoster([]), {
    total: 0,
    present: 0,
    absent: 0,
    unmarked: 0,
    white_meals: 0,
    unjustified: 0,
  });
});

Deno.test("plannedMarks: only unmarked children whose plan covers the day", () => {
  const kids = [
    { enrollment_id: "a", mark: null, planned: plan },
    { enrollment_id: "b", mark: mark(), planned: plan },
    { enrollment_id: "c", mark: null, planned: null },
    { enrollment_id: "d", mark: null, planned: { ...plan, from_day: "2026-11-27" } },
  ];
  assert.deepEqual(plannedMarks(kids, "2026-11-26", AT), [
    { enrollment_id: "a", day: "2026-11-26", status: "absent", marked_at: AT },
  ]);
  assert.equal(plannedMarks(kids, "2026-11-27", AT).length, 2);
  assert.equal(plannedMarks(kids, "2026-11-28", AT).length, 0);
});

Deno.test("allPresentMarks: never overwrites a mark; planned children are absent", () => {
  const kids = [
    { enrollment_id: "a", mark: null, planned: null },
    { enrollment_id: "b", mark: mark({ status: "absent" }), planned: null },
    { enrollment_id: "c", mark: null, planned: plan },
  ];
  assert.deepEqual(allPresentMarks(kids, "2026-11-26", AT), [
    { enrollment_id: "a", day: "2026-11-26", status: "present", marked_at: AT },
    { enrollment_id: "c", day: "2026-11-26", status: "absent", marked_at: AT },
  ]);
});

Deno.test("rosterDay and dayNav: today by default, no future days", () => {
  const today = "2026-11-28";
  assert.equal(rosterDay(null, today), today);
  assert.equal(rosterDay("", today), today);
  assert.equal(rosterDay("2026-11-20", today), "2026-11-20");
  assert.equal(rosterDay("2026-11-29", today), today);
  assert.equal(rosterDay("2026-02-30", today), today);
  assert.equal(rosterDay("26/11/2026", today), today);
  assert.deepEqual(dayNav("2026-11-27", today), { prev: "2026-11-26", next: today });
  assert.deepEqual(dayNav(today, today), { prev: "2026-11-27", next: null });
  assert.deepEqual(dayNav("2026-03-01", today), { prev: "2026-02-28", next: "2026-03-02" });
});
