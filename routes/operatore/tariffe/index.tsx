import { Alert } from "../../../components/Alert.tsx";
import { Breadcrumb } from "../../../components/Breadcrumb.tsx";
import { define, page, type State } from "../../../lib/http/define.ts";
import { formatDate } from "../../../lib/i18n/mod.ts";
import { listTariffs, type TariffRow, type TariffStatus } from "../../../lib/tariffs/db.ts";

interface Data {
  items: TariffRow[];
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    return page({ items: await db.asUser(claims!, (tx) => listTariffs(tx)) });
  },
});

export function statusLabel(state: State, s: TariffStatus): string {
  return {
    draft: state.tr("Bozza", "Draft"),
    published: state.tr("Pubblicata", "Published"),
    archived: state.tr("Archiviata", "Archived"),
  }[s];
}

export function StatusBadge({ state, status }: { state: State; status: TariffStatus }) {
  const cls = { draft: "bg-secondary", published: "bg-success", archived: "bg-dark" }[
    status
  ];
  return <span class={`badge ${cls}`}>{statusLabel(state, status)}</span>;
}

/** The Ente's tariffs by service, with their status and the version in force today. */
export default define.page<Data>(function Tariffs({ data, state }) {
  return (
    <>
      <Breadcrumb state={state} items={[[state.tr("Tariffe", "Tariffs")]]} />
      <h1>{state.tr("Tariffe", "Tariffs")}</h1>
      <p class="lead">
        {state.tr(
          "Quanto costano i servizi: fasce ISEE, formule, riduzioni ed esenzioni, con le versioni nel tempo. Prima di pubblicare una tariffa, simulala.",
          "What the services cost: ISEE brackets, formulas, reductions and exemptions, with their versions over time. Simulate a tariff before publishing it.",
        )}
      </p>
      <p>
        <a class="btn btn-primary" href="/operatore/tariffe/nuova">
          {state.tr("Nuova tariffa", "New tariff")}
        </a>
      </p>
      {data.items.length === 0
        ? (
          <Alert kind="info">
            {state.tr("Non ci sono ancora tariffe.", "There are no tariffs yet.")}
          </Alert>
        )
        : (
          <div class="table-responsive">
            <table class="table">
              <caption>
                {state.tr(
                  `${data.items.length} tariffe dell'Ente`,
                  `${data.items.length} tariffs of the Ente`,
                )}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{state.tr("Tariffa", "Tariff")}</th>
                  <th scope="col">{state.tr("Codice", "Code")}</th>
                  <th scope="col">{state.tr("Servizio", "Service")}</th>
                  <th scope="col">{state.tr("Stato", "Status")}</th>
                  <th scope="col">{state.tr("In vigore oggi dal", "In force today since")}</th>
                  <th scope="col">{state.tr("Versioni", "Versions")}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((t) => (
                  <tr key={t.id}>
                    <th scope="row">
                      <a href={`/operatore/tariffe/${t.id}`}>{t.title}</a>
                    </th>
                    <td>
                      <code>{t.code}</code>
                    </td>
                    <td>{t.service_title}</td>
                    <td>
                      <StatusBadge state={state} status={t.status} />
                    </td>
                    <td>
                      {t.current_from
                        ? formatDate(state.lang, t.current_from, "short")
                        : state.tr("nessuna versione", "no version")}
                    </td>
                    <td>{t.versions_count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
    </>
  );
});
