import { Breadcrumb } from "../../../components/Breadcrumb.tsx";
import { SelectField } from "../../../components/SelectField.tsx";
import { REQUEST_STATUS_LABELS, REQUEST_STATUSES } from "../../../lib/billing/instalment_plan.ts";
import { define, page } from "../../../lib/http/define.ts";
import { hasAnyRole } from "../../../lib/http/guards.ts";
import { pageNo, Pager } from "../fatturazione/(_components)/bits.tsx";
import {
  loadRequests,
  readStatus,
  RefusalAlert,
  REQUESTS_PAGE_SIZE,
  REQUESTS_PATH,
  type RequestsData,
  requestsHref,
  RequestsTable,
} from "./(_components)/InstalmentRequests.tsx";

/**
 * "Richieste di rateizzazione": what families asked from the portal, pending ones first (oldest
 * first), filtered by status (`?stato=`), 25 a page. The billing office grants one through the
 * plan's form, prefilled (`…/<position>/rateizza?rate=&riferimento=`), or refuses it with a
 * reason (POST `…/rateizzazioni/<id>/respingi`, back here with `?respinta=1`).
 */
export const handler = define.handlers<RequestsData>({
  async GET(c) {
    const state = c.get("state");
    const billing = hasAnyRole(state, ["admin", "operator"]);
    const status = readStatus(c.req.query("stato"));
    const n = pageNo(c.req.query("pagina"));
    const data = await state.db.asUser(
      state.claims!,
      (tx) => loadRequests(tx, status, n, billing),
    );
    return page({ ...data, refused: c.req.query("respinta") === "1" });
  },
});

export default define.page<RequestsData>(function InstalmentRequests({ data, state }) {
  const tr = state.tr;
  const title = tr("Richieste di rateizzazione", "Instalment plan requests");
  return (
    <>
      <Breadcrumb
        state={state}
        items={[
          [tr("Fatturazione", "Billing"), "/operatore/fatturazione"],
          [tr("Posizioni debitorie", "Debt positions"), "/operatore/posizioni"],
          [title],
        ]}
      />
      <h1>{title}</h1>
      <p class="lead">
        {tr(
          "Le richieste delle famiglie di pagare una posizione a rate, fatte dai Servizi Online. Una richiesta si accoglie concedendo la rateizzazione dalla posizione, oppure si respinge con un motivo che la famiglia legge e riceve per e-mail.",
          "The families' requests to pay a position in instalments, made online. A request is granted by granting the instalment plan on the position, or refused with a reason the family reads and gets by e-mail.",
        )}
      </p>
      {data.refused && (
        <div class="alert alert-success" role="status">
          {tr(
            "Richiesta respinta: la famiglia legge il motivo nella pagina del pagamento e lo riceve per e-mail.",
            "Request refused: the family reads the reason on the payment's page and gets it by e-mail.",
          )}
        </div>
      )}
      <RefusalAlert state={state} data={data} />
      <form method="get" action={REQUESTS_PATH} class="row g-2 align-items-end mb-3">
        <div class="col-md-4">
          <SelectField
            state={state}
            id="stato"
            label={tr("Stato", "Status")}
            value={data.status ?? ""}
            empty={tr("Tutte", "All")}
            options={REQUEST_STATUSES.map((s) => [
              s,
              tr(REQUEST_STATUS_LABELS[s].it, REQUEST_STATUS_LABELS[s].en),
            ])}
            errors={{}}
          />
        </div>
        <div class="col-md-2 mb-4">
          <button type="submit" class="btn btn-outline-primary">{tr("Filtra", "Filter")}</button>
        </div>
      </form>
      <RequestsTable state={state} data={data} />
      <Pager
        state={state}
        total={data.total}
        size={REQUESTS_PAGE_SIZE}
        current={data.page}
        href={(n) => requestsHref(data.status, n)}
      />
    </>
  );
});
