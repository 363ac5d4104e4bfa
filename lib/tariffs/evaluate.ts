/**
 * How a situation meets the rules: the value of a determinant, whether a condition holds, the
 * base amount an ISEE table, formula or switch gives, and what an adjustment does to it — all
 * exact, each step written down for the explanation.
 */
import type { Part, Step } from "./explain.ts";
import { add, cmp, div, max, mul, type Q, q, reduceBp, sub, surchargeBp, ZERO } from "./money.ts";
import type {
  Adjustment,
  AmountSpec,
  Condition,
  Situation,
  SwitchField,
  TariffRules,
} from "./schema.ts";

/** A situation the rules cannot price; the message says what is missing, in both languages. */
export class QuoteError extends Error {
  constructor(readonly code: string, message: string, readonly messageEn: string) {
    super(message);
  }
}

export interface Ctx {
  s: Situation;
  rules: TariffRules;
  /** The ISEE used for computing, after the missing-ISEE policy; null when none. */
  isee: number | null;
  iseeMissing: boolean;
  shift: number;
  steps: Step[];
  /** The ISEE step, added to the explanation the first time the rules look at the ISEE. */
  iseeStep: Step;
  iseeNoted: boolean;
}

export function noteIsee(ctx: Ctx): void {
  if (ctx.iseeNoted) return;
  ctx.iseeNoted = true;
  ctx.steps.splice(1, 0, ctx.iseeStep);
}

export interface Value {
  v: Q;
  exempt: boolean;
}

function fieldValue(ctx: Ctx, field: SwitchField): string | number | boolean {
  if (field === "month") return Number(ctx.s.month.slice(5, 7));
  const value = ctx.s[field];
  if (value === null) {
    const it: Record<string, string> = {
      schoolLevel: "il livello scolastico",
      grade: "la classe",
      mode: "la modalità di frequenza",
    };
    const en: Record<string, string> = {
      schoolLevel: "the school level",
      grade: "the grade",
      mode: "the attendance mode",
    };
    throw new QuoteError(
      "missing_field",
      `Per questa tariffa serve ${it[field]}.`,
      `This tariff needs ${en[field]}.`,
    );
  }
  return value;
}

function inRange(v: number, r: { min?: number; max?: number }): boolean {
  return (r.min === undefined || v >= r.min) && (r.max === undefined || v <= r.max);
}

export function needDays(ctx: Ctx, what: "daysPresent" | "openDays"): number {
  const v = ctx.s[what];
  if (v === null) {
    throw new QuoteError(
      "missing_days",
      what === "daysPresent"
        ? "Per questa tariffa serve il numero di giorni di presenza nel mese."
        : "Per questa tariffa serve il numero di giorni di apertura del servizio nel mese.",
      what === "daysPresent"
        ? "This tariff needs the number of days present in the month."
        : "This tariff needs the number of days the service was open in the month.",
    );
  }
  return v;
}

function daysAbsent(ctx: Ctx): number {
  return Math.max(0, needDays(ctx, "openDays") - needDays(ctx, "daysPresent"));
}

/** Whether every test of `c` holds in the situation. */
function matches(c: Condition | undefined, ctx: Ctx): boolean {
  if (!c) return true;
  const s = ctx.s;
  if (c.resident !== undefined && s.resident !== c.resident) return false;
  if (c.siblingRank && !inRange(s.siblingRank, c.siblingRank)) return false;
  if (c.minorsInHousehold && !inRange(s.minorsInHousehold, c.minorsInHousehold)) return false;
  if (c.schoolLevel && !c.schoolLevel.includes(fieldValue(ctx, "schoolLevel") as never)) {
    return false;
  }
  if (c.grade && !c.grade.includes(fieldValue(ctx, "grade") as number)) return false;
  if (c.mode && !c.mode.includes(fieldValue(ctx, "mode") as never)) return false;
  if (c.disability !== undefined && s.disability !== c.disability) return false;
  if (c.iseeMissing !== undefined || c.isee) noteIsee(ctx);
  if (c.iseeMissing !== undefined && ctx.iseeMissing !== c.iseeMissing) return false;
  if (c.isee && (ctx.isee === null || !inRange(ctx.isee, c.isee))) return false;
  if (c.settlingIn !== undefined && s.isSettlingInMonth !== c.settlingIn) return false;
  if (c.daysPresent && !inRange(needDays(ctx, "daysPresent"), c.daysPresent)) return false;
  if (c.daysAbsent && !inRange(daysAbsent(ctx), c.daysAbsent)) return false;
  if (c.startDay && (s.startDay === null || !inRange(s.startDay, c.startDay))) return false;
  if (c.months && !c.months.includes(Number(s.month.slice(5, 7)))) return false;
  if (c.flags && !c.flags.every((f) => s.flags.includes(f))) return false;
  return true;
}

