import assert from "node:assert/strict";
import { toscanaSchoolCalendar } from "./school_calendar.ts";
import {
  describeClosed,
  EMPTY_CALENDAR,
  isServiceDay,
  monthView,
  type ServiceCalendar,
  serviceDays,
  weekdayName,
} from "./service_calendar.ts";

/** A canteen in Toscana, 2026/27, Monday to Friday, patron San Martino (11 November). */
function canteen(extra: Partial<ServiceCalendar> = {}): ServiceCalendar {
  const school = toscanaSchoolCalendar(2026);
  return {
    weekdays: [1, 2, 3, 4, 5],
    patron: { month: 11, day: 11, name: "San Martino" },
    periods: [{ ...school.lessons, label: "Lezioni" }],
    breaks: school.breaks.map((b) => ({ from: b.from, to: b.to, label: b.it })),
    closures: [
      { from: "2026-11-20", to: "2026-11-20", reason: "Sciopero del personale", kind: "strike" },
      { from: "2027-01-12", to: "2027-01-13", reason: "Allerta neve", kind: "weather" },
    ],
    nationalHolidays: true,
    ...extra,
  };
}

Deno.test("service days of September 2026 start with the lessons on Tuesday 15", () => {
  assert.deepEqual(serviceDays(canteen(), "2026-09"), [
    "2026-09-15",
    "2026-09-16",
    "2026-09-17",
    "2026-09-18",
    "2026-09-21",
    "2026-09-22",
    "2026-09-23",
    "2026-09-24",
    "2026-09-25",
    "2026-09-28",
    "2026-09-29",
    "2026-09-30",
  ]);
});

Deno.test("service days per month of the 2026/27 school year", () => {
  const cal = canteen();
  const counts = Object.fromEntries(
    ["2026-10", "2026-11", "2026-12", "2027-01", "2027-03", "2027-06", "2027-07"].map((
      m,
    ) => [m, serviceDays(cal, m).length]),
  );
  assert.deepEqual(counts, {
    "2026-10": 22, // 4 October is a Sunday in 2026
    "2026-11": 19, // 21 weekdays − 11 Nov (patron) − 20 Nov (strike); 1 Nov is a Sunday
    "2026-12": 16, // 23 weekdays − 8 Dec − 24, 25, 28, 29, 30, 31 Dec (break)
    "2027-01": 15, // 21 weekdays − 1, 4, 5, 6 Jan (break) − 12, 13 Jan (snow)
    "2027-03": 19, // 23 weekdays − 25, 26, 29 (Easter Monday), 30 Mar (break)
    "2027-06": 7, // 1, 3, 4, 7, 8, 9, 10 June (2 June is a holiday)
    "2027-07": 0,
  });
});

Deno.test("why a day is not a service day, most telling reason first", () => {
  const cal = canteen();
  const reason = (d: string) => {
    const s = isServiceDay(cal, d);
    return s.open ? "open" : s.reason.code;
  };
  assert.equal(reason("2026-09-14"), "out_of_period");
  assert.equal(reason("2026-09-19"), "weekday");
  assert.equal(reason("2026-12-08"), "holiday");
  assert.equal(reason("2026-12-25"), "holiday", "a holiday inside the break names the holiday");
  assert.equal(reason("2026-12-28"), "break");
  assert.equal(reason("2026-11-11"), "patron");
  assert.equal(reason("2026-11-20"), "closure");
  assert.equal(reason("2027-01-13"), "closure");
  assert.equal(reason("2027-03-29"), "holiday", "Easter Monday inside the Easter break");
  assert.equal(reason("2027-10-04"), "holiday", "San Francesco falls on a Monday in 2027");
  assert.equal(reason("2026-11-19"), "open");
  assert.deepEqual(isServiceDay(cal, "2026-11-20"), {
    open: false,
    reason: { code: "closure", reason: "Sciopero del personale", kind: "strike" },
  });
});

Deno.test("a closure on a weekend or a holiday is not what the calendar reports", () => {
  const cal = canteen({
    closures: [{ from: "2026-12-07", to: "2026-12-09", reason: "Ponte", kind: "other" }],
  });
  assert.equal(
    (isServiceDay(cal, "2026-12-07") as { reason: { code: string } }).reason.code,
    "closure",
  );
  assert.equal(
    (isServiceDay(cal, "2026-12-08") as { reason: { code: string } }).reason.code,
    "holiday",
  );
  assert.equal(
    (isServiceDay(cal, "2026-12-09") as { reason: { code: string } }).reason.code,
    "closure",
  );
});

Deno.test("a summer camp: no period limit, six days a week, open on holidays if told so", () => {
  const camp: ServiceCalendar = {
    ...EMPTY_CALENDAR,
    weekdays: [1, 2, 3, 4, 5, 6],
    periods: [{ from: "2027-06-14", to: "2027-08-27", label: "Centro estivo" }],
    nationalHolidays: false,
  };
  assert.equal(isServiceDay(camp, "2027-08-14").open, true); // Saturday
  assert.equal(isServiceDay(camp, "2027-08-15").open, false); // Sunday: weekday, not holiday
  assert.equal(serviceDays(camp, "2027-08").length, 23);
  assert.equal(serviceDays({ ...camp, nationalHolidays: true }, "2027-06").length, 15);
  // Without periods the weekdays alone decide.
  assert.equal(serviceDays({ ...EMPTY_CALENDAR, nationalHolidays: false }, "2026-09").length, 22);
});

Deno.test("a service with no weekdays never runs", () => {
  assert.deepEqual(serviceDays({ ...EMPTY_CALENDAR, weekdays: [] }, "2026-10"), []);
});

Deno.test("month view: every day with its weekday and status", () => {
  const view = monthView(canteen(), "2026-11");
  assert.equal(view.length, 30);
  assert.deepEqual(view[0], {
    date: "2026-11-01",
    weekday: 7,
    status: {
      open: false,
      reason: { code: "holiday", it: "Ognissanti", en: "All Saints' Day", key: "all_saints" },
    },
  });
  assert.equal(view.filter((d) => d.status.open).length, 19);
});

Deno.test("reasons in words, Italian and English", () => {
  const cal = canteen();
  const text = (d: string, lang: "it" | "en") => {
    const s = isServiceDay(cal, d);
    return s.open ? "" : describeClosed(s.reason, lang);
  };
  assert.equal(text("2026-12-25", "it"), "Festa nazionale: Natale");
  assert.equal(text("2026-12-25", "en"), "National holiday: Christmas Day");
  assert.equal(text("2026-11-11", "it"), "Santo patrono: San Martino");
  assert.equal(text("2026-11-20", "it"), "Chiusura: Sciopero del personale");
  assert.equal(text("2026-12-28", "it"), "Vacanze natalizie");
  assert.equal(text("2026-09-14", "it"), "Fuori dal periodo di servizio");
  assert.equal(text("2026-09-19", "it"), "Il servizio non è attivo di sabato");
  assert.equal(text("2026-09-19", "en"), "The service does not run on Saturdays");
  assert.equal(weekdayName(1, "it"), "lunedì");
  assert.equal(weekdayName(7, "en"), "Sunday");
});
