import type { State } from "../../lib/http/define.ts";
import { weekdayName } from "../../lib/calendar/service_calendar.ts";
import type {
  CatalogService,
  PublishedTariff,
  ServiceCalendarSummary,
} from "../../lib/enrollment/portal_db.ts";
import { describeRules, type Line } from "../../lib/tariffs/describe.ts";
import { calendarDate, romeDateTime } from "./Family.tsx";

/** The enrollment window in words: open until…, opens on…, closed. */
export function WindowNote({ state, service }: { state: State; service: CatalogService }) {
  const w = service.window;
  const tr = state.tr;
  const years = service.years.map((y) => y.label).join(", ");
  const text = w.state === "open"
    ? tr(
      `Iscrizioni aperte fino al ${romeDateTime(state, w.closes)}.`,
      `Enrollment open until ${romeDateTime(state, w.closes)}.`,
    )
    : w.state === "upcoming"
    ? tr(
      `Le iscrizioni apriranno il ${romeDateTime(state, w.opens)}.`,
      `Enrollment opens on ${romeDateTime(state, w.opens)}.`,
    )
    : w.state === "closed"
    ? tr("Iscrizioni chiuse.", "Enrollment closed.")
    : tr("Iscrizioni non previste online.", "No online enrollment.");
  return (
    <p class={w.state === "open" ? "fw-semibold text-success" : "text-secondary"}>
      {text} {years && tr(`Anno scolastico ${years}.`, `School year ${years}.`)}
    </p>
  );
}

/** Days of the week, periods of service and breaks. */
export function CalendarSummary(
  { state, calendar, years }: {
    state: State;
    calendar: ServiceCalendarSummary;
    years: { label: string }[];
  },
) {
  const tr = state.tr;
  if (!calendar.weekdays.length && !calendar.periods.length) return null;
  const range = (r: { starts_on: string; ends_on: string }) =>
    r.starts_on === r.ends_on ? calendarDate(state, r.starts_on) : tr(
      `dal ${calendarDate(state, r.starts_on)} al ${calendarDate(state, r.ends_on)}`,
      `${calendarDate(state, r.starts_on)} to ${calendarDate(state, r.ends_on)}`,
    );
  return (
    <section class="mb-4" aria-labelledby="calendar-title">
      <h2 id="calendar-title" class="h4">{tr("Calendario", "Calendar")}</h2>
      {years.length > 0 && <p>{tr("Anno", "Year")} {years.map((y) => y.label).join(", ")}</p>}
      {calendar.weekdays.length > 0 && (
        <p>
          {tr("Giorni di servizio", "Service days")}:{" "}
          {calendar.weekdays.map((d) => weekdayName(d, state.lang)).join(", ")}
        </p>
      )}
      {calendar.periods.map((p, i) => <p key={i}>{p.label}: {range(p)}</p>)}
      {calendar.breaks.length > 0 && (
        <>
          <h3 class="h6">{tr("Sospensioni", "Breaks")}</h3>
          <ul>
            {calendar.breaks.map((b, i) => <li key={i}>{b.label}: {range(b)}</li>)}
          </ul>
        </>
      )}
    </section>
  );
}

function Lines({ lines }: { lines: Line[] }) {
  return (
    <ul>
      {lines.map((l, i) => (
        <li key={i}>
          {l.text}
          {l.children?.length ? <Lines lines={l.children} /> : null}
        </li>
      ))}
    </ul>
  );
}

/** The published tariffs of the service in words. */
export function TariffSummary({ state, tariffs }: { state: State; tariffs: PublishedTariff[] }) {
  const tr = state.tr;
  return (
    <section class="mb-4" aria-labelledby="tariffs-title">
      <h2 id="tariffs-title" class="h4">{tr("Tariffe", "Tariffs")}</h2>
      {tariffs.length === 0 && (
        <p>
          {tr(
            "Le tariffe non sono ancora pubblicate: chiedi all'ufficio.",
            "The tariffs are not published yet: ask the office.",
          )}
        </p>
      )}
      {tariffs.map((t) => (
        <div key={t.id} class="mb-3">
          <h3 class="h5">{t.title}</h3>
          {t.description && <p>{t.description}</p>}
          <p class="small text-secondary">
            {tr(
              `In vigore dal ${calendarDate(state, t.valid_from)}`,
              `In force from ${calendarDate(state, t.valid_from)}`,
            )}
            {t.valid_to && tr(
              ` al ${calendarDate(state, t.valid_to)}`,
              ` to ${calendarDate(state, t.valid_to)}`,
            )}
          </p>
          <Lines lines={describeRules(t.rules, state.lang)} />
        </div>
      ))}
    </section>
  );
}
