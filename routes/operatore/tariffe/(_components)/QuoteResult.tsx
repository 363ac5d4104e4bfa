import type { State } from "../../../../lib/http/define.ts";
import type { Quote } from "../../../../lib/tariffs/engine.ts";
import { UNIT_LABELS } from "../../../../lib/tariffs/labels.ts";
import { formatEuro } from "../../../../lib/tariffs/money.ts";

/** A quote as the operator reads it: the amount, the one-line summary, the lines and each step. */
export function Result({ state, r }: { state: State; r: Quote }) {
  const lang = state.lang;
  const unit = (u: string) =>
    u in UNIT_LABELS ? UNIT_LABELS[u as keyof typeof UNIT_LABELS].one[lang === "it" ? 0 : 1] : {
      month: state.tr("mese", "month"),
      term: state.tr("periodo", "term"),
      year: state.tr("anno", "year"),
      once: state.tr("una tantum", "one-off"),
    }[u];
  return (
    <section aria-labelledby="result-title" class="mt-4" id="result">
      <h2 id="result-title" class="h3">
        {state.tr("Importo", "Amount")}:{" "}
        <span data-testid="amount">{formatEuro(r.amountCents, lang)}</span>
      </h2>
      <p class="lead" data-testid="summary">{r.explanation.summary[lang]}</p>
      <table class="table table-sm">
        <caption>{state.tr("Voci dell'importo", "Lines of the amount")}</caption>
        <thead>
          <tr>
            <th scope="col">{state.tr("Voce", "Line")}</th>
            <th scope="col">{state.tr("Prezzo unitario", "Unit price")}</th>
            <th scope="col">{state.tr("Quantità", "Quantity")}</th>
            <th scope="col">{state.tr("Importo", "Amount")}</th>
          </tr>
        </thead>
        <tbody>
          {r.lines.map((l, i) => (
            <tr key={i}>
              <th scope="row">
                {l.part === "fixed"
                  ? state.tr("Quota fissa", "Fixed part")
                  : l.part === "daily"
                  ? state.tr("Quota giornaliera", "Daily part")
                  : state.tr("Tariffa", "Tariff")}
              </th>
              <td>{formatEuro(l.unitCents, lang)} / {unit(l.unit)}</td>
              <td>{l.quantity}</td>
              <td>{formatEuro(l.amountCents, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3 class="h5">{state.tr("Come è calcolato", "How it is computed")}</h3>
      <ol data-testid="explanation">
        {r.explanation[lang].map((line, i) => <li key={i}>{line}</li>)}
      </ol>
    </section>
  );
}
