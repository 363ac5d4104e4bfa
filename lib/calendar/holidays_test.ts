import assert from "node:assert/strict";
import { easterMonday, easterSunday, nationalHolidayOn, nationalHolidays } from "./holidays.ts";

/**
 * Western (Gregorian) Easter Sundays 2000–2050: the table of python-dateutil's test suite
 * (`dateutil/test/test_easter.py`, "List of easters between 1990 and 2050").
 */
const EASTER_2000_2050: Record<number, string> = {
  2000: "04-23",
  2001: "04-15",
  2002: "03-31",
  2003: "04-20",
  2004: "04-11",
  2005: "03-27",
  2006: "04-16",
  2007: "04-08",
  2008: "03-23",
  2009: "04-12",
  2010: "04-04",
  2011: "04-24",
  2012: "04-08",
  2013: "03-31",
  2014: "04-20",
  2015: "04-05",
  2016: "03-27",
  2017: "04-16",
  2018: "04-01",
  2019: "04-21",
  2020: "04-12",
  2021: "04-04",
  2022: "04-17",
  2023: "04-09",
  2024: "03-31",
  2025: "04-20",
  2026: "04-05",
  2027: "03-28",
  2028: "04-16",
  2029: "04-01",
  2030: "04-21",
  2031: "04-13",
  2032: "03-28",
  2033: "04-17",
  2034: "04-09",
  2035: "03-25",
  2036: "04-13",
  2037: "04-05",
  2038: "04-25",
  2039: "04-10",
  2040: "04-01",
  2041: "04-21",
  2042: "04-06",
  2043: "03-29",
  2044: "04-17",
  2045: "04-09",
  2046: "03-25",
  2047: "04-14",
  2048: "04-05",
  2049: "04-18",
  2050: "04-10",
};

/**
 * OEIS A060958, "Gregorian Easter dates" from 2001, encoded as (month − 3) · 31 + day
 * (so 46 = 15 April, 31 = 31 March), with a(2000) = 54; the sequence cites the
 * Physikalisch-Technische Bundesanstalt's statement of Gauss's formula.
 */
const A060958 = [
  46,
  31,
  51,
  42,
  27,
  47,
  39,
  23,
  43,
  35,
  55,
  39,
  31,
  51,
  36,
  27,
  47,
  32,
  52,
  43,
  35,
  48,
  40,
  31,
  51,
  36,
  28,
  47,
  32,
  52,
  44,
  28,
  48,
  40,
  25,
  44,
  36,
  56,
  41,
  32,
  52,
  37,
  29,
  48,
  40,
  25,
  45,
  36,
  49,
  41,
  33,
  52,
  37,
  29,
  49,
  33,
  53,
  45,
  30,
  49,
  41,
  26,
  46,
  37,
  29,
  42,
];

