import { Alert } from "../../../components/Alert.tsx";
import { Breadcrumb } from "../../../components/Breadcrumb.tsx";
import { listRuns, type Run } from "../../../lib/billing/review.ts";
import { define, page } from "../../../lib/http/define.ts";
import { euro, pageNo, Pager, period, RunBadge } from "./(_components)/bits.tsx";

const PAGE_SIZE = 25;

interface Data {
  items: Run[];
  total: number;
  page: number;
  cancelled: boolean;
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const n = pageNo(c.req.query("pagina"));
    const { items, total } = await db.asUser(
      claims!,
      (tx) => listRuns(tx, { limit: PAGE_SIZE, offset: (n - 1) * PAGE_SIZE }),
    );
    return page({ items, total, page: n, cancelled: c.req.query("annullata") === "1" });
  },
});

/** The Ente's billing runs: period, services, status and progress, total. */
export default define.page<Data>(function Runs({ data, state }) {
  const tr = state.tr;
  return (
    <>
      <Breadcrumb state={state} items={[[tr("Fatturazione", "Billing")]]} />
      <h1>{tr("Elaborazioni di fatturazione", "Billing runs")}</h1>
      {data.cancelled && (
        <Alert kind="success">{tr("Elaborazione annullata.", "Billing run cancelled.")}</Alert>
      )}
      <p class="lead">
        {tr(
          "Ogni elaborazione calcola quanto devono le famiglie per un periodo e per uno o più servizi. Si verifica, si corregge con un motivo, si approva e poi si emettono gli avvisi pagoPA.",
          "Each run computes what families owe for a period and one or more services. Review it, correct it with a reason, approve it, then issue the pagoPA notices.",
        )}
      </p>
      <p class="d-flex flex-wrap gap-2">
        <a class="btn btn-primary" href="/operatore/fatturazione/nuova">
          {tr("Nuova elaborazione", "New run")}
        </a>
        <a class="btn btn-outline-primary" href="/operatore/posizioni">
          {tr("Posizioni debitorie", "Debt positions")}
        </a>
        <a class="btn btn-outline-primary" href="/operatore/fatturazione/riportati">
          {tr("Importi riportati", "Carried amounts")}
        </a>
        <a class="btn btn-outline-primary" href="/operatore/fatturazione/impostazioni">
          {tr("Impostazioni pagoPA", "pagoPA settings")}
        </a>
      </p>
      {data.items.length === 0
        ? <p>{tr("Non ci sono ancora elaborazioni.", "There are no billing runs yet.")}</p>
        : (
          <div class="table-responsive">
            <table class="table">
              <caption>{tr(`Elaborazioni: ${data.total}`, `Billing runs: ${data.total}`)}</caption>
              <thead>
                <tr>
                  <th scope="col">{tr("N.", "No.")}</th>
                  <th scope="col">{tr("Elaborazione", "Run")}</th>
                  <th scope="col">{tr("Periodo", "Period")}</th>
                  <th scope="col">{tr("Servizi", "Services")}</th>
                  <th scope="col">{tr("Stato", "Status")}</th>
                  <th scope="col" class="text-end">{tr("Righe", "Lines")}</th>
                  <th scope="col" class="text-end">{tr("Problemi", "Problems")}</th>
                  <th scope="col" class="text-end">{tr("Totale", "Total")}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((r) => (
                  <tr key={r.id}>
                    <td>{r.number}</td>
                    <th scope="row">
                      <a href={`/operatore/fatturazione/${r.id}`}>{r.label}</a>
                    </th>
                    <td>{period(state, r.period_start, r.period_end)}</td>
                    <td>{r.services.map((s) => s.title).join(", ")}</td>
                    <td>
                      <RunBadge state={state} status={r.status} />
                      {(r.status === "computing" || r.status === "queued") &&
                        r.progress_total > 0 && (
                        <span class="ms-2 small">
                          {Math.floor((r.progress_done * 100) / r.progress_total)}%
                        </span>
                      )}
                    </td>
                    <td class="text-end">{r.line_count}</td>
                    <td class="text-end">{r.problem_count}</td>
                    <td class="text-end">{euro(state, r.total_cents)}</td>
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
        href={(n) => `/operatore/fatturazione${n > 1 ? `?pagina=${n}` : ""}`}
      />
    </>
  );
});
