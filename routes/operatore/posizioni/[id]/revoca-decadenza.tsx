import { CsrfField } from "../../../../components/CsrfField.tsx";
import { ErrorSummary, type FieldErrors } from "../../../../components/FormErrors.tsx";
import { TextAreaField } from "../../../../components/TextAreaField.tsx";
import { RequiredNote } from "../../../../components/TextField.tsx";
import { positionCollection } from "../../../../lib/billing/enforced_collection_read.ts";
import {
  missedInstalments,
  type PlanStanding,
} from "../../../../lib/billing/instalment_plan_lapse.ts";
import { revokeInstalmentPlanLapse } from "../../../../lib/billing/instalment_plan_lapse_record.ts";
import {
  nextInstalment,
  readRevokeForm,
  REVOKE_FIELDS,
  REVOKE_REFUSALS,
} from "../../../../lib/billing/instalment_plan_lapse_revoke.ts";
import { type PlanFacts, planLinks } from "../../../../lib/billing/instalment_plan_record.ts";
import { getPosition, type PositionDetail } from "../../../../lib/billing/positions_read.ts";
import type { Claims, Db } from "../../../../lib/db/types.ts";
import { define, HttpError, type State } from "../../../../lib/http/define.ts";
import { formatDate } from "../../../../lib/i18n/mod.ts";
import { euro } from "../../fatturazione/(_components)/bits.tsx";
import {
  lapseView,
  MissedTable,
  PlanSummary,
  ReasonConfirm,
  revokePath,
} from "../(_components)/InstalmentPlanLapse.tsx";
import { PositionActionHeading } from "../(_components)/PositionActionHeading.tsx";
import { type ReasonStep, reasonStepHandlers } from "../(_components)/reason_step.ts";

/** Why the lapse cannot be revoked now: a `REVOKE_REFUSALS` word (`lapse_revoke_<word>`). */
type RevokeRefusal = "forbidden" | "not_lapsed" | "settled" | "enforced";

interface Data extends ReasonStep {
  position: PositionDetail;
  plan: PlanFacts;
  /** The live enforced-collection list the position is on, if any. */
  collection: { id: string; reference: string } | null;
  standing: PlanStanding;
  refusal: RevokeRefusal | null;
}

/**
 * The plan position, its plan, the enforced-collection list it is on and whether the signed-in
 * office user can revoke its lapse, as `app.revoke_instalment_plan_lapse` decides (the database
 * checks again).
 */
async function load(db: Db, claims: Claims, id: string, billing: boolean, today: string) {
  const read = await db.asUser(claims, async (tx) => {
    const position = await getPosition(tx, id);
    if (!position) return null;
    const { plan } = await planLinks(tx, id);
    return { position, plan, collection: billing ? await positionCollection(tx, id) : null };
  });
  // An unknown position, or one that carries no plan.
  if (!read?.plan) throw new HttpError(404);
  const { position, plan, collection } = read;
  const refusal: RevokeRefusal | null = !billing
    ? "forbidden"
    : !plan.lapsed_at
    ? "not_lapsed"
    : position.status !== "open" && position.status !== "partially_paid"
    ? "settled"
    : collection
    ? "enforced"
    : null;
  return {
    position,
    plan,
    collection: collection && { id: collection.id, reference: collection.reference },
    standing: lapseView(position, plan, billing, today).standing,
    refusal,
  };
}

/** The refusal in words. */
function refusalText(state: State, r: RevokeRefusal): string {
  const l = REVOKE_REFUSALS[`lapse_revoke_${r}`];
  return state.tr(l.it, l.en);
}

const instantDay = (state: State, iso: string) => formatDate(state.lang, new Date(iso), "short");

/**
 * "Revoca la decadenza" of the plan carried by a position: GET shows the plan, the lapse being
 * revoked (when, by whom, why), what the revocation does (the instalments due on their own dates
 * again, the ones already past due still overdue) and the form with the reason (or why the lapse
 * cannot be revoked); POST checks the reason (422 with the error) and asks to confirm, nothing
 * written; `conferma=1` revokes it (`revokeInstalmentPlanLapse`: the payer e-mailed) and goes
 * back to the position, saying whether the payer was e-mailed; `modifica=1` goes back to the form.
 */
