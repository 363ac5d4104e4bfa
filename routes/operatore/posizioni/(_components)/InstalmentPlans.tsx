import {
  PLAN_STANDING_LABELS,
  PLAN_STANDINGS,
  type PlanRow,
  type PlanStandingKey,
} from "../../../../lib/billing/instalment_plans_read.ts";
import type { State } from "../../../../lib/http/define.ts";
import { formatDate } from "../../../../lib/i18n/mod.ts";
import { euro } from "../../fatturazione/(_components)/bits.tsx";
import { lapsePath } from "./InstalmentPlanLapse.tsx";

/** The office's list of instalment plans. */
export const PLANS_PATH = "/operatore/posizioni/piani";
export const PLANS_PAGE_SIZE = 25;

/** A standing of the filter (`?stato=`), or null for all. */
export const readStanding = (raw: string | undefined): PlanStandingKey | null =>
  PLAN_STANDINGS.find((s) => s === raw) ?? null;

/** Plans with instalments missed, the Ente's rule of decadenza met or not yet. */
export const isMissing = (s: PlanStandingKey | null): boolean => s === "lapse_due" || s === "late";

/** The list's address for `standing` and page `n`. */
export function plansHref(standing: PlanStandingKey | null, n = 1) {
  const q = new URLSearchParams({
    ...(standing ? { stato: standing } : {}),
    ...(n > 1 ? { pagina: String(n) } : {}),
  });
  return `${PLANS_PATH}${q.size ? `?${q}` : ""}`;
}

export function StandingBadge({ state, standing }: { state: State; standing: PlanStandingKey }) {
  const l = PLAN_STANDING_LABELS[standing];
  return <span class={`badge bg-${l.badge}`}>{state.tr(l.it, l.en)}</span>;
}

const day = (state: State, iso: string) => formatDate(state.lang, iso, "short");
const instant = (state: State, iso: string) => formatDate(state.lang, new Date(iso), "short");

/** The plans: payer, position, instalments paid and missed, what is left, where it stands. */
export function PlansTable(
  { state, items, total, billing }: {
    state: State;
    items: PlanRow[];
    total: number;
    /** The signed-in user may declare a decadenza (the billing office). */
    billing: boolean;
  },
) {
  const tr = state.tr;
  if (items.length === 0) {
    return <p>{tr("Nessun piano di rateizzazione.", "No instalment plans.")}</p>;
  }
  return (
    <div class="table-responsive">
      <table class="table">
        <caption>{tr(`Piani trovati: ${total}`, `Plans found: ${total}`)}</caption>
        <thead>
          <tr>
            <th scope="col">{tr("Pagatore", "Payer")}</th>
            <th scope="col">{tr("Posizione", "Position")}</th>
            <th scope="col">{tr("Concessa il", "Granted on")}</th>
            <th scope="col" class="text-end">{tr("Rate pagate", "Instalments paid")}</th>
            <th scope="col">{tr("Rate scadute", "Instalments missed")}</th>
            <th scope="col" class="text-end">{tr("Residuo", "Left to pay")}</th>
            <th scope="col">{tr("Stato", "Status")}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((p) => (
            <tr key={p.position_id} id={`piano-${p.position_id}`}>
              <th scope="row">
                <a href={`/operatore/posizioni/${p.position_id}`}>{p.payer_name}</a>
              </th>
              <td>
                {p.description}
                <span class="d-block small">{p.iupd} — {euro(state, p.amount_cents)}</span>
              </td>
              <td class="text-nowrap">{instant(state, p.granted_at)}</td>
              <td class="text-end">{p.paid_instalments} / {p.instalments}</td>
              <td>
                {p.missed === 0 ? "—" : (
                  <>
                    {p.missed} ({euro(state, p.missed_cents)})
                    {p.missed_since && (
                      <span class="d-block small">
                        {tr(
                          `dal ${day(state, p.missed_since)}`,
                          `since ${day(state, p.missed_since)}`,
                        )}
                      </span>
                    )}
                  </>
                )}
              </td>
              <td class="text-end">{euro(state, p.residual_cents)}</td>
              <td>
                <StandingBadge state={state} standing={p.standing} />
                {p.lapsed_at && (
                  <span class="d-block small">
                    {tr(`il ${instant(state, p.lapsed_at)}`, `on ${instant(state, p.lapsed_at)}`)}
                  </span>
                )}
                {isMissing(p.standing) && billing && (
                  <a
                    class="btn btn-outline-danger btn-sm d-block mt-2"
                    href={lapsePath(p.position_id)}
                  >
                    {tr("Valuta la decadenza", "Consider the lapse")}
                  </a>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
