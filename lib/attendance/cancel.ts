/**
 * Meal cancellations (disdette) for services run with presumed presence: a family cancels its
 * child's meal for one or more days, asks for a "pasto in bianco", or undoes either before the
 * cut-off; the office (page or API key) may do the same after it, flagged `after_cutoff`. Every
 * change goes through `recordMarks`, the one write path of attendance; families are further held
 * by the policies of `20261128212000_meals.sql` (`app.family_may_change`).
 *
 * @module
 */
import { addDays, romeDateOf } from "../calendar/dates.ts";
import type { Tx } from "../db/types.ts";
import { type MarkInput, type MarkResult, recordMarks } from "./marks.ts";
import type { Source } from "./rules.ts";

export const CANCEL_ACTIONS = ["cancel", "white", "restore"] as const;
export type CancelAction = typeof CANCEL_ACTIONS[number];

export interface CancelItem {
  enrollment_id: string;
  day: string;
  action: CancelAction;
}

/** The mark an action amounts to: a cancelled meal, a pasto in bianco, or the meal as usual. */
export function markFor(item: CancelItem): Pick<MarkInput, "status" | "meal"> {
  switch (item.action) {
    case "cancel":
      return { status: "cancelled", meal: null };
    case "white":
      return { status: "present", meal: "white" };
    case "restore":
      return { status: "present", meal: "standard" };
  }
}

/**
 * Applies `items` (each on its own, in order). Items for services not run with presumed presence
 * are rejected as `not_presumed` (their attendance is taken by the school).
 */
export async function applyCancellations(
  tx: Tx,
  items: CancelItem[],
  ctx: {
    source: Extract<Source, "family" | "operator" | "api">;
    userId: string | null;
    now?: Date;
  },
): Promise<MarkResult[]> {
  const ids = [...new Set(items.map((i) => i.enrollment_id))];
  const presumed = new Set(
    (await tx.query<{ id: string }>(
      `select e.id from public.enrollments e
         join public.services s on s.tenant_id = e.tenant_id and s.id = e.service_id
        where e.tenant_id = app.tenant_id() and e.id = any ($1::uuid[])
          and s.attendance_mode = 'presumed'`,
      [ids],
    )).map((r) => r.id),
  );
  const visible = new Set(
    (await tx.query<{ id: string }>(
      "select id from public.enrollments where tenant_id = app.tenant_id() and id = any ($1::uuid[])",
      [ids],
    )).map((r) => r.id),
  );
  const results: (MarkResult | null)[] = items.map((i) =>
    visible.has(i.enrollment_id) && !presumed.has(i.enrollment_id)
      ? {
        enrollment_id: i.enrollment_id,
        day: i.day,
        outcome: "rejected",
        reason: {
          code: "not_presumed",
          it:
            "Per questo servizio le presenze le rileva la scuola: non si disdicono i pasti online.",
          en: "Attendance for this service is taken by the school: meals are not cancelled online.",
        },
      }
      : null
  );
  const todo = items.filter((_, k) => results[k] === null);
  const recorded = await recordMarks(
    tx,
    todo.map((i) => ({ enrollment_id: i.enrollment_id, day: i.day, ...markFor(i) })),
    { ...ctx, ahead: true },
  );
  let n = 0;
  return results.map((r) => r ?? recorded[n++]);
}

export interface FamilyEnrollment {
  id: string;
  child: string;
  service_id: string;
  service: string;
  site: string | null;
  class: string | null;
  cutoff: string;
}

/** The caller's children enrolled in services with presumed presence (family RLS). */
export async function familyMealEnrollments(
  tx: Tx,
  today = romeDateOf(),
): Promise<FamilyEnrollment[]> {
  return await tx.query<FamilyEnrollment>(
    `select e.id, p.name || ' ' || p.surname as child, s.id as service_id, s.title as service,
            st.name as site, c.name as class,
            coalesce(to_char(app.service_cutoff(s.id), 'HH24:MI'), '09:30') as cutoff
       from public.enrollments e
       join public.services s on s.tenant_id = e.tenant_id and s.id = e.service_id
       join public.people p on p.tenant_id = e.tenant_id and p.id = e.beneficiary_id
       left join public.sites st on st.tenant_id = e.tenant_id and st.id = e.site_id
       left join public.classes c on c.tenant_id = e.tenant_id and c.id = e.class_id
      where e.tenant_id = app.tenant_id() and s.attendance_mode = 'presumed'
        and coalesce(e.withdrawn_on, e.ends_on) >= $1::date
      order by p.birth_date, p.name, s.title`,
    [today],
  );
}

export interface FamilyDay {
  day: string;
  status: "present" | "absent" | "cancelled";
  meal: "standard" | "white" | null;
  /** May the family still change it (before the cut-off)? */
  changeable: boolean;
}

/**
 * The next `count` service days (from today) of an enrollment with the day's effective status,
 * read through `app.effective_attendance` like billing.
 */
export async function familyDays(
  tx: Tx,
  e: FamilyEnrollment,
  opts: { now?: Date; count?: number } = {},
): Promise<FamilyDay[]> {
  const now = opts.now ?? new Date();
  const today = romeDateOf(now);
  const rows = await tx.query<
    { day: string; status: FamilyDay["status"]; meal: FamilyDay["meal"] }
  >(
    `select day::text as day, status, meal from app.effective_attendance($1, $2, $3)
      where enrollment_id = $4 order by day limit $5`,
    [e.service_id, today, addDays(today, 60), e.id, opts.count ?? 15],
  );
  const time = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/Rome",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(now);
  return rows.map((r) => ({ ...r, changeable: r.day > today || time < e.cutoff }));
}
