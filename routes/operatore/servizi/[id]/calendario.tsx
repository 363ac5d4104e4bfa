import { Alert } from "../../../../components/Alert.tsx";
import { ErrorSummary, type FieldErrors } from "../../../../components/FormErrors.tsx";
import { isIsoMonth, type IsoMonth, romeDateOf } from "../../../../lib/calendar/dates.ts";
import { toscanaSchoolCalendar } from "../../../../lib/calendar/school_calendar.ts";
import {
  EMPTY_CALENDAR,
  type MonthDay,
  monthView,
} from "../../../../lib/calendar/service_calendar.ts";
import type { Tx } from "../../../../lib/db/types.ts";
import { define, page, type State } from "../../../../lib/http/define.ts";
import {
  addClosure,
  addRange,
  type CalendarRange,
  type CalendarSettings,
  type ClosureRow,
  deleteClosure,
  deleteRange,
  getCalendarSettings,
  listClosures,
  listRanges,
  loadServiceCalendar,
  replaceRanges,
  saveCalendarSettings,
} from "../../../../lib/services/calendar_db.ts";
import { listSchoolYears, type Service } from "../../../../lib/services/db.ts";
import {
  checkClosureKind,
  checkClosureReason,
  checkDateRange,
  checkDayMonth,
  checkPatronName,
  checkRangeKind,
  checkRangeLabel,
  checkWeekdays,
} from "../../../../lib/services/rules.ts";
import { type Body, field, fields, pageService, readBody } from "../(_components)/load.ts";
import { type Form, RangesSection, SettingsForm } from "../(_components)/CalendarForms.tsx";
import { ClosuresSection } from "../(_components)/ClosuresSection.tsx";
import { MonthView } from "../(_components)/MonthView.tsx";
import { ServiceHeader } from "../(_components)/ServiceHeader.tsx";
import { isUuid } from "../../../../lib/codes/uuid.ts";

interface Data {
  service: Service;
  settings: CalendarSettings | null;
  ranges: CalendarRange[];
  closures: ClosureRow[];
  years: string[];
  month: IsoMonth;
  days: MonthDay[];
  form: Form;
  errors: FieldErrors;
}

const EMPTY_FORM: Form = {};

function monthOf(q: string | undefined): IsoMonth {
  return q && isIsoMonth(q) ? q : romeDateOf().slice(0, 7);
}

async function load(
  state: State,
  service: Service,
  month: IsoMonth,
  form: Form,
  errors: FieldErrors,
) {
  return await state.db.asUser(state.claims!, async (tx): Promise<Data> => {
    const cal = await loadServiceCalendar(tx, service.id);
    return {
      service,
      settings: await getCalendarSettings(tx, service.id),
      ranges: await listRanges(tx, service.id),
      closures: await listClosures(tx, service.id),
      years: (await listSchoolYears(tx)).filter((y) => service.school_year_ids.includes(y.id))
        .map((y) => y.label),
      month,
      days: monthView(cal ?? { ...EMPTY_CALENDAR, weekdays: [] }, month),
      form,
      errors,
    };
  });
}

type Outcome = { errors: FieldErrors; saved?: string; month?: IsoMonth };

