/**
 * "Chiudi la giornata": the Ente closes a service's day after the fact (a strike, a closure
 * announced late). In one transaction: a `service_closures` row for the day, every mark of the
 * day voided (kept, never billed: see `app.effective_attendance`), an audit event and live
 * updates to the boards. Closing a day already closed changes nothing.
 *
 * @module
 */
import type { ClosureKind } from "../calendar/service_calendar.ts";
import type { Tx } from "../db/types.ts";
import { emit, rooms } from "../realtime/emit.ts";

export interface CloseDay {
  serviceId: string;
  day: string;
  kind: ClosureKind;
  reason: string;
}

export interface CloseDayResult {
  closure_id: string;
  /** False when the day was closed already (nothing changed). */
  created: boolean;
  voided: number;
}

/** Closes `day` for the service (staff, under RLS). Throws 23503-like errors for unknown ids. */
export async function closeDay(tx: Tx, c: CloseDay): Promise<CloseDayResult> {
  // One closer at a time per service: a double click must not add two closures.
  await tx.query(
    `select 1 from public.services where tenant_id = app.tenant_id() and id = $1 for update`,
    [c.serviceId],
  );
  const [existing] = await tx.query<{ id: string }>(
    `select id from public.service_closures
      where tenant_id = app.tenant_id() and service_id = $1 and $2::date between starts_on and ends_on
      order by created_at limit 1`,
    [c.serviceId, c.day],
  );
  let closureId = existing?.id;
  if (!closureId) {
    [{ id: closureId }] = await tx.query<{ id: string }>(
      `insert into public.service_closures (tenant_id, service_id, kind, reason, starts_on, ends_on)
       values (app.tenant_id(), $1, $2, $3, $4, $4) returning id`,
      [c.serviceId, c.kind, c.reason, c.day],
    );
  }
  const voided = await tx.query<
    { enrollment_id: string; site_id: string | null; class_id: string | null }
  >(
    `update public.attendance_marks m set voided_at = now(), void_reason = $3
       from public.enrollments e
      where m.tenant_id = app.tenant_id() and m.day = $2 and m.voided_at is null
        and e.tenant_id = m.tenant_id and e.id = m.enrollment_id and e.service_id = $1
      returning m.enrollment_id, e.site_id, e.class_id`,
    [c.serviceId, c.day, existing ? "Giornata chiusa dall'Ente" : c.reason],
  );
  if (existing && voided.length === 0) {
    return { closure_id: closureId, created: false, voided: 0 };
  }
  const [t] = await tx.query<{ tenant_id: string }>("select app.tenant_id() as tenant_id");
  await tx.query("select app.audit_event(app.tenant_id(), $1, $2, $3, $4)", [
    "service_day_closed",
    "service_closures",
    closureId,
    { service_id: c.serviceId, day: c.day, kind: c.kind, reason: c.reason, voided: voided.length },
  ]);
  const event = { service_id: c.serviceId, day: c.day, reason: c.reason, voided: voided.length };
  await emit(tx, rooms.serviceMeals(c.serviceId), "meals.closed", event);
  const sites = await tx.query<{ site_id: string }>(
    `select distinct site_id from public.enrollments
      where tenant_id = app.tenant_id() and service_id = $1 and site_id is not null
        and $2::date between starts_on and coalesce(withdrawn_on, ends_on)`,
    [c.serviceId, c.day],
  );
  for (const s of sites) await emit(tx, rooms.siteMeals(s.site_id), "meals.closed", event);
  for (const cls of new Set(voided.map((v) => v.class_id).filter((x): x is string => !!x))) {
    await emit(tx, rooms.class(cls), "meals.closed", event);
  }
  await emit(tx, rooms.tenantOps(t.tenant_id), "meals.closed", event);
  return { closure_id: closureId, created: !existing, voided: voided.length };
}
