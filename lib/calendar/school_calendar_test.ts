import assert from "node:assert/strict";
import { regionalSchoolCalendar, toscanaSchoolCalendar } from "./school_calendar.ts";

/**
 * Toscana's permanent school calendar checked against the dates the Region published
 * (sources in `school_calendar.ts`).
 */
Deno.test("Toscana 2025/26: 15 Sep 2025 – 10 Jun 2026, Christmas and Easter as published", () => {
  const c = toscanaSchoolCalendar(2025);
  assert.equal(c.label, "2025/26");
  assert.deepEqual(c.lessons, { from: "2025-09-15", to: "2026-06-10" });
  const [christmas, easter] = c.breaks;
  assert.deepEqual([christmas.from, christmas.to], ["2025-12-24", "2026-01-06"]);
  assert.deepEqual([easter.from, easter.to], ["2026-04-02", "2026-04-07"]);
});

Deno.test("Toscana 2023/24: ends Monday 10 June, infanzia Saturday 29 June, Easter 28 Mar – 2 Apr", () => {
  const c = toscanaSchoolCalendar(2023);
  assert.deepEqual(c.lessons, { from: "2023-09-15", to: "2024-06-10" });
  assert.equal(c.infanzia?.to, "2024-06-29");
  assert.deepEqual([c.breaks[1].from, c.breaks[1].to], ["2024-03-28", "2024-04-02"]);
});

Deno.test("Toscana 2017/18 and 2016/17: a Friday start stays, Easter Thursday–Tuesday", () => {
  const c = toscanaSchoolCalendar(2017);
  assert.equal(c.lessons.from, "2017-09-15");
  assert.deepEqual([c.breaks[1].from, c.breaks[1].to], ["2018-03-29", "2018-04-03"]);
  const d = toscanaSchoolCalendar(2016);
  assert.deepEqual([d.breaks[1].from, d.breaks[1].to], ["2017-04-13", "2017-04-18"]);
});

Deno.test("Toscana: a 15 September on Saturday or Sunday moves to Monday", () => {
  // 15 Sep 2029 is a Saturday, 15 Sep 2024 a Sunday.
  assert.equal(toscanaSchoolCalendar(2029).lessons.from, "2029-09-17");
  assert.equal(toscanaSchoolCalendar(2024).lessons.from, "2024-09-16");
  // 10 Jun 2029 is a Sunday: lessons end on Saturday 9 June.
  assert.equal(toscanaSchoolCalendar(2028).lessons.to, "2029-06-09");
});

Deno.test("Toscana 2026/27 (the demo year): 15 Sep 2026 – 10 Jun 2027, Easter 25–30 Mar 2027", () => {
  const c = regionalSchoolCalendar("toscana", 2026);
  assert.deepEqual(c.lessons, { from: "2026-09-15", to: "2027-06-10" });
  assert.deepEqual(c.breaks.map((b) => [b.key, b.from, b.to]), [
    ["christmas", "2026-12-24", "2027-01-06"],
    ["easter", "2027-03-25", "2027-03-30"],
  ]);
});
