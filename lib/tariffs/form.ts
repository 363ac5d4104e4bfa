/**
 * The back office's tariff form ↔ `TariffRules`. Two guided editors cover the common regulations
 * — an ISEE bracket table, or a linear formula between an ISEE minimum and maximum — each with
 * sibling reductions, non-residents and the missing-ISEE rule; anything else is edited as JSON.
 * Parsing reports typing mistakes per field; the engine then judges the rules themselves.
 */
import { centsToInput, parseEuro, parsePercent } from "./money.ts";
import { KINDS, PERIODS, type TariffRules, UNITS } from "./schema.ts";
import type { TariffIssue } from "./validate.ts";

export const EDITORS = ["brackets", "linear", "json"] as const;
export type Editor = typeof EDITORS[number];
export const NON_RESIDENT = ["same", "surcharge", "highest", "fixed"] as const;

export interface BracketRow {
  from: string;
  to: string;
  amount: string;
}

export interface RulesForm {
  editor: Editor;
  kind: string;
  unit: string;
  period: string;
  brackets: BracketRow[];
  iseeMin: string;
  iseeMax: string;
  amountMin: string;
  amountMax: string;
  exemptUpTo: string;
  sibling2: string;
  sibling3: string;
  nonResident: string;
  nonResidentValue: string;
  missingIsee: string;
  missingIseeBracket: string;
  json: string;
}

/** Field id → Italian and English message. */
export type FormErrors = Record<string, { it: string; en: string }>;

export const BRACKET_ROWS = 8;

export function emptyForm(editor: Editor = "brackets"): RulesForm {
  return {
    editor,
    kind: "per_use",
    unit: "meal",
    period: "year",
    brackets: Array.from({ length: BRACKET_ROWS }, () => ({ from: "", to: "", amount: "" })),
    iseeMin: "",
    iseeMax: "",
    amountMin: "",
    amountMax: "",
    exemptUpTo: "",
    sibling2: "",
    sibling3: "",
    nonResident: "same",
    nonResidentValue: "",
    missingIsee: "highest",
    missingIseeBracket: "",
    json: "",
  };
}

type Body = Record<string, string | File | (string | File)[]>;
const str = (v: unknown) => typeof v === "string" ? v : "";

/** Reads the posted fields (names as rendered by the form component). */
export function readForm(body: Body): RulesForm {
  const f = emptyForm(
    (EDITORS as readonly string[]).includes(str(body.editor))
      ? str(body.editor) as Editor
      : "brackets",
  );
  for (const k of Object.keys(f) as (keyof RulesForm)[]) {
    if (k !== "editor" && k !== "brackets" && typeof f[k] === "string") {
      (f as unknown as Record<string, string>)[k] = str(body[k]).trim();
    }
  }
  f.json = str(body.json);
  f.brackets = f.brackets.map((_, i) => ({
    from: str(body[`b-${i}-from`]).trim(),
    to: str(body[`b-${i}-to`]).trim(),
    amount: str(body[`b-${i}-amount`]).trim(),
  }));
  return f;
}

