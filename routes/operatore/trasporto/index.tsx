import { Alert } from "../../../components/Alert.tsx";
import { Breadcrumb } from "../../../components/Breadcrumb.tsx";
import { define, page, type State } from "../../../lib/http/define.ts";
import {
  geoRoute,
  listRoutes,
  listStops,
  listTransportServices,
  type TransportRoute,
  type TransportService,
  type TransportStop,
} from "../../../lib/transport/mod.ts";
import RouteMap from "../../../islands/RouteMap.tsx";

interface Data {
  services: TransportService[];
  routes: TransportRoute[];
  stops: TransportStop[];
  deleted: boolean;
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const data = await db.asUser(claims!, async (tx) => {
      const routes = await listRoutes(tx);
      return {
        services: await listTransportServices(tx),
        routes,
        stops: await listStops(tx, routes.filter((r) => r.active).map((r) => r.id)),
      };
    });
    return page({ ...data, deleted: c.req.query("eliminata") === "1" });
  },
});

export function ServiceStatus({ state, status }: { state: State; status: string }) {
  const [cls, label] = status === "published"
    ? ["bg-success", state.tr("Pubblicato", "Published")]
    : status === "draft"
    ? ["bg-secondary", state.tr("Bozza", "Draft")]
    : ["bg-dark", state.tr("Archiviato", "Archived")];
  return <span class={`badge ${cls}`}>{label}</span>;
}

/** First and last time of a run, e.g. "07:25–07:55". */
function span(times: (string | null)[]): string {
  const t = times.filter((x): x is string => !!x).sort();
  return t.length ? (t.length > 1 ? `${t[0]}–${t.at(-1)}` : t[0]) : "—";
}

/** The Ente's transport routes by service, and all active routes on one map. */
export default define.page<Data>(function TransportRoutes({ data, state }) {
  const { tr } = state;
  const { services, routes, stops } = data;
  const active = routes.filter((r) => r.active);
  return (
    <>
      <Breadcrumb state={state} items={[[tr("Trasporto scolastico", "School transport")]]} />
      <h1>{tr("Trasporto scolastico: linee e fermate", "School transport: routes and stops")}</h1>
      <p class="lead">
        {tr(
          "Le linee dello scuolabus con le fermate in ordine e gli orari di andata e ritorno. Le famiglie vedono le linee attive dei servizi pubblicati e scelgono la fermata quando presentano la domanda.",
          "The school bus routes with their stops in order and the times there and back. Families see the active routes of published services and choose a stop when they apply.",
        )}
      </p>
      {data.deleted && <Alert kind="success">{tr("Linea eliminata.", "Route deleted.")}</Alert>}
      {services.length === 0
        ? (
          <Alert kind="info">
            {tr(
              "L'Ente non ha ancora un servizio di tipo «trasporto»: crealo tra i servizi, poi torna qui per disegnarne le linee.",
              "The Ente has no service of kind “transport” yet: create one among the services, then come back to draw its routes.",
            )}
          </Alert>
        )
        : (
          <p>
            <a class="btn btn-primary" href="/operatore/trasporto/nuova">
              {tr("Nuova linea", "New route")}
            </a>
          </p>
        )}
      {services.map((s) => {
        const own = routes.filter((r) => r.service_id === s.id);
        const headingId = `servizio-${s.id}`;
        return (
          <section class="mb-5" key={s.id} aria-labelledby={headingId}>
            <h2 class="h4" id={headingId}>
              {s.title} <span class="text-secondary">({s.code})</span>{" "}
              <ServiceStatus state={state} status={s.status} />
            </h2>
            {own.length === 0
              ? <p>{tr("Nessuna linea per questo servizio.", "No routes for this service.")}</p>
              : (
                <div class="table-responsive">
                  <table class="table">
                    <caption>{tr(`Linee del servizio ${s.title}`, `Routes of ${s.title}`)}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{tr("Codice", "Code")}</th>
                        <th scope="col">{tr("Linea", "Route")}</th>
                        <th scope="col">{tr("Fermate", "Stops")}</th>
                        <th scope="col">{tr("Andata", "Outbound")}</th>
                        <th scope="col">{tr("Ritorno", "Return")}</th>
                        <th scope="col">{tr("Mezzo", "Vehicle")}</th>
                        <th scope="col">{tr("Stato", "Status")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {own.map((r) => {
                        const mine = stops.filter((x) => x.route_id === r.id);
                        return (
                          <tr key={r.id}>
                            <td>
                              <span
                                aria-hidden="true"
                                class="d-inline-block rounded-circle me-2 align-middle"
                                style={`width:.8em;height:.8em;background:${r.color}`}
                              />
                              {r.code}
                            </td>
                            <th scope="row">
                              <a href={`/operatore/trasporto/${r.id}`}>{r.name}</a>
                            </th>
                            <td>{r.stop_count}</td>
                            <td>{r.active ? span(mine.map((x) => x.time_there)) : "—"}</td>
                            <td>{r.active ? span(mine.map((x) => x.time_back)) : "—"}</td>
                            <td>
                              {r.vehicle ?? "—"}
                              {r.capacity && (
                                <span class="d-block small">
                                  {tr(`${r.capacity} posti`, `${r.capacity} seats`)}
                                </span>
                              )}
                            </td>
                            <td>
                              {r.active
                                ? <span class="badge bg-success">{tr("Attiva", "Active")}</span>
                                : (
                                  <span class="badge bg-secondary">
                                    {tr("Non attiva", "Inactive")}
                                  </span>
                                )}
                            </td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </div>
              )}
          </section>
        );
      })}
      {active.length > 0 && (
        <section aria-labelledby="mappa-linee">
          <h2 class="h4" id="mappa-linee">
            {tr("Mappa delle linee attive", "Map of active routes")}
          </h2>
          <RouteMap
            lang={state.lang}
            label={tr("Mappa delle linee attive", "Map of active routes")}
            routes={active.map((r) => geoRoute(r, stops))}
            styleUrl={state.config.mapStyleUrl}
          />
        </section>
      )}
    </>
  );
});
