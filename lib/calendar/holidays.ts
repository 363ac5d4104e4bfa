/**
 * Italian national holidays (giorni festivi), as listed by art. 2 of Legge 27 maggio 1949 n. 260
 * and the laws that changed it:
 *
 * - 25 aprile and 1 maggio: Legge 260/1949 art. 2;
 * - 2 giugno, Festa della Repubblica: moved to the first Sunday of June by Legge 5 marzo 1977
 *   n. 54, back on 2 June from 2001 (Legge 20 novembre 2000 n. 336);
 * - 6 gennaio, Epifania: abolished by Legge 54/1977, restored from 1986 (D.P.R. 28 dicembre 1985
 *   n. 792);
 * - 4 ottobre, San Francesco d'Assisi patrono d'Italia: abolished as a holiday by Legge 54/1977,
 *   national holiday again from 1 January 2026 (Legge 8 ottobre 2025 n. 151, G.U. n. 236 del
 *   10 ottobre 2025);
 * - Easter Monday (Lunedì dell'Angelo), 15 agosto, 1 novembre, 8 dicembre, 25 and 26 dicembre,
 *   1 gennaio: Legge 260/1949 as amended.
 *
 * Sundays are holidays too, but a service calendar handles them through its weekdays.
 * The patron saint's day of each Comune is not national: the service calendar adds it.
 *
 * @module
 */

import { addDays, type IsoDate, makeDate } from "./dates.ts";

export interface Holiday {
  date: IsoDate;
  /** Stable key: `easter`, `liberation`, `st_francis`… */
  key: string;
  it: string;
  en: string;
}

/**
 * Easter Sunday of a Gregorian year (1583–9999), by the anonymous Gregorian algorithm
 * ("Meeus/Jones/Butcher", J. Meeus, *Astronomical Algorithms*, ch. 8).
 * `easterSunday(2026) // '2026-04-05'`
 */
export function easterSunday(year: number): IsoDate {
  if (!Number.isInteger(year) || year < 1583 || year > 9999) {
    throw new RangeError(`Easter is computed for Gregorian years 1583–9999, not ${year}`);
  }
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return makeDate(year, month, day);
}

/** Easter Monday, Lunedì dell'Angelo (Pasquetta). */
export function easterMonday(year: number): IsoDate {
  return addDays(easterSunday(year), 1);
}

interface Fixed {
  month: number;
  day: number;
  key: string;
  it: string;
  en: string;
  /** Years in which the day is a national holiday. */
  valid?: (year: number) => boolean;
}

const FIXED: Fixed[] = [
  { month: 1, day: 1, key: "new_year", it: "Capodanno", en: "New Year's Day" },
  {
    month: 1,
    day: 6,
    key: "epiphany",
    it: "Epifania",
    en: "Epiphany",
    valid: (y) => y < 1977 || y >= 1986,
  },
  {
    month: 4,
    day: 25,
    key: "liberation",
    it: "Festa della Liberazione",
    en: "Liberation Day",
  },
  { month: 5, day: 1, key: "labour", it: "Festa del Lavoro", en: "Labour Day" },
  {
    month: 6,
    day: 2,
    key: "republic",
    it: "Festa della Repubblica",
    en: "Republic Day",
    valid: (y) => y < 1977 || y >= 2001,
  },
  { month: 8, day: 15, key: "assumption", it: "Ferragosto (Assunzione)", en: "Assumption Day" },
  {
    month: 10,
    day: 4,
    key: "st_francis",
    it: "San Francesco d'Assisi, patrono d'Italia",
    en: "St Francis of Assisi, patron saint of Italy",
    valid: (y) => y < 1977 || y >= 2026,
  },
  { month: 11, day: 1, key: "all_saints", it: "Ognissanti", en: "All Saints' Day" },
  {
    month: 12,
    day: 8,
    key: "immaculate",
    it: "Immacolata Concezione",
    en: "Immaculate Conception",
  },
  { month: 12, day: 25, key: "christmas", it: "Natale", en: "Christmas Day" },
  { month: 12, day: 26, key: "st_stephen", it: "Santo Stefano", en: "St Stephen's Day" },
];

const cache = new Map<number, Holiday[]>();

/** The national holidays of a year, in date order. */
export function nationalHolidays(year: number): Holiday[] {
  const hit = cache.get(year);
  if (hit) return hit;
  const list: Holiday[] = FIXED.filter((f) => !f.valid || f.valid(year)).map((f) => ({
    date: makeDate(year, f.month, f.day),
    key: f.key,
    it: f.it,
    en: f.en,
  }));
  list.push(
    { date: easterSunday(year), key: "easter", it: "Pasqua", en: "Easter Sunday" },
    {
      date: easterMonday(year),
      key: "easter_monday",
      it: "Lunedì dell'Angelo",
      en: "Easter Monday",
    },
  );
  list.sort((a, b) => a.date.localeCompare(b.date));
  if (cache.size > 200) cache.clear();
  cache.set(year, list);
  return list;
}

/** The national holiday on `date`, if any. */
export function nationalHolidayOn(date: IsoDate): Holiday | null {
  return nationalHolidays(Number(date.slice(0, 4))).find((h) => h.date === date) ?? null;
}