/** Each form of the page posts an `action`; the outcome is a notice or the form's errors. */
async function act(tx: Tx, state: State, id: string, action: string, b: Body): Promise<Outcome> {
  const t = (p: { it: string; en: string }) => p[state.lang];
  const errors: FieldErrors = {};
  switch (action) {
    case "settings": {
      const weekdays = checkWeekdays(fields(b, "weekdays"));
      const name = field(b, "patron_name").trim();
      const day = checkDayMonth(field(b, "patron_day"));
      const patron = name ? checkPatronName(name) : null;
      if (!weekdays.ok) errors.weekdays = t(weekdays.problem);
      if (patron && !patron.ok) errors.patron_name = t(patron.problem);
      if (!day.ok) errors.patron_day = t(day.problem);
      else if (name && !day.value) {
        errors.patron_day = state.tr(
          "Indica il giorno della festa (gg/mm).",
          "Give the feast's day (dd/mm).",
        );
      } else if (!name && day.value) {
        errors.patron_name = state.tr(
          "Indica il nome del santo patrono.",
          "Give the patron saint's name.",
        );
      }
      if (Object.keys(errors).length || !weekdays.ok || !day.ok) return { errors };
      await saveCalendarSettings(tx, id, {
        weekdays: weekdays.value,
        national_holidays: field(b, "national_holidays") !== "",
        patron_name: patron?.ok ? patron.value : null,
        patron_month: day.value?.month ?? null,
        patron_day: day.value?.day ?? null,
      });
      return { errors, saved: "impostazioni" };
    }
    case "preset": {
      const year = Number(field(b, "preset_year").slice(0, 4));
      if (!Number.isInteger(year) || year < 2000) {
        return {
          errors: { preset_year: state.tr("Scegli l'anno scolastico.", "Choose the school year.") },
        };
      }
      const school = toscanaSchoolCalendar(year);
      await replaceRanges(tx, id, [
        {
          kind: "period",
          label: state.tr("Lezioni (calendario regionale)", "Lessons (regional calendar)"),
          starts_on: school.lessons.from,
          ends_on: school.lessons.to,
        },
        ...school.breaks.map((r) => ({
          kind: "break" as const,
          label: state.lang === "it" ? r.it : r.en,
          starts_on: r.from,
          ends_on: r.to,
        })),
      ]);
      return { errors, saved: "calendario-regionale", month: school.lessons.from.slice(0, 7) };
    }
    case "add_range": {
      const kind = checkRangeKind(field(b, "range_kind"));
      const label = checkRangeLabel(field(b, "range_label"));
      const dates = checkDateRange(field(b, "range_from"), field(b, "range_to"));
      if (!kind.ok) errors.range_kind = t(kind.problem);
      if (!label.ok) errors.range_label = t(label.problem);
      if (!dates.ok) {
        errors[dates.problem.code === "range" ? "range_to" : "range_from"] = t(dates.problem);
      }
      if (!kind.ok || !label.ok || !dates.ok) return { errors };
      await addRange(tx, id, {
        kind: kind.value,
        label: label.value,
        starts_on: dates.value.from,
        ends_on: dates.value.to,
      });
      return { errors, saved: "periodo", month: dates.value.from.slice(0, 7) };
    }
    case "delete_range":
      if (isUuid(field(b, "range_id"))) await deleteRange(tx, id, field(b, "range_id"));
      return { errors, saved: "periodo-tolto" };
    case "add_closure": {
      const kind = checkClosureKind(field(b, "closure_kind"));
      const reason = checkClosureReason(field(b, "closure_reason"));
      const dates = checkDateRange(field(b, "closure_from"), field(b, "closure_to"));
      if (!kind.ok) errors.closure_kind = t(kind.problem);
      if (!reason.ok) errors.closure_reason = t(reason.problem);
      if (!dates.ok) {
        errors[dates.problem.code === "range" ? "closure_to" : "closure_from"] = t(dates.problem);
      }
      if (!kind.ok || !reason.ok || !dates.ok) return { errors };
      await addClosure(tx, id, {
        kind: kind.value,
        reason: reason.value,
        starts_on: dates.value.from,
        ends_on: dates.value.to,
      });
      return { errors, saved: "chiusura", month: dates.value.from.slice(0, 7) };
    }
    case "delete_closure":
      if (isUuid(field(b, "closure_id"))) await deleteClosure(tx, id, field(b, "closure_id"));
      return { errors, saved: "chiusura-tolta" };
  }
  return { errors };
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { state, service } = await pageService(c);
    return page(await load(state, service, monthOf(c.req.query("mese")), EMPTY_FORM, {}));
  },
  async POST(c) {
    const { state, service } = await pageService(c);
    const body = await readBody(c);
    const month = monthOf(field(body, "mese"));
    const out = await state.db.asUser(
      state.claims!,
      (tx) => act(tx, state, service.id, field(body, "action"), body),
    );
    if (Object.keys(out.errors).length || !out.saved) {
      const form = Object.fromEntries(
        Object.keys(body).map((
          k,
        ) => [k, k === "weekdays" ? fields(body, k).join(",") : field(body, k)]),
      );
      return page(await load(state, service, month, form, out.errors), { status: 422 });
    }
    return c.redirect(
      `/operatore/servizi/${service.id}/calendario?mese=${out.month ?? month}&salvato=${out.saved}`,
      303,
    );
  },
});

const SAVED: Record<string, [string, string]> = {
  impostazioni: [
    "Giorni di servizio e santo patrono salvati.",
    "Service days and patron saint saved.",
  ],
  "calendario-regionale": [
    "Periodi e vacanze del calendario scolastico regionale applicati.",
    "The regional school calendar's periods and holidays applied.",
  ],
  periodo: ["Periodo aggiunto.", "Period added."],
  "periodo-tolto": ["Periodo tolto.", "Period removed."],
  chiusura: [
    "Chiusura aggiunta: il mese la mostra qui sotto.",
    "Closure added: the month below shows it.",
  ],
  "chiusura-tolta": ["Chiusura tolta.", "Closure removed."],
};

/** The service calendar: days of the week, holidays, periods, closures and the month at a glance. */
export default define.page<Data>(function Calendar({ data, state, url }) {
  const saved = SAVED[url.searchParams.get("salvato") ?? ""];
  const base = `/operatore/servizi/${data.service.id}/calendario`;
  return (
    <>
      <ServiceHeader state={state} service={data.service} tab="calendar" />
      {saved && <Alert kind="success">{state.tr(...saved)}</Alert>}
      {!data.settings && (
        <Alert kind="info">
          {state.tr(
            "Il servizio non ha ancora un calendario: scegli i giorni della settimana e salva.",
            "The service has no calendar yet: choose its weekdays and save.",
          )}
        </Alert>
      )}
      <ErrorSummary state={state} errors={data.errors} />
      <MonthView
        state={state}
        month={data.month}
        days={data.days}
        href={(m) => `${base}?mese=${m}`}
      />
      <SettingsForm
        state={state}
        action={base}
        month={data.month}
        settings={data.settings}
        form={data.form}
        errors={data.errors}
      />
      <RangesSection
        state={state}
        action={base}
        month={data.month}
        ranges={data.ranges}
        years={data.years}
        form={data.form}
        errors={data.errors}
      />
      <ClosuresSection
        state={state}
        action={base}
        month={data.month}
        closures={data.closures}
        form={data.form}
        errors={data.errors}
      />
    </>
  );
});
