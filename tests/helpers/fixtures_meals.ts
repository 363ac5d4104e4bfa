import { addDays, romeDateOf } from "../../lib/calendar/dates.ts";
import { EMPTY_CALENDAR, isServiceDay } from "../../lib/calendar/service_calendar.ts";
import type { Db } from "../../lib/db/types.ts";
import { loadServiceCalendar } from "../../lib/services/calendar_db.ts";
import type { Fixture } from "./second_tenant.ts";

/** Meals: the counts of a canteen service frozen at a past cut-off. */
export const MEAL_FIXTURES: Record<string, Fixture> = {
  async meal_count_snapshots(tx, f) {
    await tx.query(
      `insert into public.meal_count_snapshots (tenant_id, service_id, day, site_id, counts, sent_at)
       select s.tenant_id, s.id, '2026-10-05', null, '{"meals": 1}', now()
         from public.services s where s.tenant_id = $1 order by s.created_at limit 1`,
      [f.tenantId],
    );
  },
};

/**
 * The demo family's first child (Sofia Ricci, "Famiglia Ricci Colombo") enrolled in the demo
 * canteen (presumed presence) at the first class that has canteen children; with the service
 * days around today (Rome) the tests act on.
 */
export async function enrollDemoFamilyInCanteen(db: Db): Promise<MealsSetup> {
  const today = romeDateOf();
  return await db.asOwner(async (tx) => {
    const [r] = await tx.query<Omit<MealsSetup, "enrollmentId" | "nextDay" | "pastDay">>(
      `select s.tenant_id as "tenantId", s.id as "serviceId", e.school_year_id as "yearId",
              e.site_id as "siteId", e.class_id as "classId", e.id as "otherEnrollmentId",
              (select p.id from public.people p where p.tenant_id = s.tenant_id
                 and p.name = 'Sofia' and p.surname = 'Ricci') as "childId",
              (select p.id from public.people p where p.tenant_id = s.tenant_id
                 and p.name = 'Chiara' and p.surname = 'Colombo') as "payerId",
              (select h.id from public.households h where h.tenant_id = s.tenant_id
                 and h.name = 'Famiglia Ricci Colombo') as "householdId"
         from public.services s
         join public.enrollments e on e.tenant_id = s.tenant_id and e.service_id = s.id
        where s.code = 'MENSA' and e.site_id is not null and e.class_id is not null
        order by e.created_at limit 1`,
    );
    const [{ id }] = await tx.query<{ id: string }>(
      `insert into public.enrollments (tenant_id, service_id, school_year_id, beneficiary_id,
         payer_id, household_id, site_id, class_id, starts_on, ends_on)
       values ($1, $2, $3, $4, $5, $6, $7, $8, '2026-09-14', '2027-06-10') returning id`,
      [r.tenantId, r.serviceId, r.yearId, r.childId, r.payerId, r.householdId, r.siteId, r.classId],
    );
    const cal = await loadServiceCalendar(tx, r.serviceId) ?? EMPTY_CALENDAR;
    let next = addDays(today, 1);
    while (!isServiceDay(cal, next).open) next = addDays(next, 1);
    let past = addDays(today, -1);
    while (!isServiceDay(cal, past).open) past = addDays(past, -1);
    return { ...r, enrollmentId: id, nextDay: next, pastDay: past };
  });
}

export interface MealsSetup {
  tenantId: string;
  serviceId: string;
  yearId: string;
  siteId: string;
  classId: string;
  childId: string;
  payerId: string;
  householdId: string;
  enrollmentId: string;
  /** Another child's canteen enrollment (not the demo family's). */
  otherEnrollmentId: string;
  /** The first service day after today, and the last one before it (Rome). */
  nextDay: string;
  pastDay: string;
}
