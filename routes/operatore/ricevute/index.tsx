import { Breadcrumb } from "../../../components/Breadcrumb.tsx";
import { ErrorSummary, type FieldErrors } from "../../../components/FormErrors.tsx";
import { SelectField } from "../../../components/SelectField.tsx";
import { TextField } from "../../../components/TextField.tsx";
import { define, page } from "../../../lib/http/define.ts";
import { formatDateTime } from "../../../lib/i18n/mod.ts";
import {
  listReceipts,
  ReceiptFilters,
  type ReceiptRow,
  TO_CHECK,
} from "../../../lib/pagopa/receipts_read.ts";
import {
  RECEIPT_STATUSES,
  type ReceiptStatus,
  STATUS_LABELS,
} from "../../../lib/pagopa/receipts_rules.ts";
import { formatEuro } from "../../../lib/tariffs/money.ts";
import { ManualSource } from "./(_components)/ManualSource.tsx";
import { StatusBadge } from "./(_components)/StatusBadge.tsx";

interface Data {
  values: Record<string, string>;
  errors: FieldErrors;
  filters: ReceiptFilters;
  rows: ReceiptRow[];
  total: number;
  pages: number;
  attention: Partial<Record<ReceiptStatus, number>>;
}

const FIELDS = ["stato", "dal", "al", "iuv"] as const;

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims, tr } = c.get("state");
    const values: Record<string, string> = {};
    for (const k of [...FIELDS, "pagina"]) {
      const v = c.req.query(k)?.trim();
      if (v) values[k] = v;
    }
    const errors: FieldErrors = {};
    const parsed = ReceiptFilters.safeParse(values);
    let filters: ReceiptFilters = { pagina: 1 };
    if (parsed.success) filters = parsed.data;
    else {
      for (const i of parsed.error.issues) {
        const f = String(i.path[0]);
        errors[f] = f === "iuv"
          ? tr(
            "IUV o codice avviso: solo cifre e lettere, fino a 35.",
            "IUV or notice number: digits and letters only, up to 35.",
          )
          : f === "stato"
          ? tr("Stato non valido.", "Invalid status.")
          : tr("Data non valida (gg/mm/aaaa).", "Invalid date.");
      }
    }
    if (filters.dal && filters.al && filters.al < filters.dal) {
      errors.al = tr(
        "La data finale precede quella iniziale.",
        "The end date is before the start date.",
      );
    }
    const list = await db.asUser(
      claims!,
      (tx) => listReceipts(tx, Object.keys(errors).length ? { pagina: 1 } : filters),
    );
    return page({ values, errors, filters, ...list }, {
      status: Object.keys(errors).length ? 422 : 200,
    });
  },
});

