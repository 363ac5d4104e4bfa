import { Fragment } from "preact";
import { Breadcrumb } from "../../../components/Breadcrumb.tsx";
import {
  DOCUMENT_LABELS,
  getInvoice,
  type InvoiceDetail,
  type LinkedDocument,
  SDI_STATUS_LABELS,
} from "../../../lib/fatturapa/invoices.ts";
import { define, HttpError, page, type State } from "../../../lib/http/define.ts";
import { euro } from "../fatturazione/(_components)/bits.tsx";
import { isUuid } from "../../../lib/codes/uuid.ts";

interface Data {
  invoice: InvoiceDetail;
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const id = c.req.param("id") ?? "";
    const invoice = isUuid(id) ? await db.asUser(claims!, (tx) => getInvoice(tx, id)) : null;
    if (!invoice) throw new HttpError(404, "Invoice not found", { code: "not_found" });
    return page({ invoice });
  },
});

const dmy = (iso: string) => iso.split("-").reverse().join("/");
const pct = (bp: number) => `${(bp / 100).toLocaleString("it-IT")}%`;

/** Links to documents, "fattura n. 1/2026 del 02/11/2026, fattura n. …". */
function Documents(
  { state, docs, kind }: { state: State; docs: LinkedDocument[]; kind: "invoice" | "credit" },
) {
  const [it, en] = kind === "invoice" ? ["fattura", "invoice"] : ["nota di credito", "credit note"];
  return (
    <>
      {docs.map((d, n) => (
        <Fragment key={d.id}>
          {n > 0 && ", "}
          <a href={`/operatore/fatture/${d.id}`}>
            {state.tr(
              `${it} n. ${d.numero} del ${dmy(d.issued_on)}`,
              `${en} no. ${d.numero} of ${dmy(d.issued_on)}`,
            )}
          </a>
        </Fragment>
      ))}
    </>
  );
}

/**
 * One invoice or credit note: data, lines, VAT summary, payment reference, downloads, and the
 * document it reverses or that reversed it.
 */
