import { Alert } from "../../../../components/Alert.tsx";
import { Breadcrumb } from "../../../../components/Breadcrumb.tsx";
import { define, HttpError, page } from "../../../../lib/http/define.ts";
import {
  FLOW_STATUS,
  label,
  MOVEMENT_STATUS,
  OUTCOME,
  PAYMENT_STATUS,
} from "../../../../lib/reconciliation/labels.ts";
import { type FlowPaymentRow, getFlow } from "../../../../lib/reconciliation/queries.ts";
import { BASE, day, euro, StatusBadge } from "../(_components)/parts.tsx";
import { isUuid } from "../../../../lib/codes/uuid.ts";

type Flow = NonNullable<Awaited<ReturnType<typeof getFlow>>>;

interface Data {
  flow: Flow;
  imported: boolean;
  already: boolean;
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const id = c.req.param("id")!;
    const flow = isUuid(id) ? await db.asUser(claims!, (tx) => getFlow(tx, id)) : null;
    if (!flow) throw new HttpError(404, "No such flow", { code: "not_found" });
    return page({
      flow,
      imported: c.req.query("importato") === "1",
      already: c.req.query("gia") === "1",
    });
  },
});

function PaymentRow({ p, state }: { p: FlowPaymentRow; state: Parameters<typeof euro>[0] }) {
  const tr = state.tr;
  return (
    <tr>
      <td>{p.idx}</td>
      <th scope="row">
        <span class="font-monospace">{p.iuv}</span>
        <span class="d-block small text-break">IUR {p.iur}</span>
      </th>
      <td class="text-end">{euro(state, p.amount_cents)}</td>
      <td>
        {label(OUTCOME[p.outcome_code], state.lang, String(p.outcome_code))}
        <span class="d-block small">{day(state, p.outcome_date)}</span>
      </td>
      <td>
        {p.receipt_ref
          ? (
            <>
              <span class="text-break">{p.receipt_ref}</span>
              {p.receipt_cents !== null && p.receipt_cents !== p.amount_cents && (
                <span class="d-block small">
                  {tr("Ricevuta di ", "Receipt of ")}
                  {euro(state, p.receipt_cents)}
                </span>
              )}
              {p.position_description && (
                <span class="d-block small">
                  {p.position_description}
                  {p.payer_name ? ` — ${p.payer_name}` : ""}
                </span>
              )}
            </>
          )
          : "—"}
      </td>
      <td>
        <StatusBadge
          ok={p.match_status === "matched"}
          text={label(PAYMENT_STATUS[p.match_status], state.lang)}
        />
      </td>
    </tr>
  );
}

/** One reporting flow: what it declares, its bank transfer, and each payment's match. */
export default define.page<Data>(function FlowDetail({ data, state }) {
  const tr = state.tr;
  const f = data.flow;
  const sum = f.payments.reduce((s, p) => s + p.amount_cents, 0);
  return (
    <>
      <Breadcrumb
        state={state}
        items={[[tr("Riconciliazione", "Reconciliation"), BASE], [f.flow_ref]]}
      />
      <h1>{tr(`Flusso ${f.flow_ref}`, `Flow ${f.flow_ref}`)}</h1>
      {data.imported && <Alert kind="success">{tr("Flusso importato.", "Flow imported.")}</Alert>}
      {data.already && (
        <Alert kind="info">
          {tr(
            "Questo flusso era già stato importato: non è stato registrato di nuovo.",
            "This flow had already been imported: it was not stored again.",
          )}
        </Alert>
      )}
      {(f.payments.length !== f.declared_count || sum !== f.declared_cents) && (
        <Alert kind="warning">
          {tr(
            `Il flusso dichiara ${f.declared_count} pagamenti per ${
              euro(state, f.declared_cents)
            } ma ne contiene ${f.payments.length} per ${euro(state, sum)}.`,
            `The flow declares ${f.declared_count} payments for ${
              euro(state, f.declared_cents)
            } but holds ${f.payments.length} for ${euro(state, sum)}.`,
          )}
        </Alert>
      )}
      <dl class="row">
        <dt class="col-sm-4">{tr("Stato", "Status")}</dt>
        <dd class="col-sm-8">
          <StatusBadge
            ok={f.status === "matched"}
            text={label(FLOW_STATUS[f.status], state.lang)}
          />
        </dd>
        <dt class="col-sm-4">{tr("PSP", "PSP")}</dt>
        <dd class="col-sm-8">{f.psp_name ?? "—"} ({f.psp_id})</dd>
        <dt class="col-sm-4">{tr("Regolamento", "Settlement")}</dt>
        <dd class="col-sm-8">
          {day(state, f.regulation_date)} — {f.regulation_ref}
          {f.bic ? ` — BIC ${f.bic}` : ""}
        </dd>
        <dt class="col-sm-4">{tr("Totale dichiarato", "Declared total")}</dt>
        <dd class="col-sm-8">
          {euro(state, f.declared_cents)} ({f.declared_count} {tr("pagamenti", "payments")})
        </dd>
        <dt class="col-sm-4">{tr("Riversamento in tesoreria", "Treasury transfer")}</dt>
        <dd class="col-sm-8">
          {f.movement_status
            ? (
              <>
                <StatusBadge
                  ok={f.movement_status === "matched"}
                  text={label(MOVEMENT_STATUS[f.movement_status], state.lang)}
                />{" "}
                {day(state, f.movement_on)}
              </>
            )
            : tr("Non ancora nell'estratto conto", "Not yet in the statement")}
        </dd>
        <dt class="col-sm-4">{tr("Origine", "Source")}</dt>
        <dd class="col-sm-8">
          {f.source === "rest"
            ? tr("Scaricato da pagoPA (FdR)", "Fetched from pagoPA (FdR)")
            : tr("File XML importato", "XML file imported")}
        </dd>
      </dl>
      <div class="table-responsive">
        <table class="table">
          <caption>
            {tr(
              `Pagamenti del flusso: ${f.payments.length}, abbinati ${f.matched}, da verificare ${f.open}`,
              `Payments of the flow: ${f.payments.length}, matched ${f.matched}, to check ${f.open}`,
            )}
          </caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">IUV</th>
              <th scope="col" class="text-end">{tr("Importo", "Amount")}</th>
              <th scope="col">{tr("Esito", "Outcome")}</th>
              <th scope="col">{tr("Ricevuta", "Receipt")}</th>
              <th scope="col">{tr("Abbinamento", "Match")}</th>
            </tr>
          </thead>
          <tbody>
            {f.payments.map((p) => <PaymentRow key={p.idx} p={p} state={state} />)}
          </tbody>
        </table>
      </div>
      <p>
        <a class="btn btn-outline-primary" href={BASE}>
          {tr("Torna ai flussi", "Back to the flows")}
        </a>
      </p>
    </>
  );
});
