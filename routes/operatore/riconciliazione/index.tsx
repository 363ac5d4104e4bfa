import { Alert } from "../../../components/Alert.tsx";
import { Breadcrumb } from "../../../components/Breadcrumb.tsx";
import { CsrfField } from "../../../components/CsrfField.tsx";
import { define, page } from "../../../lib/http/define.ts";
import { FLOW_STATUS, label, MOVEMENT_STATUS } from "../../../lib/reconciliation/labels.ts";
import { type FlowRow, listFlows } from "../../../lib/reconciliation/queries.ts";
import {
  BASE,
  day,
  euro,
  pageNumber,
  Pager,
  RecoTabs,
  StatusBadge,
} from "./(_components)/parts.tsx";

const PAGE_SIZE = 50;

interface Data {
  items: FlowRow[];
  total: number;
  page: number;
  status: "matched" | "differences" | null;
  rematched: boolean;
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const pageNo = pageNumber(c.req.query("pagina"));
    const s = c.req.query("stato");
    const status = s === "matched" || s === "differences" ? s : null;
    const { items, total } = await db.asUser(claims!, (tx) =>
      listFlows(tx, {
        limit: PAGE_SIZE,
        offset: (pageNo - 1) * PAGE_SIZE,
        status: status ?? undefined,
      }));
    return page({
      items,
      total,
      page: pageNo,
      status,
      rematched: c.req.query("ricalcolato") === "1",
    });
  },
});

/** The reporting flows received, with their match and their bank transfer. */
export default define.page<Data>(function Flows({ data, state }) {
  const tr = state.tr;
  const query = (n: number) => {
    const q = new URLSearchParams();
    if (data.status) q.set("stato", data.status);
    if (n > 1) q.set("pagina", String(n));
    const s = q.toString();
    return s ? `${BASE}?${s}` : BASE;
  };
  return (
    <>
      <Breadcrumb state={state} items={[[tr("Riconciliazione", "Reconciliation")]]} />
      <h1>{tr("Riconciliazione degli incassi pagoPA", "Reconciliation of pagoPA collections")}</h1>
      <p class="lead">
        {tr(
          "I flussi di rendicontazione dicono quali pagamenti ogni PSP ha riversato all'Ente con un bonifico: ogni pagamento è abbinato alla sua ricevuta e ogni bonifico al suo flusso.",
          "Reporting flows say which payments each PSP transferred to the Ente with one bank transfer: each payment is matched to its receipt and each transfer to its flow.",
        )}
      </p>
      <RecoTabs state={state} current="flussi" />
      {data.rematched && (
        <Alert kind="success">{tr("Abbinamenti ricalcolati.", "Matches computed again.")}</Alert>
      )}
      <div class="d-flex flex-wrap gap-2 mb-4">
        <a class="btn btn-primary" href={`${BASE}/importa-flusso`}>
          {tr("Importa un flusso (XML)", "Import a flow (XML)")}
        </a>
        <form method="post" action={`${BASE}/scarica`} class="d-inline">
          <CsrfField state={state} />
          <button type="submit" class="btn btn-outline-primary">
            {tr("Scarica i nuovi flussi da pagoPA", "Fetch new flows from pagoPA")}
          </button>
        </form>
        <form method="post" action={`${BASE}/ricalcola`} class="d-inline">
          <CsrfField state={state} />
          <button type="submit" class="btn btn-outline-primary">
            {tr("Ricalcola gli abbinamenti", "Compute matches again")}
          </button>
        </form>
        <a class="btn btn-outline-secondary" href={`${BASE}/esporta?elenco=flussi`}>
          {tr("Esporta in CSV", "Export as CSV")}
        </a>
      </div>
      <form method="get" action={BASE} class="row g-2 align-items-end mb-3">
        <div class="col-auto">
          <label for="stato" class="form-label">{tr("Stato", "Status")}</label>
          <select id="stato" name="stato" class="form-select">
            <option value="" selected={!data.status}>{tr("Tutti", "All")}</option>
            {(["matched", "differences"] as const).map((s) => (
              <option value={s} selected={data.status === s} key={s}>
                {label(FLOW_STATUS[s], state.lang)}
              </option>
            ))}
          </select>
        </div>
        <div class="col-auto">
          <button type="submit" class="btn btn-secondary">{tr("Filtra", "Filter")}</button>
        </div>
      </form>
      {data.items.length === 0
        ? (
          <p>
            {tr(
              "Nessun flusso di rendicontazione. Importa il file XML ricevuto o scaricalo da pagoPA.",
              "No reporting flow. Import the XML file received or fetch it from pagoPA.",
            )}
          </p>
        )
        : (
          <div class="table-responsive">
            <table class="table">
              <caption>
                {tr(`Flussi di rendicontazione: ${data.total}`, `Reporting flows: ${data.total}`)}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{tr("Flusso", "Flow")}</th>
                  <th scope="col">{tr("Data regolamento", "Settlement date")}</th>
                  <th scope="col">PSP</th>
                  <th scope="col" class="text-end">{tr("Pagamenti", "Payments")}</th>
                  <th scope="col" class="text-end">{tr("Importo", "Amount")}</th>
                  <th scope="col">{tr("Stato", "Status")}</th>
                  <th scope="col">{tr("Riversamento", "Transfer")}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((f) => (
                  <tr key={f.id}>
                    <th scope="row">
                      <a href={`${BASE}/flussi/${f.id}`}>{f.flow_ref}</a>
                    </th>
                    <td>{day(state, f.regulation_date)}</td>
                    <td>{f.psp_name ?? f.psp_id}</td>
                    <td class="text-end">
                      {f.declared_count}
                      {f.open > 0 && (
                        <span class="d-block small">
                          {tr(`${f.open} da verificare`, `${f.open} to check`)}
                        </span>
                      )}
                    </td>
                    <td class="text-end">{euro(state, f.declared_cents)}</td>
                    <td>
                      <StatusBadge
                        ok={f.status === "matched"}
                        text={label(FLOW_STATUS[f.status], state.lang)}
                      />
                    </td>
                    <td>
                      {f.movement_status
                        ? (
                          <>
                            <StatusBadge
                              ok={f.movement_status === "matched"}
                              text={label(MOVEMENT_STATUS[f.movement_status], state.lang)}
                            />{" "}
                            <span class="small">{day(state, f.movement_on)}</span>
                          </>
                        )
                        : tr("Non ancora in tesoreria", "Not yet in the treasury")}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      <Pager
        state={state}
        total={data.total}
        size={PAGE_SIZE}
        current={data.page}
        href={query}
      />
    </>
  );
});
