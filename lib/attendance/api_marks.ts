/**
 * Attendance through `/api/v1/attendance`: the schemas (zod → OpenAPI) of the batch, its
 * per-item results and the list e-registers read, who a caller records as, and the list query.
 * Writing goes through `recordMarks` like every other way of capturing attendance.
 *
 * @module
 */
import { z } from "zod";
import { Uuid } from "../api/define_api.ts";
import type { Claims, Tx } from "../db/types.ts";
import type { MarkResult } from "./marks.ts";
import { MARK_STATUSES, MEALS, type Source, SOURCES } from "./rules.ts";

export const MAX_BATCH = 1000;
const IsoDate = z.iso.date();

export const MarkItem = z.object({
  enrollment_id: Uuid.describe("The enrollment (child × service) the mark is for"),
  day: IsoDate.describe("Calendar day in Europe/Rome"),
  status: z.enum(MARK_STATUSES).describe(
    "present, absent, or cancelled (meal cancelled: only the office)",
  ),
  meal: z.enum(MEALS).nullable().optional().describe(
    "For a present child: standard (default) or white (pasto in bianco)",
  ),
  marked_at: z.iso.datetime({ offset: true }).optional().describe(
    "When the mark was made on the device; the later mark wins a conflict. Default: now",
  ),
}).strict();

export const MarkBatch = z.object({
  marks: z.array(MarkItem).min(1).max(MAX_BATCH),
});

const Reason = z.object({ code: z.string(), message: z.string(), message_en: z.string() });

export const MarkResultSchema = z.object({
  index: z.int().describe("Position of the mark in the batch"),
  enrollment_id: Uuid,
  day: IsoDate,
  outcome: z.enum(["recorded", "unchanged", "stale", "rejected"]),
  revision: z.int().optional(),
  after_cutoff: z.boolean().optional(),
  reason: Reason.optional().describe("Why a mark was rejected (Italian and English)"),
  current: z.object({
    status: z.enum(MARK_STATUSES),
    meal: z.enum(MEALS).nullable(),
    marked_at: z.string(),
  }).optional().describe("For a stale mark: the newer one kept"),
});

export const Totals = z.object({
  received: z.int(),
  recorded: z.int(),
  unchanged: z.int(),
  stale: z.int(),
  rejected: z.int(),
});

export const BatchResponse = z.object({ results: z.array(MarkResultSchema), totals: Totals });
export type BatchResponse = z.infer<typeof BatchResponse>;

/** Per-item results in the API's shape, with totals. */
export function batchResponse(results: MarkResult[]): BatchResponse {
  const totals = { received: results.length, recorded: 0, unchanged: 0, stale: 0, rejected: 0 };
  const out = results.map((r, index) => {
    totals[r.outcome]++;
    const base = { index, enrollment_id: r.enrollment_id, day: r.day, outcome: r.outcome };
    if (r.outcome === "recorded") {
      return { ...base, revision: r.revision, after_cutoff: r.after_cutoff };
    }
    if (r.outcome === "rejected") {
      return {
        ...base,
        reason: { code: r.reason.code, message: r.reason.it, message_en: r.reason.en },
      };
    }
    if (r.outcome === "stale") {
      const { status, meal, marked_at } = r.current;
      return { ...base, current: { status, meal, marked_at } };
    }
    return base;
  });
  return { results: out, totals };
}

/**
 * The source a caller's marks are stored with: for the office and API keys the channel they came
 * through (`api`, `csv`, `scan`); for teachers, of their own classes only, `teacher` or `scan`.
 */
export function sourceFor(claims: Claims, channel: Source): Source {
  const roles = claims.app_metadata.roles;
  const office = roles.some((r) => r === "admin" || r === "operator" || r === "api_write");
  if (office) return channel;
  // A teacher's e-register marks as the teacher (who may not cancel meals); scans keep `scan`.
  return channel === "scan" ? "scan" : "teacher";
}

/** The user a mark is recorded by: none for an API key (its id is not a user). */
export function recorderOf(claims: Claims, auth: string | null | undefined): string | null {
  return auth === "api_key" ? null : claims.sub;
}

export const AttendanceQuery = z.object({
  service_id: Uuid.optional(),
  class_id: Uuid.optional(),
  site_id: Uuid.optional(),
  enrollment_id: Uuid.optional(),
  day: IsoDate.optional().describe("One day; or give from (and to)"),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  offset: z.coerce.number().int().min(0).default(0),
}).refine((q) => q.day || q.from, {
  message: "Give day, or from (and to)",
  path: ["day"],
}).refine((q) => !(q.day && (q.from || q.to)), {
  message: "Give either day or from/to",
  path: ["day"],
}).refine((q) => !q.from || !q.to || q.from <= q.to, {
  message: "from must not be after to",
  path: ["to"],
});
export type AttendanceQuery = z.infer<typeof AttendanceQuery>;

export const MarkSchema = z.object({
  id: Uuid,
  enrollment_id: Uuid,
  service_id: Uuid,
  site_id: Uuid.nullable(),
  class_id: Uuid.nullable(),
  day: IsoDate,
  status: z.enum(MARK_STATUSES),
  meal: z.enum(MEALS).nullable(),
  source: z.enum(SOURCES),
  marked_at: z.string(),
  recorded_at: z.string(),
  revision: z.int(),
  after_cutoff: z.boolean(),
  justified: z.boolean(),
  voided: z.boolean().describe("The Ente closed the day afterwards: never billed"),
});
export type MarkRow = z.infer<typeof MarkSchema>;

export const MarkPage = z.object({
  items: z.array(MarkSchema),
  total: z.int(),
  limit: z.int(),
  offset: z.int(),
});

/** Marks the caller may read (row-level security decides), oldest day first. */
export async function listMarks(
  tx: Tx,
  q: AttendanceQuery,
): Promise<{ items: MarkRow[]; total: number }> {
  const from = q.day ?? q.from!;
  const to = q.day ?? q.to ?? from;
  const rows = await tx.query<MarkRow & { total: number }>(
    `select a.id, a.enrollment_id, e.service_id, e.site_id, e.class_id, a.day, a.status, a.meal,
            a.source, a.marked_at, a.recorded_at, a.revision, a.after_cutoff, a.justified,
            a.voided_at is not null as voided, count(*) over () as total
       from public.attendance_marks a
       join public.enrollments e on e.tenant_id = a.tenant_id and e.id = a.enrollment_id
      where a.tenant_id = app.tenant_id() and a.day between $1 and $2
        and ($3::uuid is null or e.service_id = $3) and ($4::uuid is null or e.class_id = $4)
        and ($5::uuid is null or e.site_id = $5) and ($6::uuid is null or a.enrollment_id = $6)
      order by a.day, e.class_id nulls last, a.enrollment_id
      limit $7 offset $8`,
    [
      from,
      to,
      q.service_id ?? null,
      q.class_id ?? null,
      q.site_id ?? null,
      q.enrollment_id ?? null,
      q.limit,
      q.offset,
    ],
  );
  const iso = (v: unknown) => new Date(v as string).toISOString();
  return {
    total: rows[0]?.total ?? 0,
    items: rows.map(({ total: _t, ...r }) => ({
      ...r,
      marked_at: iso(r.marked_at),
      recorded_at: iso(r.recorded_at),
    })),
  };
}
