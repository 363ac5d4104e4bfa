/**
 * Regional school calendars as date ranges: when lessons start and end, and the Christmas and
 * Easter breaks. Each region approves its own; here the ones with a permanent rule, so that an
 * office can fill a service calendar in one click and then adjust it.
 *
 * Toscana — the permanent guidelines of the Giunta regionale (adopted in 2014, applied every year
 * since without a new delibera): lessons from 15 September (a Saturday or a holiday moves it to
 * the next working day) to 10 June (a holiday moves it to the working day before); scuola
 * dell'infanzia until 30 June (likewise); Christmas break 24 December – 6 January; Easter break
 * from the Thursday before Easter to the Tuesday after Easter Monday. Published examples, used in
 * the tests: 2016/17 Easter break 13–18 Apr 2017 (elbareport.it); 2017/18 lessons from Friday
 * 15 Sep 2017, Easter 29 Mar – 3 Apr 2018 (firenzetoday.it); 2023/24 lessons to Monday 10 Jun
 * 2024, infanzia to 29 Jun 2024, Easter 28 Mar – 2 Apr 2024 (lanazione.it); 2025/26 lessons
 * 15 Sep 2025 – 10 Jun 2026, Christmas 24 Dec 2025 – 6 Jan 2026, Easter 2–7 Apr 2026
 * (agenziaimpress.it).
 *
 * @module
 */

import { addDays, type IsoDate, isoWeekday, makeDate } from "./dates.ts";
import { easterSunday, nationalHolidayOn } from "./holidays.ts";

export interface DateRange {
  from: IsoDate;
  to: IsoDate;
}

export interface SchoolCalendar {
  region: string;
  /** The school year as `'2026/27'`. */
  label: string;
  lessons: DateRange;
  /** Lessons of the scuola dell'infanzia, when they end on another day. */
  infanzia?: DateRange;
  breaks: (DateRange & { key: "christmas" | "easter"; it: string; en: string })[];
}

export const REGIONAL_CALENDARS = ["toscana"] as const;
export type Region = typeof REGIONAL_CALENDARS[number];

const isHoliday = (d: IsoDate) => isoWeekday(d) === 7 || nationalHolidayOn(d) !== null;

/** Toscana's calendar of the school year starting in September of `startYear`. */
export function toscanaSchoolCalendar(startYear: number): SchoolCalendar {
  let start = makeDate(startYear, 9, 15);
  while (isoWeekday(start) === 6 || isHoliday(start)) start = addDays(start, 1);
  let end = makeDate(startYear + 1, 6, 10);
  while (isHoliday(end)) end = addDays(end, -1);
  let infanziaEnd = makeDate(startYear + 1, 6, 30);
  while (isHoliday(infanziaEnd)) infanziaEnd = addDays(infanziaEnd, -1);
  const easter = easterSunday(startYear + 1);
  return {
    region: "toscana",
    label: `${startYear}/${String((startYear + 1) % 100).padStart(2, "0")}`,
    lessons: { from: start, to: end },
    infanzia: { from: start, to: infanziaEnd },
    breaks: [
      {
        key: "christmas",
        it: "Vacanze natalizie",
        en: "Christmas holidays",
        from: makeDate(startYear, 12, 24),
        to: makeDate(startYear + 1, 1, 6),
      },
      {
        key: "easter",
        it: "Vacanze pasquali",
        en: "Easter holidays",
        from: addDays(easter, -3),
        to: addDays(easter, 2),
      },
    ],
  };
}

/** The calendar of a region for the school year starting in `startYear`. */
export function regionalSchoolCalendar(region: Region, startYear: number): SchoolCalendar {
  switch (region) {
    case "toscana":
      return toscanaSchoolCalendar(startYear);
  }
}
