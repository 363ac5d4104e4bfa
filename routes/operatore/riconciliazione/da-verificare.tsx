import { Breadcrumb } from "../../../components/Breadcrumb.tsx";
import { define, page } from "../../../lib/http/define.ts";
import { ISSUE_KIND, label } from "../../../lib/reconciliation/labels.ts";
import { daysOf, type Issue, issues } from "../../../lib/reconciliation/queries.ts";
import { BASE, day, euro, RecoTabs } from "./(_components)/parts.tsx";

interface Data {
  items: Issue[];
  days: number;
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const days = daysOf(c.req.query("giorni"));
    const items = await db.asUser(claims!, (tx) => issues(tx, { days, limit: 1000 }));
    return page({ items, days });
  },
});

/** What does not match: receipts, flow payments and transfers that need the office. */
export default define.page<Data>(function ToCheck({ data, state }) {
  const tr = state.tr;
  return (
    <>
      <Breadcrumb
        state={state}
        items={[[tr("Riconciliazione", "Reconciliation"), BASE], [tr("Da verificare", "To check")]]}
      />
      <h1>{tr("Da verificare", "To check")}</h1>
      <p class="lead">
        {tr(
          "Ricevute non ancora rendicontate, pagamenti dei flussi senza ricevuta o con importo diverso, riversamenti senza flusso e flussi senza riversamento.",
          "Receipts not yet reported, flow payments without a receipt or with a different amount, transfers without a flow and flows without a transfer.",
        )}
      </p>
      <RecoTabs state={state} current="da-verificare" />
      <form method="get" action={`${BASE}/da-verificare`} class="row g-2 align-items-end mb-3">
        <div class="col-auto">
          <label for="giorni" class="form-label">
            {tr("Giorni di attesa prima di segnalare", "Days to wait before flagging")}
          </label>
          <input
            id="giorni"
            name="giorni"
            type="number"
            min={0}
            max={365}
            class="form-control"
            value={data.days}
            aria-describedby="giorni-hint"
          />
          <small id="giorni-hint" class="form-text d-block">
            {tr(
              "Una ricevuta è segnalata se nessun flusso la riporta dopo questi giorni; un flusso se il bonifico non è arrivato.",
              "A receipt is flagged when no flow reports it after these days; a flow when its transfer has not arrived.",
            )}
          </small>
        </div>
        <div class="col-auto">
          <button type="submit" class="btn btn-secondary">{tr("Aggiorna", "Update")}</button>
        </div>
        <div class="col-auto">
          <a
            class="btn btn-outline-secondary"
            href={`${BASE}/esporta?elenco=da-verificare&giorni=${data.days}`}
          >
            {tr("Esporta in CSV", "Export as CSV")}
          </a>
        </div>
      </form>
      {data.items.length === 0
        ? <p>{tr("Tutto torna: niente da verificare.", "Everything adds up: nothing to check.")}</p>
        : (
          <div class="table-responsive">
            <table class="table">
              <caption>
                {tr(`Da verificare: ${data.items.length}`, `To check: ${data.items.length}`)}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{tr("Che cosa", "What")}</th>
                  <th scope="col">{tr("Data", "Date")}</th>
                  <th scope="col">{tr("Riferimento", "Reference")}</th>
                  <th scope="col" class="text-end">{tr("Importo", "Amount")}</th>
                  <th scope="col">{tr("Flusso", "Flow")}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((i, k) => (
                  <tr key={k}>
                    <th scope="row">{label(ISSUE_KIND[i.kind], state.lang)}</th>
                    <td>{day(state, i.day)}</td>
                    <td class="text-break font-monospace small">{i.reference}</td>
                    <td class="text-end">
                      {euro(state, i.amount_cents)}
                      {i.other_cents !== null && (
                        <span class="d-block small">
                          {tr("invece di ", "instead of ")}
                          {euro(state, i.other_cents)}
                        </span>
                      )}
                    </td>
                    <td class="text-break">
                      {i.flow_id
                        ? <a href={`${BASE}/flussi/${i.flow_id}`}>{i.flow_ref}</a>
                        : i.flow_ref ?? "—"}
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
