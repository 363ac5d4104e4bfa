/**
 * The teacher's register: the classes of today with their counts, a class's roster for a day
 * (read through `app.class_roster`, audited as special-category data: diets), and marking the
 * class — each mark through `recordMarks`, limited to the children of that class, with the
 * planned absences of the day applied as marks and justified with their reason.
 *
 * @module
 */
import type { IsoDate } from "../calendar/dates.ts";
import { type DayStatus, EMPTY_CALENDAR, isServiceDay } from "../calendar/service_calendar.ts";
import type { Tx } from "../db/types.ts";
import { loadServiceCalendar } from "../services/calendar_db.ts";
import type { MarkStatus } from "./rules.ts";
import { type MarkContext, type MarkInput, type MarkResult, recordMarks } from "./marks.ts";
import {
  allPresentMarks,
  countRoster,
  plannedMarks,
  type RosterChild,
  type RosterCounts,
} from "./roster_rules.ts";
import { isUuid } from "../codes/uuid.ts";

export interface RosterClass {
  id: string;
  name: string;
  site_name: string;
  school_level: string;
}

export interface RosterService {
  id: string;
  title: string;
  kind: string;
  attendance_mode: string;
  day_status: DayStatus;
  children: RosterChild[];
  counts: RosterCounts;
}

export interface Roster {
  class: RosterClass;
  day: IsoDate;
  services: RosterService[];
}

/** One of the caller's classes (RLS: a teacher's own; staff any of the Ente), or null. */
export async function getClass(tx: Tx, classId: string): Promise<RosterClass | null> {
  if (!isUuid(classId)) return null;
  const [c] = await tx.query<RosterClass>(
    `select c.id, c.name, s.name as site_name, c.school_level
       from public.classes c join public.sites s on s.tenant_id = c.tenant_id and s.id = c.site_id
      where c.tenant_id = app.tenant_id() and c.id = $1
        and (c.id = any (app.my_class_ids()) or app.is_staff())`,
    [classId],
  );
  return c ?? null;
}

interface RosterRow {
  enrollment_id: string;
  service_id: string;
  service_title: string;
  service_kind: string;
  attendance_mode: string;
  surname: string;
  name: string;
  diet_name: string | null;
  diet_kind: string | null;
  mark_status: MarkStatus | null;
  mark_meal: "standard" | "white" | null;
  mark_source: string | null;
  marked_at: string | null;
  recorded_at: string | null;
  recorded_by_name: string | null;
  revision: number | null;
  after_cutoff: boolean | null;
  justified: boolean | null;
  justification: string | null;
  justified_by_name: string | null;
  justified_at: string | null;
  voided: boolean | null;
  planned_id: string | null;
  planned_from: string | null;
  planned_to: string | null;
  planned_reason: string | null;
}

const iso = (v: string | null) => v === null ? null : new Date(v).toISOString();

function childOf(r: RosterRow): RosterChild {
  return {
    enrollment_id: r.enrollment_id,
    service_id: r.service_id,
    surname: r.surname,
    name: r.name,
    diet: r.diet_name ? { name: r.diet_name, kind: r.diet_kind ?? "" } : null,
    mark: r.mark_status
      ? {
        status: r.mark_status,
        meal: r.mark_meal,
        source: r.mark_source!,
        marked_at: iso(r.marked_at)!,
        recorded_at: iso(r.recorded_at)!,
        recorded_by_name: r.recorded_by_name,
        revision: r.revision!,
        after_cutoff: !!r.after_cutoff,
        justified: !!r.justified,
        justification: r.justification,
        justified_by_name: r.justified_by_name,
        justified_at: iso(r.justified_at),
        voided: !!r.voided,
      }
      : null,
    planned: r.planned_id
      ? {
        id: r.planned_id,
        from_day: r.planned_from!,
        to_day: r.planned_to!,
        reason: r.planned_reason!,
      }
      : null,
  };
}

/**
 * The roster of `classId` on `day`, grouped by service, with each service's calendar day. Pass
 * `audit: false` only for internal reads that show nothing to a person (marking).
 */
