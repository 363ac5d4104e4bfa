/**
 * Planned absence periods (assenze programmate): a child will be away for some days. The roster
 * shows the child absent on those days, and the absence is recorded as a mark (through
 * `recordMarks`) when the day is marked. Runs under RLS: a teacher reaches the children of their
 * classes, staff the whole Ente, a family reads its own.
 *
 * @module
 */
import { daysBetween, isIsoDate, type IsoDate } from "../calendar/dates.ts";
import type { Tx } from "../db/types.ts";
import { isUuid } from "../codes/uuid.ts";

export interface AbsenceInput {
  enrollment_id: string;
  from_day: string;
  to_day: string;
  reason: string;
}

export interface AbsenceEnrollment {
  starts_on: IsoDate;
  ends_on: IsoDate;
  withdrawn_on: IsoDate | null;
}

export interface AbsencePeriod {
  id: string;
  enrollment_id: string;
  from_day: IsoDate;
  to_day: IsoDate;
  reason: string;
  created_at: string;
}

/** Field → [it, en] message. */
export type AbsenceErrors = Partial<Record<keyof AbsenceInput, [string, string]>>;

const fmt = (d: IsoDate) => d.split("-").reverse().join("/");

/**
 * Checks a planned absence against the enrollment it is for (null when the child is not one the
 * caller may reach) and the periods already planned. Empty object when valid.
 */
export function validateAbsence(
  a: AbsenceInput,
  enrollment: AbsenceEnrollment | null,
  existing: Pick<AbsencePeriod, "from_day" | "to_day">[],
): AbsenceErrors {
  const e: AbsenceErrors = {};
  if (!isUuid(a.enrollment_id) || !enrollment) {
    e.enrollment_id = ["Scegli un bambino della classe.", "Choose a child of the class."];
  }
  const reason = a.reason.trim();
  if (reason.length < 3) {
    e.reason = [
      "Scrivi il motivo (almeno 3 caratteri), ad esempio «vacanza» o «visita medica».",
      "Write the reason (at least 3 characters), e.g. “holiday” or “medical visit”.",
    ];
  } else if (reason.length > 500) {
    e.reason = ["Il motivo può avere al massimo 500 caratteri.", "At most 500 characters."];
  }
  if (!isIsoDate(a.from_day)) {
    e.from_day = ["Indica il primo giorno di assenza.", "Enter the first day of absence."];
  }
  if (!isIsoDate(a.to_day)) {
    e.to_day = ["Indica l'ultimo giorno di assenza.", "Enter the last day of absence."];
  }
  if (e.from_day || e.to_day) return e;
  if (a.to_day < a.from_day) {
    e.to_day = [
      "L'ultimo giorno non può precedere il primo.",
      "The last day cannot come before the first.",
    ];
  } else if (daysBetween(a.from_day, a.to_day) > 366) {
    e.to_day = [
      "Un'assenza programmata non può superare un anno: per un ritiro rivolgiti all'ufficio.",
      "A planned absence cannot exceed a year: for a withdrawal contact the office.",
    ];
  } else if (enrollment) {
    const last = enrollment.withdrawn_on ?? enrollment.ends_on;
    if (a.from_day < enrollment.starts_on || a.to_day > last) {
      e.from_day = [
        `Il bambino è iscritto dal ${fmt(enrollment.starts_on)} al ${fmt(last)}: ` +
        "scegli giorni in questo periodo.",
        `The child is enrolled from ${enrollment.starts_on} to ${last}: choose days within it.`,
      ];
    } else {
      const clash = existing.find((p) => p.from_day <= a.to_day && a.from_day <= p.to_day);
      if (clash) {
        e.from_day = [
          `C'è già un'assenza programmata dal ${fmt(clash.from_day)} al ${fmt(clash.to_day)}.`,
          `An absence is already planned from ${clash.from_day} to ${clash.to_day}.`,
        ];
      }
    }
  }
  return e;
}

export interface ClassChild {
  enrollment_id: string;
  service_title: string;
  surname: string;
  name: string;
  starts_on: IsoDate;
  ends_on: IsoDate;
  withdrawn_on: IsoDate | null;
}

/** The children of a class (one line per enrollment), by name. */
export async function listClassChildren(tx: Tx, classId: string): Promise<ClassChild[]> {
  return await tx.query<ClassChild>("select * from app.class_children($1)", [classId]);
}

/** The planned absences of the children of a class that end on or after `from`. */
export async function listClassAbsences(
  tx: Tx,
  classId: string,
  from: IsoDate,
): Promise<(AbsencePeriod & { surname: string; name: string })[]> {
  return await tx.query(
    `select a.id, a.enrollment_id, a.from_day, a.to_day, a.reason, a.created_at,
            c.surname, c.name
       from public.absence_periods a
       join app.class_children($1) c on c.enrollment_id = a.enrollment_id
      where a.tenant_id = app.tenant_id() and a.to_day >= $2
      order by a.from_day, c.surname, c.name`,
    [classId, from],
  );
}

/** Adds a planned absence; returns the errors (nothing stored) or the new period's id. */
export async function addAbsence(
  tx: Tx,
  classId: string,
  a: AbsenceInput,
  userId: string,
): Promise<{ errors: AbsenceErrors } | { id: string }> {
  const [enrollment] = isUuid(a.enrollment_id)
    ? await tx.query<AbsenceEnrollment>(
      `select starts_on, ends_on, withdrawn_on from public.enrollments
        where tenant_id = app.tenant_id() and id = $1 and class_id = $2`,
      [a.enrollment_id, classId],
    )
    : [];
  const existing = enrollment
    ? await tx.query<AbsencePeriod>(
      `select from_day, to_day from public.absence_periods
        where tenant_id = app.tenant_id() and enrollment_id = $1`,
      [a.enrollment_id],
    )
    : [];
  const errors = validateAbsence(a, enrollment ?? null, existing);
  if (Object.keys(errors).length) return { errors };
  const [row] = await tx.query<{ id: string }>(
    `insert into public.absence_periods (tenant_id, enrollment_id, from_day, to_day, reason,
       created_by)
     values (app.tenant_id(), $1, $2, $3, $4, $5) returning id`,
    [a.enrollment_id, a.from_day, a.to_day, a.reason.trim(), userId],
  );
  return { id: row.id };
}

/** Removes a planned absence of a child of the class; false when there is none. */
export async function deleteAbsence(tx: Tx, classId: string, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const rows = await tx.query(
    `delete from public.absence_periods a using public.enrollments e
      where a.tenant_id = app.tenant_id() and a.id = $1
        and e.tenant_id = a.tenant_id and e.id = a.enrollment_id and e.class_id = $2
      returning a.id`,
    [id, classId],
  );
  return rows.length > 0;
}
