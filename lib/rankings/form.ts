/**
 * The back-office form of the ranking criteria: a row per automatic fact (points, empty = not
 * used), up to three age ranges and three form answers, tie-breakers, residents first and the
 * days to accept. Turns the posted fields into rules checked by `checkRules`, and the problems
 * back into messages beside each field.
 *
 * @module
 */
import { checkRules, type Criterion, KIND_LABELS, type RankingRules } from "./criteria.ts";

export const ROWS = 3;
export type RulesForm = Record<string, string>;
export type FormErrors = Record<string, { it: string; en: string }>;

const FIXED = ["disability", "resident", "single_parent", "siblings_enrolled"] as const;
const CODES: Record<string, string> = {
  disability: "disabilita",
  resident: "residenza",
  single_parent: "monogenitore",
  siblings_enrolled: "fratelli_iscritti",
  working_parents: "genitori_lavoratori",
  isee_below: "isee_basso",
  age_months: "fascia_eta",
};

/** The form's fields filled from stored rules (or empty). */
export function formOfRules(rules: RankingRules | null): RulesForm {
  const f: RulesForm = {
    working_parents_field: "genitori_lavoratori",
    offer_days: String(rules?.offer_days ?? 7),
    residents_first: rules?.residents_first ? "on" : "",
    tie_breaker_1: rules?.tie_breakers[0] ?? "",
    tie_breaker_2: rules?.tie_breakers[1] ?? "",
  };
  let answers = 0;
  for (const c of rules?.criteria ?? []) {
    switch (c.kind) {
      case "working_parents":
        f.working_parents_label = c.label;
        f.working_parents_points = String(c.points_each);
        f.working_parents_field = c.field;
        break;
      case "isee_below":
        f.isee_below_points = String(c.points);
        f.isee_below_threshold = (c.threshold_cents / 100).toFixed(2).replace(".", ",");
        break;
      case "age_months":
        c.ranges.slice(0, ROWS).forEach((r, i) => {
          f[`age_from_${i}`] = String(r.from_months);
          f[`age_to_${i}`] = String(r.to_months);
          f[`age_points_${i}`] = String(r.points);
        });
        break;
      case "answer":
        if (answers < ROWS) {
          f[`answer_label_${answers}`] = c.label;
          f[`answer_field_${answers}`] = c.field;
          f[`answer_value_${answers}`] = c.value;
          f[`answer_points_${answers}`] = String(c.points);
          answers++;
        }
        break;
      default:
        f[`${c.kind}_label`] = c.label;
        f[`${c.kind}_points`] = String(c.points);
    }
  }
  return f;
}

const NOT_INT = {
  it: "Inserisci un numero intero, senza decimali.",
  en: "Enter a whole number, without decimals.",
};

