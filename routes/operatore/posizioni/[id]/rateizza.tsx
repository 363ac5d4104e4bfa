import type { FieldErrors } from "../../../../components/FormErrors.tsx";
import { positionCollection } from "../../../../lib/billing/enforced_collection_read.ts";
import {
  defaultFirstDue,
  maxInstalmentsFor,
  MIN_PLAN_INSTALMENTS,
  PLAN_FIELDS,
  type PlanForm,
  type PlanInput,
  readPlanForm,
} from "../../../../lib/billing/instalment_plan.ts";
import { grantInstalmentPlan, PlanError } from "../../../../lib/billing/instalment_plan_record.ts";
import { getPosition, type PositionDetail } from "../../../../lib/billing/positions_read.ts";
import { isUuid } from "../../../../lib/codes/uuid.ts";
import type { Claims, Db } from "../../../../lib/db/types.ts";
import { define, HttpError, page } from "../../../../lib/http/define.ts";
import { hasAnyRole } from "../../../../lib/http/guards.ts";
import { romeDate } from "../../../../lib/i18n/mod.ts";
import { gpdGateway } from "../../../../lib/pagopa/gpd_client.ts";
import {
  NoticesTable,
  PlanConfirm,
  PlanFormFields,
  refusalText,
  type SpreadRefusal,
  spreadRefusal,
} from "../(_components)/InstalmentPlan.tsx";
import { PositionActionHeading } from "../(_components)/PositionActionHeading.tsx";

interface Data {
  position: PositionDetail;
  /** Why the position cannot be spread (then no form). */
  refusal: SpreadRefusal | null;
  /** Rome day the form was read on (the first due date's bounds). */
  today: string;
  form: PlanForm;
  errors: FieldErrors;
  /** The checked plan, for the confirmation step. */
  confirm?: PlanInput;
  /** A refusal of the database when granting. */
  message?: string;
}

/** The position and whether it can be spread, as the signed-in office user reads them. */
async function load(db: Db, claims: Claims, id: string, billing: boolean) {
  const read = await db.asUser(claims, async (tx) => {
    const position = await getPosition(tx, id);
    if (!position) return null;
    return { position, enforced: billing && !!await positionCollection(tx, id) };
  });
  if (!read) throw new HttpError(404);
  return {
    position: read.position,
    refusal: spreadRefusal(read.position, { billing, enforced: read.enforced }),
  };
}

/**
 * "Concedi una rateizzazione" of a position: GET shows the position and the form (or why it cannot
 * be spread), prefilled from `?rate=` and `?riferimento=` when they are valid (a family's request
 * from the office's queue); POST checks the form (errors beside the fields, 422) and shows the
 * instalments to confirm, nothing written; `conferma=1` grants the plan (`grantInstalmentPlan`: a
 * new position replaces this one, pagoPA and the payer told) and goes to the new position;
 * `modifica=1` goes back to the form with what was typed.
 */
export const handler = define.handlers<Data>({
  async GET(c) {
    const state = c.get("state");
    const id = c.req.param("id")!;
    if (!isUuid(id)) throw new HttpError(404);
    const billing = hasAnyRole(state, ["admin", "operator"]);
    const today = romeDate();
    const loaded = await load(state.db, state.claims!, id, billing);
    // "Concedi" of a family's request fills in what was asked (`?rate=&riferimento=`).
    const count = c.req.query(PLAN_FIELDS.count)?.trim() ?? "";
    const most = maxInstalmentsFor(loaded.position.amount_cents);
    const reference = c.req.query(PLAN_FIELDS.reference)?.trim() ?? "";
    const form: PlanForm = {
      count: /^\d{1,2}$/.test(count) && +count >= MIN_PLAN_INSTALMENTS && +count <= most
        ? String(+count)
        : "",
      first_due: defaultFirstDue(today),
      reference: reference.length >= 2 && reference.length <= 200 ? reference : "",
      reason: "",
    };
    return page({ ...loaded, today, form, errors: {} });
  },
  async POST(c) {
    const state = c.get("state");
    const { db, claims, config, tr } = state;
    const id = c.req.param("id")!;
    if (!isUuid(id)) throw new HttpError(404);
    const billing = hasAnyRole(state, ["admin", "operator"]);
    const body = await c.req.parseBody();
    const field = (k: string) => typeof body[k] === "string" ? (body[k] as string) : "";
    const form: PlanForm = {
      count: field(PLAN_FIELDS.count),
      first_due: field(PLAN_FIELDS.first_due),
      reference: field(PLAN_FIELDS.reference),
      reason: field(PLAN_FIELDS.reason),
    };
    const today = romeDate();
    const loaded = await load(db, claims!, id, billing);
    const again = (extra: Partial<Data>, status = 200) =>
      page({ ...loaded, today, form, errors: {}, ...extra }, { status });
    if (loaded.refusal && !field("conferma")) {
      const r = refusalText(state, loaded.refusal);
      return again({ message: r }, loaded.refusal === "forbidden" ? 403 : 409);
    }
    if (field("modifica")) return again({});
    const { input, errors } = readPlanForm(form, loaded.position.amount_cents, today, tr);
    if (!input) return again({ errors }, 422);
    if (field("conferma") !== "1") return again({ confirm: input });
    try {
      const granted = await grantInstalmentPlan(db, claims!, await gpdGateway(config), id, input);
      return c.redirect(
        `/operatore/posizioni/${granted.position_id}?rateizzazione=concessa`,
        303,
      );
    } catch (e) {
      if (!(e instanceof PlanError)) throw e;
      // What the database saw may differ from the page (paid meanwhile): read it again.
      const now = await load(db, claims!, id, billing);
      return page({ ...now, today, form, errors: {}, message: tr(e.it, e.en) }, {
        status: e.status,
      });
    }
  },
});

export default define.page<Data>(function GrantPlanPage({ data, state }) {
  const tr = state.tr;
  const p = data.position;
  const refusal = data.refusal ? refusalText(state, data.refusal) : null;
  const path = `/operatore/posizioni/${p.id}`;
  return (
    <>
      <PositionActionHeading
        state={state}
        position={p}
        crumb={tr("Rateizzazione", "Instalment plan")}
        title={tr("Concedi una rateizzazione", "Grant an instalment plan")}
      />
      {!data.confirm && (
        <NoticesTable
          state={state}
          notices={p.notices}
          caption={tr("Avvisi di pagamento attuali", "Current payment notices")}
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
          <PlanConfirm
            state={state}
            position={p}
            form={data.form}
            count={data.confirm.count}
            firstDue={data.confirm.firstDue}
            reference={data.confirm.reference}
            reason={data.confirm.reason}
          />
        )
        : (
          <PlanFormFields
            state={state}
            positionId={p.id}
            amountCents={p.amount_cents}
            today={data.today}
            form={data.form}
            errors={data.errors}
          />
        )}
    </>
  );
});
