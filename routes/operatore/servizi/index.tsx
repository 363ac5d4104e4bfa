import { Alert } from "../../../components/Alert.tsx";
import { Breadcrumb } from "../../../components/Breadcrumb.tsx";
import { formatDateTime } from "../../../lib/i18n/mod.ts";
import { define, page, type State } from "../../../lib/http/define.ts";
import { listSchoolYears, listServices, type Service } from "../../../lib/services/db.ts";
import {
  KIND_LABELS,
  label,
  SERVICE_KINDS,
  SERVICE_STATUSES,
  type ServiceKind,
  type ServiceStatus,
  STATUS_LABELS,
} from "../../../lib/services/labels.ts";
import { StatusBadge } from "./(_components)/ServiceHeader.tsx";

interface Data {
  items: Service[];
  years: Map<string, string>;
  status: ServiceStatus | null;
  kind: ServiceKind | null;
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const status = SERVICE_STATUSES.find((s) => s === c.req.query("stato")) ?? null;
    const kind = SERVICE_KINDS.find((k) => k === c.req.query("tipo")) ?? null;
    const [items, years] = await db.asUser(claims!, async (tx) =>
      [
        await listServices(tx, { status, kind }),
        await listSchoolYears(tx),
      ] as const);
    return page({ items, years: new Map(years.map((y) => [y.id, y.label])), status, kind });
  },
});

function Window({ state, s }: { state: State; s: Service }) {
  if (!s.enrollment_opens_at && !s.enrollment_closes_at) {
    return <span class="text-secondary">{state.tr("non indicate", "not set")}</span>;
  }
  const f = (d: string | null) => d ? formatDateTime(state.lang, d) : "…";
  return <>{f(s.enrollment_opens_at)} – {f(s.enrollment_closes_at)}</>;
}

/** The Ente's services: filter by status and kind, open one to configure it, or create one. */
export default define.page<Data>(function Services({ data, state, url }) {
  const filtered = data.status !== null || data.kind !== null;
  return (
    <>
      <Breadcrumb state={state} items={[[state.tr("Servizi", "Services")]]} />
      <h1>{state.tr("Servizi", "Services")}</h1>
      <p class="lead">
        {state.tr(
          "I servizi a domanda individuale dell'Ente: calendario, modulo di iscrizione, pagamento e, per la mensa, diete e menù. Le famiglie vedono solo i servizi pubblicati.",
          "The Ente's on-demand services: calendar, application form, payment and, for the canteen, diets and menus. Families see only published services.",
        )}
      </p>
      {url.searchParams.get("archiviato") === "1" && (
        <Alert kind="success">
          {state.tr("Il servizio è stato archiviato.", "The service was archived.")}
        </Alert>
      )}
      <p>
        <a class="btn btn-primary" href="/operatore/servizi/nuovo">
          {state.tr("Nuovo servizio", "New service")}
        </a>
        <a class="btn btn-outline-primary ms-2" href="/operatore/anni-scolastici">
          {state.tr("Anni scolastici", "School years")}
        </a>
      </p>
      <form method="get" action="/operatore/servizi" class="row g-3 align-items-end mb-4">
        <div class="col-md-5">
          <div class="select-wrapper">
            <label for="stato">{state.tr("Stato", "Status")}</label>
            <select id="stato" name="stato">
              <option value="">{state.tr("Tutti", "All")}</option>
              {SERVICE_STATUSES.map((s) => (
                <option value={s} selected={data.status === s} key={s}>
                  {label(STATUS_LABELS, s, state.lang)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div class="col-md-4">
          <div class="select-wrapper">
            <label for="tipo">{state.tr("Tipo", "Kind")}</label>
            <select id="tipo" name="tipo">
              <option value="">{state.tr("Tutti", "All")}</option>
              {SERVICE_KINDS.map((k) => (
                <option value={k} selected={data.kind === k} key={k}>
                  {label(KIND_LABELS, k, state.lang)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div class="col-md-3">
          <button type="submit" class="btn btn-outline-primary w-100">
            {state.tr("Filtra", "Filter")}
          </button>
        </div>
      </form>
      {data.items.length === 0
        ? (
          <p role="status">
            {filtered
              ? state.tr(
                "Nessun servizio corrisponde ai filtri.",
                "No service matches the filters.",
              )
              : state.tr("L'Ente non ha ancora servizi.", "The Ente has no services yet.")}
          </p>
        )
        : (
          <div class="table-responsive">
            <table class="table">
              <caption>
                {state.tr(`${data.items.length} servizi`, `${data.items.length} services`)}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{state.tr("Servizio", "Service")}</th>
                  <th scope="col">{state.tr("Tipo", "Kind")}</th>
                  <th scope="col">{state.tr("Anni scolastici", "School years")}</th>
                  <th scope="col">{state.tr("Iscrizioni", "Enrollment")}</th>
                  <th scope="col">{state.tr("Stato", "Status")}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((s) => (
                  <tr key={s.id}>
                    <th scope="row">
                      <a href={`/operatore/servizi/${s.id}`}>{s.title}</a>
                      <div class="small text-secondary">{s.code}</div>
                    </th>
                    <td>{label(KIND_LABELS, s.kind, state.lang)}</td>
                    <td>
                      {s.school_year_ids.map((y) => data.years.get(y)).filter(Boolean).join(", ") ||
                        "—"}
                    </td>
                    <td>
                      <Window state={state} s={s} />
                    </td>
                    <td>
                      <StatusBadge state={state} status={s.status} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
    </>
  );
});
