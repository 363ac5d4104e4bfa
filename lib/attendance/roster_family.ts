/**
 * A family's view of one child's attendance: the marks of a month (RLS: the family reads only its
 * own children's), the planned absences, and the month's totals.
 *
 * @module
 */
import { addMonths, isIsoMonth, type IsoDate, type IsoMonth } from "../calendar/dates.ts";
import type { Tx } from "../db/types.ts";
import type { MarkStatus, Meal } from "./rules.ts";

export interface FamilyMark {
  day: IsoDate;
  status: MarkStatus;
  meal: Meal | null;
  source: string;
  marked_at: string;
  revision: number;
  justified: boolean;
  justification: string | null;
  voided: boolean;
}

export interface FamilyMonth {
  month: IsoMonth;
  marks: FamilyMark[];
  planned: { id: string; from_day: IsoDate; to_day: IsoDate; reason: string }[];
}

/** `?mese=` when it is a real month, else the month of `today`. */
export function familyMonth(param: string | null | undefined, today: IsoDate): IsoMonth {
  return param && isIsoMonth(param) ? param : today.slice(0, 7);
}

/** The month's marks and the planned absences overlapping it, of enrollment `id`. */
export async function loadFamilyMonth(tx: Tx, id: string, month: IsoMonth): Promise<FamilyMonth> {
  const from = `${month}-01`;
  const to = `${addMonths(month, 1)}-01`;
  const marks = await tx.query<FamilyMark>(
    `select day, status, meal, source, marked_at, revision, justified, justification,
            voided_at is not null as voided
       from public.attendance_marks
      where tenant_id = app.tenant_id() and enrollment_id = $1 and day >= $2 and day < $3
      order by day`,
    [id, from, to],
  );
  const planned = await tx.query<FamilyMonth["planned"][number]>(
    `select id, from_day, to_day, reason from public.absence_periods
      where tenant_id = app.tenant_id() and enrollment_id = $1 and from_day < $3 and to_day >= $2
      order by from_day`,
    [id, from, to],
  );
  return {
    month,
    marks: marks.map((m) => ({ ...m, marked_at: new Date(m.marked_at).toISOString() })),
    planned,
  };
}

/** Replaces or adds the mark of its day (a live update), keeping the days in order. */
export function mergeMark(marks: FamilyMark[], m: FamilyMark): FamilyMark[] {
  const old = marks.find((x) => x.day === m.day);
  if (old && old.revision > m.revision) return marks;
  return [...marks.filter((x) => x.day !== m.day), m].sort((a, b) => a.day.localeCompare(b.day));
}
