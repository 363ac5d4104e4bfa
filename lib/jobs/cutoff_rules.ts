/**
 * When a canteen service's counts are due to be frozen, pure: at the service's cut-off
 * (`canteen_settings.attendance_cutoff`, a Rome wall-clock time) of each Rome calendar day. A day
 * in which the clocks change (last Sunday of March and October) has 23 or 25 hours, so the
 * instant is computed from the Rome wall clock of that day, never by adding hours to midnight.
 *
 * @module
 */
import { romeDateOf, romeInstant } from "../calendar/dates.ts";

/** The instant of `cutoff` ('HH:MM' or 'HH:MM:SS') on the Rome day `day`. */
export function cutoffInstant(day: string, cutoff: string): Date {
  const at = romeInstant(`${day}T${cutoff.slice(0, 5)}`);
  if (!at) throw new Error(`invalid cut-off ${day} ${cutoff}`);
  return at;
}

/**
 * The Rome day whose counts are due at `now`, or null: today in Rome once its cut-off has
 * passed. (A job that was down at the cut-off freezes on its next tick the same day; a day
 * missed entirely is not frozen after midnight — its counts are no use to a kitchen any more.)
 */
export function dueDay(now: Date, cutoff: string): string | null {
  const today = romeDateOf(now);
  return now.getTime() >= cutoffInstant(today, cutoff).getTime() ? today : null;
}

/** 'HH:MM' of a cut-off for people ("09:30"). */
export function cutoffLabel(cutoff: string | null): string {
  return (cutoff ?? "09:30").slice(0, 5);
}
