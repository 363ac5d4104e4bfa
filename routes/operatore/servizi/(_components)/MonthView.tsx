import { addMonths, type IsoMonth } from "../../../../lib/calendar/dates.ts";
import {
  describeClosed,
  type MonthDay,
  weekdayName,
} from "../../../../lib/calendar/service_calendar.ts";
import type { State } from "../../../../lib/http/define.ts";

const OPEN = "background-color:#e3f1e6";
const CLOSED = "background-color:#f4f4f4";
const SPECIAL = "background-color:#fdf0e1";

/**
 * A month as a table, Monday first: each day says in words whether the service runs and, when it
 * does not for a reason other than the weekday, why. Colours only repeat what the words say.
 */
export function MonthView(
  { state, month, days, href }: {
    state: State;
    month: IsoMonth;
    days: MonthDay[];
    href: (month: IsoMonth) => string;
  },
) {
  const title = new Intl.DateTimeFormat(state.lang === "it" ? "it-IT" : "en-GB", {
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(`${month}-01T00:00:00Z`));
  const open = days.filter((d) => d.status.open).length;
  const cells: (MonthDay | null)[] = [...Array(days[0].weekday - 1).fill(null), ...days];
  while (cells.length % 7) cells.push(null);
  const weeks = Array.from({ length: cells.length / 7 }, (_, i) => cells.slice(i * 7, i * 7 + 7));
  return (
    <section aria-labelledby="month-title" class="mb-4">
      <div class="d-flex justify-content-between align-items-center flex-wrap mb-2">
        <h2 id="month-title" class="h4 mb-0 text-capitalize">{title}</h2>
        <nav aria-label={state.tr("Mesi", "Months")}>
          <a class="btn btn-outline-primary btn-sm me-2" href={href(addMonths(month, -1))}>
            {state.tr("Mese precedente", "Previous month")}
          </a>
          <a class="btn btn-outline-primary btn-sm" href={href(addMonths(month, 1))}>
            {state.tr("Mese successivo", "Next month")}
          </a>
        </nav>
      </div>
      <div class="table-responsive">
        <table class="table table-bordered mb-1" style="table-layout:fixed;min-width:42rem">
          <caption>
            {state.tr(
              `${title}: ${open} giorni di servizio`,
              `${title}: ${open} service days`,
            )}
          </caption>
          <thead>
            <tr>
              {[1, 2, 3, 4, 5, 6, 7].map((w) => (
                <th scope="col" key={w} class="text-capitalize">
                  <abbr title={weekdayName(w, state.lang)}>
                    {weekdayName(w, state.lang).slice(0, 3)}
                  </abbr>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {weeks.map((week, i) => (
              <tr key={i}>
                {week.map((d, j) => {
                  if (!d) return <td key={j}></td>;
                  const s = d.status;
                  const special = !s.open && s.reason.code !== "weekday" &&
                    s.reason.code !== "out_of_period";
                  return (
                    <td
                      key={j}
                      style={s.open ? OPEN : special ? SPECIAL : CLOSED}
                      data-date={d.date}
                    >
                      <span class="fw-bold d-block">{Number(d.date.slice(8))}</span>
                      <small class="d-block">
                        {s.open
                          ? state.tr("Servizio", "Service")
                          : s.reason.code === "weekday"
                          ? state.tr("Non attivo", "Not running")
                          : describeClosed(s.reason, state.lang)}
                      </small>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
