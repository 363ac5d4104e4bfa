import type { FieldErrors } from "../../../../components/FormErrors.tsx";
import { LAPSE_FIELDS, readLapseForm } from "../../../../lib/billing/instalment_plan_lapse.ts";
import { lapseInstalmentPlan } from "../../../../lib/billing/instalment_plan_lapse_record.ts";
import {
  PlanError,
  type PlanFacts,
  planLinks,
} from "../../../../lib/billing/instalment_plan_record.ts";
import { getPosition, type PositionDetail } from "../../../../lib/billing/positions_read.ts";
import { isUuid } from "../../../../lib/codes/uuid.ts";
import type { Claims, Db } from "../../../../lib/db/types.ts";
import { define, HttpError, page } from "../../../../lib/http/define.ts";
import { hasAnyRole } from "../../../../lib/http/guards.ts";
import { romeDate } from "../../../../lib/i18n/mod.ts";
import {
  LapseConfirm,
  LapseForm,
  lapseRefusalText,
  LapseStanding,
  type LapseView,
  lapseView,
  PlanSummary,
} from "../(_components)/InstalmentPlanLapse.tsx";
import { PositionActionHeading } from "../(_components)/PositionActionHeading.tsx";

interface Data extends LapseView {
  position: PositionDetail;
  plan: PlanFacts;
  /** Rome day the standing was read on. */
  today: string;
  /** The reason as typed. */
  reason: string;
  errors: FieldErrors;
  /** The checked reason, for the confirmation step. */
  confirm?: string;
  /** A refusal of the database when declaring the lapse. */
  message?: string;
}

/** The plan position, its plan and how it stands, as the signed-in office user reads them. */
async function load(db: Db, claims: Claims, id: string, billing: boolean, today: string) {
  const read = await db.asUser(claims, async (tx) => {
    const position = await getPosition(tx, id);
    return position && { position, plan: (await planLinks(tx, id)).plan };
  });
  // An unknown position, or one that carries no plan.
  if (!read?.plan) throw new HttpError(404);
  return {
    position: read.position,
    plan: read.plan,
    ...lapseView(read.position, read.plan, billing, today),
  };
}

/**
 * "Dichiara la decadenza" of the plan carried by a position: GET shows the plan, how it stands
 * (the instalments missed, the residual) and the form with the reason (or why it cannot lapse);
 * POST checks the reason (422 with the error) and shows what the lapse does, nothing written;
 * `conferma=1` declares it (`lapseInstalmentPlan`: the payer e-mailed) and goes back to the
 * position, saying whether the payer was e-mailed; `modifica=1` goes back to the form.
 */
export const handler = define.handlers<Data>({
  async GET(c) {
    const state = c.get("state");
    const id = c.req.param("id")!;
    if (!isUuid(id)) throw new HttpError(404);
    const billing = hasAnyRole(state, ["admin", "operator"]);
    const today = romeDate();
    const loaded = await load(state.db, state.claims!, id, billing, today);
    return page({ ...loaded, today, reason: "", errors: {} });
  },
  async POST(c) {
    const state = c.get("state");
    const { db, claims, tr } = state;
    const id = c.req.param("id")!;
    if (!isUuid(id)) throw new HttpError(404);
    const billing = hasAnyRole(state, ["admin", "operator"]);
    const body = await c.req.parseBody();
    const field = (k: string) => typeof body[k] === "string" ? (body[k] as string) : "";
    const reason = field(LAPSE_FIELDS.reason);
    const today = romeDate();
    const loaded = await load(db, claims!, id, billing, today);
    const again = (extra: Partial<Data>, status = 200) =>
      page({ ...loaded, today, reason, errors: {}, ...extra }, { status });
    if (loaded.refusal && !field("conferma")) {
      const r = lapseRefusalText(state, loaded.refusal);
      return again({ message: r }, loaded.refusal === "forbidden" ? 403 : 409);
    }
    if (field("modifica")) return again({});
    const checked = readLapseForm({ reason }, tr);
    if (!checked.reason) return again({ errors: checked.errors }, 422);
    if (field("conferma") !== "1") return again({ confirm: checked.reason });
    try {
      const lapsed = await lapseInstalmentPlan(db, claims!, id, checked.reason);
      // Whether the payer was e-mailed, as the lapse itself found (the registry's address then).
      const email = lapsed.mailed ? "inviata" : "assente";
      return c.redirect(`/operatore/posizioni/${id}?decadenza=dichiarata&email=${email}`, 303);
    } catch (e) {
      if (!(e instanceof PlanError)) throw e;
      // What the database saw may differ from the page (paid meanwhile): read it again.
      const now = await load(db, claims!, id, billing, today);
      return page({ ...now, today, reason, errors: {}, message: tr(e.it, e.en) }, {
        status: e.status,
      });
    }
  },
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
            reason={data.reason}
            errors={data.errors}
          />
        )}
    </>
  );
});
