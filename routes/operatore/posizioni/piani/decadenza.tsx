import { Breadcrumb } from "../../../../components/Breadcrumb.tsx";
import type { FieldErrors } from "../../../../components/FormErrors.tsx";
import {
  LAPSE_FIELDS,
  LAPSE_REFUSALS,
  type LapseRule,
  readLapseForm,
} from "../../../../lib/billing/instalment_plan_lapse.ts";
import { lapseInstalmentPlan } from "../../../../lib/billing/instalment_plan_lapse_record.ts";
import { PlanError } from "../../../../lib/billing/instalment_plan_record.ts";
import {
  listPlans,
  type PlanRow,
  planStatesOf,
} from "../../../../lib/billing/instalment_plans_read.ts";
import type { Claims, Db } from "../../../../lib/db/types.ts";
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

/** The plans meeting the Ente's rule now: the first `BULK_LAPSE_LIMIT`, or every one (`all`). */
async function lapseDue(db: Db, claims: Claims, all: boolean) {
  return await db.asUser(claims, async (tx) => {
    const first = await listPlans(tx, { standing: "lapse_due" }, BULK_LAPSE_LIMIT, 0);
    if (!all || first.total <= first.items.length) return first;
    return await listPlans(tx, { standing: "lapse_due" }, first.total + BULK_LAPSE_LIMIT, 0);
  });
}

/**
 * Why each posted id is not among the plans meeting the rule now, read from the position and its
 * plan (as the signed-in user reads them): no plan, already lapsed, settled, or the rule not met.
 */
async function describeExcluded(
  state: State,
  ids: string[],
  malformed: string[],
): Promise<Excluded[]> {
  const tr = state.tr;
  const rows = ids.length === 0
    ? []
    : await state.db.asUser(state.claims!, (tx) => planStatesOf(tx, ids));
  const refusal = (word: string) => {
    const r = LAPSE_REFUSALS[`instalment_lapse_${word}`];
    return tr(r.it, r.en);
  };
  const known = ids.map((id): Excluded => {
    const r = rows.find((x) => x.id === id);
    if (!r || !r.has_plan) {
      return { id, payer_name: null, description: null, reason: refusal("not_found") };
    }
    const named = { id, payer_name: r.payer_name, description: r.description };
    if (r.lapsed) return { ...named, reason: refusal("already") };
    if (r.status !== "open" && r.status !== "partially_paid") {
      return { ...named, reason: refusal("settled") };
    }
    return {
      ...named,
      reason: tr(
        "il piano non soddisfa ora la regola di decadenza dell'Ente: la decadenza non è stata dichiarata.",
        "the plan does not meet the Ente's lapse rule now: it was not declared lapsed.",
      ),
      href: lapsePath(id),
    };
  });
  return [
    ...known,
    ...malformed.map((v) => ({
      id: v,
      payer_name: null,
      description: null,
      reason: tr("non è l'identificativo di una posizione.", "not a position's id."),
    })),
  ];
}

/** Declares each plan lapsed, one transaction each; every refusal kept with why. */
async function lapseEach(state: State, plans: PlanRow[], reason: string) {
  const lapsed: LapsedPlan[] = [];
  const refused: Excluded[] = [];
  for (const row of plans) {
    const named = { id: row.position_id, payer_name: row.payer_name, description: row.description };
    try {
      const done = await lapseInstalmentPlan(state.db, state.claims!, row.position_id, reason);
      lapsed.push({ row, residual_cents: done.residual_cents, mailed: done.mailed });
    } catch (e) {
      if (e instanceof PlanError) {
        refused.push({ ...named, reason: state.tr(e.it, e.en) });
        continue;
      }
      // The others go on: the office learns which plan to take up again from its own page.
      console.error("bulk lapse:", row.position_id, e);
      refused.push({
        ...named,
        reason: state.tr(
          "errore imprevisto: la decadenza non è stata dichiarata; riprova dalla pagina del piano.",
          "unexpected error: it was not declared lapsed; try again from the plan's page.",
        ),
        href: lapsePath(row.position_id),
      });
    }
  }
  return { lapsed, refused };
}

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
    const due = await lapseDue(state.db, state.claims!, false);
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
    const due = await lapseDue(state.db, state.claims!, true);
    const shown = due.items.slice(0, BULK_LAPSE_LIMIT);
    const base = { rule: due.rule, total: due.total, reason, excluded: [] as Excluded[] };
    if (([] as unknown[]).concat(body[PLAN_FIELD] ?? []).length > BULK_LAPSE_LIMIT) {
      const errors = {
        [PLAN_FIELD]: tr(
          `Puoi scegliere al massimo ${BULK_LAPSE_LIMIT} piani alla volta.`,
          `You can choose at most ${BULK_LAPSE_LIMIT} plans at a time.`,
        ),
      };
      return page({ ...base, items: shown, chosen: [], errors }, { status: 422 });
    }
    const { ids, malformed } = readPlanIds(body[PLAN_FIELD]);
    const meeting = new Map(due.items.map((p) => [p.position_id, p]));
    const plans = ids.flatMap((id) => meeting.get(id) ?? []);
    const excluded = await describeExcluded(state, ids.filter((id) => !meeting.has(id)), malformed);
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
    const { lapsed, refused } = await lapseEach(state, plans, checked.reason);
    // What was not declared, in the order posted: refused by the database, or not meeting the
    // rule now (a second submit of the same confirmation lands here: the plans already lapsed).
    const order = (x: Excluded) => {
      const i = ids.indexOf(x.id);
      return i < 0 ? ids.length : i;
    };
    return page({
      ...base,
      items: shown,
      chosen: null,
      errors: {},
      done: { lapsed, refused: [...refused, ...excluded].sort((a, b) => order(a) - order(b)) },
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
