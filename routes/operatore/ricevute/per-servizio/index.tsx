import { Breadcrumb } from "../../../../components/Breadcrumb.tsx";
import { ErrorSummary, type FieldErrors } from "../../../../components/FormErrors.tsx";
import { TextField } from "../../../../components/TextField.tsx";
import { taxonomyOf } from "../../../../lib/billing/taxonomy.ts";
import { define, page } from "../../../../lib/http/define.ts";
import { formatDate } from "../../../../lib/i18n/mod.ts";
import type { ServiceTotal } from "../../../../lib/pagopa/receipts_by_service.ts";
import {
  type RevenueReport,
  revenueReport,
} from "../../../../lib/pagopa/receipts_by_service_read.ts";
import { TOP_UPS, UNATTRIBUTED } from "../../../../lib/pagopa/receipts_csv.ts";
import { STATUS_LABELS } from "../../../../lib/pagopa/receipts_rules.ts";
import { formatEuro } from "../../../../lib/tariffs/money.ts";
import { readRange } from "../(_components)/range.ts";

interface Data {
  values: Record<string, string>;
  errors: FieldErrors;
  report: RevenueReport;
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const state = c.get("state");
    const { range, values, errors } = readRange(state, (k) => c.req.query(k));
    const report = await state.db.asUser(state.claims!, (tx) => revenueReport(tx, range));
    return page({ values, errors, report }, {
      status: Object.keys(errors).length ? 422 : 200,
    });
  },
});

/** Revenue by service of a range of payment days, for the ragioneria's budget chapters. */
export default define.page<Data>(function RevenueByService({ data, state }) {
  const { lang, tr } = state;
  const { report } = data;
  const { dal, al } = report.range;
  const days = new URLSearchParams({ dal, al });
  const euro = (cents: number) => formatEuro(cents, lang);
  const name = (r: ServiceTotal) =>
    r.kind === "top_up"
      ? tr(TOP_UPS.it, TOP_UPS.en)
      : r.kind === "unattributed"
      ? tr(UNATTRIBUTED.it, UNATTRIBUTED.en)
      : r.title;
  const from = formatDate(lang, dal, "short");
  const to = formatDate(lang, al, "short");
  return (
    <>
      <Breadcrumb
        state={state}
        items={[
          [tr("Ricevute pagoPA", "pagoPA receipts"), "/operatore/ricevute"],
          [tr("Incassi per servizio", "Revenue by service")],
        ]}
      />
      <h1>{tr("Incassi per servizio", "Revenue by service")}</h1>
      <p>
        {tr(
          "Le ricevute che hanno pagato un avviso, per data di pagamento. Una ricevuta di una posizione con più servizi è ripartita tra i servizi in proporzione ai loro importi nella posizione (sconti e note di credito compresi): per questo può essere contata in più righe.",
          "Receipts that paid a notice, by payment day. A receipt of a position with several services is split among them in proportion to their amounts in the position (credits included), so it may count in more than one row.",
        )}
      </p>
      <ErrorSummary state={state} errors={data.errors} />
      <form
        method="get"
        action="/operatore/ricevute/per-servizio"
        class="row g-3 mb-4"
        aria-label={tr("Periodo", "Period")}
      >
        <div class="col-6 col-md-3">
          <TextField
            state={state}
            id="dal"
            type="date"
            label={tr("Pagate dal", "Paid from")}
            value={data.values.dal ?? dal}
            errors={data.errors}
          />
        </div>
        <div class="col-6 col-md-3">
          <TextField
            state={state}
            id="al"
            type="date"
            label={tr("al", "to")}
            value={data.values.al ?? al}
            errors={data.errors}
          />
        </div>
        <div class="col-12 col-md-2 d-flex align-items-end mb-4">
          <button type="submit" class="btn btn-primary w-100">{tr("Mostra", "Show")}</button>
        </div>
      </form>
      <div class="table-responsive">
        <table class="table">
          <caption>
            {tr(`Incassi dal ${from} al ${to}`, `Revenue from ${from} to ${to}`)}
          </caption>
          <thead>
            <tr>
              <th scope="col">{tr("Servizio", "Service")}</th>
              <th scope="col">{tr("Codice tassonomia", "Taxonomy code")}</th>
              <th scope="col" class="text-end">{tr("Ricevute", "Receipts")}</th>
              <th scope="col" class="text-end">{tr("Importo", "Amount")}</th>
            </tr>
          </thead>
          <tbody>
            {report.rows.length === 0 && (
              <tr>
                <td colSpan={4}>
                  {tr("Nessun incasso in questo periodo.", "No revenue in this period.")}
                </td>
              </tr>
            )}
            {report.rows.map((r) => {
              const code = taxonomyOf(r.taxonomyCode);
              return (
                <tr key={r.key}>
                  <th scope="row">{name(r)}</th>
                  <td>
                    {r.taxonomyCode}
                    {code && <span class="d-block small">{tr(code.it, code.en)}</span>}
                  </td>
                  <td class="text-end">{r.receipts}</td>
                  <td class="text-end">{euro(r.cents)}</td>
                </tr>
              );
            })}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={2}>{tr("Totale incassi", "Total revenue")}</th>
              <td class="text-end">{report.receipts}</td>
              <td class="text-end fw-bold">{euro(report.cents)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
      <p>
        <a href={`/operatore/ricevute/per-servizio/esporta?${days}`}>
          {tr("Scarica la tabella in CSV", "Download the table as CSV")}
        </a>
        {" · "}
        <a href={`/operatore/ricevute?stato=matched&${days}`}>
          {tr("Elenco delle ricevute incassate", "List of the receipts counted")}
        </a>
      </p>
      <h2 class="h4 mt-4">
        {tr("Ricevute che non sono incassi", "Receipts that are not revenue")}
      </h2>
      {report.notRevenue.length === 0
        ? (
          <p>
            {tr(
              "Nessuna nel periodo: ogni ricevuta ha pagato un avviso.",
              "None in the period: every receipt paid a notice.",
            )}
          </p>
        )
        : (
          <>
            <p>
              {tr(
                "Pagamenti ricevuti che non hanno pagato un avviso: non sono nel totale; l'ufficio li risolve (rimborso, accredito sul borsellino, altro).",
                "Payments received that paid no notice: they are not in the total; the office settles them (refund, wallet credit, other).",
              )}
            </p>
            <ul>
              {report.notRevenue.map((x) => (
                <li key={x.status}>
                  <a href={`/operatore/ricevute?stato=${x.status}&${days}`}>
                    {tr(STATUS_LABELS[x.status].it, STATUS_LABELS[x.status].en)}
                  </a>
                  {": "}
                  {tr(
                    `${x.receipts} ricevute, ${euro(x.cents)} (risolte ${x.settled})`,
                    `${x.receipts} receipts, ${euro(x.cents)} (settled ${x.settled})`,
                  )}
                </li>
              ))}
            </ul>
          </>
        )}
    </>
  );
});
