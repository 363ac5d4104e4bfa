import { CsrfField } from "../../../../components/CsrfField.tsx";
import type { FieldErrors } from "../../../../components/FormErrors.tsx";
import { weekdayName } from "../../../../lib/calendar/service_calendar.ts";
import { formatDate } from "../../../../lib/i18n/mod.ts";
import type { State } from "../../../../lib/http/define.ts";
import type { CalendarRange, CalendarSettings } from "../../../../lib/services/calendar_db.ts";
import { label, RANGE_KIND_LABELS, RANGE_KINDS } from "../../../../lib/services/labels.ts";
import { Check, Choices, Input, Select } from "./fields.tsx";

/** What was posted, to show back after an error (weekdays joined by commas). */
export type Form = Record<string, string>;

export interface Props {
  state: State;
  action: string;
  month: string;
  form: Form;
  errors: FieldErrors;
}

export function Hidden({ state, action, month }: { state: State; action: string; month: string }) {
  return (
    <>
      <CsrfField state={state} />
      <input type="hidden" name="action" value={action} />
      <input type="hidden" name="mese" value={month} />
    </>
  );
}

const dm = (s: CalendarSettings | null) =>
  s?.patron_day
    ? `${String(s.patron_day).padStart(2, "0")}/${String(s.patron_month).padStart(2, "0")}`
    : "";

/** Weekdays, national holidays, patron saint. */
export function SettingsForm(
  { state, action, month, settings, form, errors }: Props & { settings: CalendarSettings | null },
) {
  const posted = form.action === "settings";
  const weekdays = posted
    ? (form.weekdays ?? "").split(",").filter(Boolean)
    : (settings?.weekdays ?? [1, 2, 3, 4, 5]).map(String);
  return (
    <section aria-labelledby="settings-title" class="mb-5">
      <h2 id="settings-title" class="h4">{state.tr("Giorni di servizio", "Service days")}</h2>
      <form method="post" action={action} noValidate>
        <Hidden state={state} action="settings" month={month} />
        <Choices
          state={state}
          id="weekdays"
          type="checkbox"
          label={state.tr(
            "Giorni della settimana in cui il servizio è attivo",
            "Weekdays the service runs on",
          )}
          values={weekdays}
          options={[1, 2, 3, 4, 5, 6, 7].map((d) => [String(d), weekdayName(d, state.lang)])}
          errors={errors}
          inline
        />
        <Check
          state={state}
          id="national_holidays"
          label={state.tr(
            "Chiuso nelle feste nazionali (compresi Pasquetta e, dal 2026, il 4 ottobre)",
            "Closed on national holidays (including Easter Monday and, from 2026, 4 October)",
          )}
          checked={posted ? !!form.national_holidays : settings?.national_holidays ?? true}
          errors={errors}
        />
        <div class="row">
          <div class="col-md-8">
            <Input
              state={state}
              id="patron_name"
              label={state.tr("Santo patrono del Comune", "The Comune's patron saint")}
              value={posted ? form.patron_name ?? "" : settings?.patron_name ?? ""}
              errors={errors}
              maxLength={100}
            />
          </div>
          <div class="col-md-4">
            <Input
              state={state}
              id="patron_day"
              label={state.tr("Giorno della festa (gg/mm)", "Feast day (dd/mm)")}
              value={posted ? form.patron_day ?? "" : dm(settings)}
              errors={errors}
              maxLength={5}
              inputMode="numeric"
            />
          </div>
        </div>
        <button type="submit" class="btn btn-primary">
          {state.tr("Salva i giorni di servizio", "Save the service days")}
        </button>
      </form>
    </section>
  );
}

export function Dates({ state, from, to }: { state: State; from: string; to: string }) {
  return from === to
    ? <>{formatDate(state.lang, from)}</>
    : <>{formatDate(state.lang, from, "short")} – {formatDate(state.lang, to, "short")}</>;
}

export function DeleteButton(
  { state, action, month, name, id, text }: {
    state: State;
    action: string;
    month: string;
    name: "range" | "closure";
    id: string;
    text: string;
  },
) {
  return (
    <form method="post" action={action}>
      <Hidden state={state} action={`delete_${name}`} month={month} />
      <input type="hidden" name={`${name}_id`} value={id} />
      <button type="submit" class="btn btn-outline-danger btn-sm">{text}</button>
    </form>
  );
}

