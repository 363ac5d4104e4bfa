/**
 * Decadenza in one go: the billing office declares lapsed, with one reason, the plans that meet
 * the Ente's rule of decadenza now (`listPlans`, standing `lapse_due`). Shared by the office's
 * page (`/operatore/posizioni/piani/decadenza`) and the API
 * (`POST /api/v1/debt-positions/instalment-plans/lapse`): which posted ids meet the rule, why each
 * other one does not (never lapsed), and the lapse of each plan in its own transaction
 * (`lapseInstalmentPlan`: checked again under a lock, audited, the payer e-mailed), every refusal
 * kept with its code and words, an unexpected error logged while the others go on.
 *
 * @module
 */
import { isUuid } from "../codes/uuid.ts";
import type { Claims, Db, Tx } from "../db/types.ts";
import { LAPSE_REFUSALS, type LapseRule } from "./instalment_plan_lapse.ts";
import { lapseInstalmentPlan } from "./instalment_plan_lapse_record.ts";
import { PlanError } from "./instalment_plan_record.ts";
import { listPlans, type PlanRow, type PlanState, planStatesOf } from "./instalment_plans_read.ts";

/** The most plans listed, and taken in one request (the page and the API). */
export const BULK_LAPSE_MAX = 500;

/**
 * Why a posted id was not declared lapsed: `not_found` (no such position, or it carries no plan),
 * `already` (lapsed before), `settled` (paid or cancelled), `rule_not_met` (the Ente's rule is
 * not met now), `malformed` (not a position's id); at the lapse itself any code of a `PlanError`
 * (`not_overdue`, …) or `error` (unexpected, logged).
 */
export type BulkRefusalCode = string;

/** A posted id not declared lapsed, named when the position can be read, and why in words. */
export interface BulkRefusal {
  /** The position's id (lowercase), or the value posted (at most 40 characters) if malformed. */
  id: string;
  payer_name: string | null;
  description: string | null;
  code: BulkRefusalCode;
  /** Why, in Italian and in English (a clause: it follows the plan's name on the page). */
  it: string;
  en: string;
}

/** A plan declared lapsed: the row as listed, what falls due at once, whether e-mailed. */
export interface BulkLapsed {
  row: PlanRow;
  residual_cents: number;
  mailed: boolean;
  /** ISO 8601 instant of the lapse. */
  lapsed_at: string;
}

/** The words of the refusals that are not the database's own. */
export const BULK_REFUSALS = {
  rule_not_met: {
    it:
      "il piano non soddisfa ora la regola di decadenza dell'Ente: la decadenza non è stata dichiarata.",
    en: "the plan does not meet the Ente's lapse rule now: it was not declared lapsed.",
  },
  malformed: {
    it: "non è l'identificativo di una posizione.",
    en: "not a position's id.",
  },
  error: {
    it: "errore imprevisto: la decadenza non è stata dichiarata; riprova dalla pagina del piano.",
    en: "unexpected error: it was not declared lapsed; try again from the plan's page.",
  },
} as const;

/** The words of `LAPSE_REFUSALS` for `word` (`not_found`, `already`, `settled`). */
function lapseRefusal(word: "not_found" | "already" | "settled") {
  const r = LAPSE_REFUSALS[`instalment_lapse_${word}`];
  return { code: word, it: r.it, en: r.en };
}

/**
 * The posted values as position ids: each id once (lowercase), in the order posted; the values
 * that are not an id kept apart (cut to 40 characters: reported, never looked up).
 */
export function splitPositionIds(
  values: readonly string[],
): { ids: string[]; malformed: string[] } {
  const ids: string[] = [];
  const malformed: string[] = [];
  for (const v of values) {
    const id = v.trim().toLowerCase();
    if (!isUuid(id)) malformed.push(v.slice(0, 40));
    else if (!ids.includes(id)) ids.push(id);
  }
  return { ids, malformed };
}

/**
 * Why each of `ids` (none meeting the rule now) is not declared lapsed, from the positions the
 * caller reads (`states`, by `planStatesOf`): no plan, already lapsed, settled, or the rule not
 * met; then each of `malformed`.
 */
export function describeExcluded(
  ids: readonly string[],
  states: readonly PlanState[],
  malformed: readonly string[] = [],
): BulkRefusal[] {
  const known = ids.map((id): BulkRefusal => {
    const r = states.find((x) => x.id === id);
    if (!r || !r.has_plan) {
      return { id, payer_name: null, description: null, ...lapseRefusal("not_found") };
    }
    const named = { id, payer_name: r.payer_name, description: r.description };
    if (r.lapsed) return { ...named, ...lapseRefusal("already") };
    if (r.status !== "open" && r.status !== "partially_paid") {
      return { ...named, ...lapseRefusal("settled") };
    }
    return { ...named, code: "rule_not_met", ...BULK_REFUSALS.rule_not_met };
  });
  return [
    ...known,
    ...malformed.map((v): BulkRefusal => ({
      id: v,
      payer_name: null,
      description: null,
      code: "malformed",
      ...BULK_REFUSALS.malformed,
    })),
  ];
}

