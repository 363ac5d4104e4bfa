import { Breadcrumb } from "../../../components/Breadcrumb.tsx";
import { define, HttpError, page } from "../../../lib/http/define.ts";
import { formatDateTime } from "../../../lib/i18n/mod.ts";
import type { Tx } from "../../../lib/db/types.ts";
import { getReceipt, type ReceiptDetail } from "../../../lib/pagopa/receipts_read.ts";
import {
  type SettlementWallet,
  settlementWallets,
} from "../../../lib/pagopa/receipts_settlement.ts";
import { formatEuro } from "../../../lib/tariffs/money.ts";
import { manualMethodLabel } from "./(_components)/ManualSource.tsx";
import {
  SettlementForm,
  type SettlementFormData,
  SettlementOutcome,
} from "./(_components)/SettlementForm.tsx";
import { StatusBadge } from "./(_components)/StatusBadge.tsx";
import { isUuid } from "../../../lib/codes/uuid.ts";

export interface Data {
  r: ReceiptDetail;
  /** Wallets of the receipt's payer, offered while the receipt waits for its outcome. */
  wallets: SettlementWallet[];
  form?: SettlementFormData;
  /** `?esito=`: "registrato" after recording, "ripetuto" when it had been recorded already. */
  done?: string;
}

/** The receipt with what its settlement form needs; null when not visible. */
export async function loadReceipt(
  tx: Tx,
  id: string,
): Promise<Omit<Data, "form" | "done"> | null> {
  const r = isUuid(id) ? await getReceipt(tx, id) : null;
  if (!r) return null;
  const open = !r.settlement && r.status !== "matched";
  return { r, wallets: open ? await settlementWallets(tx, id) : [] };
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const id = c.req.param("id") ?? "";
    const data = await db.asUser(claims!, (tx) => loadReceipt(tx, id));
    if (!data) throw new HttpError(404, "Receipt not found", { code: "not_found" });
    return page({ ...data, done: c.req.query("esito") });
  },
});

const SOURCES: Record<string, [string, string]> = {
  gpd: ["GPD (API ricevute)", "GPD (receipts API)"],
  pa_send_rt: ["Nodo dei Pagamenti (paSendRTV2)", "Nodo (paSendRTV2)"],
  checkout: ["Checkout pagoPA", "pagoPA Checkout"],
  manual: ["Inserita dall'ufficio", "Entered by the office"],
};

