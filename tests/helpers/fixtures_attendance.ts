import type { Fixture } from "./second_tenant.ts";

/** Attendance: yesterday's presence of the enrolled child, marked by the class teacher. */
export const ATTENDANCE_FIXTURES: Record<string, Fixture> = {
  async attendance_marks(tx, f) {
    await tx.query(
      `insert into public.attendance_marks (tenant_id, enrollment_id, day, status, meal, source,
         marked_at, recorded_by)
       select e.tenant_id, e.id, '2026-10-05', 'present', 'standard', 'teacher', now(), $2
         from public.enrollments e where e.tenant_id = $1 order by e.created_at limit 1`,
      [f.tenantId, f.users.teacher],
    );
  },
};
