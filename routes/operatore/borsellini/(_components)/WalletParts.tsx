import type { State } from "../../../../lib/http/define.ts";
import { formatDate } from "../../../../lib/i18n/mod.ts";
import { formatEuro } from "../../../../lib/tariffs/money.ts";
import type { Movement, Wallet } from "../../../../lib/wallets/db.ts";
import { KIND_LABELS, LEVEL_LABELS } from "../../../../lib/wallets/rules.ts";

/** The band of a wallet as a badge (colour and words: never colour alone). */
export function LevelBadge({ state, level }: { state: State; level: Wallet["alert_level"] }) {
  const cls = {
    ok: "bg-success",
    low: "bg-warning",
    negative: "bg-danger",
    over_grace: "bg-danger",
  }[level];
  return (
    <span class={`badge ${cls}`}>{state.tr(LEVEL_LABELS[level].it, LEVEL_LABELS[level].en)}</span>
  );
}

/**
 * A wallet's movements, newest first: date, what, amount, balance after, and the explanation
 * (why this amount) under the description — the same table for the office and the family.
 */
export function MovementsTable(
  { state, items, total, caption }: {
    state: State;
    items: Movement[];
    total: number;
    caption: string;
  },
) {
  const tr = state.tr;
  if (items.length === 0) {
    return <p>{tr("Nessun movimento finora.", "No movements yet.")}</p>;
  }
  return (
    // Focusable and named: on a phone the table scrolls sideways, by keyboard too.
    <div class="table-responsive" tabIndex={0} role="region" aria-label={caption}>
      <table class="table">
        <caption>
          {caption} ({tr(`${items.length} di ${total}`, `${items.length} of ${total}`)})
        </caption>
        <thead>
          <tr>
            <th scope="col">{tr("Data", "Date")}</th>
            <th scope="col">{tr("Movimento", "Movement")}</th>
            <th scope="col" class="text-end">{tr("Importo", "Amount")}</th>
            <th scope="col" class="text-end">{tr("Saldo dopo", "Balance after")}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((m) => {
            const why = m.explanation?.summary;
            return (
              <tr key={m.id}>
                <td class="text-nowrap">{formatDate(state.lang, m.day, "short")}</td>
                <td>
                  <strong>{tr(KIND_LABELS[m.kind].it, KIND_LABELS[m.kind].en)}</strong>
                  {": "}
                  {m.description}
                  {why && (
                    <div class="small text-secondary">{state.lang === "en" ? why.en : why.it}</div>
                  )}
                </td>
                <td class={`text-end text-nowrap${m.amount_cents < 0 ? " text-danger" : ""}`}>
                  {m.amount_cents > 0 ? "+" : ""}
                  {formatEuro(m.amount_cents, state.lang)}
                </td>
                <td class="text-end text-nowrap">
                  {formatEuro(m.balance_after_cents, state.lang)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