export const handler = reasonStepHandlers({
  field: REVOKE_FIELDS.reason,
  load,
  refusal: (state: State, r: RevokeRefusal) => ({
    text: refusalText(state, r),
    status: REVOKE_REFUSALS[`lapse_revoke_${r}`].status,
  }),
  read: readRevokeForm,
  act: revokeInstalmentPlanLapse,
  flash: "revocata",
});

/** The lapse being revoked: when it was declared, by whom, why. */
function LapseFacts({ state, plan }: { state: State; plan: PlanFacts }) {
  const tr = state.tr;
  if (!plan.lapsed_at) return null;
  return (
    <section aria-labelledby="decadenza-title">
      <h2 id="decadenza-title" class="h4">{tr("La decadenza", "The lapse")}</h2>
      <dl class="row">
        <dt class="col-sm-3">{tr("Dichiarata il", "Declared on")}</dt>
        <dd class="col-sm-9">{instantDay(state, plan.lapsed_at)}</dd>
        {plan.lapsed_by_name && (
          <>
            <dt class="col-sm-3">{tr("Da", "By")}</dt>
            <dd class="col-sm-9">{plan.lapsed_by_name}</dd>
          </>
        )}
        <dt class="col-sm-3">{tr("Motivo", "Reason")}</dt>
        <dd class="col-sm-9">{plan.lapse_reason}</dd>
      </dl>
    </section>
  );
}

/**
 * What the revocation does: the plan holds again, its unpaid instalments due on their own dates
 * (the next one named); the ones already past due stay overdue (listed); the payer e-mailed; the
 * plan may lapse again.
 */
function RevokeEffects(
  { state, notices, standing, today }: {
    state: State;
    notices: PositionDetail["notices"];
    standing: PlanStanding;
    today: string;
  },
) {
  const tr = state.tr;
  const missed = missedInstalments(notices, today);
  const next = nextInstalment(notices, today);
  return (
    <section aria-labelledby="effetti-title">
      <h2 id="effetti-title" class="h4">{tr("Cosa comporta la revoca", "What revoking does")}</h2>
      <p>
        {tr(
          `La rateizzazione torna valida: le rate non pagate sono di nuovo dovute alle loro scadenze, per un residuo di ${
            euro(state, standing.residualCents)
          }, e non più tutte subito.`,
          `The instalment plan holds again: the unpaid instalments are due on their own dates again, for a residual of ${
            euro(state, standing.residualCents)
          }, no longer all at once.`,
        )}
        {next && " "}
        {next && tr(
          `La prossima rata, la n. ${next.instalment} di ${
            euro(state, next.amount_cents)
          }, scade il ${formatDate(state.lang, next.due_on, "short")}.`,
          `The next instalment, no. ${next.instalment} of ${
            euro(state, next.amount_cents)
          }, falls due on ${formatDate(state.lang, next.due_on, "short")}.`,
        )}
      </p>
      {missed.length === 0
        ? <p>{tr("Nessuna rata è scaduta senza essere pagata.", "No instalment is overdue.")}</p>
        : (
          <>
            <p>
              {tr(
                "Le rate già scadute restano scadute e non pagate: i solleciti continuano a riguardarle.",
                "The instalments already past due stay overdue: reminders still cover them.",
              )}
            </p>
            <MissedTable state={state} missed={missed} missedCents={standing.missedCents} />
          </>
        )}
      <p>
        {tr(
          "Il pagatore riceve un'e-mail con il motivo della revoca, se nell'anagrafe ha un indirizzo. Se le rate non vengono pagate, il piano potrà decadere di nuovo.",
          "The payer gets an e-mail with the reason for the revocation, if the registry has an address. If the instalments are not paid, the plan can lapse again.",
        )}
      </p>
    </section>
  );
}

