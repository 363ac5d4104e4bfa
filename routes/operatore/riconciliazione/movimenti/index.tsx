import { Breadcrumb } from "../../../../components/Breadcrumb.tsx";
import { define, page } from "../../../../lib/http/define.ts";
import { label, MOVEMENT_STATUS } from "../../../../lib/reconciliation/labels.ts";
import { listMovements, type MovementRow } from "../../../../lib/reconciliation/queries.ts";
import {
  BASE,
  day,
  euro,
  pageNumber,
  Pager,
  RecoTabs,
  StatusBadge,
} from "../(_components)/parts.tsx";

const PAGE_SIZE = 100;

interface Data {
  items: MovementRow[];
  total: number;
  page: number;
  pagopaOnly: boolean;
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const pageNo = pageNumber(c.req.query("pagina"));
    const pagopaOnly = c.req.query("solo") === "pagopa";
    const { items, total } = await db.asUser(
      claims!,
      (tx) => listMovements(tx, { limit: PAGE_SIZE, offset: (pageNo - 1) * PAGE_SIZE, pagopaOnly }),
    );
    return page({ items, total, page: pageNo, pagopaOnly });
  },
});

/** The treasury statement lines imported, each pagoPA transfer with its flow. */
export default define.page<Data>(function Movements({ data, state }) {
  const tr = state.tr;
  const href = (n: number) => {
    const q = new URLSearchParams();
    if (data.pagopaOnly) q.set("solo", "pagopa");
    if (n > 1) q.set("pagina", String(n));
    const s = q.toString();
    return `${BASE}/movimenti${s ? `?${s}` : ""}`;
  };
  return (
    <>
      <Breadcrumb
        state={state}
        items={[[tr("Riconciliazione", "Reconciliation"), BASE], [
          tr("Movimenti di tesoreria", "Treasury movements"),
        ]]}
      />
      <h1>{tr("Movimenti di tesoreria", "Treasury movements")}</h1>
      <p class="lead">
        {tr(
          "Le righe dell'estratto conto del tesoriere: ogni riversamento pagoPA è abbinato al suo flusso per identificativo e importo.",
          "The lines of the treasurer's statement: each pagoPA transfer is matched to its flow by id and amount.",
        )}
      </p>
      <RecoTabs state={state} current="movimenti" />
      <div class="d-flex flex-wrap gap-2 mb-4">
        <a class="btn btn-primary" href={`${BASE}/movimenti/importa`}>
          {tr("Importa l'estratto conto (CSV)", "Import the statement (CSV)")}
        </a>
        <a class="btn btn-outline-secondary" href={`${BASE}/esporta?elenco=movimenti`}>
          {tr("Esporta in CSV", "Export as CSV")}
        </a>
        <a
          class="btn btn-outline-secondary"
          href={data.pagopaOnly ? `${BASE}/movimenti` : `${BASE}/movimenti?solo=pagopa`}
        >
          {data.pagopaOnly
            ? tr("Mostra tutti i movimenti", "Show all movements")
            : tr("Mostra solo i riversamenti pagoPA", "Show pagoPA transfers only")}
        </a>
      </div>
      {data.items.length === 0
        ? <p>{tr("Nessun movimento importato.", "No movement imported.")}</p>
        : (
          <div class="table-responsive">
            <table class="table">
              <caption>
                {tr(`Movimenti di tesoreria: ${data.total}`, `Treasury movements: ${data.total}`)}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{tr("Data", "Date")}</th>
                  <th scope="col" class="text-end">{tr("Importo", "Amount")}</th>
                  <th scope="col">{tr("Causale", "Description")}</th>
                  <th scope="col">{tr("Flusso", "Flow")}</th>
                  <th scope="col">{tr("Abbinamento", "Match")}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((m) => (
                  <tr key={m.id}>
                    <th scope="row">
                      {day(state, m.booked_on)}
                      {m.reference && <span class="d-block small text-break">{m.reference}</span>}
                    </th>
                    <td class="text-end">{euro(state, m.amount_cents)}</td>
                    <td class="text-break small">{m.causale}</td>
                    <td class="text-break">
                      {m.fdr_flow_id
                        ? <a href={`${BASE}/flussi/${m.fdr_flow_id}`}>{m.flow_ref}</a>
                        : m.flow_ref ?? (m.iuv ? `IUV ${m.iuv}` : "—")}
                      {m.flow_cents !== null && m.flow_cents !== m.amount_cents && (
                        <span class="d-block small">
                          {tr("Flusso di ", "Flow of ")}
                          {euro(state, m.flow_cents)}
                        </span>
                      )}
                    </td>
                    <td>
                      {m.match_status === "not_pagopa"
                        ? label(MOVEMENT_STATUS.not_pagopa, state.lang)
                        : (
                          <StatusBadge
                            ok={m.match_status === "matched"}
                            text={label(MOVEMENT_STATUS[m.match_status], state.lang)}
                          />
                        )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      <Pager state={state} total={data.total} size={PAGE_SIZE} current={data.page} href={href} />
    </>
  );
});
