import { planStanding } from "../../../../lib/billing/instalment_plan_lapse.ts";
import type { FamilyNotice } from "../../../../lib/billing/family_read.ts";
import type { PlanFacts } from "../../../../lib/billing/instalment_plan_record.ts";
import type { State } from "../../../../lib/http/define.ts";
import { romeDate } from "../../../../lib/i18n/mod.ts";
import { day, euro } from "./Payments.tsx";

/**
 * The Ente declared the position's instalment plan lapsed: when, the office's reason, and, while
 * the position is still to pay, the whole residual due at once, payable with the instalments'
 * notices below (they stay valid). Who declared it is the office's business, never shown here.
 */
export function LapsedPlanNotice(
  { state, plan, notices, payable, today }: {
    state: State;
    plan: PlanFacts;
    notices: readonly FamilyNotice[];
    /** The position is still to pay (not paid nor cancelled). */
    payable: boolean;
    today: string;
  },
) {
  if (!plan.lapsed_at) return null;
  const tr = state.tr;
  const granted = day(state, romeDate(new Date(plan.granted_at)));
  const on = day(state, romeDate(new Date(plan.lapsed_at)));
  const residual = euro(state, planStanding(notices, today).residualCents);
  return (
    <div class="callout danger" id="rateizzazione-decaduta">
      <div class="callout-title">{tr("Rateizzazione decaduta", "Instalment plan lapsed")}</div>
      <p>
        {tr(
          `La rateizzazione concessa il ${granted} (rif. ${plan.reference}) è decaduta il ${on}.`,
          `The instalment plan granted on ${granted} (ref. ${plan.reference}) lapsed on ${on}.`,
        )}
      </p>
      <p class={payable ? undefined : "mb-0"}>
        {tr("Motivo indicato dall'Ente: ", "Reason given by the Ente: ")}
        {plan.lapse_reason}
      </p>
      {payable && (
        <p class="mb-0">
          {tr(
            `L'intero importo residuo di ${residual} è dovuto subito. Puoi pagarlo con gli avvisi delle rate qui sotto, che restano validi; quanto resterà non pagato potrà essere affidato alla riscossione coattiva.`,
            `The whole residual of ${residual} is due at once. You can pay it with the instalments' notices below, which stay valid; what stays unpaid may be handed to enforced collection.`,
          )}
        </p>
      )}
    </div>
  );
}

/**
 * The Ente revoked the lapse of the position's instalment plan (it holds again): when, the
 * office's reason, and that the instalments are due on their own dates. Never who revoked it.
 * Nothing while the plan is lapsed or was never revoked.
 */
export function RevokedLapseNotice({ state, plan }: { state: State; plan: PlanFacts }) {
  if (plan.lapsed_at || !plan.lapse_revoked_at) return null;
  const on = day(state, romeDate(new Date(plan.lapse_revoked_at)));
  const reason = plan.lapse_revoke_reason ?? "";
  // The reason's own full stop, if it has one.
  const stop = /[.!?]$/.test(reason) ? " " : ". ";
  return (
    <div class="alert alert-info" role="status" id="decadenza-revocata">
      {state.tr(
        `La decadenza della rateizzazione è stata revocata il ${on}: `,
        `The lapse of the instalment plan was revoked on ${on}: `,
      )}
      {reason}
      {stop}
      {state.tr(
        "Le rate restano dovute alle loro scadenze.",
        "The instalments stay due on their own dates.",
      )}
    </div>
  );
}
