import { Breadcrumb } from "../../../components/Breadcrumb.tsx";
import {
  enrollmentFilterChoices,
  type EnrollmentRow,
  type FilterChoices,
  listEnrollments,
} from "../../../lib/enrollment/enrollments_read.ts";
import { appliedCents, perLabel } from "../../../lib/enrollment/tariff_assignment.ts";
import { define, page } from "../../../lib/http/define.ts";
import { formatDate } from "../../../lib/i18n/mod.ts";
import { formatEuro } from "../../../lib/tariffs/money.ts";
import { FLAG_LABELS, STATUS_LABELS } from "./(_components)/EnrollmentView.tsx";
import { isUuid } from "../../../lib/codes/uuid.ts";

const FILTERS = ["servizio", "anno", "plesso", "classe", "stato", "isee", "q"] as const;
type Filters = Record<typeof FILTERS[number], string>;

interface Data {
  filters: Filters;
  choices: FilterChoices;
  items: EnrollmentRow[];
  total: number;
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const filters = Object.fromEntries(
      FILTERS.map((k) => [k, (c.req.query(k) ?? "").trim().slice(0, 100)]),
    ) as Filters;
    const id = (v: string) => isUuid(v) ? v : null;
    const [choices, { items, total }] = await db.asUser(claims!, async (tx) =>
      [
        await enrollmentFilterChoices(tx),
        await listEnrollments(tx, {
          serviceId: id(filters.servizio),
          yearId: id(filters.anno),
          siteId: id(filters.plesso),
          classId: id(filters.classe),
          status: filters.stato === "active" || filters.stato === "withdrawn"
            ? filters.stato
            : null,
          iseeFlag: filters.isee in FLAG_LABELS ? filters.isee as "ok" : null,
          q: filters.q || null,
          limit: 500,
        }),
      ] as const);
    return page({ filters, choices, items, total });
  },
});

/** Effective enrollments with filters: who is enrolled where, at what tariff, with which ISEE. */
export default define.page<Data>(function Enrollments({ data, state }) {
  const tr = state.tr;
  const lang = state.lang;
  const { filters: f, choices } = data;
  const select = (
    name: keyof Filters,
    label: string,
    options: [string, string][],
  ) => (
    <div class="col-12 col-md-4 col-lg-2">
      <div class="select-wrapper">
        <label for={`f-${name}`}>{label}</label>
        <select id={`f-${name}`} name={name}>
          <option value="">{tr("Tutti", "All")}</option>
          {options.map(([v, l]) => <option key={v} value={v} selected={f[name] === v}>{l}</option>)}
        </select>
      </div>
    </div>
  );
  return (
    <>
      <Breadcrumb state={state} items={[[tr("Iscrizioni", "Enrollments")]]} />
      <h1>{tr("Iscrizioni effettive", "Effective enrollments")}</h1>
      <p>
        <a class="btn btn-primary" href="/operatore/iscrizioni/crea">
          {tr("Crea iscrizioni dalle domande accolte", "Enroll accepted applications")}
        </a>
      </p>
      <form method="get" action="/operatore/iscrizioni" class="mb-4" role="search">
        <div class="row g-3 align-items-end">
          {select(
            "servizio",
            tr("Servizio", "Service"),
            choices.services.map((s) => [s.id, s.title]),
          )}
          {select(
            "anno",
            tr("Anno scolastico", "School year"),
            choices.years.map((y) => [y.id, y.label]),
          )}
          {select("plesso", tr("Plesso", "Site"), choices.sites.map((s) => [s.id, s.name]))}
          {select(
            "classe",
            tr("Classe", "Class"),
            choices.classes.map((c) => [c.id, `${c.name} — ${c.site_name}`]),
          )}
          {select("stato", tr("Stato", "Status"), [
            ["active", tr("Attive", "Active")],
            ["withdrawn", tr("Ritirate", "Withdrawn")],
          ])}
          {select(
            "isee",
            "ISEE",
            Object.entries(FLAG_LABELS).map(([k, [it, en]]) => [k, tr(it, en)]),
          )}
          <div class="col-12 col-md-6 col-lg-3">
            <div class="form-group mb-0">
              <label for="f-q" class="active">
                {tr("Nome o codice fiscale", "Name or tax code")}
              </label>
              <input type="search" class="form-control" id="f-q" name="q" value={f.q} />
            </div>
          </div>
          <div class="col-12 col-md-3">
            <button type="submit" class="btn btn-outline-primary">{tr("Filtra", "Filter")}</button>
          </div>
        </div>
      </form>
      <div class="table-responsive">
        <table class="table table-sm">
          <caption>
            {tr(`${data.total} iscrizioni`, `${data.total} enrollments`)}
            {data.total > data.items.length &&
              tr(` (prime ${data.items.length})`, ` (first ${data.items.length})`)}
          </caption>
          <thead>
            <tr>
              <th scope="col">{tr("Bambina o bambino", "Child")}</th>
              <th scope="col">{tr("Servizio", "Service")}</th>
              <th scope="col">{tr("Plesso e classe", "Site and class")}</th>
              <th scope="col">{tr("Dal – al", "From – to")}</th>
              <th scope="col">{tr("Tariffa", "Tariff")}</th>
              <th scope="col">ISEE</th>
              <th scope="col">{tr("Stato", "Status")}</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((e) => {
              const a = e.tariff_assignment;
              const cents = appliedCents(e);
              const flag = a?.isee_flag ?? "unpriced";
              return (
                <tr key={e.id}>
                  <th scope="row">
                    <a href={`/operatore/iscrizioni/${e.id}`}>{e.beneficiary_name ?? "—"}</a>
                  </th>
                  <td>{e.service_title}</td>
                  <td>{[e.site_name, e.class_name, e.stop_name].filter(Boolean).join(" · ")}</td>
                  <td>
                    {formatDate(lang, e.starts_on, "short")} –{" "}
                    {formatDate(lang, e.ends_on, "short")}
                  </td>
                  <td>
                    {cents === null
                      ? "—"
                      : `${formatEuro(cents, lang)} ${perLabel(a?.quote.per ?? "", lang)}${
                        e.override_cents !== null ? " *" : ""
                      }`}
                  </td>
                  <td>
                    <span class={`badge ${flag === "ok" ? "bg-success" : "bg-warning"}`}>
                      {tr(...FLAG_LABELS[flag])}
                    </span>
                  </td>
                  <td>{tr(...STATUS_LABELS[e.status])}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {data.items.some((e) => e.override_cents !== null) && (
        <p class="small">
          * {tr("importo stabilito manualmente dall'ufficio", "amount set manually by the office")}
        </p>
      )}
    </>
  );
});
