import { Breadcrumb } from "../../../../components/Breadcrumb.tsx";
import type { FieldErrors } from "../../../../components/FormErrors.tsx";
import {
  type BulkRefusal,
  lapseSelected,
  plansMeetingRule,
  selectForLapse,
} from "../../../../lib/billing/instalment_plan_bulk_lapse.ts";
import {
  LAPSE_FIELDS,
  LAPSE_REFUSALS,
  type LapseRule,
  readLapseForm,
} from "../../../../lib/billing/instalment_plan_lapse.ts";
import type { PlanRow } from "../../../../lib/billing/instalment_plans_read.ts";
import { define, HttpError, page, type State } from "../../../../lib/http/define.ts";
import { hasAnyRole } from "../../../../lib/http/guards.ts";
import {
  BULK_LAPSE_LIMIT,
  BulkLapseConfirm,
  BulkLapseForm,
  BulkLapseResults,
  type Excluded,
  ExcludedList,
  type LapsedPlan,
  PLAN_FIELD,
  readPlanIds,
} from "../(_components)/BulkLapse.tsx";
import { lapsePath, lapseRuleLead } from "../(_components)/InstalmentPlanLapse.tsx";
import { PLANS_PATH } from "../(_components)/InstalmentPlans.tsx";

interface Data {
  /** The Ente's rule of decadenza. */
  rule: LapseRule;
  /** The plans meeting it now, as listed (at most `BULK_LAPSE_LIMIT`, plus any chosen beyond). */
  items: PlanRow[];
  total: number;
  /** The plans ticked; null ticks them all (the first visit). */
  chosen: string[] | null;
  /** The reason as typed. */
  reason: string;
  errors: FieldErrors;
  /** Plans posted that do not meet the rule now (never lapsed), with why. */
  excluded: Excluded[];
  /** The confirmation step: the checked reason and the plans chosen. */
  confirm?: { reason: string; plans: PlanRow[] };
  /** After the confirmed action: what lapsed, and what did not with why. */
  done?: { lapsed: LapsedPlan[]; refused: Excluded[] };
}

/**
 * A plan not declared lapsed, in the page's words; the plan's own page of decadenza offered when
 * the office may still consider it there (the rule not met now, or an unexpected error).
 */
const excludedOf = (state: State) => (r: BulkRefusal): Excluded => ({
  id: r.id,
  payer_name: r.payer_name,
  description: r.description,
  reason: state.tr(r.it, r.en),
  ...(r.code === "rule_not_met" || r.code === "error" ? { href: lapsePath(r.id) } : {}),
});

function billingOnly(state: State) {
  if (!hasAnyRole(state, ["admin", "operator"])) {
    const r = LAPSE_REFUSALS.instalment_lapse_forbidden;
    throw new HttpError(403, state.tr(r.it, r.en), { code: "forbidden" });
  }
}

/**
 * "Decadenza dei piani con la decadenza maturata": GET lists the plans meeting the Ente's rule now
 * (ticked) and asks the reason; POST takes only the ids among them (others reported, never
 * lapsed), checks the reason (422 beside the field, the choices kept) and shows the confirmation,
 * nothing written; `conferma=1` checks both again and declares each plan lapsed
 * (`lapseInstalmentPlan`: audited, payer e-mailed), answering with what lapsed and what did not;
 * `modifica=1` goes back to the form.
 */