/** The rules a form describes, or the fields it could not read. */
export function formToRules(f: RulesForm): { rules: unknown; errors: FormErrors } {
  const errors: FormErrors = {};
  if (f.editor === "json") {
    try {
      return { rules: JSON.parse(f.json), errors };
    } catch (e) {
      errors.json = {
        it: `Il testo non è JSON valido: ${(e as Error).message}`,
        en: `The text is not valid JSON: ${(e as Error).message}`,
      };
      return { rules: null, errors };
    }
  }
  const euro = (id: string, text: string, required: boolean): number | undefined => {
    if (!text) {
      if (required) {
        errors[id] = { it: "Inserisci un importo in euro.", en: "Enter an amount in euro." };
      }
      return undefined;
    }
    const c = parseEuro(text);
    if (c === null) {
      errors[id] = {
        it: `«${text}» non è un importo: scrivi ad esempio 1.234,50.`,
        en: `“${text}” is not an amount: write e.g. 1234.50.`,
      };
      return undefined;
    }
    return c;
  };
  const percent = (id: string, text: string): number | undefined => {
    if (!text) return undefined;
    const bp = parsePercent(text);
    if (bp === null) {
      errors[id] = {
        it: `«${text}» non è una percentuale: scrivi ad esempio 30 o 12,5.`,
        en: `“${text}” is not a percentage: write e.g. 30 or 12.5.`,
      };
    }
    return bp ?? undefined;
  };
  const kind = (KINDS as readonly string[]).includes(f.kind) && f.kind !== "monthly_plus_daily"
    ? f.kind as TariffRules["kind"]
    : (errors.kind = { it: "Scegli il tipo di tariffa.", en: "Choose the kind of tariff." },
      "monthly");
  let amount: TariffRules["amount"];
  if (f.editor === "brackets") {
    const rows = f.brackets.map((b, i) => ({ b, i })).filter(({ b }) => b.from || b.to || b.amount);
    if (rows.length === 0) {
      errors["b-0-from"] = {
        it: "Inserisci almeno una fascia.",
        en: "Enter at least one bracket.",
      };
    }
    amount = {
      type: "isee_brackets",
      brackets: rows.map(({ b, i }) => ({
        fromCents: euro(`b-${i}-from`, b.from, true) ?? 0,
        toCents: b.to ? euro(`b-${i}-to`, b.to, true) ?? null : null,
        cents: euro(`b-${i}-amount`, b.amount, true) ?? 0,
      })),
    };
  } else {
    const exempt = euro("exemptUpTo", f.exemptUpTo, false);
    amount = {
      type: "isee_linear",
      points: [
        {
          iseeCents: euro("iseeMin", f.iseeMin, true) ?? 0,
          cents: euro("amountMin", f.amountMin, true) ?? 0,
        },
        {
          iseeCents: euro("iseeMax", f.iseeMax, true) ?? 0,
          cents: euro("amountMax", f.amountMax, true) ?? 0,
        },
      ],
      ...(exempt !== undefined ? { exemptUpToCents: exempt } : {}),
    };
  }
  const adjustments: NonNullable<TariffRules["adjustments"]> = [];
  const s2 = percent("sibling2", f.sibling2);
  const s3 = percent("sibling3", f.sibling3);
  if (s2) {
    adjustments.push({
      type: "reduction_percent",
      bp: s2,
      group: "fratelli",
      when: { siblingRank: { min: 2, max: 2 } },
    });
  }
  if (s3) {
    adjustments.push({
      type: "reduction_percent",
      bp: s3,
      group: "fratelli",
      when: { siblingRank: { min: 3 } },
    });
  }
  const nr = f.nonResident;
  if (nr === "surcharge") {
    const bp = percent("nonResidentValue", f.nonResidentValue);
    if (bp === undefined && !errors.nonResidentValue) {
      errors.nonResidentValue = {
        it: "Indica la maggiorazione in percentuale.",
        en: "Give the surcharge as a percentage.",
      };
    }
    if (bp) adjustments.unshift({ type: "surcharge_percent", bp, when: { resident: false } });
  } else if (nr === "fixed") {
    const cents = euro("nonResidentValue", f.nonResidentValue, true);
    if (cents !== undefined) {
      adjustments.unshift({ type: "set_amount", cents, when: { resident: false } });
    }
  } else if (nr === "highest") {
    const top = amount.type === "isee_brackets"
      ? Math.max(0, ...amount.brackets.map((b) => b.cents))
      : amount.type === "isee_linear"
      ? Math.max(...amount.points.map((p) => p.cents))
      : 0;
    adjustments.unshift({
      type: "set_amount",
      cents: top,
      when: { resident: false },
      label: "non residente: tariffa massima",
      labelEn: "non-resident: highest amount",
    });
  }
  let missingIsee: TariffRules["missingIsee"] = { policy: "highest" };
  if (f.missingIsee === "bracket") {
    const n = Number(f.missingIseeBracket);
    if (!Number.isInteger(n) || n < 1) {
      errors.missingIseeBracket = {
        it: "Indica il numero della fascia (1, 2, 3…).",
        en: "Give the bracket's number (1, 2, 3…).",
      };
    } else missingIsee = { policy: "bracket", bracket: n };
  }
  const rules: Record<string, unknown> = { kind, amount, missingIsee };
  if (kind === "per_use") {
    rules.unit = (UNITS as readonly string[]).includes(f.unit) ? f.unit : "use";
  }
  if (kind === "per_period") {
    rules.period = (PERIODS as readonly string[]).includes(f.period) ? f.period : "year";
  }
  if (adjustments.length) rules.adjustments = adjustments;
  return { rules, errors };
}

