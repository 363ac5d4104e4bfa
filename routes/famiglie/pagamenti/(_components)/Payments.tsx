import type { State } from "../../../../lib/http/define.ts";
import { formatDate, formatDateTime } from "../../../../lib/i18n/mod.ts";
import type {
  FamilyNotice,
  FamilyReceipt,
  FamilyState,
  PositionSummary,
} from "../../../../lib/billing/family_read.ts";
import { formatEuro } from "../../../../lib/tariffs/money.ts";
import { paymentMethodLabel } from "../../../../lib/pagopa/receipts_manual.ts";

/** Badge text and tone per state; the words say it, never the colour alone. */
const STATES: Record<FamilyState, [string, string, string]> = {
  to_pay: ["Da pagare", "To pay", "primary"],
  overdue: ["Scaduto", "Overdue", "danger"],
  partially_paid: ["Pagato in parte", "Partly paid", "warning"],
  paid: ["Pagato", "Paid", "success"],
  cancelled: ["Annullato", "Cancelled", "secondary"],
};

export const stateText = (state: State, s: FamilyState) => state.tr(STATES[s][0], STATES[s][1]);

export function euro(state: State, cents: number): string {
  return formatEuro(cents, state.lang === "en" ? "en" : "it");
}

/**
 * The position's badges: its state, and "Scaduto" too when a part paid has a late instalment; a
 * position cancelled because an instalment plan replaced it says so.
 */
export function PositionBadges({ state, p }: { state: State; p: PositionSummary }) {
  const [it, en, tone] = p.state === "cancelled" && p.replaced_by
    ? ["Sostituita da rateizzazione", "Replaced by an instalment plan", "secondary"]
    : STATES[p.state];
  return (
    <>
      <span class={`badge bg-${tone}${tone === "warning" ? " text-dark" : ""} me-1`}>
        {state.tr(it, en)}
      </span>
      {p.state === "partially_paid" && p.overdue && (
        <span class="badge bg-danger me-1">{state.tr("Scaduto", "Overdue")}</span>
      )}
      {p.purpose === "top_up" && (
        <span class="badge bg-light text-dark border">
          {state.tr("Ricarica borsellino", "Wallet top-up")}
        </span>
      )}
    </>
  );
}

/** A calendar date (YYYY-MM-DD) as people read it, short: "30/11/2026". */
export function day(state: State, d: string | null): string {
  return d ? formatDate(state.lang, d.slice(0, 10), "short") : "—";
}

/** An instant in Europe/Rome: "28/11/2026, 14:05". */
export function instant(state: State, iso: string | null): string {
  return iso ? formatDateTime(state.lang, iso) : "—";
}

/** "Ottobre 2026" for a whole month, else "01/10/2026 – 15/10/2026". */
export function period(state: State, from: string | null, to: string | null): string {
  if (!from || !to) return "—";
  const last = new Date(Date.UTC(+to.slice(0, 4), +to.slice(5, 7), 0)).getUTCDate();
  if (from.slice(0, 7) === to.slice(0, 7) && from.endsWith("-01") && +to.slice(8) === last) {
    const m = new Intl.DateTimeFormat(state.lang === "en" ? "en-GB" : "it-IT", {
      month: "long",
      year: "numeric",
      timeZone: "UTC",
    }).format(new Date(`${from}T00:00:00Z`));
    return m.charAt(0).toUpperCase() + m.slice(1);
  }
  return `${day(state, from)} – ${day(state, to)}`;
}

/** "Rata unica" or "Rata 2 di 3". */
export function optionLabel(state: State, n: FamilyNotice, count: number): string {
  return n.instalment === 0
    ? state.tr("Pagamento in unica soluzione", "Single payment")
    : state.tr(`Rata ${n.instalment} di ${count}`, `Instalment ${n.instalment} of ${count}`);
}

const NOTICE_STATES: Record<FamilyNotice["status"], [string, string, string]> = {
  unpaid: ["Da pagare", "To pay", "primary"],
  paid: ["Pagato", "Paid", "success"],
  cancelled: ["Non più pagabile", "No longer payable", "secondary"],
};

export function NoticeBadge(
  { state, n, today }: { state: State; n: FamilyNotice; today: string },
) {
  const late = n.status === "unpaid" && n.due_on < today;
  const [it, en, tone] = late ? ["Scaduto", "Overdue", "danger"] : NOTICE_STATES[n.status];
  return <span class={`badge bg-${tone}`}>{state.tr(it, en)}</span>;
}

/** The 18-digit notice number grouped in fours as printed on the notice: "3070 0000 …". */
export function groupedNav(nav: string): string {
  return nav.replace(/(\d{4})(?=\d)/g, "$1 ");
}

/** How a receipt was paid, in the page's language. */
export function methodText(state: State, r: FamilyReceipt): string {
  return paymentMethodLabel(r.source, r.payment_method, state.lang === "en" ? "en" : "it");
}
