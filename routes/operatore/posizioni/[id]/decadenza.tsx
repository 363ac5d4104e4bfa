import { LAPSE_FIELDS, readLapseForm } from "../../../../lib/billing/instalment_plan_lapse.ts";
import { lapseInstalmentPlan } from "../../../../lib/billing/instalment_plan_lapse_record.ts";
import { type PlanFacts, planLinks } from "../../../../lib/billing/instalment_plan_record.ts";
import { getPosition, type PositionDetail } from "../../../../lib/billing/positions_read.ts";
import { getLapseRule } from "../../../../lib/billing/settings.ts";
import type { Claims, Db } from "../../../../lib/db/types.ts";
import { define, HttpError, type State } from "../../../../lib/http/define.ts";
import {
  LapseConfirm,
  LapseForm,
  type LapseRefusal,
  lapseRefusalText,
  LapseStanding,
  type LapseView,
  lapseView,
  PlanSummary,
} from "../(_components)/InstalmentPlanLapse.tsx";
import { PositionActionHeading } from "../(_components)/PositionActionHeading.tsx";
import { type ReasonStep, reasonStepHandlers } from "../(_components)/reason_step.ts";

interface Data extends LapseView, ReasonStep {
  position: PositionDetail;
  plan: PlanFacts;
}

/**
 * The plan position, its plan and how it stands by the Ente's rule of decadenza, as the
 * signed-in office user reads them.
 */
async function load(db: Db, claims: Claims, id: string, billing: boolean, today: string) {
  const read = await db.asUser(claims, async (tx) => {
    const position = await getPosition(tx, id);
    return position &&
      { position, plan: (await planLinks(tx, id)).plan, rule: await getLapseRule(tx) };
  });
  // An unknown position, or one that carries no plan.
  if (!read?.plan) throw new HttpError(404);
  return {
    position: read.position,
    plan: read.plan,
    ...lapseView(read.position, read.plan, billing, today, read.rule),
  };
}

/**
 * "Dichiara la decadenza" of the plan carried by a position: GET shows the plan, how it stands
 * (the instalments missed, the residual) and the form with the reason (or why it cannot lapse);
 * POST checks the reason (422 with the error) and shows what the lapse does, nothing written;
 * `conferma=1` declares it (`lapseInstalmentPlan`: the payer e-mailed) and goes back to the
 * position, saying whether the payer was e-mailed; `modifica=1` goes back to the form.
 */
export const handler = reasonStepHandlers({
  field: LAPSE_FIELDS.reason,
  load,
  refusal: (state: State, r: LapseRefusal) => ({
    text: lapseRefusalText(state, r),
    status: r === "forbidden" ? 403 : 409,
  }),
  read: readLapseForm,
  act: lapseInstalmentPlan,
  flash: "dichiarata",
});

export default define.page<Data>(function LapsePlanPage({ data, state }) {
  const tr = state.tr;
  const p = data.position;
  const refusal = data.refusal ? lapseRefusalText(state, data.refusal) : null;
  const path = `/operatore/posizioni/${p.id}`;
  return (
    <>
      <PositionActionHeading
        state={state}
        position={p}
        crumb={tr("Decadenza", "Lapse")}
        title={tr(
          "Dichiara la decadenza della rateizzazione",
          "Declare the instalment plan lapsed",
        )}
      />
      <PlanSummary state={state} plan={data.plan} />
      {!data.plan.lapsed_at && (
        <LapseStanding
          state={state}
          notices={p.notices}
          standing={data.standing}
          today={data.today}
        />
      )}
      {data.message && data.message !== refusal && (
        <div class="alert alert-danger" role="alert">{data.message}</div>
      )}
      {refusal
        ? (
          <div class="alert alert-warning" role={data.message ? "alert" : "status"}>
            {refusal} <a href={path}>{tr("Torna alla posizione", "Back to the position")}</a>
          </div>
        )
        : data.confirm
        ? (
          <LapseConfirm
            state={state}
            positionId={p.id}
            standing={data.standing}
            form={data.reason}
            reason={data.confirm}
          />
        )
        : (
          <LapseForm
            state={state}
            positionId={p.id}
            standing={data.standing}
            rule={data.rule}
            reason={data.reason}
            errors={data.errors}
          />
        )}
    </>
  );
});
