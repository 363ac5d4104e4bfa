import type { Comparison, Problem, Total, Totals } from "../../../../lib/billing/review.ts";
import type { State } from "../../../../lib/http/define.ts";
import { euro } from "./bits.tsx";

function TotalsTable(
  { state, caption, head, rows, total }: {
    state: State;
    caption: string;
    head: string;
    rows: Total[];
    total?: number;
  },
) {
  const tr = state.tr;
  return (
    <div class="table-responsive">
      <table class="table table-sm">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{head}</th>
            <th scope="col" class="text-end">{tr("Righe", "Lines")}</th>
            <th scope="col" class="text-end">{tr("Importo", "Amount")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key ?? "-"}>
              <th scope="row">{r.label ?? tr("Senza plesso", "No site")}</th>
              <td class="text-end">{r.lines}</td>
              <td class="text-end">{euro(state, r.cents)}</td>
            </tr>
          ))}
        </tbody>
        {total !== undefined && (
          <tfoot>
            <tr>
              <th scope="row">{tr("Totale", "Total")}</th>
              <td></td>
              <td class="text-end fw-bold">{euro(state, total)}</td>
            </tr>
          </tfoot>
        )}
      </table>
    </div>
  );
}

/** Totals by service, site and payer, and the comparison with the previous run. */
export function ReviewTotals(
  { state, totals, comparison }: { state: State; totals: Totals; comparison: Comparison },
) {
  const tr = state.tr;
  const pct = (p: number | null) =>
    p === null
      ? "—"
      : `${p > 0 ? "+" : ""}${p.toLocaleString(state.lang === "en" ? "en-GB" : "it-IT")}%`;
  return (
    <section aria-labelledby="totals-title" class="mb-5">
      <h2 id="totals-title" class="h3">{tr("Totali", "Totals")}</h2>
      <p>
        {tr(
          `${totals.lines} righe, ${totals.payers} pagatori, totale ${
            euro(state, totals.total_cents)
          }.`,
          `${totals.lines} lines, ${totals.payers} payers, total ${
            euro(state, totals.total_cents)
          }.`,
        )}
      </p>
      <div class="row">
        <div class="col-lg-6">
          <TotalsTable
            state={state}
            caption={tr("Totali per servizio", "Totals by service")}
            head={tr("Servizio", "Service")}
            rows={totals.by_service}
            total={totals.total_cents}
          />
        </div>
        <div class="col-lg-6">
          <TotalsTable
            state={state}
            caption={tr("Totali per plesso", "Totals by site")}
            head={tr("Plesso", "Site")}
            rows={totals.by_site}
          />
        </div>
      </div>
      <TotalsTable
        state={state}
        caption={tr(
          "Pagatori con gli importi più alti (al massimo 20)",
          "Payers with the largest amounts (at most 20)",
        )}
        head={tr("Pagatore", "Payer")}
        rows={totals.by_payer}
      />
      <div class="table-responsive">
        <table class="table table-sm">
          <caption>
            {comparison.previous
              ? tr(
                `Confronto con l'elaborazione n. ${comparison.previous.number} (${comparison.previous.label})`,
                `Compared with run no. ${comparison.previous.number} (${comparison.previous.label})`,
              )
              : tr(
                "Confronto: non c'è un'elaborazione precedente per questi servizi",
                "Comparison: there is no previous run for these services",
              )}
          </caption>
          <thead>
            <tr>
              <th scope="col">{tr("Servizio", "Service")}</th>
              <th scope="col" class="text-end">{tr("Precedente", "Previous")}</th>
              <th scope="col" class="text-end">{tr("Attuale", "Current")}</th>
              <th scope="col" class="text-end">{tr("Differenza", "Difference")}</th>
              <th scope="col" class="text-end">%</th>
            </tr>
          </thead>
          <tbody>
            {comparison.rows.map((r) => (
              <tr key={r.key}>
                <th scope="row">{r.label}</th>
                <td class="text-end">{euro(state, r.previous_cents)}</td>
                <td class="text-end">{euro(state, r.current_cents)}</td>
                <td class="text-end">{euro(state, r.diff_cents)}</td>
                <td class="text-end">{pct(r.pct)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** What the run could not bill, per enrollment, with a link to fix it. */
export function ProblemList({ state, problems }: { state: State; problems: Problem[] }) {
  const tr = state.tr;
  if (problems.length === 0) return null;
  return (
    <section aria-labelledby="problems-title" class="mb-5">
      <h2 id="problems-title" class="h3">
        {tr(`Problemi (${problems.length})`, `Problems (${problems.length})`)}
      </h2>
      <p>
        {tr(
          "Queste iscrizioni non sono state fatturate. Correggi i dati e ricalcola; se approvi comunque, restano escluse e si fatturano in un'elaborazione successiva.",
          "These enrollments were not billed. Fix the data and compute again; if you approve anyway, they stay out and are billed in a later run.",
        )}
      </p>
      <div class="table-responsive">
        <table class="table table-sm">
          <caption>{tr("Problemi per iscrizione", "Problems by enrollment")}</caption>
          <thead>
            <tr>
              <th scope="col">{tr("Alunno", "Pupil")}</th>
              <th scope="col">{tr("Pagatore", "Payer")}</th>
              <th scope="col">{tr("Servizio", "Service")}</th>
              <th scope="col">{tr("Problema", "Problem")}</th>
            </tr>
          </thead>
          <tbody>
            {problems.map((p) => (
              <tr key={p.id}>
                <th scope="row">
                  {p.enrollment_id
                    ? (
                      <a href={`/operatore/iscrizioni/${p.enrollment_id}`}>
                        {p.beneficiary_name ?? tr("Iscrizione", "Enrollment")}
                      </a>
                    )
                    : "—"}
                </th>
                <td>{p.payer_name ?? "—"}</td>
                <td>{p.service_title ?? "—"}</td>
                <td>{state.lang === "en" ? p.message_en : p.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