/** "Revoca la decadenza": the reason (the family reads it). Posts to the confirmation step. */
function RevokeForm(
  { state, positionId, reason, errors }: {
    state: State;
    positionId: string;
    reason: string;
    errors: FieldErrors;
  },
) {
  const tr = state.tr;
  return (
    <form
      method="post"
      action={revokePath(positionId)}
      aria-labelledby="revoca-form-title"
      novalidate
    >
      <CsrfField state={state} />
      <h2 id="revoca-form-title" class="h4">{tr("Il motivo", "The reason")}</h2>
      <ErrorSummary state={state} errors={errors} level={3} />
      <RequiredNote state={state} />
      <TextAreaField
        state={state}
        id={REVOKE_FIELDS.reason}
        label={tr("Motivo della revoca", "Reason for the revocation")}
        value={reason}
        maxLength={1000}
        rows={4}
        hint={tr(
          "Da 5 a 1000 caratteri: la famiglia lo legge nell'e-mail e nella pagina della posizione.",
          "5 to 1000 characters: the family reads it in the e-mail and on the position's page.",
        )}
        required
        errors={errors}
      />
      <button type="submit" class="btn btn-primary me-2">{tr("Continua", "Continue")}</button>
      <a class="btn btn-outline-secondary" href={`/operatore/posizioni/${positionId}`}>
        {tr("Torna alla posizione", "Back to the position")}
      </a>
    </form>
  );
}

/**
 * The confirmation step: the reason, and what the revocation does in short; "Revoca la
 * decadenza" writes, "Modifica" goes back to the form.
 */
function RevokeConfirm(
  { state, positionId, standing, form, reason }: {
    state: State;
    positionId: string;
    standing: PlanStanding;
    /** What was typed, sent again as it was. */
    form: string;
    /** The checked reason. */
    reason: string;
  },
) {
  const tr = state.tr;
  const missed = euro(state, standing.missedCents);
  return (
    <ReasonConfirm
      state={state}
      action={revokePath(positionId)}
      field={REVOKE_FIELDS.reason}
      form={form}
      reason={reason}
      submit={{ label: tr("Revoca la decadenza", "Revoke the lapse"), class: "btn-primary" }}
    >
      <p>
        {tr(
          "Con la revoca la rateizzazione torna valida e le rate sono dovute alle loro scadenze.",
          "With the revocation the instalment plan holds again and the instalments are due on their own dates.",
        )} {standing.missed > 0 && tr(
          `Le rate già scadute (${standing.missed}, per ${missed}) restano scadute e non pagate.`,
          `The instalments already past due (${standing.missed}, for ${missed}) stay overdue.`,
        )}
      </p>
      <p>
        {tr(
          "Il pagatore riceve un'e-mail con il motivo, se nell'anagrafe ha un indirizzo. Il piano potrà decadere di nuovo.",
          "The payer gets an e-mail with the reason, if the registry has an address. The plan can lapse again.",
        )}
      </p>
    </ReasonConfirm>
  );
}

export default define.page<Data>(function RevokeLapsePage({ data, state }) {
  const tr = state.tr;
  const p = data.position;
  const refusal = data.refusal ? refusalText(state, data.refusal) : null;
  const path = `/operatore/posizioni/${p.id}`;
  return (
    <>
      <PositionActionHeading
        state={state}
        position={p}
        crumb={tr("Revoca della decadenza", "Lapse revocation")}
        title={tr(
          "Revoca la decadenza della rateizzazione",
          "Revoke the instalment plan's lapse",
        )}
      />
      <PlanSummary state={state} plan={data.plan} />
      <LapseFacts state={state} plan={data.plan} />
      {data.message && data.message !== refusal && (
        <div class="alert alert-danger" role="alert">{data.message}</div>
      )}
      {refusal
        ? (
          <div class="alert alert-warning" role={data.message ? "alert" : "status"}>
            {refusal} {data.refusal === "enforced" && data.collection && (
              <>
                <a href={`/operatore/posizioni/riscossione/${data.collection.id}`}>
                  {tr(
                    `Vai all'elenco ${data.collection.reference}`,
                    `Go to the list ${data.collection.reference}`,
                  )}
                </a>
                {" · "}
              </>
            )}
            <a href={path}>{tr("Torna alla posizione", "Back to the position")}</a>
          </div>
        )
        : data.confirm
        ? (
          <RevokeConfirm
            state={state}
            positionId={p.id}
            standing={data.standing}
            form={data.reason}
            reason={data.confirm}
          />
        )
        : (
          <>
            <RevokeEffects
              state={state}
              notices={p.notices}
              standing={data.standing}
              today={data.today}
            />
            <RevokeForm
              state={state}
              positionId={p.id}
              reason={data.reason}
              errors={data.errors}
            />
          </>
        )}
    </>
  );
});
