/**
 * The explanation of a quote: structured steps (what the engine did, with every number) and
 * their rendering in Italian and English (`render.ts`), plus a one-line summary a family can read
 * ("Fascia 3 (ISEE 12.400,00 €), secondo figlio −30 %: 2,66 € × 18 = 47,88 €").
 */
import type { Lang } from "./labels.ts";
import { UNIT_LABELS, valueLabel } from "./labels.ts";
import { formatEuro, type Q, type Rounding } from "./money.ts";
import {
  adjustmentEffect,
  adjustmentLabel,
  bracketName,
  capitalize,
  renderStep,
  t,
  unitWords,
} from "./render.ts";
import type { Adjustment, MissingIsee, SwitchField, Unit } from "./schema.ts";

export { adjustmentEffect, adjustmentLabel, renderStep } from "./render.ts";

export type Part = "amount" | "fixed" | "daily";

export type Step =
  | { kind: "version"; validFrom: string; validTo: string | null; source?: string }
  | { kind: "isee"; status: "valid"; iseeCents: number; expiresOn: string | null }
  | {
    kind: "isee";
    status: "missing" | "expired";
    expiresOn: string | null;
    policy: MissingIsee["policy"];
    iseeCents?: number;
    bracket?: number;
  }
  | { kind: "social_services" }
  | {
    kind: "case";
    part: Part;
    field: SwitchField;
    value: string | number | boolean;
    label?: string;
  }
  | { kind: "fixed"; part: Part; cents: number }
  | {
    kind: "bracket";
    part: Part;
    index: number;
    count: number;
    label?: string;
    fromCents: number;
    toCents: number | null;
    cents: number;
    exempt: boolean;
    shiftedFrom?: number;
  }
  | { kind: "highest"; part: Part; value: Q }
  | {
    kind: "linear";
    part: Part;
    iseeCents: number;
    x1: number;
    x2: number;
    y1: number;
    y2: number;
    value: Q;
  }
  | { kind: "linear_edge"; part: Part; iseeCents: number; edge: "below" | "above"; cents: number }
  | { kind: "proportional"; part: Part; iseeCents: number; rateBp: number; value: Q }
  | { kind: "isee_exempt"; part: Part; upToCents: number }
  | {
    kind: "adjustment";
    adjustment: Adjustment;
    changes: { part: Part; before: Q; after: Q }[];
    daysPresent?: number;
    openDays?: number;
  }
  | { kind: "skipped"; adjustment: Adjustment; reason: string; reasonEn: string }
  | { kind: "rounding"; part: Part; mode: Rounding; exact: Q; cents: number }
  | {
    kind: "line";
    part: Part;
    unit: Unit | "month" | "term" | "year" | "once";
    unitCents: number;
    quantity: number;
    amountCents: number;
    perUnit: boolean;
  }
  | { kind: "total"; amountCents: number };

/** The one-line summary: what decided the amount, then the computation. */
export function summarize(steps: Step[], lang: Lang): string {
  const euro = (c: number) => formatEuro(c, lang);
  const reasons: string[] = [];
  for (const s of steps) {
    if (s.kind === "social_services") {
      reasons.push(t(lang, "esenzione dei servizi sociali", "social-services exemption"));
    } else if (s.kind === "isee" && s.status !== "valid") {
      reasons.push(
        s.status === "expired"
          ? t(lang, "ISEE scaduto", "ISEE expired")
          : t(lang, "senza ISEE", "no ISEE"),
      );
    } else if (s.kind === "case") reasons.push(s.label ?? valueLabel(s.field, s.value, lang));
    else if (s.kind === "bracket") {
      const isee = steps.find((x) => x.kind === "isee" && x.status === "valid") as
        | { iseeCents: number }
        | undefined;
      reasons.push(`${bracketName(s, lang)}${isee ? ` (ISEE ${euro(isee.iseeCents)})` : ""}`);
    } else if (s.kind === "linear" || s.kind === "linear_edge" || s.kind === "proportional") {
      if (!reasons.some((r) => r.startsWith("ISEE"))) reasons.push(`ISEE ${euro(s.iseeCents)}`);
    } else if (s.kind === "isee_exempt") reasons.push(t(lang, "esente per ISEE", "exempt by ISEE"));
    else if (s.kind === "adjustment" && s.adjustment.type !== "clamp") {
      reasons.push(`${adjustmentLabel(s.adjustment, lang)} ${adjustmentEffect(s, lang)}`);
    } else if (s.kind === "adjustment") reasons.push(adjustmentEffect(s, lang));
  }
  const lines = steps.filter((s) => s.kind === "line") as Extract<Step, { kind: "line" }>[];
  const total = steps.find((s) => s.kind === "total") as { amountCents: number } | undefined;
  const math = lines.map((l) => {
    if (l.perUnit) {
      return `${euro(l.unitCents)} ${t(lang, "a", "per")} ${unitWords(l.unit, 1, lang)}`;
    }
    if (l.unit in UNIT_LABELS) return `${euro(l.unitCents)} × ${l.quantity}`;
    return euro(l.amountCents);
  });
  const result = lines.length === 1 && lines[0].perUnit
    ? math[0]
    : `${math.join(" + ")}${
      lines.length > 1 || lines.some((l) => l.unit in UNIT_LABELS)
        ? ` = ${euro(total?.amountCents ?? 0)}`
        : ""
    }`;
  return capitalize(`${reasons.join(", ")}${reasons.length ? ": " : ""}${result}`);
}

export interface Explanation {
  steps: Record<string, unknown>[];
  it: string[];
  en: string[];
  summary: { it: string; en: string };
}

function isQ(v: unknown): v is Q {
  return typeof v === "object" && v !== null && typeof (v as Q).n === "bigint";
}

/** Exact euro with up to four decimals, as a JSON-friendly string. */
export function exactEuro(v: Q): string {
  const scaled = (v.n * 10_000n) / (v.d * 100n);
  const neg = scaled < 0n;
  const s = (neg ? -scaled : scaled).toString().padStart(5, "0");
  const frac = s.slice(-4).replace(/0{1,2}$/, "");
  return `${neg ? "-" : ""}${s.slice(0, -4)}.${frac.padEnd(2, "0")}`;
}

function jsonStep(s: Step): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) out[k] = isQ(v) ? exactEuro(v) : v;
  if (s.kind === "adjustment") {
    out.changes = s.changes.map((c) => ({
      part: c.part,
      before: exactEuro(c.before),
      after: exactEuro(c.after),
    }));
  }
  return out;
}

export function explain(steps: Step[]): Explanation {
  return {
    steps: steps.map(jsonStep),
    it: steps.map((s) => capitalize(renderStep(s, "it"))),
    en: steps.map((s) => capitalize(renderStep(s, "en"))),
    summary: { it: summarize(steps, "it"), en: summarize(steps, "en") },
  };
}
