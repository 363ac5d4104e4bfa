import type { CarriedBalance } from "../../../../lib/billing/carried.ts";
import type { State } from "../../../../lib/http/define.ts";
import { euro, period } from "./Payments.tsx";

/** What the family reads about a carried balance: a credit to deduct, or an amount to add. */
export function carriedText(state: State, b: CarriedBalance): string {
  const tr = state.tr;
  const amount = euro(state, Math.abs(b.amount_cents));
  if (b.class === "credit") {
    return tr(
      `Hai un credito di ${amount}: sarà detratto dal prossimo avviso`,
      `You have a credit of ${amount}: it will be deducted from your next notice`,
    );
  }
  if (b.class === "below_minimum") {
    return tr(
      `${amount} sotto l'importo minimo di un avviso: sarà aggiunto al prossimo avviso`,
      `${amount} is below the minimum amount of a notice: it will be added to your next notice`,
    );
  }
  return tr(
    `${amount} non ancora in un avviso: sarà aggiunto al prossimo avviso`,
    `${amount} not yet in a notice: it will be added to your next notice`,
  );
}

/** A carried balance of one of the household's payers, with the lines that make it. */
export function CarriedCard({ state, b }: { state: State; b: CarriedBalance }) {
  const tr = state.tr;
  const title = b.service_id ? b.service_titles.join(", ") : tr("Tutti i servizi", "All services");
  return (
    <li class="col-12 col-md-6 mb-3">
      <div class="card card-bg h-100">
        <div class="card-body">
          <h3 class="card-title h5">{title}</h3>
          <p class="small mb-2">{tr(`Intestato a ${b.payer_name}`, `Payer: ${b.payer_name}`)}</p>
          <p class="card-text fw-semibold">{carriedText(state, b)}</p>
          <ul class="list-unstyled small mb-0">
            {b.lines.map((l) => {
              const summary = state.lang === "en" ? l.summary.en : l.summary.it;
              return (
                <li class="mb-2" key={l.id}>
                  <span class="d-flex justify-content-between gap-2">
                    <span>
                      {l.description}
                      {l.beneficiary_name && !l.description.includes(l.beneficiary_name) &&
                        ` – ${l.beneficiary_name}`}
                    </span>
                    <strong class="text-nowrap">{euro(state, l.amount_cents)}</strong>
                  </span>
                  <span class="d-block text-secondary">
                    {period(state, l.period_start, l.period_end)}
                    {summary && summary !== l.description && ` · ${summary}`}
                  </span>
                </li>
              );
            })}
          </ul>
        </div>
      </div>
    </li>
  );
}
