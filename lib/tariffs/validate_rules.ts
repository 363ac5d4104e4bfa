/**
 * The rules' meaning, once their shape is right: ISEE brackets from 0 € without overlaps or gaps
 * and with an open last bracket, formulas whose minimum is below their maximum, switches that
 * cover their cases, reductions up to 100 %, limits with min ≤ max, and fields that fit the kind.
 */
import { euro, euroEn, issue, type TariffIssue } from "./issues.ts";
import type { Adjustment, Condition, TariffRules } from "./schema.ts";
import { checkRange, type Path, type Walk, walk } from "./validate_amounts.ts";

function checkCondition(c: Condition | undefined, path: Path, out: TariffIssue[]) {
  if (!c) return;
  checkRange(c.siblingRank, [...path, "siblingRank"], out);
  checkRange(c.minorsInHousehold, [...path, "minorsInHousehold"], out);
  checkRange(c.daysPresent, [...path, "daysPresent"], out);
  checkRange(c.daysAbsent, [...path, "daysAbsent"], out);
  checkRange(c.startDay, [...path, "startDay"], out);
  if (c.isee && c.isee.min !== undefined && c.isee.max !== undefined && c.isee.min > c.isee.max) {
    out.push(issue(
      [...path, "isee"],
      "range_min_max",
      `l'ISEE minimo (${euro(c.isee.min)}) è maggiore del massimo (${euro(c.isee.max)}).`,
      `the minimum ISEE (${euroEn(c.isee.min)}) is greater than the maximum (${
        euroEn(c.isee.max)
      }).`,
    ));
  }
}

function checkAdjustment(
  a: Adjustment,
  i: number,
  rules: TariffRules,
  ctx: Walk,
  out: TariffIssue[],
) {
  const at: Path = ["adjustments", i];
  checkCondition(a.when, [...at, "when"], out);
  if (a.type === "reduction_percent" && a.bp > 10_000) {
    out.push(
      issue(
        [...at, "bp"],
        "reduction_over_100",
        `la riduzione (${a.bp / 100} %) supera il 100 %.`,
        `the reduction (${a.bp / 100}%) exceeds 100%.`,
      ),
    );
  }
  if (a.type === "clamp") {
    if (a.minCents === undefined && a.maxCents === undefined) {
      out.push(
        issue(
          at,
          "clamp_empty",
          "indica un importo minimo, un massimo o entrambi.",
          "give a minimum, a maximum or both.",
        ),
      );
    } else if (a.minCents !== undefined && a.maxCents !== undefined && a.minCents > a.maxCents) {
      out.push(
        issue(
          at,
          "clamp_min_max",
          `l'importo minimo (${euro(a.minCents)}) è maggiore del massimo (${euro(a.maxCents)}).`,
          `the minimum (${euroEn(a.minCents)}) is greater than the maximum (${
            euroEn(a.maxCents)
          }).`,
        ),
      );
    }
  }
  if (a.type === "bracket_shift" && ctx.brackets.length === 0) {
    out.push(
      issue(
        at,
        "shift_without_brackets",
        "lo spostamento di fascia richiede una tabella a fasce ISEE.",
        "a bracket shift needs an ISEE bracket table.",
      ),
    );
  }
  if (a.appliesTo && a.appliesTo !== "all" && rules.kind !== "monthly_plus_daily") {
    out.push(
      issue(
        [...at, "appliesTo"],
        "applies_to_part",
        "quota fissa e giornaliera esistono solo nelle tariffe «mensile + giornaliera».",
        "fixed and daily parts exist only in “monthly + daily” tariffs.",
      ),
    );
  }
  if (a.type === "pro_rata_days" && rules.kind === "per_use") {
    out.push(
      issue(
        at,
        "pro_rata_per_use",
        "una tariffa a consumo è già proporzionale agli utilizzi.",
        "a per-use tariff is already proportional to use.",
      ),
    );
  }
}

