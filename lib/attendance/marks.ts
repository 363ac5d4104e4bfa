/**
 * Recording attendance marks: every way of capturing attendance (teacher roll call, family
 * cancellations, QR scans, API batches, CSV files, operators) goes through `recordMarks`, so the
 * rules, idempotency, conflict resolution and live updates are the same everywhere.
 *
 * Runs in the caller's transaction under RLS: an enrollment the caller may not see (a teacher's
 * other classes, another Ente) is "not found". Each accepted mark is queued for the rooms of its
 * class and child (delivered after commit, see lib/realtime/emit.ts).
 *
 * @module
 */
import { romeDateOf } from "../calendar/dates.ts";
import {
  EMPTY_CALENDAR,
  isServiceDay,
  type ServiceCalendar,
} from "../calendar/service_calendar.ts";
import type { Tx } from "../db/types.ts";
import { emit, rooms } from "../realtime/emit.ts";
import { loadServiceCalendar } from "../services/calendar_db.ts";
import {
  checkMark,
  isAfterCutoff,
  type MarkStatus,
  type Meal,
  type Rejection,
  resolve,
  type Source,
  type StoredMark,
} from "./rules.ts";

export interface MarkInput {
  enrollment_id: string;
  day: string;
  status: MarkStatus;
  meal?: Meal | null;
  /** When the mark was made on the device; defaults to now. */
  marked_at?: string;
}

export interface MarkContext {
  source: Source;
  userId: string | null;
  /** For tests and benchmarks; defaults to the real clock. */
  now?: Date;
  /** Meal cancellations and their undo may concern coming days (lib/attendance/cancel.ts). */
  ahead?: boolean;
}

export type MarkResult =
  & { enrollment_id: string; day: string }
  & (
    | { outcome: "recorded"; revision: number; after_cutoff: boolean }
    | { outcome: "unchanged" }
    | { outcome: "stale"; current: StoredMark }
    | { outcome: "rejected"; reason: Rejection }
  );

interface EnrollmentRow {
  id: string;
  service_id: string;
  class_id: string | null;
  site_id: string | null;
  starts_on: string;
  ends_on: string;
  withdrawn_on: string | null;
  cutoff: string | null;
}

const ROME_TIME = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/Rome",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/** Records `marks` (each checked on its own: one refused mark does not stop the others). */
export async function recordMarks(
  tx: Tx,
  marks: MarkInput[],
  ctx: MarkContext,
): Promise<MarkResult[]> {
  const now = ctx.now ?? new Date();
  const today = romeDateOf(now);
  const nowTime = ROME_TIME.format(now);
  const ids = [...new Set(marks.map((m) => m.enrollment_id))];
  const enrollments = new Map(
    (await tx.query<EnrollmentRow>(
      `select e.id, e.service_id, e.class_id, e.site_id, e.starts_on, e.ends_on, e.withdrawn_on,
              to_char(app.service_cutoff(e.service_id), 'HH24:MI') as cutoff
         from public.enrollments e
        where e.tenant_id = app.tenant_id() and e.id = any ($1::uuid[])`,
      [ids],
    )).map((e) => [e.id, e]),
  );
  const calendars = new Map<string, ServiceCalendar>();
  for (const sid of new Set([...enrollments.values()].map((e) => e.service_id))) {
    calendars.set(sid, await loadServiceCalendar(tx, sid) ?? EMPTY_CALENDAR);
  }
  const stored = new Map<string, StoredMark>();
  for (
    const s of await tx.query<StoredMark & { enrollment_id: string; day: string }>(
      `select enrollment_id, day, status, meal, marked_at, justified
         from public.attendance_marks
        where tenant_id = app.tenant_id() and enrollment_id = any ($1::uuid[])
          and day = any ($2::date[])`,
      [ids, [...new Set(marks.map((m) => m.day))]],
    )
  ) {
    stored.set(`${s.enrollment_id}|${s.day}`, {
      status: s.status,
      meal: s.meal,
      marked_at: new Date(s.marked_at).toISOString(),
      justified: s.justified,
    });
  }

  const results: MarkResult[] = [];
  for (const m of marks) {
    const e = enrollments.get(m.enrollment_id) ?? null;
    const base = { enrollment_id: m.enrollment_id, day: m.day };
    const rejection = checkMark({
      day: m.day,
      status: m.status,
      source: ctx.source,
      today,
      nowTime,
      cutoff: e?.cutoff ?? null,
      enrollment: e,
      dayStatus: e ? isServiceDay(calendars.get(e.service_id)!, m.day) : { open: true },
      ahead: ctx.ahead,
    });
    if (rejection) {
      results.push({ ...base, outcome: "rejected", reason: rejection });
      continue;
    }
    const markedAt = m.marked_at ?? now.toISOString();
    const meal = m.status === "present" ? (m.meal ?? "standard") : null;
    const key = `${m.enrollment_id}|${m.day}`;
    const before = stored.get(key) ?? null;
    const how = resolve(before, { status: m.status, meal, marked_at: markedAt });
    if (how === "unchanged") {
      results.push({ ...base, outcome: "unchanged" });
      continue;
    }
    if (how === "stale") {
      results.push({ ...base, outcome: "stale", current: before! });
      continue;
    }
    const afterCutoff = isAfterCutoff({ day: m.day, today, nowTime, cutoff: e!.cutoff });
    const [row] = await tx.query<{ revision: number }>(
      `insert into public.attendance_marks as a (tenant_id, enrollment_id, day, status, meal,
         source, marked_at, recorded_by, after_cutoff)
       values (app.tenant_id(), $1, $2, $3, $4, $5, $6, $7, $8)
       on conflict (tenant_id, enrollment_id, day) do update
         set status = excluded.status, meal = excluded.meal, source = excluded.source,
             marked_at = excluded.marked_at, recorded_by = excluded.recorded_by,
             recorded_at = now(), after_cutoff = excluded.after_cutoff,
             revision = a.revision + 1,
             justified = case when excluded.status = 'present' then false else a.justified end,
             justification = case when excluded.status = 'present' then null
                                  else a.justification end
         where a.marked_at <= excluded.marked_at
       returning revision`,
      [m.enrollment_id, m.day, m.status, meal, ctx.source, markedAt, ctx.userId, afterCutoff],
    );
    if (!row) {
      // A concurrent newer mark won between our read and this write.
      results.push({ ...base, outcome: "stale", current: before! });
      continue;
    }
    stored.set(key, { status: m.status, meal, marked_at: markedAt, justified: false });
    const event = {
      enrollment_id: m.enrollment_id,
      day: m.day,
      status: m.status,
      meal,
      marked_at: markedAt,
      revision: row.revision,
      source: ctx.source,
      after_cutoff: afterCutoff,
    };
    if (e!.class_id) await emit(tx, rooms.class(e!.class_id), "attendance.mark", event);
    await emit(tx, rooms.child(m.enrollment_id), "attendance.mark", event);
    if (e!.site_id) await emit(tx, rooms.siteMeals(e!.site_id), "attendance.mark", event);
    results.push({
      ...base,
      outcome: "recorded",
      revision: row.revision,
      after_cutoff: afterCutoff,
    });
  }
  return results;
}
