import assert from "node:assert/strict";
import {
  checkClosureReason,
  checkDate,
  checkDateRange,
  checkDayMonth,
  checkMenuStart,
  checkRecipients,
  checkRomeDateTime,
  checkRotationWeeks,
  checkSchoolYearLabel,
  checkServiceCode,
  checkTime,
  checkWeekdays,
  checkWindow,
  publicationProblems,
} from "./rules.ts";

const value = <T>(r: { ok: true; value: T } | { ok: false }) => r.ok ? r.value : undefined;
const it = (r: { ok: boolean; problem?: { it: string } }) => r.ok ? undefined : r.problem!.it;

Deno.test("service codes: uppercased, 2–20 letters, digits, - and _", () => {
  assert.equal(value(checkServiceCode(" mensa-1 ")), "MENSA-1");
  assert.equal(value(checkServiceCode("PRE_SCUOLA")), "PRE_SCUOLA");
  for (const bad of ["M", "-MENSA", "MENSA SCUOLA", "MENSÀ", "A".repeat(21)]) {
    assert.match(it(checkServiceCode(bad))!, /da 2 a 20 caratteri/, bad);
  }
});

Deno.test("school year labels: two consecutive years, normalized", () => {
  assert.equal(value(checkSchoolYearLabel("2026/27")), "2026/27");
  assert.equal(value(checkSchoolYearLabel("2026-2027")), "2026/27");
  assert.equal(value(checkSchoolYearLabel("2099/00")), "2099/00");
  for (const bad of ["2026/28", "2026", "26/27", "2026/2028"]) {
    assert.ok(!checkSchoolYearLabel(bad).ok, bad);
  }
});

Deno.test("dates in both forms, ranges in order", () => {
  assert.equal(value(checkDate("20/11/2026")), "2026-11-20");
  assert.equal(value(checkDate("2026-11-20")), "2026-11-20");
  assert.equal(it(checkDate("31/11/2026")), "Scrivi una data valida, ad esempio 15/09/2026.");
  assert.deepEqual(value(checkDateRange("2026-11-20", "")), {
    from: "2026-11-20",
    to: "2026-11-20",
  });
  assert.equal(
    it(checkDateRange("2026-11-20", "2026-11-19")),
    "La data di fine non può precedere quella di inizio.",
  );
});

Deno.test("enrollment window: Rome wall-clock times, closing after opening", () => {
  assert.equal(
    value(checkRomeDateTime("2026-05-04T09:00"))?.toISOString(),
    "2026-05-04T07:00:00.000Z",
  );
  assert.equal(value(checkRomeDateTime("")), null);
  assert.ok(!checkRomeDateTime("domani").ok);
  const a = new Date("2026-05-04T07:00:00Z");
  const b = new Date("2026-06-30T21:59:00Z");
  assert.ok(checkWindow(a, b).ok);
  assert.ok(checkWindow(a, null).ok && checkWindow(null, b).ok);
  assert.equal(
    it(checkWindow(b, a)),
    "La chiusura delle iscrizioni deve essere successiva all'apertura.",
  );
  assert.ok(!checkWindow(a, a).ok);
});

Deno.test("weekdays and the patron saint's day", () => {
  assert.deepEqual(value(checkWeekdays(["5", "1", "3", "1"])), [1, 3, 5]);
  assert.deepEqual(value(checkWeekdays([])), []);
  assert.ok(!checkWeekdays(["0"]).ok && !checkWeekdays(["8"]).ok && !checkWeekdays(["lun"]).ok);
  assert.deepEqual(value(checkDayMonth("24/06")), { month: 6, day: 24 });
  assert.deepEqual(value(checkDayMonth("29/2")), { month: 2, day: 29 });
  assert.equal(value(checkDayMonth("")), null);
  assert.match(it(checkDayMonth("31/04"))!, /gg\/mm/);
  assert.match(it(checkDayMonth("San Giovanni"))!, /gg\/mm/);
});

Deno.test("closures need a reason families can read", () => {
  assert.equal(value(checkClosureReason("  Sciopero   del personale ")), "Sciopero del personale");
  assert.match(it(checkClosureReason("no"))!, /da 3 a 200 caratteri/);
});

Deno.test("menus start on a Monday and rotate over 1–8 weeks", () => {
  assert.equal(value(checkMenuStart("2026-09-14")), "2026-09-14");
  assert.match(it(checkMenuStart("2026-09-15"))!, /lunedì/);
  assert.equal(value(checkRotationWeeks("4")), 4);
  for (const bad of ["0", "9", "2.5", "quattro"]) assert.ok(!checkRotationWeeks(bad).ok, bad);
});

Deno.test("attendance cut-off time and recipients", () => {
  assert.equal(value(checkTime("9.30")), "09:30");
  assert.equal(value(checkTime("23:59")), "23:59");
  assert.ok(!checkTime("24:00").ok && !checkTime("9").ok);
  assert.deepEqual(
    value(checkRecipients("Cucina@Colli.example; ufficio@comune.example\ncucina@colli.example")),
    [
      "cucina@colli.example",
      "ufficio@comune.example",
    ],
  );
  assert.deepEqual(value(checkRecipients("")), []);
  assert.match(it(checkRecipients("cucina@, ufficio@comune.example"))!, /«cucina@» non è valido/);
  const many = Array.from({ length: 21 }, (_, i) => `u${i}@comune.example`).join(",");
  assert.equal(it(checkRecipients(many)), "Al massimo 20 destinatari.");
});

Deno.test("publication needs a school year and a calendar with weekdays", () => {
  assert.deepEqual(publicationProblems({ schoolYears: 1, weekdays: 5 }), []);
  assert.deepEqual(publicationProblems({ schoolYears: 0, weekdays: 0 }).map((p) => p.code), [
    "no_school_year",
    "no_calendar",
  ]);
  assert.deepEqual(publicationProblems({ schoolYears: 2, weekdays: 0 }).map((p) => p.code), [
    "no_calendar",
  ]);
});