/** Periods when the service runs and breaks (holidays), with the regional calendar preset. */
export function RangesSection(
  { state, action, month, ranges, years, form, errors }: Props & {
    ranges: CalendarRange[];
    years: string[];
  },
) {
  const v = (k: string) => form.action === "add_range" ? form[k] ?? "" : "";
  return (
    <section aria-labelledby="ranges-title" class="mb-5">
      <h2 id="ranges-title" class="h4">{state.tr("Periodi e vacanze", "Periods and holidays")}</h2>
      <p>
        {state.tr(
          "Il servizio è attivo solo nei periodi indicati (ad esempio le lezioni) e mai durante le sospensioni. Senza periodi vale tutto l'anno.",
          "The service runs only within its periods (e.g. lessons) and never during breaks. Without periods it runs all year.",
        )}
      </p>
      {ranges.length > 0 && (
        <div class="table-responsive">
          <table class="table">
            <caption>
              {state.tr("Periodi e sospensioni del servizio", "The service's periods and breaks")}
            </caption>
            <thead>
              <tr>
                <th scope="col">{state.tr("Descrizione", "Description")}</th>
                <th scope="col">{state.tr("Tipo", "Kind")}</th>
                <th scope="col">{state.tr("Date", "Dates")}</th>
                <th scope="col">
                  <span class="visually-hidden">{state.tr("Azioni", "Actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {ranges.map((r) => (
                <tr key={r.id}>
                  <th scope="row">{r.label}</th>
                  <td>{label(RANGE_KIND_LABELS, r.kind, state.lang)}</td>
                  <td>
                    <Dates state={state} from={r.starts_on} to={r.ends_on} />
                  </td>
                  <td>
                    <DeleteButton
                      state={state}
                      action={action}
                      month={month}
                      name="range"
                      id={r.id}
                      text={state.tr(`Togli «${r.label}»`, `Remove “${r.label}”`)}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {years.length > 0 && (
        <form method="post" action={action} class="row g-3 align-items-end mb-4" noValidate>
          <Hidden state={state} action="preset" month={month} />
          <div class="col-md-8">
            <Select
              state={state}
              id="preset_year"
              label={state.tr(
                "Calendario scolastico regionale della Toscana",
                "Toscana's regional school calendar",
              )}
              value={form.preset_year ?? years[0]}
              options={years.map((y) => [y, y])}
              hint={state.tr(
                "Sostituisce periodi e vacanze con lezioni, vacanze natalizie e pasquali dell'anno scelto.",
                "Replaces periods and breaks with the lessons, Christmas and Easter holidays of the chosen year.",
              )}
              errors={errors}
            />
          </div>
          <div class="col-md-4">
            <button type="submit" class="btn btn-outline-primary w-100 mb-4">
              {state.tr("Applica il calendario regionale", "Apply the regional calendar")}
            </button>
          </div>
        </form>
      )}
      <h3 class="h5">
        {state.tr("Aggiungi un periodo o una sospensione", "Add a period or a break")}
      </h3>
      <form method="post" action={action} noValidate>
        <Hidden state={state} action="add_range" month={month} />
        <Choices
          state={state}
          id="range_kind"
          type="radio"
          label={state.tr("Tipo", "Kind")}
          values={[v("range_kind") || "break"]}
          options={RANGE_KINDS.map((k) => [k, label(RANGE_KIND_LABELS, k, state.lang)])}
          errors={errors}
          inline
        />
        <Input
          state={state}
          id="range_label"
          label={state.tr("Descrizione", "Description")}
          value={v("range_label")}
          errors={errors}
          maxLength={100}
          hint={state.tr("Ad esempio «Vacanze di Carnevale».", "E.g. “Carnival holidays”.")}
        />
        <div class="row">
          <div class="col-md-6">
            <Input
              state={state}
              id="range_from"
              type="date"
              label={state.tr("Dal", "From")}
              value={v("range_from")}
              errors={errors}
            />
          </div>
          <div class="col-md-6">
            <Input
              state={state}
              id="range_to"
              type="date"
              label={state.tr("Al (compreso)", "To (included)")}
              value={v("range_to")}
              errors={errors}
            />
          </div>
        </div>
        <button type="submit" class="btn btn-outline-primary">{state.tr("Aggiungi", "Add")}</button>
      </form>
    </section>
  );
}