function bracketIndex(ctx: Ctx, spec: Extract<AmountSpec, { type: "isee_brackets" }>): number {
  noteIsee(ctx);
  const b = spec.brackets;
  if (ctx.isee === null) {
    const policy = ctx.rules.missingIsee ?? { policy: "highest" };
    if (policy.policy === "bracket") {
      if (policy.bracket > b.length) {
        throw new QuoteError(
          "no_bracket",
          `La fascia ${policy.bracket} prevista senza ISEE non esiste in questa tabella.`,
          `Bracket ${policy.bracket}, used without an ISEE, does not exist in this table.`,
        );
      }
      return policy.bracket - 1;
    }
    let best = 0;
    b.forEach((x, i) => {
      if (x.cents > b[best].cents) best = i;
    });
    return best;
  }
  const isee = ctx.isee;
  const i = b.findIndex((x) => x.fromCents <= isee && (x.toCents === null || isee <= x.toCents));
  if (i < 0) {
    throw new QuoteError(
      "isee_not_covered",
      "Nessuna fascia della tariffa comprende questo valore ISEE.",
      "No bracket of the tariff covers this ISEE value.",
    );
  }
  return i;
}

function highestOf(spec: AmountSpec): number | null {
  switch (spec.type) {
    case "isee_linear":
      return Math.max(...spec.points.map((p) => p.cents));
    case "isee_proportional":
      return spec.maxCents ?? null;
    default:
      return null;
  }
}

export function base(spec: AmountSpec, ctx: Ctx, part: Part): Value {
  const steps = ctx.steps;
  switch (spec.type) {
    case "fixed":
      steps.push({ kind: "fixed", part, cents: spec.cents });
      return { v: q(spec.cents), exempt: false };
    case "isee_brackets": {
      const found = bracketIndex(ctx, spec);
      const i = Math.max(0, found - ctx.shift);
      const b = spec.brackets[i];
      steps.push({
        kind: "bracket",
        part,
        index: i + 1,
        count: spec.brackets.length,
        label: b.label,
        fromCents: b.fromCents,
        toCents: b.toCents,
        cents: b.exempt ? 0 : b.cents,
        exempt: !!b.exempt,
        ...(i !== found ? { shiftedFrom: found + 1 } : {}),
      });
      return b.exempt ? { v: ZERO, exempt: true } : { v: q(b.cents), exempt: false };
    }
    case "isee_linear":
    case "isee_proportional": {
      noteIsee(ctx);
      if (ctx.isee === null) {
        const highest = highestOf(spec);
        if (highest === null) {
          throw new QuoteError(
            "no_highest",
            "Senza ISEE questa formula non ha una tariffa massima da applicare.",
            "Without an ISEE this formula has no highest amount to apply.",
          );
        }
        steps.push({ kind: "highest", part, value: q(highest) });
        return { v: q(highest), exempt: false };
      }
      const x = ctx.isee;
      if (spec.exemptUpToCents !== undefined && x <= spec.exemptUpToCents) {
        steps.push({ kind: "isee_exempt", part, upToCents: spec.exemptUpToCents });
        return { v: ZERO, exempt: true };
      }
      if (spec.type === "isee_proportional") {
        let v = mul(q(x), q(spec.rateBp, 10_000));
        steps.push({ kind: "proportional", part, iseeCents: x, rateBp: spec.rateBp, value: v });
        if (spec.minCents !== undefined && cmp(v, q(spec.minCents)) < 0) v = q(spec.minCents);
        if (spec.maxCents !== undefined && cmp(v, q(spec.maxCents)) > 0) v = q(spec.maxCents);
        return { v, exempt: false };
      }
      const p = spec.points;
      if (x <= p[0].iseeCents) {
        steps.push({ kind: "linear_edge", part, iseeCents: x, edge: "below", cents: p[0].cents });
        return { v: q(p[0].cents), exempt: false };
      }
      const last = p[p.length - 1];
      if (x >= last.iseeCents) {
        steps.push({ kind: "linear_edge", part, iseeCents: x, edge: "above", cents: last.cents });
        return { v: q(last.cents), exempt: false };
      }
      const k = p.findIndex((pt, j) => j > 0 && x <= pt.iseeCents);
      const [a, b] = [p[k - 1], p[k]];
      // y1 + (x − x1)(y2 − y1)/(x2 − x1), exactly
      const v = add(
        q(a.cents),
        div(mul(q(x - a.iseeCents), q(b.cents - a.cents)), q(b.iseeCents - a.iseeCents)),
      );
      steps.push({
        kind: "linear",
        part,
        iseeCents: x,
        x1: a.iseeCents,
        x2: b.iseeCents,
        y1: a.cents,
        y2: b.cents,
        value: v,
      });
      return { v, exempt: false };
    }
    case "by": {
      const value = fieldValue(ctx, spec.field);
      const hit = spec.cases.find((c) =>
        (c.values === undefined || c.values.includes(value)) &&
        (typeof value !== "number" || inRange(value, c))
      );
      if (hit) {
        steps.push({ kind: "case", part, field: spec.field, value, label: hit.label });
        return base(hit.amount, ctx, part);
      }
      if (spec.otherwise) return base(spec.otherwise, ctx, part);
      throw new QuoteError(
        "no_case",
        `La tariffa non prevede un importo per questo valore (${spec.field}: ${value}).`,
        `The tariff has no amount for this value (${spec.field}: ${value}).`,
      );
    }
  }
}

