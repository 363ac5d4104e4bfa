import { Alert } from "../../../components/Alert.tsx";
import { Breadcrumb } from "../../../components/Breadcrumb.tsx";
import { CsrfField } from "../../../components/CsrfField.tsx";
import { SelectField } from "../../../components/SelectField.tsx";
import { TextField } from "../../../components/TextField.tsx";
import {
  type InvoiceFilters,
  type InvoiceSummary,
  listInvoices,
  SDI_STATUS_LABELS,
} from "../../../lib/fatturapa/invoices.ts";
import { define, page } from "../../../lib/http/define.ts";
import { euro, pageNo, Pager } from "../fatturazione/(_components)/bits.tsx";
import { isUuid } from "../../../lib/codes/uuid.ts";

const PAGE_SIZE = 50;

interface Data {
  items: InvoiceSummary[];
  total: number;
  totalCents: number;
  page: number;
  filters: InvoiceFilters;
  query: string;
  years: number[];
  runs: { id: string; number: number; label: string }[];
  outcome: { created: number; problems: number } | null;
  error: string | null;
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const q = (k: string) => c.req.query(k)?.trim() || null;
    const year = Number.parseInt(q("anno") ?? "");
    const run = q("run_id");
    const filters: InvoiceFilters = {
      year: year >= 2000 && year <= 2200 ? year : null,
      payer: q("pagatore")?.slice(0, 100) ?? null,
      number: q("numero")?.slice(0, 20) ?? null,
      run_id: isUuid(run) ? run : null,
    };
    const params = new URLSearchParams();
    if (filters.year) params.set("anno", String(filters.year));
    if (filters.payer) params.set("pagatore", filters.payer);
    if (filters.number) params.set("numero", filters.number);
    if (filters.run_id) params.set("run_id", filters.run_id);
    const n = pageNo(c.req.query("pagina"));
    const created = q("emesse");
    return page(
      await db.asUser(claims!, async (tx) => {
        const list = await listInvoices(tx, filters, PAGE_SIZE, (n - 1) * PAGE_SIZE);
        const years = (await tx.query<{ year: number }>(
          "select distinct year from public.invoices order by year desc",
        )).map((r) => r.year);
        const runs = await tx.query<{ id: string; number: number; label: string }>(
          `select id, number, label from public.billing_runs where status = 'issued'
            order by number desc limit 24`,
        );
        return {
          items: list.items,
          total: list.total,
          totalCents: list.total_cents,
          page: n,
          filters,
          query: params.toString(),
          years,
          runs,
          outcome: created !== null
            ? { created: Number(created) || 0, problems: Number(q("problemi")) || 0 }
            : null,
          error: q("errore"),
        };
      }),
    );
  },
});

