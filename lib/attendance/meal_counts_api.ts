/**
 * The API shape of a day's meal counts (GET /api/v1/attendance/meal-counts), also what the live
 * boards reload.
 *
 * @module
 */
import { z } from "zod";
import type { DayBoard } from "./meal_counts_db.ts";

export const CountsSchema = z.object({
  enrolled: z.int(),
  meals: z.int().describe("Meals to prepare: standard + white + every diet (pending included)"),
  standard: z.int(),
  white: z.int().describe("Pasto in bianco (children without a diet)"),
  diets: z.record(z.string(), z.int()).describe("Meals per diet code"),
  cancelled: z.int(),
  absent: z.int(),
  pending: z.int().describe("Not yet marked (roll call and scan modes)"),
});

const ClassCounts = CountsSchema.extend({
  class_id: z.uuid().nullable(),
  class_name: z.string().nullable(),
});
const SiteCounts = CountsSchema.extend({
  site_id: z.uuid().nullable(),
  site_name: z.string().nullable(),
  classes: z.array(ClassCounts),
});

export const MealCountsQuery = z.object({
  service_id: z.uuid(),
  day: z.iso.date().optional().describe("Europe/Rome calendar day; today by default"),
});

export const MealCountsSchema = z.object({
  service: z.object({
    id: z.uuid(),
    code: z.string(),
    title: z.string(),
    attendance_mode: z.enum(["roll_call", "presumed", "scan"]),
    cutoff: z.string(),
  }),
  day: z.iso.date(),
  closed: z.boolean().describe("The day is not (any more) a service day"),
  totals: CountsSchema,
  sites: z.array(SiteCounts),
  diet_names: z.record(z.string(), z.string()),
  frozen: z.object({
    frozen_at: z.string(),
    sent_at: z.string().nullable(),
    totals: CountsSchema,
  }).nullable().describe("The counts frozen at the cut-off and sent to the provider"),
  late: z.object({
    totals: CountsSchema,
    by_site: z.record(z.string(), CountsSchema),
    changes: z.record(z.string(), z.int()).describe("Marks changed after the freeze, per site"),
  }).nullable().describe("Live minus frozen: the changes after the cut-off"),
});
export type MealCountsJson = z.infer<typeof MealCountsSchema>;

export function boardJson(b: DayBoard): MealCountsJson {
  return {
    service: b.service,
    day: b.day,
    closed: b.closed,
    totals: b.live.totals,
    sites: b.live.sites,
    diet_names: b.live.diet_names,
    frozen: b.frozen
      ? { frozen_at: b.frozen.frozen_at, sent_at: b.frozen.sent_at, totals: b.frozen.totals }
      : null,
    late: b.late
      ? { totals: b.late.totals, by_site: b.late.bySite, changes: b.late.changes }
      : null,
  };
}