/** Reads the posted fields into rules; `errors` by field id when something is wrong. */
export function rulesOfForm(f: RulesForm): { rules: RankingRules | null; errors: FormErrors } {
  const errors: FormErrors = {};
  const paths = new Map<string, string>();
  const int = (id: string): number | null | undefined => {
    const v = (f[id] ?? "").trim();
    if (v === "") return undefined;
    if (!/^-?\d+$/.test(v)) {
      errors[id] = NOT_INT;
      return null;
    }
    return Number(v);
  };
  const criteria: Record<string, unknown>[] = [];
  const push = (c: Record<string, unknown>, fields: Record<string, string>) => {
    const i = criteria.length;
    for (const [key, id] of Object.entries(fields)) paths.set(`criteria.${i}.${key}`, id);
    paths.set(`criteria.${i}.code`, Object.values(fields)[0]);
    paths.set(`criteria.${i}.label`, fields.label ?? Object.values(fields)[0]);
    criteria.push(c);
  };
  const label = (kind: keyof typeof KIND_LABELS) =>
    (f[`${kind}_label`] ?? "").trim() || KIND_LABELS[kind].it;

  const wp = int("working_parents_points");
  if (wp !== undefined) {
    push({
      kind: "working_parents",
      code: CODES.working_parents,
      label: (f.working_parents_label ?? "").trim() || "Genitori che lavorano (per ciascuno)",
      field: (f.working_parents_field ?? "").trim(),
      points_each: wp,
    }, {
      points_each: "working_parents_points",
      field: "working_parents_field",
      label: "working_parents_label",
    });
  }
  for (const kind of FIXED) {
    const p = int(`${kind}_points`);
    if (p !== undefined) {
      push({ kind, code: CODES[kind], label: label(kind), points: p }, {
        points: `${kind}_points`,
        label: `${kind}_label`,
      });
    }
  }
  const ip = int("isee_below_points");
  const thr = (f.isee_below_threshold ?? "").trim();
  if (ip !== undefined || thr !== "") {
    const euros = thr.replace(/\./g, "").replace(",", ".");
    let cents: number | null = null;
    if (/^\d+(\.\d{1,2})?$/.test(euros)) cents = Math.round(Number(euros) * 100);
    else {
      errors.isee_below_threshold = {
        it: "Scrivi la soglia ISEE in euro, ad esempio 12.000 oppure 12000,50.",
        en: "Write the ISEE threshold in euros, e.g. 12.000 or 12000,50.",
      };
    }
    const shown = cents === null ? thr : new Intl.NumberFormat("it-IT").format(cents / 100);
    push({
      kind: "isee_below",
      code: CODES.isee_below,
      label: `ISEE inferiore a ${shown} €`,
      threshold_cents: cents ?? 0,
      points: ip ?? null,
    }, { points: "isee_below_points", threshold_cents: "isee_below_threshold" });
  }
  const ranges: Record<string, unknown>[] = [];
  const rangeRows: number[] = [];
  for (let i = 0; i < ROWS; i++) {
    const [a, b, p] = [int(`age_from_${i}`), int(`age_to_${i}`), int(`age_points_${i}`)];
    if (a === undefined && b === undefined && p === undefined) continue;
    rangeRows.push(i);
    ranges.push({ from_months: a ?? null, to_months: b ?? null, points: p ?? null });
  }
  if (ranges.length) {
    const at = criteria.length;
    push({ kind: "age_months", code: CODES.age_months, label: label("age_months"), ranges }, {
      ranges: `age_from_${rangeRows[0]}`,
    });
    rangeRows.forEach((row, j) => {
      paths.set(`criteria.${at}.ranges.${j}`, `age_from_${row}`);
      paths.set(`criteria.${at}.ranges.${j}.points`, `age_points_${row}`);
    });
  }
  for (let i = 0; i < ROWS; i++) {
    const ids = ["label", "field", "value", "points"].map((k) => `answer_${k}_${i}`);
    if (ids.every((id) => (f[id] ?? "").trim() === "")) continue;
    const field = (f[ids[1]] ?? "").trim();
    const value = (f[ids[2]] ?? "").trim();
    push({
      kind: "answer",
      code: `risposta_${field || i}_${value.replace(/[^a-z0-9_]/gi, "").toLowerCase() || i}`
        .slice(0, 40),
      label: f[ids[0]] ?? "",
      field,
      value,
      points: int(ids[3]) ?? null,
    }, { label: ids[0], field: ids[1], value: ids[2], points: ids[3] });
  }
  const tie_breakers = [f.tie_breaker_1, f.tie_breaker_2].filter((t) => t && t.trim() !== "");
  const input = {
    criteria,
    tie_breakers,
    residents_first: f.residents_first === "on" || f.residents_first === "true",
    offer_days: int("offer_days") ?? (f.offer_days?.trim() ? null : 7),
  };
  if (Object.keys(errors).length) return { rules: null, errors };
  const checked = checkRules(input);
  if (checked.ok) return { rules: checked.value, errors };
  for (const p of checked.problems) {
    const id = paths.get(p.path) ??
      (p.path.startsWith("tie_breakers") ? "tie_breaker_1" : p.path.split(".")[0]);
    errors[id] ??= { it: p.it, en: p.en };
  }
  return { rules: null, errors };
}

/** For the review page: a short Italian description of a criterion's points. */
export function describeCriterion(c: Criterion): string {
  switch (c.kind) {
    case "working_parents":
      return `${c.points_each} punti per ciascun genitore che lavora`;
    case "isee_below":
      return `${c.points} punti`;
    case "age_months":
      return c.ranges.map((r) => `${r.from_months}–${r.to_months} mesi: ${r.points}`).join("; ");
    default:
      return `${c.points} punti`;
  }
}
