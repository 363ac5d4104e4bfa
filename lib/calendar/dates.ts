/**
 * Calendar dates as `'YYYY-MM-DD'` strings (Europe/Rome calendar days, never instants), and the
 * conversion between Rome wall-clock times and instants. Pure: no `Date.now()` unless asked.
 *
 * Arithmetic runs on UTC midnights so that no server time zone or daylight-saving change can
 * shift a day.
 *
 * @module
 */

/** A calendar date, `'2026-09-15'`. */
export type IsoDate = string;
/** A calendar month, `'2026-09'`. */
export type IsoMonth = string;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** True for a real calendar date in the given shape (`'2027-02-29'` is false). */
export function isIsoDate(s: unknown): s is IsoDate {
  if (typeof s !== "string") return false;
  const m = DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

export function isIsoMonth(s: unknown): s is IsoMonth {
  if (typeof s !== "string") return false;
  const m = MONTH.exec(s);
  return !!m && Number(m[2]) >= 1 && Number(m[2]) <= 12;
}

/** Days in a month (`month` 1–12), leap years by the Gregorian rule. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function makeDate(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${
    String(day).padStart(2, "0")
  }`;
}

function toUtc(date: IsoDate): number {
  const m = DATE.exec(date);
  if (!m) throw new RangeError(`Not a date: ${date}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

function fromUtc(ms: number): IsoDate {
  const d = new Date(ms);
  return makeDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** `addDays('2026-12-31', 1) // '2027-01-01'` */
export function addDays(date: IsoDate, days: number): IsoDate {
  return fromUtc(toUtc(date) + days * DAY_MS);
}

/** Whole days from `a` to `b` (negative when `b` comes first). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((toUtc(b) - toUtc(a)) / DAY_MS);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: IsoDate): number {
  return ((new Date(toUtc(date)).getUTCDay() + 6) % 7) + 1;
}

/** The Monday of the week `date` falls in. */
export function mondayOf(date: IsoDate): IsoDate {
  return addDays(date, 1 - isoWeekday(date));
}

/** `'2026-09'` → every date of September 2026, in order. */
export function datesOfMonth(month: IsoMonth): IsoDate[] {
  const m = MONTH.exec(month);
  if (!m || !isIsoMonth(month)) throw new RangeError(`Not a month: ${month}`);
  const [y, mo] = [Number(m[1]), Number(m[2])];
  return Array.from({ length: daysInMonth(y, mo) }, (_, i) => makeDate(y, mo, i + 1));
}

/** `addMonths('2026-12', 1) // '2027-01'` */
export function addMonths(month: IsoMonth, n: number): IsoMonth {
  const m = MONTH.exec(month);
  if (!m) throw new RangeError(`Not a month: ${month}`);
  const index = Number(m[1]) * 12 + Number(m[2]) - 1 + n;
  return `${String(Math.floor(index / 12)).padStart(4, "0")}-${
    String(index % 12 + 1).padStart(2, "0")
  }`;
}

/** Every date from `from` to `to`, both included (empty when `to` comes first). */
export function eachDate(from: IsoDate, to: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** The Europe/Rome calendar date of an instant (today by default). */
export function romeDateOf(instant: Date = new Date()): IsoDate {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Rome" }).format(instant);
}

const ROME_PARTS = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/Rome",
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

/** Rome wall-clock time of an instant as `'YYYY-MM-DDTHH:MM'` (what a datetime-local shows). */
export function romeLocalOf(instant: Date): string {
  const p = Object.fromEntries(ROME_PARTS.formatToParts(instant).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * The instant a Rome wall-clock time denotes: `romeInstant('2026-09-01T09:00')` is 07:00Z
 * (summer time). On the autumn change the repeated hour is read as summer time (the first
 * occurrence); a time skipped in spring (02:00–02:59 on the last Sunday of March) moves one hour
 * forward, as clocks do. Null for a malformed or impossible value.
 */
export function romeInstant(local: string): Date | null {
  const m = LOCAL.exec(local.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0));
  if (!isIsoDate(makeDate(y, mo, d)) || h > 23 || mi > 59 || s > 59) return null;
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  // Rome is UTC+1 or UTC+2: try summer time first, so an ambiguous hour reads as its first pass.
  for (const offset of [2, 1]) {
    const t = new Date(wall - offset * 3_600_000);
    if (romeLocalOf(t) === `${local.trim().slice(0, 16)}`) return t;
  }
  // Skipped by the spring change: the same wall time one hour later exists in summer time.
  return new Date(wall - 3_600_000);
}