const SIMPLE_ADJ = new Set(["fratelli"]);

/** The form for stored rules, in the guided editor when they fit it, else as JSON. */
export function rulesToForm(rules: TariffRules): RulesForm {
  const json = { ...emptyForm("json"), json: JSON.stringify(rules, null, 2) };
  const a = rules.amount;
  if (rules.kind === "monthly_plus_daily" || rules.roundEachStep || rules.source) return json;
  const f = emptyForm(a.type === "isee_linear" ? "linear" : "brackets");
  f.kind = rules.kind;
  f.unit = rules.unit ?? "meal";
  f.period = rules.period ?? "year";
  if (a.type === "isee_brackets") {
    a.brackets.forEach((b, i) => {
      if (i < BRACKET_ROWS) {
        f.brackets[i] = {
          from: centsToInput(b.fromCents),
          to: centsToInput(b.toCents),
          amount: centsToInput(b.cents),
        };
      }
    });
    if (a.brackets.length > BRACKET_ROWS || a.brackets.some((b) => b.exempt || b.label)) {
      return json;
    }
  } else if (a.type === "isee_linear" && a.points.length === 2) {
    f.iseeMin = centsToInput(a.points[0].iseeCents);
    f.amountMin = centsToInput(a.points[0].cents);
    f.iseeMax = centsToInput(a.points[1].iseeCents);
    f.amountMax = centsToInput(a.points[1].cents);
    f.exemptUpTo = centsToInput(a.exemptUpToCents);
  } else return json;
  const m = rules.missingIsee ?? { policy: "highest" };
  if (m.policy === "isee") return json;
  f.missingIsee = m.policy;
  f.missingIseeBracket = m.policy === "bracket" ? String(m.bracket) : "";
  for (const adj of rules.adjustments ?? []) {
    const w = adj.when ?? {};
    if (adj.type === "reduction_percent" && adj.group && SIMPLE_ADJ.has(adj.group)) {
      const r = w.siblingRank;
      if (r?.min === 2 && r.max === 2) f.sibling2 = centsToInput(adj.bp).replace(/,00$/, "");
      else if (r?.min === 3 && r.max === undefined) {
        f.sibling3 = centsToInput(adj.bp).replace(/,00$/, "");
      } else return json;
    } else if (w.resident === false && Object.keys(w).length === 1) {
      if (adj.type === "surcharge_percent") {
        f.nonResident = "surcharge";
        f.nonResidentValue = centsToInput(adj.bp).replace(/,00$/, "");
      } else if (
        adj.type === "set_amount" && adj.label?.startsWith("non residente: tariffa massima")
      ) {
        f.nonResident = "highest";
      } else if (adj.type === "set_amount") {
        f.nonResident = "fixed";
        f.nonResidentValue = centsToInput(adj.cents);
      } else return json;
    } else return json;
  }
  f.json = json.json;
  return f;
}

/** Where an engine issue shows up in the form: its field, or the editor as a whole. */
export function fieldOf(issue: TariffIssue, f: RulesForm): string {
  if (f.editor === "json") return "json";
  const m = /^amount\.brackets\.(\d+)(?:\.(\w+))?/.exec(issue.path);
  if (m && f.editor === "brackets") {
    const rows = f.brackets.map((b, i) => ({ b, i })).filter(({ b }) => b.from || b.to || b.amount);
    const row = rows[Number(m[1])]?.i ?? 0;
    const col = m[2] === "toCents" ? "to" : m[2] === "cents" ? "amount" : "from";
    return `b-${row}-${col}`;
  }
  if (issue.path.startsWith("amount") && f.editor === "linear") {
    if (issue.path.includes("exemptUpTo")) return "exemptUpTo";
    return issue.code === "formula_amount_order" ? "amountMin" : "iseeMin";
  }
  if (issue.path.startsWith("missingIsee")) return "missingIseeBracket";
  const adj = /^adjustments\.(\d+)/.exec(issue.path);
  if (adj) {
    // the order formToRules builds them in
    const order = [
      ...(f.nonResident !== "same" ? ["nonResidentValue"] : []),
      ...(f.sibling2 ? ["sibling2"] : []),
      ...(f.sibling3 ? ["sibling3"] : []),
    ];
    return order[Number(adj[1])] ?? "sibling2";
  }
  return "kind";
}
