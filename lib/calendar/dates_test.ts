import assert from "node:assert/strict";
import {
  addDays,
  addMonths,
  datesOfMonth,
  daysBetween,
  daysInMonth,
  eachDate,
  isIsoDate,
  isIsoMonth,
  isoWeekday,
  mondayOf,
  romeDateOf,
  romeInstant,
  romeLocalOf,
} from "./dates.ts";

Deno.test("dates: validity, leap years (Gregorian rule: 2000 yes, 2100 no)", () => {
  assert.ok(isIsoDate("2028-02-29"));
  assert.ok(isIsoDate("2000-02-29"));
  assert.ok(!isIsoDate("2100-02-29"));
  assert.ok(!isIsoDate("2027-02-29"));
  assert.ok(!isIsoDate("2026-13-01"));
  assert.ok(!isIsoDate("2026-04-31"));
  assert.ok(!isIsoDate("2026-4-1"));
  assert.ok(!isIsoDate(20260401));
  assert.ok(isIsoMonth("2026-09") && !isIsoMonth("2026-00") && !isIsoMonth("2026-9"));
  assert.equal(daysInMonth(2026, 2), 28);
  assert.equal(daysInMonth(2028, 2), 29);
  assert.equal(daysInMonth(2026, 9), 30);
});

Deno.test("dates: arithmetic across months, years and DST changes", () => {
  assert.equal(addDays("2026-12-31", 1), "2027-01-01");
  assert.equal(addDays("2026-03-01", -1), "2026-02-28");
  // The night of 29 March 2026 has 23 hours in Rome: whole days are unaffected.
  assert.equal(addDays("2026-03-28", 2), "2026-03-30");
  assert.equal(daysBetween("2026-09-15", "2027-06-10"), 268);
  assert.equal(daysBetween("2027-01-01", "2026-12-31"), -1);
  assert.equal(addMonths("2026-12", 1), "2027-01");
  assert.equal(addMonths("2026-01", -1), "2025-12");
  assert.equal(addMonths("2026-09", 10), "2027-07");
  assert.deepEqual(eachDate("2026-12-30", "2027-01-02"), [
    "2026-12-30",
    "2026-12-31",
    "2027-01-01",
    "2027-01-02",
  ]);
  assert.deepEqual(eachDate("2026-01-02", "2026-01-01"), []);
});

Deno.test("dates: ISO weekdays (Monday 1 … Sunday 7) and weeks", () => {
  assert.equal(isoWeekday("2026-09-14"), 1); // Monday
  assert.equal(isoWeekday("2026-09-15"), 2);
  assert.equal(isoWeekday("2026-10-04"), 7); // Sunday
  assert.equal(isoWeekday("2027-10-04"), 1);
  assert.equal(mondayOf("2026-09-20"), "2026-09-14");
  assert.equal(mondayOf("2026-09-14"), "2026-09-14");
  assert.equal(mondayOf("2027-01-01"), "2026-12-28");
  const feb = datesOfMonth("2028-02");
  assert.equal(feb.length, 29);
  assert.equal(feb[0], "2028-02-01");
  assert.equal(feb.at(-1), "2028-02-29");
  assert.throws(() => datesOfMonth("2028-13"), RangeError);
});

Deno.test("Europe/Rome: calendar date of an instant, whatever the server's zone", () => {
  assert.equal(romeDateOf(new Date("2026-06-30T22:30:00Z")), "2026-07-01"); // CEST, UTC+2
  assert.equal(romeDateOf(new Date("2026-12-31T22:59:59Z")), "2026-12-31"); // CET, UTC+1
  assert.equal(romeDateOf(new Date("2026-12-31T23:00:00Z")), "2027-01-01");
});

Deno.test("Europe/Rome: wall-clock times to instants, including both DST changes", () => {
  assert.equal(romeInstant("2026-09-01T09:00")?.toISOString(), "2026-09-01T07:00:00.000Z");
  assert.equal(romeInstant("2027-01-15T09:00")?.toISOString(), "2027-01-15T08:00:00.000Z");
  assert.equal(romeInstant("2026-05-31T23:59:59")?.toISOString(), "2026-05-31T21:59:59.000Z");
  // 29 March 2026: 02:00 CET jumps to 03:00 CEST; 02:30 does not exist, read as 03:30 CEST.
  assert.equal(romeInstant("2026-03-29T01:59")?.toISOString(), "2026-03-29T00:59:00.000Z");
  assert.equal(romeInstant("2026-03-29T02:30")?.toISOString(), "2026-03-29T01:30:00.000Z");
  assert.equal(romeInstant("2026-03-29T03:00")?.toISOString(), "2026-03-29T01:00:00.000Z");
  // 25 October 2026: 03:00 CEST goes back to 02:00 CET; 02:30 happens twice, the first is taken.
  assert.equal(romeInstant("2026-10-25T02:30")?.toISOString(), "2026-10-25T00:30:00.000Z");
  assert.equal(romeInstant("2026-10-25T03:30")?.toISOString(), "2026-10-25T02:30:00.000Z");
  for (const bad of ["2026-02-30T09:00", "2026-09-01T24:00", "2026-09-01 09:00", "", "ieri"]) {
    assert.equal(romeInstant(bad), null, bad);
  }
});

Deno.test("Europe/Rome: instants back to wall-clock (round trip)", () => {
  assert.equal(romeLocalOf(new Date("2026-09-01T07:00:00Z")), "2026-09-01T09:00");
  assert.equal(romeLocalOf(new Date("2027-01-15T08:00:00Z")), "2027-01-15T09:00");
  for (const local of ["2026-04-01T08:30", "2026-11-30T18:00", "2027-06-30T23:59"]) {
    assert.equal(romeLocalOf(romeInstant(local)!), local);
  }
});
