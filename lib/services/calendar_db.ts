/**
 * Data access for a service's calendar: its settings (weekdays, holidays, patron saint), its
 * periods and breaks, its ad-hoc closures; and the whole of it as a `ServiceCalendar` for
 * `lib/calendar`.
 *
 * @module
 */

import type { ClosureKind, ServiceCalendar } from "../calendar/service_calendar.ts";
import type { Tx } from "../db/types.ts";
import type { RangeKind } from "./labels.ts";

export interface CalendarSettings {
  weekdays: number[];
  national_holidays: boolean;
  patron_name: string | null;
  patron_month: number | null;
  patron_day: number | null;
}

export interface CalendarRange {
  id: string;
  kind: RangeKind;
  label: string;
  starts_on: string;
  ends_on: string;
}

export interface ClosureRow {
  id: string;
  kind: ClosureKind;
  reason: string;
  starts_on: string;
  ends_on: string;
}

/** The calendar settings, or null when the service has no calendar yet. */
export async function getCalendarSettings(tx: Tx, serviceId: string) {
  const [row] = await tx.query<CalendarSettings>(
    `select weekdays::int[] as weekdays, national_holidays, patron_name,
            patron_month::int as patron_month, patron_day::int as patron_day
       from public.service_calendars where tenant_id = app.tenant_id() and service_id = $1`,
    [serviceId],
  );
  return row ?? null;
}

/** Creates or replaces the calendar settings of a service. */
export async function saveCalendarSettings(tx: Tx, serviceId: string, s: CalendarSettings) {
  await tx.query(
    `insert into public.service_calendars
       (tenant_id, service_id, weekdays, national_holidays, patron_name, patron_month, patron_day)
     values (app.tenant_id(), $1, $2::smallint[], $3, $4, $5, $6)
     on conflict (tenant_id, service_id) do update
       set weekdays = excluded.weekdays, national_holidays = excluded.national_holidays,
           patron_name = excluded.patron_name, patron_month = excluded.patron_month,
           patron_day = excluded.patron_day, updated_at = now()`,
    [
      serviceId,
      s.weekdays,
      s.national_holidays,
      s.patron_name,
      s.patron_month,
      s.patron_day,
    ],
  );
}

export async function listRanges(tx: Tx, serviceId: string): Promise<CalendarRange[]> {
  return await tx.query<CalendarRange>(
    `select id, kind, label, starts_on, ends_on from public.service_calendar_ranges
      where tenant_id = app.tenant_id() and service_id = $1 order by starts_on, kind desc, label`,
    [serviceId],
  );
}

export async function addRange(
  tx: Tx,
  serviceId: string,
  r: Omit<CalendarRange, "id">,
): Promise<string> {
  const [row] = await tx.query<{ id: string }>(
    `insert into public.service_calendar_ranges (tenant_id, service_id, kind, label, starts_on, ends_on)
     values (app.tenant_id(), $1, $2, $3, $4, $5) returning id`,
    [serviceId, r.kind, r.label, r.starts_on, r.ends_on],
  );
  return row.id;
}

/** Replaces every period and break of a service (used by the regional calendar presets). */
export async function replaceRanges(
  tx: Tx,
  serviceId: string,
  ranges: Omit<CalendarRange, "id">[],
) {
  await tx.query(
    "delete from public.service_calendar_ranges where tenant_id = app.tenant_id() and service_id = $1",
    [serviceId],
  );
  for (const r of ranges) await addRange(tx, serviceId, r);
}

export async function deleteRange(tx: Tx, serviceId: string, id: string): Promise<boolean> {
  const rows = await tx.query(
    `delete from public.service_calendar_ranges
      where tenant_id = app.tenant_id() and service_id = $1 and id = $2 returning id`,
    [serviceId, id],
  );
  return rows.length > 0;
}

export async function listClosures(tx: Tx, serviceId: string): Promise<ClosureRow[]> {
  return await tx.query<ClosureRow>(
    `select id, kind, reason, starts_on, ends_on from public.service_closures
      where tenant_id = app.tenant_id() and service_id = $1 order by starts_on, reason`,
    [serviceId],
  );
}

export async function addClosure(
  tx: Tx,
  serviceId: string,
  c: Omit<ClosureRow, "id">,
): Promise<ClosureRow> {
  const [row] = await tx.query<ClosureRow>(
    `insert into public.service_closures (tenant_id, service_id, kind, reason, starts_on, ends_on)
     values (app.tenant_id(), $1, $2, $3, $4, $5)
     returning id, kind, reason, starts_on, ends_on`,
    [serviceId, c.kind, c.reason, c.starts_on, c.ends_on],
  );
  return row;
}

export async function deleteClosure(tx: Tx, serviceId: string, id: string): Promise<boolean> {
  const rows = await tx.query(
    `delete from public.service_closures
      where tenant_id = app.tenant_id() and service_id = $1 and id = $2 returning id`,
    [serviceId, id],
  );
  return rows.length > 0;
}

/** Replaces every closure of a service (PUT of the whole list). */
export async function replaceClosures(tx: Tx, serviceId: string, list: Omit<ClosureRow, "id">[]) {
  await tx.query(
    "delete from public.service_closures where tenant_id = app.tenant_id() and service_id = $1",
    [serviceId],
  );
  const out: ClosureRow[] = [];
  for (const c of list) out.push(await addClosure(tx, serviceId, c));
  return out;
}

/**
 * The calendar of a service as `lib/calendar` reads it; null when it has none.
 */
export async function loadServiceCalendar(
  tx: Tx,
  serviceId: string,
): Promise<ServiceCalendar | null> {
  const settings = await getCalendarSettings(tx, serviceId);
  if (!settings) return null;
  const [ranges, closures] = [await listRanges(tx, serviceId), await listClosures(tx, serviceId)];
  const range = (r: CalendarRange) => ({ from: r.starts_on, to: r.ends_on, label: r.label });
  return {
    weekdays: settings.weekdays,
    nationalHolidays: settings.national_holidays,
    patron: settings.patron_name
      ? { name: settings.patron_name, month: settings.patron_month!, day: settings.patron_day! }
      : null,
    periods: ranges.filter((r) => r.kind === "period").map(range),
    breaks: ranges.filter((r) => r.kind === "break").map(range),
    closures: closures.map((c) => ({
      from: c.starts_on,
      to: c.ends_on,
      reason: c.reason,
      kind: c.kind,
    })),
  };
}
