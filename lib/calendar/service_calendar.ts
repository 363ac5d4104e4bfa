/**
 * A service's calendar: on which days a service (canteen, transport, pre-school…) runs, and when
 * it does not, why. Pure: the caller loads the configuration and asks about dates.
 *
 * A day is a service day when it falls in one of the service's periods (e.g. the lessons of the
 * regional school calendar; no periods = no limit), on one of its active weekdays, and it is not
 * a national holiday (when observed), the Comune's patron saint's day, inside a break (Christmas,
 * Easter) or an ad-hoc closure (strike, snow…).
 *
 * @module
 */

import { datesOfMonth, type IsoDate, type IsoMonth, isoWeekday } from "./dates.ts";
import { nationalHolidayOn } from "./holidays.ts";

export interface Period {
  from: IsoDate;
  to: IsoDate;
  label: string;
}

export interface Closure {
  from: IsoDate;
  to: IsoDate;
  /** Why: shown to operators and families ("Sciopero del personale di cucina"). */
  reason: string;
  kind: ClosureKind;
}

export const CLOSURE_KINDS = ["strike", "weather", "election", "maintenance", "other"] as const;
export type ClosureKind = typeof CLOSURE_KINDS[number];

export interface ServiceCalendar {
  /** ISO weekdays the service runs on: 1 = Monday … 7 = Sunday. */
  weekdays: number[];
  /** The Comune's patron saint: `{ month: 6, day: 24, name: "San Giovanni Battista" }`. */
  patron: { month: number; day: number; name: string } | null;
  /** When the service runs at all (e.g. lessons 15 Sep – 10 Jun); empty = no limit. */
  periods: Period[];
  /** Breaks inside the periods (Christmas, Easter holidays). */
  breaks: Period[];
  /** Ad-hoc closures. */
  closures: Closure[];
  /** Observe Italian national holidays (true unless the service runs on holidays too). */
  nationalHolidays: boolean;
}

export type ClosedReason =
  | { code: "holiday"; it: string; en: string; key: string }
  | { code: "patron"; name: string }
  | { code: "closure"; reason: string; kind: ClosureKind }
  | { code: "break"; label: string }
  | { code: "out_of_period" }
  | { code: "weekday"; weekday: number };

export type DayStatus = { open: true } | { open: false; reason: ClosedReason };

export const EMPTY_CALENDAR: ServiceCalendar = {
  weekdays: [1, 2, 3, 4, 5],
  patron: null,
  periods: [],
  breaks: [],
  closures: [],
  nationalHolidays: true,
};

const inRange = (d: IsoDate, r: { from: IsoDate; to: IsoDate }) => d >= r.from && d <= r.to;

/**
 * Whether the service runs on `date`, and if not the reason, most telling first: a named holiday
 * or patron day before a closure, a closure before a break, before "outside the period", before
 * "not one of its weekdays".
 * `isServiceDay(cal, '2026-12-08') // { open: false, reason: { code: 'holiday', it: 'Immacolata Concezione', … } }`
 */
export function isServiceDay(cal: ServiceCalendar, date: IsoDate): DayStatus {
  const closed = (reason: ClosedReason): DayStatus => ({ open: false, reason });
  if (cal.nationalHolidays) {
    const h = nationalHolidayOn(date);
    if (h) return closed({ code: "holiday", it: h.it, en: h.en, key: h.key });
  }
  if (
    cal.patron && Number(date.slice(5, 7)) === cal.patron.month &&
    Number(date.slice(8, 10)) === cal.patron.day
  ) {
    return closed({ code: "patron", name: cal.patron.name });
  }
  const closure = cal.closures.find((c) => inRange(date, c));
  if (closure) return closed({ code: "closure", reason: closure.reason, kind: closure.kind });
  const pause = cal.breaks.find((b) => inRange(date, b));
  if (pause) return closed({ code: "break", label: pause.label });
  if (cal.periods.length && !cal.periods.some((p) => inRange(date, p))) {
    return closed({ code: "out_of_period" });
  }
  const weekday = isoWeekday(date);
  if (!cal.weekdays.includes(weekday)) return closed({ code: "weekday", weekday });
  return { open: true };
}

/** The service days of a month, in order: `serviceDays(cal, '2026-09')`. */
export function serviceDays(cal: ServiceCalendar, month: IsoMonth): IsoDate[] {
  return datesOfMonth(month).filter((d) => isServiceDay(cal, d).open);
}

export interface MonthDay {
  date: IsoDate;
  weekday: number;
  status: DayStatus;
}

/** Every day of a month with its status, for a month view. */
export function monthView(cal: ServiceCalendar, month: IsoMonth): MonthDay[] {
  return datesOfMonth(month).map((date) => ({
    date,
    weekday: isoWeekday(date),
    status: isServiceDay(cal, date),
  }));
}

const WEEKDAYS_IT = ["lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"];
const WEEKDAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/** Name of an ISO weekday: `weekdayName(1, 'it') // 'lunedì'`. */
export function weekdayName(weekday: number, lang: "it" | "en"): string {
  return (lang === "it" ? WEEKDAYS_IT : WEEKDAYS_EN)[weekday - 1];
}

/** Why the service is closed, in words: "Festa nazionale: Natale". */
export function describeClosed(reason: ClosedReason, lang: "it" | "en"): string {
  const it = lang === "it";
  switch (reason.code) {
    case "holiday":
      return it ? `Festa nazionale: ${reason.it}` : `National holiday: ${reason.en}`;
    case "patron":
      return it ? `Santo patrono: ${reason.name}` : `Patron saint: ${reason.name}`;
    case "closure":
      return it ? `Chiusura: ${reason.reason}` : `Closure: ${reason.reason}`;
    case "break":
      return reason.label;
    case "out_of_period":
      return it ? "Fuori dal periodo di servizio" : "Outside the service period";
    case "weekday":
      return it
        ? `Il servizio non è attivo di ${weekdayName(reason.weekday, "it")}`
        : `The service does not run on ${weekdayName(reason.weekday, "en")}s`;
  }
}
