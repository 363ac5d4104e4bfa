import { defineApi, IdParams } from "../../../../../lib/api/define_api.ts";
import { romeDateOf } from "../../../../../lib/calendar/dates.ts";
import {
  describeClosed,
  EMPTY_CALENDAR,
  monthView,
} from "../../../../../lib/calendar/service_calendar.ts";
import { READ_MEMBERS, withService, WRITE_STAFF } from "../../../../../lib/services/api.ts";
import {
  getCalendarSettings,
  listClosures,
  listRanges,
  loadServiceCalendar,
  replaceRanges,
  saveCalendarSettings,
} from "../../../../../lib/services/calendar_db.ts";
import type { Tx } from "../../../../../lib/db/types.ts";
import { CalendarPut, CalendarQuery, CalendarSchema } from "../../../../../lib/services/schemas.ts";

async function calendarOf(tx: Tx, serviceId: string, month: string, lang: "it" | "en") {
  const settings = await getCalendarSettings(tx, serviceId);
  const cal = await loadServiceCalendar(tx, serviceId) ?? { ...EMPTY_CALENDAR, weekdays: [] };
  const days = monthView(cal, month).map((d) => ({
    date: d.date,
    weekday: d.weekday,
    open: d.status.open,
    reason: d.status.open
      ? null
      : { code: d.status.reason.code, text: describeClosed(d.status.reason, lang) },
  }));
  return {
    configured: settings !== null,
    weekdays: cal.weekdays,
    national_holidays: cal.nationalHolidays,
    patron: cal.patron,
    ranges: await listRanges(tx, serviceId),
    closures: await listClosures(tx, serviceId),
    month,
    days,
    service_days: days.filter((d) => d.open).map((d) => d.date),
  };
}

export const handler = defineApi({
  GET: {
    summary: "A service's calendar and its days in a month",
    description: "Weekdays, patron saint, periods, breaks and closures, and every day of `month` " +
      "(YYYY-MM, default the current month in Europe/Rome) with whether the service runs and, " +
      "if not, why (national holiday, patron saint, closure, break, outside the period, weekday).",
    tags: ["services"],
    access: READ_MEMBERS,
    params: IdParams,
    query: CalendarQuery,
    response: CalendarSchema,
    run({ params, query, claims, state }) {
      const month = query.month ?? romeDateOf().slice(0, 7);
      return withService(
        state,
        claims,
        params.id,
        (tx) => calendarOf(tx, params.id, month, query.lang ?? state.lang),
      );
    },
  },
  PUT: {
    summary: "Set a service's calendar",
    description:
      "Weekdays, national holidays and patron saint; `ranges` (periods and breaks), when sent, " +
      "replace the existing ones. Closures have their own operation.",
    tags: ["services"],
    access: WRITE_STAFF,
    params: IdParams,
    body: CalendarPut,
    response: CalendarSchema,
    run({ params, body, claims, state }) {
      return withService(state, claims, params.id, async (tx) => {
        await saveCalendarSettings(tx, params.id, {
          weekdays: [...new Set(body.weekdays as number[])].sort((a, b) => a - b),
          national_holidays: body.national_holidays,
          patron_name: body.patron?.name ?? null,
          patron_month: body.patron?.month ?? null,
          patron_day: body.patron?.day ?? null,
        });
        if (body.ranges) await replaceRanges(tx, params.id, body.ranges);
        return await calendarOf(tx, params.id, romeDateOf().slice(0, 7), state.lang);
      });
    },
  },
});
