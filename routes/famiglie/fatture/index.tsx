import { FamilyBreadcrumb } from "../../../components/family/Family.tsx";
import { type InvoiceSummary, listInvoices } from "../../../lib/fatturapa/invoices.ts";
import { define, page } from "../../../lib/http/define.ts";
import { formatEuro } from "../../../lib/tariffs/money.ts";

interface Data {
  items: InvoiceSummary[];
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    // RLS: the invoices addressed to a payer of the household only.
    const { items } = await db.asUser(claims!, (tx) => listInvoices(tx, {}, 200, 0));
    return page({ items });
  },
});

const dmy = (iso: string) => iso.split("-").reverse().join("/");

/** The family's invoices, with the courtesy copy to download (proof for tax deductions). */
export default define.page<Data>(function FamilyInvoices({ data, state }) {
  const tr = state.tr;
  return (
    <>
      <FamilyBreadcrumb state={state} items={[[tr("Fatture", "Invoices")]]} />
      <h1>{tr("Le tue fatture", "Your invoices")}</h1>
      <p class="lead">
        {tr(
          "Le fatture dei servizi del Comune intestate a te o a un altro genitore della famiglia. L'originale è disponibile anche nell'area «Fatture e Corrispettivi» dell'Agenzia delle Entrate.",
          "The invoices of the Comune's services addressed to you or another parent of the household. The original is also available in the Agenzia delle Entrate's «Fatture e Corrispettivi» area.",
        )}
      </p>
      {data.items.length === 0
        ? <p>{tr("Non ci sono fatture.", "There are no invoices.")}</p>
        : (
          <div class="table-responsive">
            <table class="table">
              <caption>
                {tr(`Fatture: ${data.items.length}`, `Invoices: ${data.items.length}`)}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{tr("Numero e data", "Number and date")}</th>
                  <th scope="col">{tr("Causale", "Description")}</th>
                  <th scope="col" class="text-end">{tr("Totale", "Total")}</th>
                  <th scope="col">{tr("Scarica", "Download")}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((i) => (
                  <tr key={i.id}>
                    <th scope="row">
                      {i.document_type === "TD04" && (
                        <span class="d-block small">{tr("Nota di credito", "Credit note")}</span>
                      )}
                      {i.numero}
                      <span class="d-block small">{dmy(i.issued_on)}</span>
                    </th>
                    <td>
                      {i.description}
                      {i.carried_settlement_id && (
                        <span class="d-block small">
                          {tr(
                            "Credito restituito dal Comune",
                            "Credit given back by the Comune",
                          )}
                          {i.related_invoices.length > 0 &&
                            tr(
                              ` (fatture ${i.related_invoices.map((r) => r.numero).join(", ")})`,
                              ` (invoices ${i.related_invoices.map((r) => r.numero).join(", ")})`,
                            )}
                        </span>
                      )}
                      <span class="d-block small">{i.payer_name}</span>
                    </td>
                    <td class="text-end">
                      {formatEuro(
                        i.document_type === "TD04" ? -i.total_cents : i.total_cents,
                        state.lang,
                      )}
                    </td>
                    <td>
                      <a href={`/famiglie/fatture/${i.id}/pdf`}>
                        {tr("Copia di cortesia (PDF)", "Courtesy copy (PDF)")}
                        <span class="visually-hidden">
                          {i.document_type === "TD04"
                            ? tr(
                              ` della nota di credito ${i.numero}`,
                              ` of credit note ${i.numero}`,
                            )
                            : tr(` della fattura ${i.numero}`, ` of invoice ${i.numero}`)}
                        </span>
                      </a>
                      <a class="d-block small" href={`/famiglie/fatture/${i.id}/xml`}>
                        {tr("File XML", "XML file")}
                        <span class="visually-hidden">
                          {i.document_type === "TD04"
                            ? tr(
                              ` della nota di credito ${i.numero}`,
                              ` of credit note ${i.numero}`,
                            )
                            : tr(` della fattura ${i.numero}`, ` of invoice ${i.numero}`)}
                        </span>
                      </a>
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
