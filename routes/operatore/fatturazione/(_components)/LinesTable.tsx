import {
  type Line,
  LINE_KIND_LABELS,
  LINE_KINDS,
  type LineFilters,
} from "../../../../lib/billing/review.ts";
import type { State } from "../../../../lib/http/define.ts";
import { SelectField } from "../../../../components/SelectField.tsx";
import { TextField } from "../../../../components/TextField.tsx";
import { CheckboxField } from "../../../../components/CheckboxField.tsx";
import { euro, Pager, period } from "./bits.tsx";

type Text = { it?: string; en?: string } | undefined;

/** A line's explanation: its summary and the steps of the computation, when it has them. */
export function Explanation({ state, line }: { state: State; line: Line }) {
  const x = line.explanation as { summary?: Text; steps?: { it?: string[]; en?: string[] } };
  const summary = state.lang === "en" ? x.summary?.en ?? x.summary?.it : x.summary?.it;
  const steps = (state.lang === "en" ? x.steps?.en ?? x.steps?.it : x.steps?.it) ?? [];
  if (!summary && steps.length === 0) return null;
  return (
    <details class="small">
      <summary>{state.tr("Come è calcolata", "How it is computed")}</summary>
      {summary && <p class="mb-1">{summary}</p>}
      {steps.length > 0 && <ol class="mb-0">{steps.map((s, i) => <li key={i}>{s}</li>)}</ol>}
    </details>
  );
}

/** Filters of the lines table (a GET form: the address keeps them). */
export function LineFiltersForm(
  { state, action, filters, services }: {
    state: State;
    action: string;
    filters: LineFilters;
    services: { id: string; title: string }[];
  },
) {
  const tr = state.tr;
  return (
    <form method="get" action={action} class="row g-2 align-items-end mb-3">
      <div class="col-md-3">
        <TextField
          state={state}
          id="payer"
          label={tr("Pagatore o codice fiscale", "Payer or tax code")}
          value={filters.payer ?? ""}
          errors={{}}
        />
      </div>
      <div class="col-md-3">
        <TextField
          state={state}
          id="pupil"
          label={tr("Alunno", "Pupil")}
          value={filters.pupil ?? ""}
          errors={{}}
        />
      </div>
      <div class="col-md-2">
        <SelectField
          state={state}
          id="service_id"
          label={tr("Servizio", "Service")}
          value={filters.service_id ?? ""}
          empty={tr("Tutti", "All")}
          options={services.map((s) => [s.id, s.title])}
          errors={{}}
        />
      </div>
      <div class="col-md-2">
        <SelectField
          state={state}
          id="kind"
          label={tr("Tipo", "Kind")}
          value={filters.kind ?? ""}
          empty={tr("Tutti", "All")}
          options={LINE_KINDS.map((k) => [k, tr(LINE_KIND_LABELS[k].it, LINE_KIND_LABELS[k].en)])}
          errors={{}}
        />
      </div>
      <div class="col-md-2">
        <CheckboxField
          id="eliminate"
          label={tr("Anche eliminate", "Deleted too")}
          checked={filters.include_deleted ?? false}
          spacing="mb-3"
        />
        <button type="submit" class="btn btn-outline-primary btn-sm">
          {tr("Filtra", "Filter")}
        </button>
      </div>
    </form>
  );
}

/** The run's lines: who, what, how much, why; each editable while the run is in review. */
export function LinesTable(
  { state, runId, lines, total, page, size, open, query }: {
    state: State;
    runId: string;
    lines: Line[];
    total: number;
    page: number;
    size: number;
    open: boolean;
    /** The filters as a query string, kept by the pager. */
    query: string;
  },
) {
  const tr = state.tr;
  return (
    <>
      <div class="table-responsive">
        <table class="table table-sm">
          <caption>
            {tr(`Righe trovate: ${total}`, `Lines found: ${total}`)}
          </caption>
          <thead>
            <tr>
              <th scope="col">{tr("Pagatore", "Payer")}</th>
              <th scope="col">{tr("Alunno", "Pupil")}</th>
              <th scope="col">{tr("Servizio", "Service")}</th>
              <th scope="col">{tr("Periodo", "Period")}</th>
              <th scope="col">{tr("Tipo", "Kind")}</th>
              <th scope="col">{tr("Descrizione", "Description")}</th>
              <th scope="col" class="text-end">{tr("Importo", "Amount")}</th>
              {open && <th scope="col">{tr("Azioni", "Actions")}</th>}
            </tr>
          </thead>
          <tbody>
            {lines.map((l) => (
              <tr
                key={l.id}
                class={l.deleted_at ? "text-decoration-line-through text-secondary" : ""}
              >
                <th scope="row">
                  {l.payer_name}
                  {l.payer_tax_code && <span class="d-block small">{l.payer_tax_code}</span>}
                </th>
                <td>{l.beneficiary_name ?? "—"}</td>
                <td>{l.service_title}</td>
                <td>{period(state, l.period_start, l.period_end)}</td>
                <td>
                  {tr(LINE_KIND_LABELS[l.kind].it, LINE_KIND_LABELS[l.kind].en)}
                  {l.source === "operator" && (
                    <span class="d-block small">{tr("(dall'ufficio)", "(by the office)")}</span>
                  )}
                </td>
                <td>
                  {l.description}
                  {l.reason && (
                    <span class="d-block small">{tr("Motivo: ", "Reason: ")}{l.reason}</span>
                  )}
                  {l.deleted_at && (
                    <span class="d-block small">
                      {tr("Eliminata: ", "Deleted: ")}
                      {l.delete_reason}
                    </span>
                  )}
                  <Explanation state={state} line={l} />
                </td>
                <td class="text-end text-nowrap">{euro(state, l.amount_cents)}</td>
                {open && (
                  <td>
                    {!l.deleted_at && (
                      <a href={`/operatore/fatturazione/${runId}/righe/${l.id}`}>
                        {tr("Modifica", "Edit")}
                        <span class="visually-hidden">
                          {`: ${l.description}, ${l.beneficiary_name ?? l.payer_name}`}
                        </span>
                      </a>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {total > 0 && (
        <p class="mt-3">
          <a href={`/operatore/fatturazione/${runId}/esporta${query ? `?${query}` : ""}`}>
            {tr(
              `Scarica le righe in CSV (${total} righe)`,
              `Download the lines as CSV (${total} lines)`,
            )}
          </a>
        </p>
      )}
      <Pager
        state={state}
        total={total}
        size={size}
        current={page}
        href={(n) =>
          `/operatore/fatturazione/${runId}?${query}${query ? "&" : ""}pagina=${n}#righe`}
      />
    </>
  );
}
