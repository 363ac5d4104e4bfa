import { Breadcrumb } from "../../../components/Breadcrumb.tsx";
import FamilyAttendance from "../../../islands/FamilyAttendance.tsx";
import {
  type FamilyMonth,
  familyMonth,
  loadFamilyMonth,
} from "../../../lib/attendance/roster_family.ts";
import { addMonths } from "../../../lib/calendar/dates.ts";
import { type EnrollmentRow, getEnrollment } from "../../../lib/enrollment/enrollments_read.ts";
import { define, HttpError, page } from "../../../lib/http/define.ts";
import { formatDate, romeDate } from "../../../lib/i18n/mod.ts";
import { isUuid } from "../../../lib/codes/uuid.ts";

interface Data {
  e: EnrollmentRow;
  view: FamilyMonth;
  thisMonth: string;
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const id = c.req.param("enrollment")!;
    const today = romeDate();
    const month = familyMonth(c.req.query("mese"), today);
    const data = isUuid(id)
      ? await db.asUser(claims!, async (tx) => {
        // RLS: another household's child is simply not there.
        const e = await getEnrollment(tx, id);
        return e ? { e, view: await loadFamilyMonth(tx, id, month) } : null;
      })
      : null;
    if (!data) throw new HttpError(404, "No such enrollment", { code: "not_found" });
    if (c.req.header("accept")?.includes("application/json")) return c.json(data.view);
    return page({ ...data, thisMonth: today.slice(0, 7) });
  },
});

const MONTH = (lang: string) =>
  new Intl.DateTimeFormat(lang === "en" ? "en-GB" : "it-IT", {
    timeZone: "UTC",
    month: "long",
    year: "numeric",
  });

/** A child's attendance month by month, live while the page is open. */
export default define.page<Data>(function ChildAttendance({ data, state }) {
  const { e, view, thisMonth } = data;
  const tr = state.tr;
  const label = MONTH(state.lang).format(new Date(`${view.month}-01T00:00:00Z`));
  const prev = addMonths(view.month, -1);
  const next = addMonths(view.month, 1);
  const base = `/famiglie/presenze/${e.id}`;
  return (
    <>
      <Breadcrumb
        state={state}
        home={["/famiglie", tr("Servizi online", "Online services")]}
        items={[
          [tr("Iscrizioni", "Enrollments"), "/famiglie/iscrizioni"],
          [tr("Presenze", "Attendance")],
        ]}
      />
      <h1>{tr(`Presenze di ${e.beneficiary_name}`, `Attendance of ${e.beneficiary_name}`)}</h1>
      <p>
        {e.service_title}
        {e.class_name && ` — ${tr("classe", "class")} ${e.class_name}`}
        {e.site_name && `, ${e.site_name}`}
      </p>
      <nav aria-label={tr("Mesi", "Months")} class="d-flex flex-wrap gap-2 mb-3">
        <a class="btn btn-outline-primary" href={`${base}?mese=${prev}`}>
          ← {tr("Mese precedente", "Previous month")}
        </a>
        {next <= thisMonth && (
          <a class="btn btn-outline-primary" href={`${base}?mese=${next}`}>
            {tr("Mese successivo", "Next month")} →
          </a>
        )}
      </nav>
      <h2 class="h4">{label}</h2>
      {view.planned.length > 0 && (
        <section aria-labelledby="planned-title">
          <h3 id="planned-title" class="h5">{tr("Assenze programmate", "Planned absences")}</h3>
          <ul>
            {view.planned.map((p) => (
              <li key={p.id}>
                {tr("Dal", "From")} {formatDate(state.lang, p.from_day)} {tr("al", "to")}{" "}
                {formatDate(state.lang, p.to_day)}: {p.reason}
              </li>
            ))}
          </ul>
        </section>
      )}
      <FamilyAttendance
        lang={state.lang}
        enrollmentId={e.id}
        month={view.month}
        marks={view.marks}
      />
    </>
  );
});
