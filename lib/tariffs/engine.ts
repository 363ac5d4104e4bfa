/**
 * The tariff engine: `quote(tariff, situation)` picks the version in force for the month, finds
 * the base amount from the rules (ISEE table or formula, switches on residency, level, mode…),
 * applies the adjustments in the regulation's order, rounds by the declared rule and multiplies
 * by the quantity. Pure: no clock, no database; every number it uses is in the explanation.
 */
import { explain, type Explanation, type Part, type Step } from "./explain.ts";
import { applicable, apply, base, type Ctx, QuoteError, type Value } from "./evaluate.ts";
import { isInteger, type Q, q, round, type Rounding, ZERO } from "./money.ts";
import { Situation, type SituationInput, type TariffRules, type TariffVersion } from "./schema.ts";

export { QuoteError } from "./evaluate.ts";

export interface QuoteLine {
  part: Part;
  unit: "meal" | "ride" | "day" | "use" | "month" | "term" | "year" | "once";
  unitCents: number;
  quantity: number;
  amountCents: number;
}

export interface Quote {
  amountCents: number;
  lines: QuoteLine[];
  version: { validFrom: string; validTo: string | null };
  /** Structured steps and their Italian and English text (computed when first read). */
  readonly explanation: Explanation;
}

export interface Tariff {
  versions: TariffVersion[];
}

/** The version in force on `day` (YYYY-MM-DD), or null. */
export function versionOn(versions: TariffVersion[], day: string): TariffVersion | null {
  return versions.find((v) => v.validFrom <= day && (v.validTo === null || v.validTo >= day)) ??
    null;
}

const roundTo = (v: Q, mode: Rounding): Q => q(round(v, mode));

/** Prices one version for a situation (already parsed). */
function price(version: TariffVersion, s: Situation): Quote {
  const rules = version.rules;
  const steps: Step[] = [{
    kind: "version",
    validFrom: version.validFrom,
    validTo: version.validTo,
    ...(rules.source ? { source: rules.source } : {}),
  }];
  const firstDay = `${s.month}-01`;
  const expired = s.iseeCents !== null && s.iseeExpiresOn !== null && s.iseeExpiresOn < firstDay;
  const missing = s.iseeCents === null || expired;
  const policy = rules.missingIsee ?? { policy: "highest" as const };
  const ctx: Ctx = {
    s,
    rules,
    isee: missing ? (policy.policy === "isee" ? policy.iseeCents : null) : s.iseeCents,
    iseeMissing: missing,
    shift: 0,
    steps,
    iseeNoted: false,
    iseeStep: missing
      ? {
        kind: "isee",
        status: expired ? "expired" : "missing",
        expiresOn: s.iseeExpiresOn,
        policy: policy.policy,
        ...(policy.policy === "isee" ? { iseeCents: policy.iseeCents } : {}),
        ...(policy.policy === "bracket" ? { bracket: policy.bracket } : {}),
      }
      : { kind: "isee", status: "valid", iseeCents: s.iseeCents!, expiresOn: s.iseeExpiresOn },
  };

  const parts: Part[] = rules.kind === "monthly_plus_daily" ? ["fixed", "daily"] : ["amount"];
  const values = new Map<Part, Value>();
  if (s.socialServicesExemption) {
    steps.push({ kind: "social_services" });
    for (const p of parts) values.set(p, { v: ZERO, exempt: true });
  } else {
    const adjustments = applicable(ctx);
    ctx.shift = adjustments.reduce((n, a) => n + (a.type === "bracket_shift" ? a.steps : 0), 0);
    for (const a of adjustments.filter((a) => a.type === "bracket_shift")) {
      steps.push({ kind: "adjustment", adjustment: a, changes: [] });
    }
    for (const p of parts) {
      const spec = p === "daily" ? rules.daily! : rules.amount;
      let value = base(spec, ctx, p);
      if (rules.roundEachStep) value = { ...value, v: roundTo(value.v, version.rounding) };
      values.set(p, value);
    }
    for (const a of adjustments) {
      if (a.type === "bracket_shift") continue;
      const changes: Extract<Step, { kind: "adjustment" }>["changes"] = [];
      let skipped: { reason: string; reasonEn: string } | null = null;
      for (const p of parts) {
        const target = a.appliesTo ?? "all";
        if (target !== "all" && target !== p) continue;
        const cur = values.get(p)!;
        if (cur.exempt) continue;
        let next: Value;
        try {
          next = apply(a, cur, ctx);
        } catch (e) {
          if (!(e instanceof QuoteError)) throw e;
          skipped = { reason: e.message, reasonEn: e.messageEn };
          break;
        }
        if (rules.roundEachStep) next = { ...next, v: roundTo(next.v, version.rounding) };
        values.set(p, next);
        changes.push({ part: p, before: cur.v, after: next.v });
      }
      if (skipped) {
        for (const c of changes) values.set(c.part, { v: c.before, exempt: false });
        steps.push({ kind: "skipped", adjustment: a, ...skipped });
        continue;
      }
      if (changes.length === 0) continue;
      steps.push({
        kind: "adjustment",
        adjustment: a,
        changes,
        ...(a.type === "pro_rata_days"
          ? { daysPresent: Math.min(s.daysPresent!, s.openDays!), openDays: s.openDays! }
          : {}),
      });
    }
  }

  const lines: QuoteLine[] = [];
  for (const p of parts) {
    const exact = values.get(p)!.v;
    const unitCents = round(exact, version.rounding);
    if (!isInteger(exact)) {
      steps.push({ kind: "rounding", part: p, mode: version.rounding, exact, cents: unitCents });
    }
    const { unit, quantity, perUnit } = quantityOf(rules, p, s);
    const amountCents = unitCents * quantity;
    lines.push({ part: p, unit, unitCents, quantity, amountCents });
    steps.push({ kind: "line", part: p, unit, unitCents, quantity, amountCents, perUnit });
  }
  const amountCents = lines.reduce((n, l) => n + l.amountCents, 0);
  steps.push({ kind: "total", amountCents });
  const out = {
    amountCents,
    lines,
    version: { validFrom: version.validFrom, validTo: version.validTo },
  } as Quote;
  // Rendered on first read: a billing run that needs only amounts does not pay for the words.
  let text: Explanation | undefined;
  Object.defineProperty(out, "explanation", {
    get: () => text ??= explain(steps),
    enumerable: true,
  });
  return out;
}