function checkShape(r: TariffRules, out: TariffIssue[]) {
  const need = (ok: boolean, path: string, code: string, it: string, en: string) => {
    if (!ok) out.push(issue([path], code, it, en));
  };
  need(
    r.kind !== "per_use" || !!r.unit,
    "unit",
    "missing_unit",
    "indica l'unità: pasto, corsa, giorno o utilizzo.",
    "give the unit: meal, ride, day or use.",
  );
  need(
    r.kind === "per_use" || !r.unit,
    "unit",
    "unexpected_field",
    "l'unità vale solo per le tariffe a consumo.",
    "the unit is only for per-use tariffs.",
  );
  need(
    r.kind !== "per_period" || !!r.period,
    "period",
    "missing_period",
    "indica il periodo: trimestre/periodo o anno.",
    "give the period: term or year.",
  );
  need(
    r.kind === "per_period" || !r.period,
    "period",
    "unexpected_field",
    "il periodo vale solo per le tariffe a periodo.",
    "the period is only for per-period tariffs.",
  );
  need(
    r.kind !== "monthly_plus_daily" || !!r.daily,
    "daily",
    "missing_daily",
    "manca la quota giornaliera.",
    "the daily part is missing.",
  );
  need(
    r.kind === "monthly_plus_daily" || !r.daily,
    "daily",
    "unexpected_field",
    "la quota giornaliera vale solo per le tariffe «mensile + giornaliera».",
    "the daily part is only for “monthly + daily” tariffs.",
  );
}

function checkMissingIsee(r: TariffRules, ctx: Walk, out: TariffIssue[]) {
  const m = r.missingIsee ?? { policy: "highest" as const };
  if (m.policy === "bracket") {
    if (ctx.brackets.length === 0 || ctx.formulas > 0) {
      out.push(
        issue(
          ["missingIsee"],
          "missing_isee_bracket",
          "la scelta di una fascia senza ISEE richiede che la tariffa usi solo tabelle a fasce.",
          "choosing a bracket without an ISEE needs a tariff with bracket tables only.",
        ),
      );
    } else if (ctx.brackets.some((n) => n < m.bracket)) {
      out.push(
        issue(
          ["missingIsee", "bracket"],
          "missing_isee_bracket",
          `la fascia ${m.bracket} non esiste (la tabella ne ha ${Math.min(...ctx.brackets)}).`,
          `bracket ${m.bracket} does not exist (the table has ${Math.min(...ctx.brackets)}).`,
        ),
      );
    }
  }
  if (m.policy === "highest" && ctx.proportionalWithoutMax) {
    out.push(
      issue(
        ["missingIsee"],
        "missing_isee_highest",
        "senza ISEE si applicherebbe la tariffa massima, ma la formula proporzionale non ha un massimo.",
        "without an ISEE the highest amount would apply, but the proportional formula has no maximum.",
      ),
    );
  }
}

/** Every problem of parsed rules. */
export function checkRules(rules: TariffRules): TariffIssue[] {
  const out: TariffIssue[] = [];
  checkShape(rules, out);
  const ctx: Walk = { brackets: [], formulas: 0, proportionalWithoutMax: false };
  walk(rules.amount, ["amount"], out, ctx);
  if (rules.daily) walk(rules.daily, ["daily"], out, ctx);
  checkMissingIsee(rules, ctx, out);
  const groups = new Map<string, number>();
  (rules.adjustments ?? []).forEach((a, i) => {
    checkAdjustment(a, i, rules, ctx, out);
    if (a.group && groups.has(a.group)) {
      out.push(issue(
        ["adjustments", i],
        "unreachable_rule",
        `non si applica mai: nel gruppo «${a.group}» la regola ${
          groups.get(a.group)! + 1
        } senza condizioni si applica sempre prima.`,
        `never applies: in group “${a.group}” rule ${
          groups.get(a.group)! + 1
        }, unconditional, always applies first.`,
      ));
    }
    if (a.group && !a.when && !groups.has(a.group)) groups.set(a.group, i);
  });
  return out;
}