/** One receipt: what pagoPA said, what it paid, and the message as received. */
export default define.page<Data>(function Receipt({ data, state }) {
  const { r } = data;
  const { lang } = state;
  const src = SOURCES[r.source] ?? [r.source, r.source];
  const euro = (c: number | null) => c == null ? "—" : formatEuro(Number(c), lang);
  const rows: [string, preact.ComponentChildren][] = [
    [state.tr("Stato", "Status"), <StatusBadge key="s" state={state} status={r.status} />],
    [state.tr("Identificativo ricevuta", "Receipt id"), r.receipt_ref],
    ["IUV", r.iuv],
    [state.tr("Codice avviso", "Notice number"), r.notice_number ?? "—"],
    [state.tr("Importo pagato", "Amount paid"), euro(r.amount_cents)],
    [state.tr("Importo dell'avviso", "Notice amount"), euro(r.notice_amount_cents)],
    [state.tr("Pagata il", "Paid on"), formatDateTime(lang, r.paid_at)],
    [state.tr("Ricevuta il", "Received on"), formatDateTime(lang, r.received_at)],
    [state.tr("Canale", "Channel"), state.tr(src[0], src[1])],
    ["PSP", [r.psp_name, r.psp_id].filter(Boolean).join(" — ") || "—"],
    [
      state.tr("Metodo di pagamento", "Payment method"),
      r.source === "manual" ? manualMethodLabel(state, r.payment_method) : r.payment_method ?? "—",
    ],
    ...(r.source === "manual"
      ? [[state.tr("Registrata da", "Recorded by"), r.recorded_by_name ?? "—"] as [
        string,
        string,
      ]]
      : []),
    [
      state.tr("Pagatore", "Payer"),
      [r.payer_name, r.payer_fiscal_code].filter(Boolean).join(" — ") || "—",
    ],
  ];
  return (
    <>
      <Breadcrumb
        state={state}
        items={[
          [state.tr("Ricevute pagoPA", "pagoPA receipts"), "/operatore/ricevute"],
          [r.iuv],
        ]}
      />
      <h1>{state.tr(`Ricevuta IUV ${r.iuv}`, `Receipt IUV ${r.iuv}`)}</h1>
      {r.status === "unmatched" && !r.settlement && (
        <div class="alert alert-danger" role="status">
          {state.tr(
            "Nessun avviso emesso dall'Ente ha questo IUV: il pagamento è conservato qui. Verificare con il pagatore e, se necessario, disporre il rimborso o l'attribuzione.",
            "No notice issued by the Ente has this IUV: the payment is kept here. Check with the payer and refund or reassign it if needed.",
          )}
        </div>
      )}
      {r.status === "amount_mismatch" && !r.settlement && (
        <div class="alert alert-warning" role="status">
          {state.tr(
            "L'importo pagato è diverso da quello dell'avviso: l'avviso resta da pagare finché l'ufficio non decide.",
            "The amount paid differs from the notice: the notice stays unpaid until the office decides.",
          )}
        </div>
      )}
      {r.status === "duplicate_payment" && !r.settlement && (
        <div class="alert alert-warning" role="status">
          {state.tr(
            "L'avviso era già pagato o annullato (pagata un'altra opzione della stessa posizione): la somma va rimborsata o riattribuita.",
            "The notice was already paid or cancelled (another option of the same position was paid): refund or reassign the amount.",
          )}
        </div>
      )}
      {data.form?.message && (r.settlement || r.status === "matched") && (
        <div class="alert alert-danger" role="alert">{data.form.message}</div>
      )}
      {data.done === "registrato" && (
        <div class="alert alert-success" role="status">
          {state.tr("Esito registrato.", "Outcome recorded.")}
        </div>
      )}
      {data.done === "ripetuto" && (
        <div class="alert alert-info" role="status">
          {state.tr(
            "Esito già registrato: non è stato registrato di nuovo.",
            "Outcome already recorded: it was not recorded again.",
          )}
        </div>
      )}
      <dl class="row">
        {rows.flatMap(([k, v]) => [
          <dt class="col-sm-4" key={`t-${k}`}>{k}</dt>,
          <dd class="col-sm-8 text-break" key={`d-${k}`}>{v}</dd>,
        ])}
      </dl>
      {r.status !== "matched" && (
        <section aria-labelledby="esito-title">
          <h2 id="esito-title" class="h4">{state.tr("Esito della verifica", "Outcome")}</h2>
          {r.settlement ? <SettlementOutcome state={state} r={r} /> : (
            <SettlementForm
              state={state}
              action={`/operatore/ricevute/${r.id}/esito`}
              amountCents={Number(r.amount_cents)}
              wallets={data.wallets}
              form={data.form}
            />
          )}
        </section>
      )}
      {r.position_id && (
        <section aria-labelledby="pos">
          <h2 id="pos" class="h4">{state.tr("Posizione debitoria", "Debt position")}</h2>
          <p>
            <a href={`/operatore/posizioni/${r.position_id}`}>{r.position_description}</a>
            {" — "}
            {state.tr("pagati", "paid")} {euro(r.position_paid_cents)} {state.tr("su", "of")}{" "}
            {euro(r.position_amount_cents)}
            {r.instalment
              ? state.tr(` (rata ${r.instalment})`, ` (instalment ${r.instalment})`)
              : state.tr(" (unica soluzione)", " (single payment)")}
          </p>
        </section>
      )}
      <section aria-labelledby="raw">
        <h2 id="raw" class="h4">{state.tr("Messaggio ricevuto", "Message as received")}</h2>
        {r.raw
          ? (
            <pre
              class="bg-light p-3 small"
              style="white-space: pre-wrap; word-break: break-all;"
              tabindex={0}
            >
              {r.raw}
            </pre>
          )
          : <p>{state.tr("Nessun messaggio conservato.", "No message kept.")}</p>}
      </section>
    </>
  );
});
