/**
 * One sentence per explanation step, in Italian or English: brackets, formulas with their
 * numbers, reductions with before and after, rounding, quantities — what a family reads.
 */
import { describeCondition, FIELD_LABELS, type Lang, UNIT_LABELS, valueLabel } from "./labels.ts";
import { formatBp, formatEuro, type Q, type Rounding } from "./money.ts";
import type { Adjustment, Unit } from "./schema.ts";
import type { Part, Step } from "./explain.ts";

const PART_LABELS: Record<Part, [string, string]> = {
  amount: ["", ""],
  fixed: ["quota fissa", "fixed part"],
  daily: ["quota giornaliera", "daily part"],
};

const ROUNDING_LABELS: Record<Rounding, [string, string]> = {
  half_up: ["al centesimo, per eccesso da mezzo centesimo", "to the cent, halves up"],
  half_even: ["al centesimo, metà al pari", "to the cent, halves to even"],
  down: ["al centesimo inferiore", "down to the cent"],
  up: ["al centesimo superiore", "up to the cent"],
};

export const t = (lang: Lang, it: string, en: string) => lang === "it" ? it : en;
/** 2026-09-01 → 01/09/2026 (both languages: the Italian and British order). */
const day = (iso: string | null) => iso ? iso.split("-").reverse().join("/") : "";

function partPrefix(part: Part, lang: Lang): string {
  const label = PART_LABELS[part][lang === "it" ? 0 : 1];
  return label ? `${label[0].toUpperCase()}${label.slice(1)}: ` : "";
}

/** What an adjustment is called: its label, or its condition in words, or its type. */
export function adjustmentLabel(a: Adjustment, lang: Lang): string {
  const own = lang === "en" ? a.labelEn ?? a.label : a.label;
  if (own) return own;
  const cond = describeCondition(a.when, lang);
  if (cond) return cond;
  switch (a.type) {
    case "clamp":
      return t(lang, "limiti della tariffa", "tariff limits");
    case "pro_rata_days":
      return t(lang, "in proporzione ai giorni", "pro rata");
    default:
      return t(lang, "regola della tariffa", "tariff rule");
  }
}

export function adjustmentEffect(
  s: Extract<Step, { kind: "adjustment" }>,
  lang: Lang,
): string {
  const a = s.adjustment;
  const euro = (c: number) => formatEuro(c, lang);
  switch (a.type) {
    case "reduction_percent":
      return `−${formatBp(a.bp, lang)}`;
    case "surcharge_percent":
      return `+${formatBp(a.bp, lang)}`;
    case "reduction_fixed":
      return `−${euro(a.cents)}`;
    case "surcharge_fixed":
      return `+${euro(a.cents)}`;
    case "set_amount":
      return t(lang, `importo fissato a ${euro(a.cents)}`, `amount set to ${euro(a.cents)}`);
    case "exempt":
      return t(lang, "esenzione", "exempt");
    case "bracket_shift":
      return t(
        lang,
        `${a.steps === 1 ? "una fascia" : `${a.steps} fasce`} in meno`,
        `${a.steps} bracket${a.steps === 1 ? "" : "s"} lower`,
      );
    case "pro_rata_days":
      return t(
        lang,
        `${s.daysPresent} giorni su ${s.openDays}`,
        `${s.daysPresent} of ${s.openDays} days`,
      );
    case "clamp": {
      const parts = [];
      if (a.minCents !== undefined) {
        parts.push(t(lang, "minimo", "minimum") + ` ${euro(a.minCents)}`);
      }
      if (a.maxCents !== undefined) {
        parts.push(t(lang, "massimo", "maximum") + ` ${euro(a.maxCents)}`);
      }
      return parts.join(", ");
    }
  }
}

export function bracketName(s: Extract<Step, { kind: "bracket" }>, lang: Lang): string {
  return s.label
    ? `${t(lang, "fascia", "bracket")} ${s.label}`
    : `${t(lang, "fascia", "bracket")} ${s.index}`;
}

function bracketRange(s: Extract<Step, { kind: "bracket" }>, lang: Lang): string {
  const euro = (c: number) => formatEuro(c, lang);
  if (s.toCents === null) {
    return t(lang, `oltre ${euro(s.fromCents - 1)}`, `over ${euro(s.fromCents - 1)}`);
  }
  if (s.fromCents === 0) return t(lang, `fino a ${euro(s.toCents)}`, `up to ${euro(s.toCents)}`);
  return t(
    lang,
    `da ${euro(s.fromCents)} a ${euro(s.toCents)}`,
    `${euro(s.fromCents)} to ${euro(s.toCents)}`,
  );
}

export function unitWords(unit: Extract<Step, { kind: "line" }>["unit"], n: number, lang: Lang) {
  const i = lang === "it" ? 0 : 1;
  if (unit in UNIT_LABELS) {
    const u = UNIT_LABELS[unit as Unit];
    return n === 1 ? u.one[i] : u.many[i];
  }
  return {
    month: ["al mese", "per month"],
    term: ["a trimestre/periodo", "per term"],
    year: ["all'anno", "per year"],
    once: ["una tantum", "one-off"],
  }[unit as "month"][i];
}