export function apply(a: Adjustment, cur: Value, ctx: Ctx): Value {
  const v = cur.v;
  switch (a.type) {
    case "reduction_percent":
      return a.bp >= 10_000 ? { v: ZERO, exempt: true } : { v: reduceBp(v, a.bp), exempt: false };
    case "surcharge_percent":
      return { v: surchargeBp(v, a.bp), exempt: false };
    case "reduction_fixed":
      return { v: max(ZERO, sub(v, q(a.cents))), exempt: false };
    case "surcharge_fixed":
      return { v: add(v, q(a.cents)), exempt: false };
    case "set_amount":
      return { v: q(a.cents), exempt: false };
    case "exempt":
      return { v: ZERO, exempt: true };
    case "pro_rata_days": {
      const open = needDays(ctx, "openDays");
      const present = Math.min(needDays(ctx, "daysPresent"), open);
      return { v: open === 0 ? ZERO : mul(v, q(present, open)), exempt: false };
    }
    case "clamp": {
      let out = v;
      if (a.minCents !== undefined && cmp(out, q(a.minCents)) < 0) out = q(a.minCents);
      if (a.maxCents !== undefined && cmp(out, q(a.maxCents)) > 0) out = q(a.maxCents);
      return { v: out, exempt: false };
    }
    case "bracket_shift":
      return cur;
  }
}

/**
 * Adjustments that apply, in order: conditions hold and no earlier one of the same group did.
 * A condition on data the situation lacks (days, level…) does not hold, and the explanation says
 * the rule was not evaluated and why, so a simulation without days still prices the month.
 */
export function applicable(ctx: Ctx): Adjustment[] {
  const used = new Set<string>();
  const out: Adjustment[] = [];
  for (const a of ctx.rules.adjustments ?? []) {
    if (a.group && used.has(a.group)) continue;
    let holds: boolean;
    try {
      holds = matches(a.when, ctx);
    } catch (e) {
      if (!(e instanceof QuoteError)) throw e;
      ctx.steps.push({ kind: "skipped", adjustment: a, reason: e.message, reasonEn: e.messageEn });
      continue;
    }
    if (!holds) continue;
    if (a.group) used.add(a.group);
    out.push(a);
  }
  return out;
}