export async function loadRoster(
  tx: Tx,
  cls: RosterClass,
  day: IsoDate,
  opts: { audit?: boolean } = {},
): Promise<Roster> {
  const rows = await tx.query<RosterRow>("select * from app.class_roster($1, $2)", [cls.id, day]);
  const services = new Map<string, RosterService>();
  for (const r of rows) {
    let s = services.get(r.service_id);
    if (!s) {
      const cal = await loadServiceCalendar(tx, r.service_id) ?? EMPTY_CALENDAR;
      s = {
        id: r.service_id,
        title: r.service_title,
        kind: r.service_kind,
        attendance_mode: r.attendance_mode,
        day_status: isServiceDay(cal, day),
        children: [],
        counts: countRoster([]),
      };
      services.set(r.service_id, s);
    }
    s.children.push(childOf(r));
  }
  for (const s of services.values()) s.counts = countRoster(s.children);
  if (opts.audit !== false) {
    // Children's names and diets (health data): every read of a roster is logged.
    await tx.query(
      "select app.audit_event(app.tenant_id(), 'view', 'class_roster', $1, $2)",
      [cls.id, {
        day,
        children: rows.length,
        diets: rows.filter((r) => r.diet_name).length,
      }],
    );
  }
  return { class: cls, day, services: [...services.values()] };
}

export interface ClassToday {
  id: string;
  name: string;
  site_name: string;
  /** The children of the services open on the day (a closed service has nothing to mark). */
  counts: RosterCounts;
  /** Why nothing is to be marked when every service of the class is closed on the day. */
  closed: DayStatus | null;
}

/**
 * The caller's classes (as a teacher) in the school year of `day`, with that day's counts: only
 * children of services open that day (a Sunday, a holiday or a closure leaves nothing to mark).
 */
export async function myClassesOn(tx: Tx, day: IsoDate): Promise<ClassToday[]> {
  const rows = await tx.query<{
    id: string;
    name: string;
    site_name: string;
    children: {
      service_id: string;
      mark: { status: string; meal: string | null; justified: boolean } | null;
      planned: boolean;
    }[];
  }>(
    `select c.id, c.name, s.name as site_name,
            coalesce((select jsonb_agg(jsonb_build_object(
                       'service_id', e.service_id,
                       'mark', case when m.id is null then null else jsonb_build_object(
                                 'status', m.status, 'meal', m.meal, 'justified', m.justified) end,
                       'planned', exists (select 1 from public.absence_periods a
                                            where a.tenant_id = e.tenant_id
                                              and a.enrollment_id = e.id
                                              and $1::date between a.from_day and a.to_day)))
                        from public.enrollments e
                        left join public.attendance_marks m
                          on m.tenant_id = e.tenant_id and m.enrollment_id = e.id and m.day = $1
                       where e.tenant_id = c.tenant_id and e.class_id = c.id
                         and $1::date between e.starts_on and coalesce(e.withdrawn_on, e.ends_on)),
                     '[]') as children
       from public.classes c
       join public.sites s on s.tenant_id = c.tenant_id and s.id = c.site_id
       join public.school_years y on y.tenant_id = c.tenant_id and y.id = c.school_year_id
      where c.tenant_id = app.tenant_id() and c.id = any (app.my_class_ids())
        and $1::date between y.starts_on and y.ends_on
      order by s.name, c.name`,
    [day],
  );
  const status = new Map<string, DayStatus>();
  for (const id of new Set(rows.flatMap((r) => r.children.map((c) => c.service_id)))) {
    status.set(id, isServiceDay(await loadServiceCalendar(tx, id) ?? EMPTY_CALENDAR, day));
  }
  return rows.map((r) => {
    const open = r.children.filter((c) => status.get(c.service_id)!.open);
    return {
      id: r.id,
      name: r.name,
      site_name: r.site_name,
      counts: countRoster(
        open.map((c) => ({
          mark: c.mark as RosterChild["mark"],
          planned: c.planned ? { id: "", from_day: day, to_day: day, reason: "" } : null,
        })),
      ),
      closed: r.children.length > 0 && open.length === 0
        ? status.get(r.children[0].service_id)!
        : null,
    };
  });
}

const NOT_IN_CLASS = {
  code: "not_found" as const,
  it: "Il bambino non è iscritto in questa classe.",
  en: "The child is not enrolled in this class.",
};

export interface ClassMarkResult {
  results: MarkResult[];
  /** Planned absences recorded as marks on the days just marked. */
  planned: MarkResult[];
}