/** `refusals` in the order their ids were posted (`ids`); the malformed ones last, as they came. */
export function inPostedOrder<T extends { id: string }>(
  refusals: readonly T[],
  ids: readonly string[],
): T[] {
  const order = (x: T) => {
    const i = ids.indexOf(x.id);
    return i < 0 ? ids.length : i;
  };
  return [...refusals].sort((a, b) => order(a) - order(b));
}

/** The plans meeting the Ente's rule now: the first `BULK_LAPSE_MAX`, or every one (`all`). */
export async function plansMeetingRule(tx: Tx, all: boolean) {
  const first = await listPlans(tx, { standing: "lapse_due" }, BULK_LAPSE_MAX, 0);
  if (!all || first.total <= first.items.length) return first;
  return await listPlans(tx, { standing: "lapse_due" }, first.total + BULK_LAPSE_MAX, 0);
}

/** The posted ids sorted out against the plans meeting the rule now. */
export interface BulkSelection {
  rule: LapseRule;
  /** Every plan meeting the rule now (the page lists the first `BULK_LAPSE_MAX`). */
  due: PlanRow[];
  total: number;
  /** The posted ids whose plans meet the rule now, as listed, in the order posted. */
  plans: PlanRow[];
  /** The other ids posted, and the malformed values, with why (never lapsed). */
  excluded: BulkRefusal[];
}

/**
 * Sorts out `ids` (and `malformed`, see `splitPositionIds`) as the signed-in office user reads
 * them, in one transaction: the plans meeting the Ente's rule now, and why each other is not.
 */
export async function selectForLapse(
  db: Db,
  claims: Claims,
  ids: readonly string[],
  malformed: readonly string[] = [],
): Promise<BulkSelection> {
  return await db.asUser(claims, async (tx) => {
    const due = await plansMeetingRule(tx, true);
    const meeting = new Map(due.items.map((p) => [p.position_id, p]));
    const plans = ids.flatMap((id) => meeting.get(id) ?? []);
    const others = ids.filter((id) => !meeting.has(id));
    const states = others.length ? await planStatesOf(tx, others) : [];
    return {
      rule: due.rule,
      due: due.items,
      total: due.total,
      plans,
      excluded: describeExcluded(others, states, malformed),
    };
  });
}

/**
 * Declares each of `plans` lapsed for `reason` (already checked), one transaction each, as the
 * signed-in office user: what lapsed, and every refusal with its code and words (a `PlanError`'s
 * own; `error`, logged, for anything unexpected: the others go on).
 */
export async function lapseEach(
  db: Db,
  claims: Claims,
  plans: readonly PlanRow[],
  reason: string,
): Promise<{ lapsed: BulkLapsed[]; refused: BulkRefusal[] }> {
  const lapsed: BulkLapsed[] = [];
  const refused: BulkRefusal[] = [];
  for (const row of plans) {
    const named = { id: row.position_id, payer_name: row.payer_name, description: row.description };
    try {
      const done = await lapseInstalmentPlan(db, claims, row.position_id, reason);
      lapsed.push({
        row,
        residual_cents: done.residual_cents,
        mailed: done.mailed,
        lapsed_at: done.lapsed_at,
      });
    } catch (e) {
      if (e instanceof PlanError) {
        refused.push({ ...named, code: e.code, it: e.it, en: e.en });
        continue;
      }
      // The others go on: the office takes this plan up again from its own page.
      console.error("bulk lapse:", row.position_id, e);
      refused.push({ ...named, code: "error", ...BULK_REFUSALS.error });
    }
  }
  return { lapsed, refused };
}

/**
 * Declares lapsed, for `reason` (already checked), the plans of the posted `ids` that meet the
 * Ente's rule now (after `selectForLapse`); every other id refused with why. `refused` is in the
 * order posted.
 */
export async function lapseSelected(
  db: Db,
  claims: Claims,
  selection: Pick<BulkSelection, "plans" | "excluded">,
  ids: readonly string[],
  reason: string,
): Promise<{ lapsed: BulkLapsed[]; refused: BulkRefusal[] }> {
  const { lapsed, refused } = await lapseEach(db, claims, selection.plans, reason);
  // A second call with the same ids lands in `excluded`: the plans already lapsed.
  return { lapsed, refused: inPostedOrder([...refused, ...selection.excluded], ids) };
}

/**
 * The whole bulk lapse of `ids` (position ids, each once) for `reason` (already checked): only
 * the plans meeting the Ente's rule now lapse; every id is either lapsed or refused.
 */
export async function bulkLapse(
  db: Db,
  claims: Claims,
  ids: readonly string[],
  reason: string,
): Promise<{ lapsed: BulkLapsed[]; refused: BulkRefusal[] }> {
  const selection = await selectForLapse(db, claims, ids);
  return await lapseSelected(db, claims, selection, ids, reason);
}