export default define.page<Data>(function InvoicePage({ data, state }) {
  const tr = state.tr;
  const i = data.invoice;
  const a = i.customer.address;
  const kind = DOCUMENT_LABELS[i.document_type];
  return (
    <>
      <Breadcrumb
        state={state}
        items={[[tr("Fatture", "Invoices"), "/operatore/fatture"], [i.numero]]}
      />
      <h1>{tr(`${kind.it} n. ${i.numero}`, `${kind.en} no. ${i.numero}`)}</h1>
      <p class="lead">{i.description}</p>
      {i.reversed_by && (
        <div class="alert alert-warning" role="status">
          {tr("Fattura stornata dalla ", "Invoice reversed by ")}
          <a href={`/operatore/fatture/${i.reversed_by.id}`}>
            {tr(
              `nota di credito n. ${i.reversed_by.numero} del ${dmy(i.reversed_by.issued_on)}`,
              `credit note no. ${i.reversed_by.numero} of ${dmy(i.reversed_by.issued_on)}`,
            )}
          </a>
          {tr(": nulla è più dovuto.", ": nothing is due any more.")}
        </div>
      )}
      {i.reverses && (
        <div class="alert alert-info" role="status">
          {tr("Storno totale della ", "Full reversal of ")}
          <a href={`/operatore/fatture/${i.reverses.id}`}>
            {tr(
              `fattura n. ${i.reverses.numero} del ${dmy(i.reverses.issued_on)}`,
              `invoice no. ${i.reverses.numero} of ${dmy(i.reverses.issued_on)}`,
            )}
          </a>
          {i.reason && <span class="d-block">{tr("Motivo", "Reason")}: {i.reason}</span>}
        </div>
      )}
      {i.carried_settlement_id && (
        <div class="alert alert-info" role="status">
          {tr(
            "Nota di credito per la restituzione di un credito riportato: le righe sono gli addebiti e i crediti restituiti, con il segno invertito.",
            "Credit note giving back a carried credit: its lines are the charges and credits given back, with the opposite sign.",
          )}
          <span class="d-block">
            {i.related_invoices.length === 0
              ? tr(
                "Nessuna fattura collegata: nessuna fattura aveva addebitato questi periodi.",
                "No linked invoice: no invoice had billed these periods.",
              )
              : (
                <>
                  {tr("Fatture collegate: ", "Linked invoices: ")}
                  <Documents state={state} docs={i.related_invoices} kind="invoice" />
                </>
              )}
          </span>
        </div>
      )}
      {i.partial_credit_notes.length > 0 && (
        <div class="alert alert-info" role="status">
          {tr(
            "Crediti riportati di periodi di questa fattura restituiti con ",
            "Carried credits of this invoice's periods given back by ",
          )}
          <Documents state={state} docs={i.partial_credit_notes} kind="credit" />.
        </div>
      )}
      <p class="d-flex flex-wrap gap-2">
        <a class="btn btn-primary" href={`/operatore/fatture/${i.id}/pdf`}>
          {tr("Copia di cortesia (PDF)", "Courtesy copy (PDF)")}
        </a>
        <a class="btn btn-outline-primary" href={`/operatore/fatture/${i.id}/xml`}>
          {tr(`File per lo SdI (${i.file_name})`, `SdI file (${i.file_name})`)}
        </a>
      </p>
      <dl class="row">
        <dt class="col-sm-4">{tr("Data", "Date")}</dt>
        <dd class="col-sm-8">{dmy(i.issued_on)}</dd>
        <dt class="col-sm-4">{tr("Intestatario", "Payer")}</dt>
        <dd class="col-sm-8">
          {i.customer.name} {i.customer.surname} — {i.customer.fiscal_code}
          {a && (
            <span class="d-block small">
              {a.street}
              {a.number ? ` ${a.number}` : ""}, {a.postalCode} {a.municipality}
              {a.province ? ` (${a.province})` : ""}
            </span>
          )}
        </dd>
        <dt class="col-sm-4">{tr("Stato SdI", "SdI status")}</dt>
        <dd class="col-sm-8">
          {tr(SDI_STATUS_LABELS[i.sdi_status].it, SDI_STATUS_LABELS[i.sdi_status].en)}
        </dd>
        <dt class="col-sm-4">{tr("Pagamento pagoPA", "pagoPA payment")}</dt>
        <dd class="col-sm-8">
          {i.document_type === "TD04"
            ? tr("Nessuno: la nota di credito non si paga", "None: a credit note is not paid")
            : i.notice_number
            ? (
              <>
                {tr("Codice avviso", "Notice code")} {i.notice_number}
                {i.due_on && tr(`, entro il ${dmy(i.due_on)}`, `, due ${dmy(i.due_on)}`)}
                {i.debt_position_id && (
                  <a class="d-block" href={`/operatore/posizioni/${i.debt_position_id}`}>
                    {tr("Posizione debitoria", "Debt position")}
                  </a>
                )}
              </>
            )
            : "—"}
        </dd>
        {i.stamp_duty_cents > 0 && (
          <>
            <dt class="col-sm-4">{tr("Bollo virtuale", "Virtual stamp duty")}</dt>
            <dd class="col-sm-8">{euro(state, i.stamp_duty_cents)}</dd>
          </>
        )}
      </dl>
      <div class="table-responsive">
        <table class="table">
          <caption>
            {i.document_type === "TD04"
              ? tr("Righe della nota di credito", "Credit note lines")
              : tr("Righe della fattura", "Invoice lines")}
          </caption>
          <thead>
            <tr>
              <th scope="col">{tr("Descrizione", "Description")}</th>
              <th scope="col" class="text-end">{tr("Quantità", "Quantity")}</th>
              <th scope="col">{tr("IVA", "VAT")}</th>
              <th scope="col" class="text-end">{tr("Imponibile", "Taxable")}</th>
              <th scope="col" class="text-end">{tr("Importo", "Amount")}</th>
            </tr>
          </thead>
          <tbody>
            {i.lines.map((l, n) => (
              <tr key={n}>
                <td>{l.description}</td>
                <td class="text-end">{l.quantity && l.quantity > 0 ? l.quantity : ""}</td>
                <td>{l.nature ?? pct(l.vatRateBp)}</td>
                <td class="text-end">{euro(state, l.netCents)}</td>
                <td class="text-end">{euro(state, l.amountCents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="table-responsive">
        <table class="table">
          <caption>{tr("Riepilogo IVA", "VAT summary")}</caption>
          <thead>
            <tr>
              <th scope="col">{tr("Aliquota o natura", "Rate or natura")}</th>
              <th scope="col" class="text-end">{tr("Imponibile", "Taxable")}</th>
              <th scope="col" class="text-end">{tr("Imposta", "Tax")}</th>
            </tr>
          </thead>
          <tbody>
            {i.summary.map((r, n) => (
              <tr key={n}>
                <th scope="row">{r.nature ? `Natura ${r.nature}` : pct(r.vatRateBp)}</th>
                <td class="text-end">{euro(state, r.taxableCents)}</td>
                <td class="text-end">{euro(state, r.vatCents)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{tr("Totale documento", "Document total")}</th>
              <td class="text-end">{euro(state, i.taxable_cents)}</td>
              <td class="text-end">
                {euro(state, i.vat_cents)} — <strong>{euro(state, i.total_cents)}</strong>
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
    </>
  );
});