function quantityOf(
  rules: TariffRules,
  part: Part,
  s: Situation,
): { unit: QuoteLine["unit"]; quantity: number; perUnit: boolean } {
  switch (rules.kind) {
    case "per_use": {
      const unit = rules.unit ?? "use";
      const n = unit === "day" ? s.daysPresent ?? s.usesCount : s.usesCount;
      // Without a count the quote is the unit price ("how much is a meal for us?").
      return { unit, quantity: n ?? 1, perUnit: n === null };
    }
    case "monthly":
      return { unit: "month", quantity: 1, perUnit: false };
    case "per_period":
      return { unit: rules.period ?? "year", quantity: 1, perUnit: false };
    case "one_off":
      return { unit: "once", quantity: 1, perUnit: false };
    case "monthly_plus_daily":
      if (part === "fixed") return { unit: "month", quantity: 1, perUnit: false };
      if (s.daysPresent === null) {
        throw new QuoteError(
          "missing_days",
          "Per questa tariffa serve il numero di giorni di presenza nel mese.",
          "This tariff needs the number of days present in the month.",
        );
      }
      return { unit: "day", quantity: s.daysPresent, perUnit: false };
  }
}

function parseSituation(input: SituationInput | Situation): Situation {
  const r = Situation.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new QuoteError(
      "invalid_situation",
      `Situazione non valida: ${issue.path.join(".")} — ${issue.message}`,
      `Invalid situation: ${issue.path.join(".")} — ${issue.message}`,
    );
  }
  return r.data;
}

/** Prices `situation` with one version (no validity check: simulations of drafts). */
export function quoteVersion(version: TariffVersion, situation: SituationInput): Quote {
  return price(version, parseSituation(situation));
}

/**
 * Prices `situation` with the version in force on the month's first day (or `situation.on`).
 * A later version never changes an earlier month's quote: versions are looked up by date.
 */
export function quote(tariff: Tariff, situation: SituationInput): Quote {
  const s = parseSituation(situation);
  const day = s.on ?? `${s.month}-01`;
  if (!day.startsWith(s.month)) {
    throw new QuoteError(
      "invalid_situation",
      "Il giorno di riferimento deve cadere nel mese indicato.",
      "The reference day must fall in the month quoted.",
    );
  }
  const version = versionOn(tariff.versions, day);
  if (!version) {
    throw new QuoteError(
      "no_version",
      `Nessuna versione della tariffa è in vigore il ${day}.`,
      `No version of the tariff is in force on ${day}.`,
    );
  }
  return price(version, s);
}
