/**
 * One problem of a tariff's configuration: where it is (a path and its Italian words) and what
 * is wrong, as a sentence in Italian and one in English.
 */
import { formatEuro } from "./money.ts";

export interface TariffIssue {
  /** Dotted path in the rules JSON ("amount.brackets.2.toCents"). */
  path: string;
  code: string;
  /** Italian, complete: "Importo, fascia 3: …". */
  message: string;
  messageEn: string;
}

export const euro = (c: number) => formatEuro(c, "it");
export const euroEn = (c: number) => formatEuro(c, "en");

const FIELDS: Record<string, [string, string]> = {
  amount: ["importo", "amount"],
  daily: ["quota giornaliera", "daily part"],
  adjustments: ["regola", "rule"],
  brackets: ["fascia", "bracket"],
  points: ["punto", "point"],
  cases: ["caso", "case"],
  otherwise: ["altrimenti", "otherwise"],
  missingIsee: ["ISEE mancante", "missing ISEE"],
  when: ["condizione", "condition"],
  kind: ["tipo di tariffa", "kind of tariff"],
  unit: ["unità", "unit"],
  period: ["periodo", "period"],
  type: ["tipo", "type"],
  cents: ["importo", "amount"],
  bp: ["percentuale", "percentage"],
  rateBp: ["aliquota", "rate"],
  fromCents: ["ISEE da", "ISEE from"],
  toCents: ["ISEE fino a", "ISEE up to"],
  iseeCents: ["ISEE", "ISEE"],
  minCents: ["minimo", "minimum"],
  maxCents: ["massimo", "maximum"],
  exemptUpToCents: ["soglia di esenzione", "exemption threshold"],
  values: ["valori", "values"],
  field: ["campo", "field"],
  steps: ["fasce di spostamento", "brackets to move"],
  policy: ["criterio", "policy"],
  bracket: ["fascia", "bracket"],
  appliesTo: ["parte", "part"],
};

/** "amount.brackets.2.cents" → "Importo, fascia 3, importo" (for the error list). */
export function where(path: (string | number)[], lang: "it" | "en" = "it"): string {
  const k = lang === "it" ? 0 : 1;
  const out: string[] = [];
  for (let i = 0; i < path.length; i++) {
    const seg = String(path[i]);
    const next = path[i + 1];
    const name = FIELDS[seg]?.[k] ?? seg;
    if (FIELDS[seg] && typeof next === "number") {
      out.push(`${name} ${next + 1}`);
      i++;
    } else if (/^\d+$/.test(seg)) out.push(`#${Number(seg) + 1}`);
    else out.push(name);
  }
  const text = out.join(", ");
  return text ? text[0].toUpperCase() + text.slice(1) : (lang === "it" ? "Tariffa" : "Tariff");
}

export function issue(
  path: (string | number)[],
  code: string,
  it: string,
  en: string,
): TariffIssue {
  return {
    path: path.join("."),
    code,
    message: `${where(path)}: ${it}`,
    messageEn: `${where(path, "en")}: ${en}`,
  };
}
