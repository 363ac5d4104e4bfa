import type { Fixture } from "./second_tenant.ts";

/** Planned absences: a week away for the enrolled child, entered by the class teacher. */
export const ABSENCE_FIXTURES: Record<string, Fixture> = {
  async absence_periods(tx, f) {
    await tx.query(
      `insert into public.absence_periods (tenant_id, enrollment_id, from_day, to_day, reason,
         created_by)
       select e.tenant_id, e.id, '2026-10-12', '2026-10-16', 'Vacanza con i nonni', $2
         from public.enrollments e where e.tenant_id = $1 order by e.created_at limit 1`,
      [f.tenantId, f.users.teacher],
    );
  },
};
