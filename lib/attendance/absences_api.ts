/**
 * Planned absence periods through `/api/v1/absence-periods`: schemas (zod → OpenAPI) and the
 * queries behind them. Row-level security decides who reaches what (staff the Ente, teachers the
 * children of their classes, families read their own); the checks are `validateAbsence`, the same
 * the teachers' register uses (lib/attendance/absences.ts).
 *
 * @module
 */
import { z } from "zod";
import { Uuid } from "../api/define_api.ts";
import type { Tx } from "../db/types.ts";
import { HttpError } from "../http/define.ts";
import {
  type AbsenceEnrollment,
  type AbsenceErrors,
  type AbsencePeriod,
  validateAbsence,
} from "./absences.ts";

const IsoDate = z.iso.date();

export const AbsenceQuery = z.object({
  class_id: Uuid.optional().describe("The children of this class"),
  enrollment_id: Uuid.optional().describe("One child's enrollment"),
  from: IsoDate.optional().describe("Periods ending on or after this day"),
  to: IsoDate.optional().describe("Periods starting on or before this day"),
}).refine((q) => q.class_id || q.enrollment_id, {
  message: "Give class_id or enrollment_id",
  path: ["class_id"],
}).refine((q) => !q.from || !q.to || q.from <= q.to, {
  message: "from must not be after to",
  path: ["to"],
});
export type AbsenceQuery = z.infer<typeof AbsenceQuery>;

export const AbsenceBody = z.object({
  enrollment_id: Uuid.describe("The enrollment (child × service) the child will be away from"),
  from_day: IsoDate.describe("First day of absence (Europe/Rome calendar day)"),
  to_day: IsoDate.describe("Last day of absence, included"),
  reason: z.string().max(2000).describe("Why (3–500 characters): holiday, medical visit…"),
}).strict();
export type AbsenceBody = z.infer<typeof AbsenceBody>;

export const AbsenceSchema = z.object({
  id: Uuid,
  enrollment_id: Uuid,
  from_day: IsoDate,
  to_day: IsoDate,
  reason: z.string(),
  created_at: z.string(),
});
export type AbsenceJson = z.infer<typeof AbsenceSchema>;

export const AbsenceList = z.object({ items: z.array(AbsenceSchema) });

const json = (r: AbsencePeriod): AbsenceJson => ({
  id: r.id,
  enrollment_id: r.enrollment_id,
  from_day: r.from_day,
  to_day: r.to_day,
  reason: r.reason,
  created_at: new Date(r.created_at).toISOString(),
});

/** Periods of a class or an enrollment the caller may read, by first day. */
export async function listAbsences(tx: Tx, q: AbsenceQuery): Promise<AbsenceJson[]> {
  const rows = await tx.query<AbsencePeriod>(
    `select a.id, a.enrollment_id, a.from_day, a.to_day, a.reason, a.created_at
       from public.absence_periods a
      where a.tenant_id = app.tenant_id()
        and ($1::uuid is null
             or a.enrollment_id in (select c.enrollment_id from app.class_children($1) c))
        and ($2::uuid is null or a.enrollment_id = $2)
        and ($3::date is null or a.to_day >= $3) and ($4::date is null or a.from_day <= $4)
      order by a.from_day, a.enrollment_id`,
    [q.class_id ?? null, q.enrollment_id ?? null, q.from ?? null, q.to ?? null],
  );
  return rows.map(json);
}

/** 422 problem with one entry per field, Italian and English. */
export function absenceProblem(errors: AbsenceErrors): HttpError {
  const list = Object.entries(errors).map(([field, [it, en]]) => ({
    path: `body.${field}`,
    message: en,
    message_it: it,
    code: field === "enrollment_id" ? "not_found" : "invalid",
  }));
  return new HttpError(422, list[0]?.message_it ?? "Assenza non valida.", {
    code: "validation_failed",
    errors: list,
  });
}

/** Plans an absence; throws a 422 (nothing stored) when a check fails. */
export async function createAbsence(
  tx: Tx,
  body: AbsenceBody,
  userId: string | null,
): Promise<AbsenceJson> {
  const [enrollment] = await tx.query<AbsenceEnrollment>(
    `select starts_on, ends_on, withdrawn_on from public.enrollments
      where tenant_id = app.tenant_id() and id = $1`,
    [body.enrollment_id],
  );
  // Only the periods the caller can see: a child they do not reach has none, and is refused.
  const existing = enrollment
    ? await tx.query<AbsencePeriod>(
      `select from_day, to_day from public.absence_periods
        where tenant_id = app.tenant_id() and enrollment_id = $1`,
      [body.enrollment_id],
    )
    : [];
  const errors = validateAbsence(body, enrollment ?? null, existing);
  if (Object.keys(errors).length) throw absenceProblem(errors);
  const [row] = await tx.savepoint((sp) =>
    sp.query<AbsencePeriod>(
      `insert into public.absence_periods (tenant_id, enrollment_id, from_day, to_day, reason,
         created_by)
       values (app.tenant_id(), $1, $2, $3, $4, $5)
       returning id, enrollment_id, from_day, to_day, reason, created_at`,
      [body.enrollment_id, body.from_day, body.to_day, body.reason.trim(), userId],
    )
  ).catch((e) => {
    // Row-level security: the enrollment is visible but not the caller's to plan (42501).
    if ((e as { code?: string }).code === "42501") {
      throw absenceProblem({
        enrollment_id: [
          "Puoi programmare assenze solo per i bambini delle tue classi.",
          "You can plan absences only for the children of your classes.",
        ],
      });
    }
    throw e;
  });
  return json(row);
}

/** Removes a period the caller may change; false when there is none. */
export async function removeAbsence(tx: Tx, id: string): Promise<boolean> {
  const rows = await tx.query(
    `delete from public.absence_periods where tenant_id = app.tenant_id() and id = $1
     returning id`,
    [id],
  );
  return rows.length > 0;
}