/**
 * Records `marks` for children of `classId` (others are rejected, whatever the caller may see
 * elsewhere), then records the planned absences of each day marked and justifies them with their
 * reason. Results follow the order of `marks`.
 */
export async function markClass(
  tx: Tx,
  classId: string,
  marks: MarkInput[],
  ctx: MarkContext,
): Promise<ClassMarkResult> {
  const ids = [...new Set(marks.map((m) => m.enrollment_id))].filter((id) => isUuid(id));
  const inClass = new Set(
    (await tx.query<{ id: string }>(
      `select id from public.enrollments
        where tenant_id = app.tenant_id() and class_id = $1 and id = any ($2::uuid[])`,
      [classId, ids],
    )).map((r) => r.id),
  );
  const accepted = marks.filter((m) => inClass.has(m.enrollment_id));
  const recorded = accepted.length ? await recordMarks(tx, accepted, ctx) : [];
  let i = 0;
  const results: MarkResult[] = marks.map((m) =>
    inClass.has(m.enrollment_id)
      ? recorded[i++]
      : { enrollment_id: m.enrollment_id, day: m.day, outcome: "rejected", reason: NOT_IN_CLASS }
  );
  const planned: MarkResult[] = [];
  const days = new Set(
    results.filter((r) => r.outcome === "recorded" || r.outcome === "unchanged").map((r) => r.day),
  );
  // Most days have no plan to apply: find the ones that do with one query.
  const due = days.size
    ? await tx.query<{ day: string }>(
      `select distinct d::text as day from unnest($2::date[]) d
        where exists (
          select 1 from public.absence_periods a
            join public.enrollments e on e.tenant_id = a.tenant_id and e.id = a.enrollment_id
           where a.tenant_id = app.tenant_id() and e.class_id = $1
             and d between a.from_day and a.to_day
             and not exists (select 1 from public.attendance_marks m
                              where m.tenant_id = a.tenant_id
                                and m.enrollment_id = a.enrollment_id and m.day = d))`,
      [classId, [...days]],
    )
    : [];
  for (const { day } of due) planned.push(...await applyPlanned(tx, classId, day, ctx));
  return { results, planned };
}

/** Records the planned absences of `day` not marked yet, each justified with its reason. */
async function applyPlanned(
  tx: Tx,
  classId: string,
  day: IsoDate,
  ctx: MarkContext,
): Promise<MarkResult[]> {
  const cls = { id: classId, name: "", site_name: "", school_level: "" };
  const roster = await loadRoster(tx, cls, day, { audit: false });
  const children = roster.services.flatMap((s) => s.children);
  const marks = plannedMarks(children, day, (ctx.now ?? new Date()).toISOString());
  if (!marks.length) return [];
  const results = await recordMarks(tx, marks, ctx);
  const reasons = new Map(children.map((c) => [c.enrollment_id, c.planned?.reason]));
  for (const r of results) {
    if (r.outcome !== "recorded") continue;
    await tx.query("select * from app.justify_absence($1, $2, $3)", [
      r.enrollment_id,
      r.day,
      `Assenza programmata: ${reasons.get(r.enrollment_id)}`,
    ]);
  }
  return results;
}

/**
 * "Tutti presenti" for one service of the class on `day` (every service when null): the children
 * not marked yet become present, or absent when an absence is planned.
 */
export async function markAllPresent(
  tx: Tx,
  cls: RosterClass,
  day: IsoDate,
  serviceId: string | null,
  ctx: MarkContext & { marked_at?: string },
): Promise<ClassMarkResult> {
  const roster = await loadRoster(tx, cls, day, { audit: false });
  const children = roster.services
    .filter((s) => !serviceId || s.id === serviceId)
    .flatMap((s) => s.children);
  const marks = allPresentMarks(
    children,
    day,
    ctx.marked_at ?? (ctx.now ?? new Date()).toISOString(),
  );
  if (!marks.length) return { results: [], planned: [] };
  const results = await recordMarks(tx, marks, ctx);
  for (const r of results) {
    const c = children.find((x) => x.enrollment_id === r.enrollment_id);
    if (r.outcome === "recorded" && c?.planned) {
      await tx.query("select * from app.justify_absence($1, $2, $3)", [
        r.enrollment_id,
        r.day,
        `Assenza programmata: ${c.planned.reason}`,
      ]);
    }
  }
  return { results, planned: [] };
}