/** Receipts of pagoPA payments: what does not match is shown first and never hidden. */
export default define.page<Data>(function Receipts({ data, state }) {
  const { lang } = state;
  const q = (p: number) => {
    const s = new URLSearchParams({ ...data.values, pagina: String(p) });
    return `/operatore/ricevute?${s}`;
  };
  // The export and the revenue by service keep the list's filters (not its page).
  const filters = new URLSearchParams(
    Object.entries(data.values).filter(([k]) => k !== "pagina" && !data.errors[k]),
  );
  const exportHref = `/operatore/ricevute/esporta${filters.size ? `?${filters}` : ""}`;
  const range = new URLSearchParams(
    [...filters].filter(([k]) => k === "dal" || k === "al"),
  ).toString();
  const problems = (["unmatched", "amount_mismatch", "duplicate_payment"] as const)
    .filter((s) => data.attention[s]);
  return (
    <>
      <Breadcrumb state={state} items={[[state.tr("Ricevute pagoPA", "pagoPA receipts")]]} />
      <h1>{state.tr("Ricevute pagoPA", "pagoPA receipts")}</h1>
      <ErrorSummary state={state} errors={data.errors} />
      {problems.length > 0 && (
        <div class="alert alert-warning" role="status">
          <h2 class="h5">
            <a href={`/operatore/ricevute?stato=${TO_CHECK}`}>
              {state.tr("Da verificare", "To check")}
            </a>
          </h2>
          <ul class="mb-0">
            {problems.map((s) => (
              <li key={s}>
                <a href={`/operatore/ricevute?stato=${s}`}>
                  {state.tr(STATUS_LABELS[s].it, STATUS_LABELS[s].en)}: {data.attention[s]}
                </a>{" "}
                {s === "unmatched"
                  ? state.tr(
                    "— pagamenti per IUV che non corrispondono a nessun avviso emesso.",
                    "— payments for IUVs matching no issued notice.",
                  )
                  : s === "amount_mismatch"
                  ? state.tr(
                    "— importo pagato diverso da quello dell'avviso: l'avviso resta da pagare.",
                    "— amount paid differs from the notice: the notice stays unpaid.",
                  )
                  : state.tr(
                    "— avviso già pagato o annullato: da rimborsare o riattribuire.",
                    "— notice already paid or cancelled: refund or reassign.",
                  )}
              </li>
            ))}
          </ul>
        </div>
      )}
      <form
        method="get"
        action="/operatore/ricevute"
        class="row g-3 mb-4"
        aria-label={state.tr("Filtri", "Filters")}
      >
        <div class="col-12 col-md-3">
          <SelectField
            state={state}
            id="stato"
            label={state.tr("Stato", "Status")}
            value={data.values.stato ?? ""}
            empty={state.tr("Tutti", "All")}
            options={[
              [TO_CHECK, state.tr("Da verificare (non risolte)", "To check (not settled)")],
              ...RECEIPT_STATUSES.map((
                s,
              ): [string, string] => [s, state.tr(STATUS_LABELS[s].it, STATUS_LABELS[s].en)]),
            ]}
            errors={data.errors}
          />
        </div>
        <div class="col-6 col-md-2">
          <TextField
            state={state}
            id="dal"
            type="date"
            label={state.tr("Pagate dal", "Paid from")}
            value={data.values.dal ?? ""}
            errors={data.errors}
          />
        </div>
        <div class="col-6 col-md-2">
          <TextField
            state={state}
            id="al"
            type="date"
            label={state.tr("al", "to")}
            value={data.values.al ?? ""}
            errors={data.errors}
          />
        </div>
        <div class="col-12 col-md-3">
          <TextField
            state={state}
            id="iuv"
            label={state.tr("IUV o codice avviso", "IUV or notice number")}
            value={data.values.iuv ?? ""}
            errors={data.errors}
            maxLength={35}
          />
        </div>
        <div class="col-12 col-md-2 d-flex align-items-end mb-4">
          <button type="submit" class="btn btn-primary w-100">
            {state.tr("Filtra", "Filter")}
          </button>
        </div>
      </form>
      {data.rows.length === 0
        ? <p>{state.tr("Nessuna ricevuta con questi criteri.", "No receipts match.")}</p>
        : (
          <div class="table-responsive">
            <table class="table">
              <caption>
                {state.tr(
                  `${data.total} ricevute, pagina ${data.filters.pagina} di ${data.pages}`,
                  `${data.total} receipts, page ${data.filters.pagina} of ${data.pages}`,
                )}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{state.tr("Pagata il", "Paid on")}</th>
                  <th scope="col">IUV</th>
                  <th scope="col" class="text-end">{state.tr("Importo", "Amount")}</th>
                  <th scope="col">{state.tr("Stato", "Status")}</th>
                  <th scope="col">{state.tr("Posizione", "Position")}</th>
                  <th scope="col">{state.tr("Pagatore", "Payer")}</th>
                  <th scope="col">{state.tr("PSP o modalità", "PSP or method")}</th>
                </tr>
              </thead>
              <tbody>
                {data.rows.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">
                      <a href={`/operatore/ricevute/${r.id}`}>{formatDateTime(lang, r.paid_at)}</a>
                    </th>
                    <td class="text-break">{r.iuv}</td>
                    <td class="text-end">
                      {formatEuro(Number(r.amount_cents), lang)}
                      {r.status === "amount_mismatch" && r.notice_amount_cents != null && (
                        <span class="d-block small">
                          {state.tr("avviso", "notice")}{" "}
                          {formatEuro(Number(r.notice_amount_cents), lang)}
                        </span>
                      )}
                    </td>
                    <td>
                      <StatusBadge state={state} status={r.status} />
                      {r.settlement && (
                        <span class="badge bg-secondary ms-1">
                          {state.tr("Risolta", "Settled")}
                        </span>
                      )}
                    </td>
                    <td>{r.position_description ?? "—"}</td>
                    <td>{r.payer_name ?? r.payer_fiscal_code ?? "—"}</td>
                    <td>
                      {r.source === "manual"
                        ? <ManualSource state={state} receipt={r} />
                        : r.psp_name ?? "—"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      <p class="mt-3">
        {data.total > 0 && (
          <>
            <a href={exportHref}>
              {state.tr(
                `Scarica l'elenco in CSV (${data.total} ricevute)`,
                `Download the list as CSV (${data.total} receipts)`,
              )}
            </a>
            {" · "}
          </>
        )}
        <a href={`/operatore/ricevute/per-servizio${range ? `?${range}` : ""}`}>
          {state.tr("Incassi per servizio", "Revenue by service")}
        </a>
      </p>
      {data.pages > 1 && (
        <nav
          class="pagination-wrapper"
          aria-label={state.tr("Pagine delle ricevute", "Receipt pages")}
        >
          <ul class="pagination">
            {data.filters.pagina > 1 && (
              <li class="page-item">
                <a class="page-link" href={q(data.filters.pagina - 1)}>
                  {state.tr("Pagina precedente", "Previous page")}
                </a>
              </li>
            )}
            <li class="page-item">
              <span class="page-link" aria-current="page">
                {state.tr(
                  `Pagina ${data.filters.pagina} di ${data.pages}`,
                  `Page ${data.filters.pagina} of ${data.pages}`,
                )}
              </span>
            </li>
            {data.filters.pagina < data.pages && (
              <li class="page-item">
                <a class="page-link" href={q(data.filters.pagina + 1)}>
                  {state.tr("Pagina successiva", "Next page")}
                </a>
              </li>
            )}
          </ul>
        </nav>
      )}
    </>
  );
});
