import { Alert } from "../../../../components/Alert.tsx";
import { FamilyBreadcrumb } from "../../../../components/family/Family.tsx";
import PaymentPending from "../../../../islands/PaymentPending.tsx";
import {
  type FamilyNotice,
  type FamilyReceipt,
  myPosition,
  type PositionSummary,
} from "../../../../lib/billing/family_read.ts";
import { define, HttpError, page } from "../../../../lib/http/define.ts";
import { romeDate } from "../../../../lib/i18n/mod.ts";
import { euro, groupedNav, instant, optionLabel } from "../(_components)/Payments.tsx";
import { isUuid } from "../../../../lib/codes/uuid.ts";

interface Data {
  position: PositionSummary;
  notice: FamilyNotice;
  receipt: FamilyReceipt | null;
  self: string;
  outcome: string | null;
}

/**
 * Where the pagoPA checkout sends the family back (`?avviso=<notice id>`): "in corso di verifica"
 * until the receipt of that notice is recorded, then the receipt. With `accept:
 * application/json` it answers `{ paid, receipt_id }` for the waiting island.
 */
export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const id = c.req.param("id")!;
    const noticeId = c.req.query("avviso");
    const outcome = c.req.query("esito") ?? null;
    const detail = isUuid(id) && isUuid(noticeId)
      ? await db.asUser(claims!, (tx) => myPosition(tx, id, romeDate()))
      : null;
    const notice = detail?.position.notices.find((n) => n.id === noticeId);
    if (!detail || !notice) {
      throw new HttpError(404, "Pagamento non trovato", { code: "not_found" });
    }
    const receipt = detail.receipts.find((r) => r.payment_notice_id === notice.id) ?? null;
    const paid = notice.status === "paid" && receipt !== null;
    if (c.req.header("accept")?.includes("application/json")) {
      return c.json({ paid, status: notice.status, receipt_id: receipt?.id ?? null });
    }
    // Back from the checkout without paying (cancelled or refused): the position says so.
    if (!paid && (outcome === "annullato" || outcome === "errore")) {
      return c.redirect(`/famiglie/pagamenti/${id}?esito=annullato`, 303);
    }
    return page({
      position: detail.position,
      notice,
      receipt,
      outcome,
      self: `/famiglie/pagamenti/${id}/esito?avviso=${notice.id}`,
    });
  },
});

export default define.page<Data>(function PaymentOutcome({ data, state }) {
  const tr = state.tr;
  const { position: p, notice: n, receipt } = data;
  const count = p.notices.filter((x) => x.instalment > 0).length;
  const back = `/famiglie/pagamenti/${p.id}`;
  return (
    <>
      <FamilyBreadcrumb
        state={state}
        items={[
          [tr("Pagamenti", "Payments"), "/famiglie/pagamenti"],
          [p.service_title ?? p.description, back],
          [tr("Esito del pagamento", "Payment outcome")],
        ]}
      />
      {receipt
        ? (
          <>
            <h1>{tr("Pagamento ricevuto", "Payment received")}</h1>
            <Alert kind="success">
              {tr(
                `Il Comune ha ricevuto il pagamento di ${euro(state, receipt.amount_cents)}.`,
                `The Comune has received the payment of ${euro(state, receipt.amount_cents)}.`,
              )}
            </Alert>
            <dl class="row">
              <dt class="col-sm-4">{tr("Causale", "Description")}</dt>
              <dd class="col-sm-8">{p.description}</dd>
              <dt class="col-sm-4">{tr("Opzione pagata", "Option paid")}</dt>
              <dd class="col-sm-8">{optionLabel(state, n, count)}</dd>
              <dt class="col-sm-4">{tr("Data e ora", "Date and time")}</dt>
              <dd class="col-sm-8">{instant(state, receipt.paid_at)}</dd>
              <dt class="col-sm-4">{tr("Identificativo ricevuta", "Receipt id")}</dt>
              <dd class="col-sm-8">{receipt.receipt_ref}</dd>
            </dl>
            <p class="d-flex flex-wrap gap-2">
              <a class="btn btn-primary" href={`${back}/ricevuta/${receipt.id}`}>
                {tr("Vedi e stampa la ricevuta", "See and print the receipt")}
              </a>
              <a class="btn btn-outline-primary" href={back}>
                {tr("Torna alla posizione", "Back to the position")}
              </a>
            </p>
          </>
        )
        : (
          <>
            <h1>{tr("Pagamento in corso di verifica", "Payment being verified")}</h1>
            <p>
              {tr(
                `Stiamo aspettando da pagoPA la conferma del pagamento di ${
                  euro(state, n.amount_cents)
                } (avviso ${
                  groupedNav(n.notice_number)
                }). Di solito arriva in pochi secondi; questa pagina si aggiorna da sola.`,
                `We are waiting for pagoPA to confirm the payment of ${
                  euro(state, n.amount_cents)
                } (notice ${
                  groupedNav(n.notice_number)
                }). It usually takes a few seconds; this page updates by itself.`,
              )}
            </p>
            <p>
              {tr(
                "Non pagare di nuovo lo stesso avviso: se la conferma tarda, il pagamento sarà comunque registrato.",
                "Do not pay the same notice again: if the confirmation is late, the payment will be recorded anyway.",
              )}
            </p>
            <PaymentPending lang={state.lang === "en" ? "en" : "it"} url={data.self} />
            <p class="d-flex flex-wrap gap-2">
              <a class="btn btn-outline-primary" href={data.self}>
                {tr("Aggiorna", "Refresh")}
              </a>
              <a class="btn btn-outline-secondary" href={back}>
                {tr("Torna alla posizione", "Back to the position")}
              </a>
            </p>
          </>
        )}
    </>
  );
});
