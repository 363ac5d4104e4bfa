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
import { absenceToAnnounce, pushEvent } from "../push/events.ts";
import { emitMany, rooms } from "../realtime/emit.ts";
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

  const results: MarkResult[] = new Array(marks.length);
  // Accepted marks are written together (one insert, one emit per flush); a second mark for the
  // same child and day in one batch flushes first, so it meets the first one as stored.
  let pending: Write[] = [];
  const flush = async () => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    await writeMarks(tx, batch, ctx, stored, results);
  };
  for (let i = 0; i < marks.length; i++) {
    const m = marks[i];
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
      results[i] = { ...base, outcome: "rejected", reason: rejection };
      continue;
    }
    const key = `${m.enrollment_id}|${m.day}`;
    if (pending.some((w) => w.key === key)) await flush();
    const markedAt = m.marked_at ?? now.toISOString();
    const meal = m.status === "present" ? (m.meal ?? "standard") : null;
    const before = stored.get(key) ?? null;
    const how = resolve(before, { status: m.status, meal, marked_at: markedAt });
    if (how === "unchanged") {
      results[i] = { ...base, outcome: "unchanged" };
      continue;
    }
    if (how === "stale") {
      results[i] = { ...base, outcome: "stale", current: before! };
      continue;
    }
    pending.push({
      index: i,
      key,
      mark: m,
      meal,
      markedAt,
      afterCutoff: isAfterCutoff({ day: m.day, today, nowTime, cutoff: e!.cutoff }),
      enrollment: e!,
      before,
      today,
    });
  }
  await flush();
  return results;
}

interface Write {
  index: number;
  key: string;
  mark: MarkInput;
  meal: Meal | null;
  markedAt: string;
  afterCutoff: boolean;
  enrollment: EnrollmentRow;
  before: StoredMark | null;
  today: string;
}

/** Upserts `batch` in one statement and queues its live updates in one more. */
async function writeMarks(
  tx: Tx,
  batch: Write[],
  ctx: MarkContext,
  stored: Map<string, StoredMark>,
  results: MarkResult[],
): Promise<void> {
  const rows = await tx.query<{ enrollment_id: string; day: string; revision: number }>(
    `insert into public.attendance_marks as a (tenant_id, enrollment_id, day, status, meal,
       source, marked_at, recorded_by, after_cutoff)
     select app.tenant_id(), r.enrollment_id, r.day, r.status, r.meal, $2, r.marked_at, $3,
            r.after_cutoff
       from jsonb_to_recordset($1::jsonb -> 'rows') as r(enrollment_id uuid, day date,
              status text, meal text, marked_at timestamptz, after_cutoff boolean)
     on conflict (tenant_id, enrollment_id, day) do update
       set status = excluded.status, meal = excluded.meal, source = excluded.source,
           marked_at = excluded.marked_at, recorded_by = excluded.recorded_by,
           recorded_at = now(), after_cutoff = excluded.after_cutoff,
           revision = a.revision + 1,
           justified = case when excluded.status = 'present' then false else a.justified end,
           justification = case when excluded.status = 'present' then null
                                else a.justification end
       where a.marked_at <= excluded.marked_at
     returning enrollment_id, day, revision`,
    [
      {
        rows: batch.map((w) => ({
          enrollment_id: w.mark.enrollment_id,
          day: w.mark.day,
          status: w.mark.status,
          meal: w.meal,
          marked_at: w.markedAt,
          after_cutoff: w.afterCutoff,
        })),
      },
      ctx.source,
      ctx.userId,
    ],
  );
  const revisions = new Map(rows.map((r) => [`${r.enrollment_id}|${r.day}`, r.revision]));
  const events: { room: string; event: string; data: unknown }[] = [];
  for (const w of batch) {
    const { mark: m, enrollment: e } = w;
    const base = { enrollment_id: m.enrollment_id, day: m.day };
    const revision = revisions.get(w.key);
    if (revision === undefined) {
      // A concurrent newer mark won between our read and this write.
      results[w.index] = { ...base, outcome: "stale", current: w.before! };
      continue;
    }
    stored.set(w.key, { status: m.status, meal: w.meal, marked_at: w.markedAt, justified: false });
    const data = {
      enrollment_id: m.enrollment_id,
      day: m.day,
      status: m.status,
      meal: w.meal,
      marked_at: w.markedAt,
      revision,
      source: ctx.source,
      after_cutoff: w.afterCutoff,
    };
    if (e.class_id) events.push({ room: rooms.class(e.class_id), event: "attendance.mark", data });
    events.push({ room: rooms.child(m.enrollment_id), event: "attendance.mark", data });
    if (e.site_id) {
      events.push({ room: rooms.siteMeals(e.site_id), event: "attendance.mark", data });
    }
    if (absenceToAnnounce(m.status, m.day, w.today, ctx.source)) {
      events.push(pushEvent("push.absence", m.enrollment_id, { day: m.day }));
    }
    results[w.index] = { ...base, outcome: "recorded", revision, after_cutoff: w.afterCutoff };
  }
  await emitMany(tx, events);
}
