import { Alert } from "../../../components/Alert.tsx";
import { Breadcrumb } from "../../../components/Breadcrumb.tsx";
import { define, page } from "../../../lib/http/define.ts";
import { FdrError } from "../../../lib/reconciliation/fdr_client.ts";
import {
  fdrGateway,
  publishSimulatedFlows,
  syncFlows,
  type SyncResult,
} from "../../../lib/reconciliation/fdr_sync.ts";
import { BASE } from "./(_components)/parts.tsx";

interface Data {
  result: SyncResult | null;
  error: string | null;
  simulated: boolean;
}

export const handler = define.handlers<Data>({
  GET(c) {
    return c.redirect(BASE, 303);
  },
  async POST(c) {
    const state = c.get("state");
    const gateway = fdrGateway();
    try {
      if (gateway.simulator && gateway.simulated) {
        await publishSimulatedFlows(state.db, state.claims!, gateway.simulator);
      }
      const result = await syncFlows(state.db, state.claims!, gateway.client);
      return page({ result, error: null, simulated: gateway.simulated });
    } catch (e) {
      if (!(e instanceof FdrError)) throw e;
      return page({ result: null, error: e.message, simulated: gateway.simulated }, {
        status: 502,
      });
    }
  },
});

/** The outcome of fetching the flows published for the Ente on pagoPA (FdR 3). */
export default define.page<Data>(function Fetched({ data, state }) {
  const tr = state.tr;
  const r = data.result;
  return (
    <>
      <Breadcrumb
        state={state}
        items={[[tr("Riconciliazione", "Reconciliation"), BASE], [
          tr("Scarica i flussi", "Fetch flows"),
        ]]}
      />
      <h1>{tr("Flussi scaricati da pagoPA", "Flows fetched from pagoPA")}</h1>
      {data.simulated && (
        <Alert kind="info">
          {tr(
            "Ambiente di prova: simulatore FdR di pagoPA.",
            "Test environment: pagoPA FdR simulator.",
          )}
        </Alert>
      )}
      {data.error && (
        <Alert kind="danger">
          {tr("pagoPA non ha risposto come previsto: ", "pagoPA did not answer as expected: ")}
          {data.error}
        </Alert>
      )}
      {r && (
        <>
          <Alert kind={r.failed.length ? "warning" : "success"}>
            {tr(
              `Flussi pubblicati negli ultimi 90 giorni: ${r.listed}. Nuovi importati: ${r.imported.length}. Già presenti: ${r.skipped}. Non importati: ${r.failed.length}.`,
              `Flows published in the last 90 days: ${r.listed}. New imported: ${r.imported.length}. Already present: ${r.skipped}. Not imported: ${r.failed.length}.`,
            )}
          </Alert>
          {r.imported.length > 0 && (
            <>
              <h2 class="h4">{tr("Importati", "Imported")}</h2>
              <ul>
                {r.imported.map((i) => (
                  <li key={i.id}>
                    <a href={`${BASE}/flussi/${i.id}`}>{i.flow_ref}</a>
                    {i.notes.map((n, k) => (
                      <span key={k} class="d-block small">{n[state.lang]}</span>
                    ))}
                  </li>
                ))}
              </ul>
            </>
          )}
          {r.failed.length > 0 && (
            <>
              <h2 class="h4">{tr("Non importati", "Not imported")}</h2>
              <ul>
                {r.failed.map((f) => (
                  <li key={f.flow_ref}>
                    <strong>{f.flow_ref}</strong>: {f.error[state.lang]}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
      <p>
        <a class="btn btn-primary" href={BASE}>{tr("Torna ai flussi", "Back to the flows")}</a>
      </p>
    </>
  );
});