function fromA060958(year: number, n: number): string {
  const [month, day] = n > 31 ? [4, n - 31] : [3, n];
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

Deno.test("Easter Sunday 2000–2050 matches the dateutil table", () => {
  for (const [year, md] of Object.entries(EASTER_2000_2050)) {
    assert.equal(easterSunday(Number(year)), `${year}-${md}`, `Easter ${year}`);
  }
});

Deno.test("Easter Sunday 2000–2066 matches OEIS A060958", () => {
  assert.equal(easterSunday(2000), fromA060958(2000, 54));
  A060958.forEach((n, i) => {
    const year = 2001 + i;
    assert.equal(easterSunday(year), fromA060958(year, n), `Easter ${year}`);
  });
});

Deno.test("Easter: extremes and the two exceptions of Gauss's formula", () => {
  // Earliest possible date (22 March) in 1818 and 2285, latest (25 April) in 1943 and 2038.
  assert.equal(easterSunday(1818), "1818-03-22");
  assert.equal(easterSunday(2285), "2285-03-22");
  assert.equal(easterSunday(1943), "1943-04-25");
  assert.equal(easterSunday(2038), "2038-04-25");
  // Gauss's exception years where the raw formula gives 26/25 April: 1981, 1954, 2049, 2076.
  assert.equal(easterSunday(1981), "1981-04-19");
  assert.equal(easterSunday(1954), "1954-04-18");
  assert.equal(easterSunday(2049), "2049-04-18");
  assert.equal(easterSunday(2076), "2076-04-19");
  // First Gregorian Easter, and a far year from the same algorithm's published checks.
  assert.equal(easterSunday(1583), "1583-04-10");
  assert.equal(easterSunday(1961), "1961-04-02");
  assert.throws(() => easterSunday(1582), RangeError);
  assert.throws(() => easterSunday(2026.5), RangeError);
});

Deno.test("Easter is always a Sunday between 22 March and 25 April (1583–3000)", () => {
  for (let y = 1583; y <= 3000; y++) {
    const d = easterSunday(y);
    assert.equal(new Date(`${d}T12:00:00Z`).getUTCDay(), 0, `${d} is a Sunday`);
    assert.ok(d.slice(5) >= "03-22" && d.slice(5) <= "04-25", `${d} in range`);
  }
});

Deno.test("Easter Monday (Lunedì dell'Angelo) follows Easter, across month ends", () => {
  assert.equal(easterMonday(2026), "2026-04-06");
  assert.equal(easterMonday(2024), "2024-04-01");
  assert.equal(easterMonday(2027), "2027-03-29");
  assert.equal(easterMonday(2013), "2013-04-01");
});

Deno.test("national holidays of 2026: twelve fixed days plus Easter and Easter Monday", () => {
  // Legge 260/1949 art. 2 as amended; 4 October from 2026 (Legge 151/2025).
  const days = nationalHolidays(2026).map((h) => `${h.date} ${h.key}`);
  assert.deepEqual(days, [
    "2026-01-01 new_year",
    "2026-01-06 epiphany",
    "2026-04-05 easter",
    "2026-04-06 easter_monday",
    "2026-04-25 liberation",
    "2026-05-01 labour",
    "2026-06-02 republic",
    "2026-08-15 assumption",
    "2026-10-04 st_francis",
    "2026-11-01 all_saints",
    "2026-12-08 immaculate",
    "2026-12-25 christmas",
    "2026-12-26 st_stephen",
  ]);
});

Deno.test("4 October is a national holiday from 2026 (Legge 8 ottobre 2025 n. 151), not in 2025", () => {
  assert.equal(nationalHolidayOn("2025-10-04"), null);
  assert.equal(nationalHolidayOn("2026-10-04")?.it, "San Francesco d'Assisi, patrono d'Italia");
  // In 2027 it falls on a Monday: the first year it closes a Monday-to-Friday service.
  assert.equal(nationalHolidayOn("2027-10-04")?.key, "st_francis");
  assert.equal(nationalHolidays(2025).length, 12);
  assert.equal(nationalHolidays(2027).length, 13);
});

Deno.test("historic changes: 2 June from 2001 (L. 336/2000), Epiphany from 1986 (DPR 792/1985)", () => {
  assert.equal(nationalHolidayOn("2000-06-02"), null);
  assert.equal(nationalHolidayOn("2001-06-02")?.key, "republic");
  assert.equal(nationalHolidayOn("1976-06-02")?.key, "republic");
  assert.equal(nationalHolidayOn("1985-01-06"), null);
  assert.equal(nationalHolidayOn("1986-01-06")?.key, "epiphany");
  assert.equal(nationalHolidayOn("1990-10-04"), null);
});

Deno.test("every fixed national holiday is found by date, with Italian and English names", () => {
  const cases: [string, string, string][] = [
    ["2027-01-01", "Capodanno", "New Year's Day"],
    ["2027-01-06", "Epifania", "Epiphany"],
    ["2027-04-25", "Festa della Liberazione", "Liberation Day"],
    ["2027-05-01", "Festa del Lavoro", "Labour Day"],
    ["2027-06-02", "Festa della Repubblica", "Republic Day"],
    ["2027-08-15", "Ferragosto (Assunzione)", "Assumption Day"],
    ["2027-11-01", "Ognissanti", "All Saints' Day"],
    ["2027-12-08", "Immacolata Concezione", "Immaculate Conception"],
    ["2027-12-25", "Natale", "Christmas Day"],
    ["2027-12-26", "Santo Stefano", "St Stephen's Day"],
    ["2027-03-28", "Pasqua", "Easter Sunday"],
    ["2027-03-29", "Lunedì dell'Angelo", "Easter Monday"],
  ];
  for (const [date, it, en] of cases) {
    const h = nationalHolidayOn(date);
    assert.equal(h?.it, it, date);
    assert.equal(h?.en, en, date);
  }
  // Not national: 30 November (Festa della Toscana), 24 June (a patron day), 4 November.
  for (const date of ["2026-11-30", "2026-06-24", "2026-11-04", "2026-12-24", "2026-03-19"]) {
    assert.equal(nationalHolidayOn(date), null, date);
  }
});
