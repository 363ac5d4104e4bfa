/**
 * The class roster, pure: what a child's line shows for the day (the mark, else a planned
 * absence, else "not marked yet"), the day's counts, and which marks "tutti presenti" and the
 * planned absences turn into. A mark made by someone always wins over a plan: the teacher saw
 * the child.
 *
 * @module
 */
import { addDays, isIsoDate, type IsoDate } from "../calendar/dates.ts";
import type { MarkInput } from "./marks.ts";
import type { MarkStatus, Meal } from "./rules.ts";

export interface RosterMark {
  status: MarkStatus;
  meal: Meal | null;
  source: string;
  marked_at: string;
  recorded_at: string;
  recorded_by_name: string | null;
  revision: number;
  after_cutoff: boolean;
  justified: boolean;
  justification: string | null;
  justified_by_name: string | null;
  justified_at: string | null;
  voided: boolean;
}

export interface PlannedAbsence {
  id: string;
  from_day: IsoDate;
  to_day: IsoDate;
  reason: string;
}

export interface RosterChild {
  enrollment_id: string;
  service_id: string;
  surname: string;
  name: string;
  diet: { name: string; kind: string } | null;
  mark: RosterMark | null;
  planned: PlannedAbsence | null;
}

/** What a line shows: a recorded status, a planned absence not yet recorded, or nothing yet. */
export type LineStatus = MarkStatus | "planned" | "unmarked";

export function lineStatus(c: Pick<RosterChild, "mark" | "planned">): LineStatus {
  if (c.mark) return c.mark.status;
  return c.planned ? "planned" : "unmarked";
}

export interface RosterCounts {
  total: number;
  present: number;
  /** Absent, cancelled, and planned absences not yet recorded. */
  absent: number;
  unmarked: number;
  white_meals: number;
  /** Absences recorded without a justification. */
  unjustified: number;
}

export function countRoster(children: Pick<RosterChild, "mark" | "planned">[]): RosterCounts {
  const n: RosterCounts = {
    total: children.length,
    present: 0,
    absent: 0,
    unmarked: 0,
    white_meals: 0,
    unjustified: 0,
  };
  for (const c of children) {
    const s = lineStatus(c);
    if (s === "present") {
      n.present++;
      if (c.mark!.meal === "white") n.white_meals++;
    } else if (s === "unmarked") n.unmarked++;
    else {
      n.absent++;
      if (c.mark && s === "absent" && !c.mark.justified) n.unjustified++;
    }
  }
  return n;
}

/**
 * The marks a planned absence becomes when `day` is marked: an absence for each child with a plan
 * covering the day and no mark yet.
 */
export function plannedMarks(
  children: Pick<RosterChild, "enrollment_id" | "mark" | "planned">[],
  day: IsoDate,
  markedAt: string,
): MarkInput[] {
  return children
    .filter((c) => !c.mark && c.planned && c.planned.from_day <= day && day <= c.planned.to_day)
    .map((c) => ({ enrollment_id: c.enrollment_id, day, status: "absent", marked_at: markedAt }));
}

/**
 * "Tutti presenti": every child not marked yet is present, except those with a planned absence
 * (absent). Children already marked keep their mark: the button never overwrites a decision.
 */
export function allPresentMarks(
  children: Pick<RosterChild, "enrollment_id" | "mark" | "planned">[],
  day: IsoDate,
  markedAt: string,
): MarkInput[] {
  return children.filter((c) => !c.mark).map((c) => ({
    enrollment_id: c.enrollment_id,
    day,
    status: c.planned ? "absent" : "present",
    marked_at: markedAt,
  }));
}

/**
 * The day a roster shows: `?giorno=` when it is a valid past or current day, else today. Future
 * days have nothing to mark.
 */
export function rosterDay(param: string | null | undefined, today: IsoDate): IsoDate {
  if (!param || !isIsoDate(param) || param > today) return today;
  return param;
}

/** Previous and next day for the navigation (next only up to today). */
export function dayNav(day: IsoDate, today: IsoDate): { prev: IsoDate; next: IsoDate | null } {
  const next = addDays(day, 1);
  return { prev: addDays(day, -1), next: next <= today ? next : null };
}