/** One sentence per step. */
export function renderStep(s: Step, lang: Lang): string {
  const euro = (c: number | Q) => formatEuro(c, lang);
  switch (s.kind) {
    case "version":
      return t(
        lang,
        `Tariffa in vigore dal ${day(s.validFrom)}${s.validTo ? ` al ${day(s.validTo)}` : ""}${
          s.source ? ` (${s.source})` : ""
        }.`,
        `Tariff in force from ${day(s.validFrom)}${s.validTo ? ` to ${day(s.validTo)}` : ""}${
          s.source ? ` (${s.source})` : ""
        }.`,
      );
    case "isee":
      if (s.status === "valid") return `ISEE ${euro(s.iseeCents)}.`;
      {
        const why = s.status === "expired"
          ? t(lang, `ISEE scaduto il ${day(s.expiresOn)}`, `ISEE expired on ${day(s.expiresOn)}`)
          : t(lang, "ISEE non presentato", "no ISEE submitted");
        const then = s.policy === "highest"
          ? t(lang, "si applica la tariffa massima", "the highest amount applies")
          : s.policy === "bracket"
          ? t(lang, `si applica la fascia ${s.bracket}`, `bracket ${s.bracket} applies`)
          : t(
            lang,
            `si calcola come per un ISEE di ${euro(s.iseeCents!)}`,
            `computed as for an ISEE of ${euro(s.iseeCents!)}`,
          );
        return `${why}: ${then}.`;
      }
    case "social_services":
      return t(
        lang,
        "Esenzione disposta dai servizi sociali: nulla è dovuto.",
        "Exempted by a social-services decision: nothing is due.",
      );
    case "case":
      return `${partPrefix(s.part, lang)}${t(lang, "Per", "For")} ${
        s.label ?? valueLabel(s.field, s.value, lang)
      } (${FIELD_LABELS[s.field][lang === "it" ? 0 : 1]}).`;
    case "fixed":
      return `${partPrefix(s.part, lang)}${t(lang, "importo", "amount")} ${euro(s.cents)}.`;
    case "bracket": {
      const shifted = s.shiftedFrom
        ? t(
          lang,
          ` (spostata dalla fascia ${s.shiftedFrom})`,
          ` (moved from bracket ${s.shiftedFrom})`,
        )
        : "";
      const value = s.exempt ? t(lang, "esente", "exempt") : euro(s.cents);
      return `${partPrefix(s.part, lang)}${bracketName(s, lang)}${shifted}, ${
        bracketRange(s, lang)
      }: ${value}.`;
    }
    case "highest":
      return `${partPrefix(s.part, lang)}${t(lang, "tariffa massima", "highest amount")} ${
        euro(s.value)
      }.`;
    case "linear":
      return `${partPrefix(s.part, lang)}${t(lang, "formula lineare", "linear formula")}: ${
        euro(s.y1)
      } + (${euro(s.iseeCents)} − ${euro(s.x1)}) × (${euro(s.y2)} − ${euro(s.y1)}) ÷ (${
        euro(s.x2)
      } − ${euro(s.x1)}) = ${euro(s.value)}.`;
    case "linear_edge":
      return `${partPrefix(s.part, lang)}${
        s.edge === "below"
          ? t(
            lang,
            "ISEE sotto il minimo della formula: tariffa minima",
            "ISEE below the formula's minimum: lowest amount",
          )
          : t(
            lang,
            "ISEE oltre il massimo della formula: tariffa massima",
            "ISEE above the formula's maximum: highest amount",
          )
      } ${euro(s.cents)}.`;
    case "proportional":
      return `${partPrefix(s.part, lang)}${euro(s.iseeCents)} × ${formatBp(s.rateBp, lang)} = ${
        euro(s.value)
      }.`;
    case "isee_exempt":
      return `${partPrefix(s.part, lang)}${
        t(
          lang,
          `esente per ISEE fino a ${euro(s.upToCents)}`,
          `exempt for an ISEE up to ${euro(s.upToCents)}`,
        )
      }.`;
    case "adjustment": {
      const changes = s.changes.map((c) =>
        `${partPrefix(c.part, lang)}${euro(c.before)} → ${euro(c.after)}`
      ).join("; ");
      return `${adjustmentLabel(s.adjustment, lang)}: ${adjustmentEffect(s, lang)}${
        changes ? ` (${changes})` : ""
      }.`;
    }
    case "skipped":
      return t(
        lang,
        `Regola «${adjustmentLabel(s.adjustment, lang)}» non valutata: ${lowerFirst(s.reason)}`,
        `Rule “${adjustmentLabel(s.adjustment, lang)}” not evaluated: ${lowerFirst(s.reasonEn)}`,
      );
    case "rounding":
      return `${partPrefix(s.part, lang)}${t(lang, "arrotondamento", "rounding")} ${
        ROUNDING_LABELS[s.mode][lang === "it" ? 0 : 1]
      }: ${euro(s.exact)} → ${euro(s.cents)}.`;
    case "line":
      if (s.perUnit || s.quantity === 1 && !(s.unit in UNIT_LABELS)) {
        return `${partPrefix(s.part, lang)}${euro(s.unitCents)} ${
          s.unit in UNIT_LABELS
            ? `${t(lang, "a", "per")} ${unitWords(s.unit, 1, lang)}`
            : unitWords(s.unit, 1, lang)
        }.`;
      }
      return `${partPrefix(s.part, lang)}${euro(s.unitCents)} × ${s.quantity} ${
        unitWords(s.unit, s.quantity, lang)
      } = ${euro(s.amountCents)}.`;
    case "total":
      return `${t(lang, "Totale", "Total")}: ${euro(s.amountCents)}.`;
  }
}

export function lowerFirst(s: string): string {
  return s ? s[0].toLowerCase() + s.slice(1) : s;
}

export function capitalize(s: string): string {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}
