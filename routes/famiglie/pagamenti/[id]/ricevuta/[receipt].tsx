import { FamilyBreadcrumb } from "../../../../../components/family/Family.tsx";
import PaymentPrint from "../../../../../islands/PaymentPrint.tsx";
import {
  type FamilyReceipt,
  groupLines,
  myReceipt,
  type PositionDetail,
} from "../../../../../lib/billing/family_read.ts";
import { define, HttpError, page } from "../../../../../lib/http/define.ts";
import { romeDate } from "../../../../../lib/i18n/mod.ts";
import { currentTenant, type Tenant } from "../../../../../lib/tenancy/db.ts";
import {
  euro,
  groupedNav,
  instant,
  methodText,
  optionLabel,
  period,
} from "../../(_components)/Payments.tsx";
import { isUuid } from "../../../../../lib/codes/uuid.ts";

interface Data {
  receipt: FamilyReceipt;
  detail: PositionDetail;
  tenant: Tenant | null;
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const id = c.req.param("id")!;
    const receiptId = c.req.param("receipt")!;
    const found = isUuid(id) && isUuid(receiptId)
      ? await db.asUser(claims!, async (tx) => {
        const r = await myReceipt(tx, receiptId, romeDate());
        return r && r.detail.position.id === id ? { ...r, tenant: await currentTenant(tx) } : null;
      })
      : null;
    if (!found) throw new HttpError(404, "Ricevuta non trovata", { code: "not_found" });
    return page(found);
  },
});

/** The receipt of one payment, printable: proof of payment and, for the services, of the fees. */
export default define.page<Data>(function Receipt({ data, state }) {
  const tr = state.tr;
  const { receipt: r, detail, tenant } = data;
  const p = detail.position;
  const notice = p.notices.find((n) => n.id === r.payment_notice_id);
  const count = p.notices.filter((n) => n.instalment > 0).length;
  const children = groupLines(detail.lines);
  return (
    <>
      <div class="d-print-none">
        <FamilyBreadcrumb
          state={state}
          items={[
            [tr("Pagamenti", "Payments"), "/famiglie/pagamenti"],
            [p.service_title ?? p.description, `/famiglie/pagamenti/${p.id}`],
            [tr("Ricevuta", "Receipt")],
          ]}
        />
      </div>
      <h1>
        {r.source === "manual"
          ? tr("Ricevuta di pagamento", "Payment receipt")
          : tr("Ricevuta di pagamento pagoPA", "pagoPA payment receipt")}
      </h1>
      {tenant && (
        <p>
          <strong>{tenant.name}</strong>
          {tenant.tax_code && ` – ${tr("C.F.", "Tax code")} ${tenant.tax_code}`}
        </p>
      )}
      <dl class="row">
        <dt class="col-sm-4">{tr("Importo pagato", "Amount paid")}</dt>
        <dd class="col-sm-8 fw-bold">{euro(state, r.amount_cents)}</dd>
        <dt class="col-sm-4">{tr("Data e ora del pagamento", "Date and time of payment")}</dt>
        <dd class="col-sm-8">{instant(state, r.paid_at)}</dd>
        <dt class="col-sm-4">{tr("Causale", "Description")}</dt>
        <dd class="col-sm-8">{p.description}</dd>
        {p.service_title && (
          <>
            <dt class="col-sm-4">{tr("Servizio", "Service")}</dt>
            <dd class="col-sm-8">
              {p.service_title}
              {p.period_start && ` – ${period(state, p.period_start, p.period_end)}`}
            </dd>
          </>
        )}
        {notice && (
          <>
            <dt class="col-sm-4">{tr("Opzione pagata", "Option paid")}</dt>
            <dd class="col-sm-8">{optionLabel(state, notice, count)}</dd>
          </>
        )}
        <dt class="col-sm-4">{tr("Codice avviso", "Notice number")}</dt>
        <dd class="col-sm-8">{r.notice_number ? groupedNav(r.notice_number) : "—"}</dd>
        <dt class="col-sm-4">{tr("Codice IUV", "IUV")}</dt>
        <dd class="col-sm-8">{r.iuv}</dd>
        <dt class="col-sm-4">{tr("Identificativo ricevuta", "Receipt id")}</dt>
        <dd class="col-sm-8">{r.receipt_ref}</dd>
        <dt class="col-sm-4">{tr("Prestatore (PSP)", "Payment provider (PSP)")}</dt>
        <dd class="col-sm-8">{r.psp_name ?? r.psp_id ?? "—"}</dd>
        <dt class="col-sm-4">{tr("Metodo", "Method")}</dt>
        <dd class="col-sm-8">{methodText(state, r)}</dd>
        <dt class="col-sm-4">{tr("Pagatore", "Paid by")}</dt>
        <dd class="col-sm-8">
          {r.payer_name ?? "—"}
          {r.payer_fiscal_code && ` (${r.payer_fiscal_code})`}
        </dd>
        <dt class="col-sm-4">{tr("Intestatario della posizione", "Position held by")}</dt>
        <dd class="col-sm-8">{p.payer_name}</dd>
      </dl>
      {children.length > 0 && (
        <div class="table-responsive">
          <table class="table table-sm">
            <caption>
              {tr(
                "Importi della posizione per bambino e periodo",
                "Amounts of the position per child and period",
              )}
            </caption>
            <thead>
              <tr>
                <th scope="col">{tr("Bambino", "Child")}</th>
                <th scope="col">{tr("Periodo", "Period")}</th>
                <th scope="col" class="text-end">{tr("Importo", "Amount")}</th>
              </tr>
            </thead>
            <tbody>
              {children.map((g, i) => (
                <tr key={i}>
                  <td>{g.beneficiary ?? "—"}</td>
                  <td>{period(state, g.period_start, g.period_end)}</td>
                  <td class="text-end">{euro(state, g.total_cents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p class="small text-secondary">
        {r.source === "manual"
          ? tr(
            "Pagamento ricevuto dagli uffici del Comune fuori da pagoPA e registrato dall'ufficio. Conserva questa ricevuta come prova del pagamento, anche ai fini delle detrazioni fiscali.",
            "Payment received by the Comune's offices outside pagoPA and recorded by the office. Keep this receipt as proof of payment, also for tax deductions.",
          )
          : tr(
            "Ricevuta generata dai dati trasmessi da pagoPA. Conservala come prova del pagamento, anche ai fini delle detrazioni fiscali.",
            "Receipt generated from the data sent by pagoPA. Keep it as proof of payment, also for tax deductions.",
          )}
      </p>
      <p class="d-print-none d-flex flex-wrap gap-2">
        <PaymentPrint lang={state.lang === "en" ? "en" : "it"} />
        <a class="btn btn-outline-secondary" href={`/famiglie/pagamenti/${p.id}`}>
          {tr("Torna alla posizione", "Back to the position")}
        </a>
      </p>
    </>
  );
});
