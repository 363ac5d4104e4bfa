/**
 * Meal counts from the database: the canteen services a caller may see the counts of (staff:
 * every canteen of the Ente; a provider: the services its organization delivers), and one
 * service's day — live counts, the counts frozen at the cut-off, and what changed after it.
 * Facts come from `app.meal_facts()` (no names: the caterer needs numbers and diets).
 *
 * @module
 */
import type { Tx } from "../db/types.ts";
import {
  type AttendanceMode,
  countMeals,
  type Counts,
  diffCounts,
  emptyCounts,
  lateChanges,
  type MealCounts,
  type MealFact,
  type SiteCounts,
} from "./meal_counts.ts";

export interface MealService {
  id: string;
  code: string;
  title: string;
  attendance_mode: AttendanceMode;
  /** 'HH:MM' (09:30 when the canteen has no settings yet). */
  cutoff: string;
}

/** Canteen services whose counts the caller may read, by title. */
export async function mealServices(tx: Tx): Promise<MealService[]> {
  return await tx.query<MealService>(
    `select s.id, s.code, s.title, s.attendance_mode,
            coalesce(to_char(app.service_cutoff(s.id), 'HH24:MI'), '09:30') as cutoff
       from public.services s
      where s.tenant_id = app.tenant_id() and s.kind = 'canteen' and s.status <> 'archived'
        and (app.is_staff() or app.can_configure() or app.is_my_provided_service(s.id))
      order by s.title`,
  );
}

/** The snapshot of one site as stored in `meal_count_snapshots.counts`. */
export type FrozenSite = SiteCounts & { diet_names: Record<string, string> };

export interface DayBoard {
  service: MealService;
  day: string;
  closed: boolean;
  live: MealCounts;
  facts: MealFact[];
  frozen: { frozen_at: string; sent_at: string | null; totals: Counts; sites: FrozenSite[] } | null;
  /** live − frozen (null before the freeze). */
  late: { totals: Counts; bySite: Record<string, Counts>; changes: Record<string, number> } | null;
}

/** Everything a board shows for `serviceId` on `day`; null when the caller may not see it. */
export async function loadDayBoard(
  tx: Tx,
  serviceId: string,
  day: string,
): Promise<DayBoard | null> {
  const service = (await mealServices(tx)).find((s) => s.id === serviceId);
  if (!service) return null;
  const facts = await tx.query<MealFact>(
    "select * from app.meal_facts($1, $2)",
    [serviceId, day],
  );
  const [{ open }] = await tx.query<{ open: boolean }>(
    "select app.is_service_day(app.tenant_id(), $1, $2) as open",
    [serviceId, day],
  );
  const live = countMeals(facts, { mode: service.attendance_mode, closed: !open });
  const rows = await tx.query<
    { site_id: string | null; frozen_at: Date; sent_at: Date | null; counts: FrozenSite }
  >(
    `select site_id, frozen_at, sent_at, counts from public.meal_count_snapshots
      where tenant_id = app.tenant_id() and service_id = $1 and day = $2`,
    [serviceId, day],
  );
  let frozen: DayBoard["frozen"] = null;
  let late: DayBoard["late"] = null;
  if (rows.length) {
    const totals = emptyCounts();
    for (const r of rows) {
      const c = r.counts;
      for (
        const k of [
          "enrolled",
          "meals",
          "standard",
          "white",
          "cancelled",
          "absent",
          "pending",
        ] as const
      ) {
        totals[k] += c[k];
      }
      for (const [code, n] of Object.entries(c.diets)) {
        totals.diets[code] = (totals.diets[code] ?? 0) + n;
      }
    }
    const frozenAt = new Date(rows[0].frozen_at).toISOString();
    frozen = {
      frozen_at: frozenAt,
      sent_at: rows[0].sent_at ? new Date(rows[0].sent_at).toISOString() : null,
      totals,
      sites: rows.map((r) => r.counts),
    };
    const bySite: Record<string, Counts> = {};
    for (const s of live.sites) {
      const f = rows.find((r) => r.site_id === s.site_id)?.counts ?? emptyCounts();
      bySite[s.site_id ?? ""] = diffCounts(s, f);
    }
    late = {
      totals: diffCounts(live.totals, totals),
      bySite,
      changes: Object.fromEntries(
        [...lateChanges(facts, frozenAt)].map(([k, v]) => [k ?? "", v]),
      ),
    };
  }
  return { service, day, closed: !open, live, facts, frozen, late };
}

/** The sites of a service's day (for the live rooms a board joins). */
export function boardSiteIds(b: DayBoard): string[] {
  return b.live.sites.map((s) => s.site_id).filter((s): s is string => s !== null);
}