export const handler = define.handlers<Data>({
  async GET(c) {
    const state = c.get("state");
    billingOnly(state);
    const due = await state.db.asUser(state.claims!, (tx) => plansMeetingRule(tx, false));
    return page({
      rule: due.rule,
      items: due.items,
      total: due.total,
      chosen: null,
      reason: "",
      errors: {},
      excluded: [],
    });
  },
  async POST(c) {
    const state = c.get("state");
    billingOnly(state);
    const tr = state.tr;
    const body = await c.req.parseBody({ all: true });
    const one = (k: string) => typeof body[k] === "string" ? (body[k] as string) : "";
    const reason = one(LAPSE_FIELDS.reason);
    if (([] as unknown[]).concat(body[PLAN_FIELD] ?? []).length > BULK_LAPSE_LIMIT) {
      const due = await state.db.asUser(state.claims!, (tx) => plansMeetingRule(tx, false));
      const base = { rule: due.rule, total: due.total, reason, excluded: [] as Excluded[] };
      const errors = {
        [PLAN_FIELD]: tr(
          `Puoi scegliere al massimo ${BULK_LAPSE_LIMIT} piani alla volta.`,
          `You can choose at most ${BULK_LAPSE_LIMIT} plans at a time.`,
        ),
      };
      return page({ ...base, items: due.items, chosen: [], errors }, { status: 422 });
    }
    const { ids, malformed } = readPlanIds(body[PLAN_FIELD]);
    // The ids among the plans meeting the rule now; the others, with why, never lapsed.
    const selection = await selectForLapse(state.db, state.claims!, ids, malformed);
    const { plans } = selection;
    const shown = selection.due.slice(0, BULK_LAPSE_LIMIT);
    const base = {
      rule: selection.rule,
      total: selection.total,
      reason,
      excluded: [] as Excluded[],
    };
    const excluded = selection.excluded.map(excludedOf(state));
    const form = (errors: FieldErrors, status = 200) =>
      page({
        ...base,
        // A plan chosen beyond the first ones listed stays on the form, ticked.
        items: [...shown, ...plans.filter((p) => !shown.includes(p))],
        chosen: plans.map((p) => p.position_id),
        errors,
        excluded,
      }, { status });
    if (one("modifica")) return form({});
    const confirming = one("conferma") === "1";
    const errors: FieldErrors = {};
    if (plans.length === 0 && !confirming) {
      errors[PLAN_FIELD] = excluded.length
        ? tr(
          "Nessuno dei piani scelti soddisfa ora la regola di decadenza: scegline almeno uno tra quelli elencati.",
          "None of the plans chosen meets the lapse rule now: choose at least one of those listed.",
        )
        : tr(
          "Scegli almeno un piano di cui dichiarare la decadenza.",
          "Choose at least one plan to declare lapsed.",
        );
    }
    const checked = readLapseForm({ reason }, tr);
    Object.assign(errors, checked.errors);
    if (!checked.reason || Object.keys(errors).length) return form(errors, 422);
    if (!confirming) {
      return page({
        ...base,
        items: shown,
        chosen: plans.map((p) => p.position_id),
        errors: {},
        excluded,
        confirm: { reason: checked.reason, plans },
      });
    }
    // Each plan its own transaction; what was not declared, in the order posted: refused by the
    // database, or not meeting the rule now (a second submit of the same confirmation lands
    // here: the plans already lapsed).
    const done = await lapseSelected(state.db, state.claims!, selection, ids, checked.reason);
    return page({
      ...base,
      items: shown,
      chosen: null,
      errors: {},
      done: { lapsed: done.lapsed, refused: done.refused.map(excludedOf(state)) },
    });
  },
});

export default define.page<Data>(function BulkLapsePage({ data, state }) {
  const tr = state.tr;
  const title = tr(
    "Decadenza dei piani con la decadenza maturata",
    "Lapse of the plans meeting the lapse rule",
  );
  const leftOut = tr(
    "Esclusi: non soddisfano ora la regola di decadenza, la decadenza non sarà dichiarata",
    "Left out: they do not meet the lapse rule now, they will not be declared lapsed",
  );
  return (
    <>
      <Breadcrumb
        state={state}
        items={[
          [tr("Fatturazione", "Billing"), "/operatore/fatturazione"],
          [tr("Posizioni debitorie", "Debt positions"), "/operatore/posizioni"],
          [tr("Piani di rateizzazione", "Instalment plans"), PLANS_PATH],
          [tr("Decadenza", "Lapse")],
        ]}
      />
      <h1>{title}</h1>
      <p class="lead" id="regola">
        {lapseRuleLead(state, data.rule)}
        {tr(
          ". Qui sono elencati i piani che soddisfano ora questa regola: scegli quelli di cui dichiarare la decadenza e indica il motivo, uguale per tutti. Con la decadenza l'intero residuo di ogni piano diventa dovuto subito.",
          ". Here are the plans that meet this rule now: choose those to declare lapsed and give the reason, the same for all. With the lapse each plan's whole residual falls due at once.",
        )}
      </p>
      {data.done
        ? <BulkLapseResults state={state} lapsed={data.done.lapsed} refused={data.done.refused} />
        : (
          <>
            <ExcludedList state={state} excluded={data.excluded} title={leftOut} />
            {data.confirm
              ? (
                <BulkLapseConfirm
                  state={state}
                  plans={data.confirm.plans}
                  form={data.reason}
                  reason={data.confirm.reason}
                />
              )
              : data.items.length === 0
              ? (
                <p id="nessun-piano">
                  {tr(
                    "Nessun piano soddisfa ora la regola di decadenza dell'Ente. ",
                    "No plan meets the Ente's lapse rule now. ",
                  )}
                  <a href={PLANS_PATH}>{tr("Torna ai piani", "Back to the plans")}</a>
                </p>
              )
              : (
                <BulkLapseForm
                  state={state}
                  items={data.items}
                  total={data.total}
                  chosen={data.chosen}
                  reason={data.reason}
                  errors={data.errors}
                />
              )}
          </>
        )}
    </>
  );
});