/** The Ente's electronic invoices: filters by year, payer and number; each opens its page. */
export default define.page<Data>(function Invoices({ data, state }) {
  const tr = state.tr;
  const f = data.filters;
  return (
    <>
      <Breadcrumb state={state} items={[[tr("Fatture", "Invoices")]]} />
      <h1>{tr("Fatture elettroniche", "Electronic invoices")}</h1>
      <p class="lead">
        {tr(
          "Le fatture (FatturaPA verso privati) dei servizi fatturati, una per posizione debitoria, numerate per anno e pagabili con pagoPA.",
          "The invoices (FatturaPA to private persons) of the services billed by invoice, one per debt position, numbered per year and payable through pagoPA.",
        )}
      </p>
      <p>
        <a href="/operatore/fatture/impostazioni">
          {tr("Dati dell'Ente per la fatturazione", "The Ente's invoicing data")}
        </a>
      </p>
      {data.error === "impostazioni" && (
        <Alert kind="danger">
          {tr(
            "Mancano i dati dell'Ente per la fatturazione (partita IVA, sede, regime fiscale): compilarli prima di emettere le fatture.",
            "The Ente's invoicing data (VAT number, seat, tax regime) are missing: fill them in before issuing invoices.",
          )}
        </Alert>
      )}
      {data.outcome && (
        <Alert kind={data.outcome.problems ? "warning" : "success"}>
          {tr(
            `Fatture emesse: ${data.outcome.created}. Posizioni non fatturabili: ${data.outcome.problems} (vedi i problemi dell'elaborazione).`,
            `Invoices issued: ${data.outcome.created}. Positions that could not be invoiced: ${data.outcome.problems} (see the run's problems).`,
          )}
        </Alert>
      )}
      <form method="get" action="/operatore/fatture" class="row g-2 align-items-end mb-3">
        {f.run_id && <input type="hidden" name="run_id" value={f.run_id} />}
        <div class="col-md-2">
          <SelectField
            state={state}
            id="anno"
            label={tr("Anno", "Year")}
            value={f.year ? String(f.year) : ""}
            empty={tr("Tutti", "All")}
            options={data.years.map((y) => [String(y), String(y)])}
            errors={{}}
          />
        </div>
        <div class="col-md-4">
          <TextField
            state={state}
            id="pagatore"
            label={tr("Intestatario o codice fiscale", "Payer or tax code")}
            value={f.payer ?? ""}
            errors={{}}
          />
        </div>
        <div class="col-md-3">
          <TextField
            state={state}
            id="numero"
            label={tr("Numero", "Number")}
            value={f.number ?? ""}
            errors={{}}
          />
        </div>
        <div class="col-md-3 mb-4">
          <button type="submit" class="btn btn-outline-primary">{tr("Filtra", "Filter")}</button>
        </div>
      </form>
      {data.items.length === 0
        ? <p>{tr("Nessuna fattura trovata.", "No invoices found.")}</p>
        : (
          <div class="table-responsive">
            <table class="table">
              <caption>
                {tr(
                  `Documenti trovati: ${data.total}, per ${
                    euro(state, data.totalCents)
                  } (le note di credito in negativo)`,
                  `Documents found: ${data.total}, for ${
                    euro(state, data.totalCents)
                  } (credit notes negative)`,
                )}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{tr("Numero", "Number")}</th>
                  <th scope="col">{tr("Data", "Date")}</th>
                  <th scope="col">{tr("Intestatario", "Payer")}</th>
                  <th scope="col">{tr("Causale", "Description")}</th>
                  <th scope="col" class="text-end">{tr("Totale", "Total")}</th>
                  <th scope="col">{tr("Stato SdI", "SdI status")}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((i) => (
                  <tr key={i.id}>
                    <th scope="row">
                      <a href={`/operatore/fatture/${i.id}`}>{i.numero}</a>
                      {i.document_type === "TD04" && (
                        <span class="d-block small">{tr("Nota di credito", "Credit note")}</span>
                      )}
                      {i.carried_settlement_id && (
                        <span class="d-block small">
                          {tr("restituisce un credito riportato", "gives back a carried credit")}
                          {i.related_invoices.length > 0 && (
                            <>
                              {tr("; fatture collegate: ", "; linked invoices: ")}
                              {i.related_invoices.map((r) => r.numero).join(", ")}
                            </>
                          )}
                        </span>
                      )}
                    </th>
                    <td>{i.issued_on.split("-").reverse().join("/")}</td>
                    <td>
                      {i.payer_name}
                      {i.payer_tax_code && <span class="d-block small">{i.payer_tax_code}</span>}
                    </td>
                    <td>{i.description}</td>
                    <td class="text-end">
                      {euro(state, i.document_type === "TD04" ? -i.total_cents : i.total_cents)}
                    </td>
                    <td>
                      {tr(SDI_STATUS_LABELS[i.sdi_status].it, SDI_STATUS_LABELS[i.sdi_status].en)}
                    </td>
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
        href={(n) => `/operatore/fatture?${data.query}${data.query ? "&" : ""}pagina=${n}`}
      />
      {data.runs.length > 0 && (
        <section aria-labelledby="emetti" class="mt-5">
          <h2 id="emetti" class="h4">{tr("Fatture mancanti", "Missing invoices")}</h2>
          <p>
            {tr(
              "Le fatture si emettono con le posizioni debitorie. Se per qualche pagatore mancavano dati (codice fiscale, indirizzo con CAP), dopo averli completati emettere qui le fatture mancanti dell'elaborazione.",
              "Invoices are issued with the debt positions. If some payer's data were missing (tax code, address with CAP), complete them and issue the run's missing invoices here.",
            )}
          </p>
          <form method="post" action="/operatore/fatture/emetti" class="row g-2 align-items-end">
            <CsrfField state={state} />
            <div class="col-md-6">
              <SelectField
                state={state}
                id="run_id"
                label={tr("Elaborazione emessa", "Issued run")}
                value=""
                options={data.runs.map((r) => [r.id, `n. ${r.number} — ${r.label}`])}
                errors={{}}
                required
              />
            </div>
            <div class="col-md-4 mb-4">
              <button type="submit" class="btn btn-primary">
                {tr("Emetti le fatture mancanti", "Issue the missing invoices")}
              </button>
            </div>
          </form>
        </section>
      )}
    </>
  );
});
