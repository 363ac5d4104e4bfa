/**
 * Ranking rules (criteri di graduatoria) of a service for a school year, as data: the criteria
 * that give points, the tie-breakers, whether residents come before everyone else, and how many
 * days a family has to accept an offered place. Stored as jsonb in `ranking_criteria.rules` and
 * validated only here, so the back-office form and the API accept exactly the same rules.
 *
 * @module
 */

/** An automatic fact of the application, or an answer of the service's own form. */
export type Criterion =
  | { kind: "working_parents"; code: string; label: string; field: string; points_each: number }
  | { kind: "siblings_enrolled"; code: string; label: string; points: number }
  | { kind: "disability"; code: string; label: string; points: number }
  | { kind: "resident"; code: string; label: string; points: number }
  | { kind: "single_parent"; code: string; label: string; points: number }
  | { kind: "isee_below"; code: string; label: string; threshold_cents: number; points: number }
  | { kind: "age_months"; code: string; label: string; ranges: AgeRange[] }
  | { kind: "answer"; code: string; label: string; field: string; value: string; points: number };

export type CriterionKind = Criterion["kind"];

/** Completed months of age at the reference date, both ends included. */
export interface AgeRange {
  from_months: number;
  to_months: number;
  points: number;
}

/** Applied in order after the score; the receipt time (submitted_at, receipt_seq) always last. */
export const TIE_BREAKERS = ["lower_isee", "older_child", "younger_child"] as const;
export type TieBreaker = typeof TIE_BREAKERS[number];

export interface RankingRules {
  criteria: Criterion[];
  tie_breakers: TieBreaker[];
  /** Non-residents are ranked after every resident, whatever their score. */
  residents_first: boolean;
  /** Days a family has to accept an offered place (until 23:59 of the last day, Rome time). */
  offer_days: number;
}

export const CRITERION_KINDS: readonly CriterionKind[] = [
  "working_parents",
  "siblings_enrolled",
  "disability",
  "resident",
  "single_parent",
  "isee_below",
  "age_months",
  "answer",
];

export const KIND_LABELS: Record<CriterionKind, { it: string; en: string }> = {
  working_parents: { it: "Genitori lavoratori", en: "Working parents" },
  siblings_enrolled: { it: "Fratelli o sorelle già iscritti", en: "Siblings already enrolled" },
  disability: { it: "Bambina o bambino con disabilità", en: "Child with a disability" },
  resident: { it: "Residenza nel Comune", en: "Resident in the Comune" },
  single_parent: { it: "Nucleo monogenitoriale", en: "Single-parent household" },
  isee_below: { it: "ISEE inferiore alla soglia", en: "ISEE below the threshold" },
  age_months: { it: "Età della bambina o del bambino", en: "Age of the child" },
  answer: { it: "Risposta del modulo", en: "Form answer" },
};

export const TIE_BREAKER_LABELS: Record<TieBreaker, { it: string; en: string }> = {
  lower_isee: { it: "ISEE più basso", en: "Lower ISEE" },
  older_child: { it: "Bambino di età maggiore", en: "Older child" },
  younger_child: { it: "Bambino di età minore", en: "Younger child" },
};

export const LIMITS = {
  criteria: 30,
  points: 1000,
  ranges: 10,
  months: 240,
  offerDays: { min: 1, max: 60 },
  thresholdCents: 100_000_000_00,
} as const;

export const CODE = /^[a-z][a-z0-9_]{1,39}$/;
export const FIELD = /^[a-z][a-z0-9_]{0,39}$/;

export interface Problem {
  path: string;
  it: string;
  en: string;
}

export type Checked = { ok: true; value: RankingRules } | { ok: false; problems: Problem[] };

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const isInt = (v: unknown, min: number, max: number): v is number =>
  typeof v === "number" && Number.isInteger(v) && v >= min && v <= max;

/**
 * Validates rules from the form or the API (or read back from the database) and returns them
 * normalized (labels trimmed, unknown keys dropped), or every problem with a path and a message.
 */
export function checkRules(input: unknown): Checked {
  const problems: Problem[] = [];
  const add = (path: string, it: string, en: string) => problems.push({ path, it, en });
  if (!isObj(input)) {
    return { ok: false, problems: [{ path: "", it: "Regole mancanti.", en: "Rules missing." }] };
  }
  const criteria: Criterion[] = [];
  const list = Array.isArray(input.criteria) ? input.criteria : null;
  if (!list) add("criteria", "Indica l'elenco dei criteri.", "Give the list of criteria.");
  else if (list.length > LIMITS.criteria) {
    add(
      "criteria",
      `Al massimo ${LIMITS.criteria} criteri.`,
      `At most ${LIMITS.criteria} criteria.`,
    );
  }
  const codes = new Set<string>();
  for (const [i, raw] of (list ?? []).slice(0, LIMITS.criteria).entries()) {
    const c = checkCriterion(raw, `criteria.${i}`, add);
    if (!c) continue;
    if (codes.has(c.code)) {
      add(
        `criteria.${i}.code`,
        `Il codice «${c.code}» è usato da due criteri.`,
        `Code “${c.code}” is used by two criteria.`,
      );
    }
    codes.add(c.code);
    criteria.push(c);
  }
  const tb = input.tie_breakers ?? [];
  const tie_breakers: TieBreaker[] = [];
  if (!Array.isArray(tb)) {
    add("tie_breakers", "Indica i criteri di parità.", "Give the tie-breakers.");
  } else {
    for (const [i, t] of tb.entries()) {
      const known = TIE_BREAKERS.find((x) => x === t);
      if (!known) {
        add(`tie_breakers.${i}`, "Criterio di parità sconosciuto.", "Unknown tie-breaker.");
      } else if (tie_breakers.includes(known)) {
        add(
          `tie_breakers.${i}`,
          "Lo stesso criterio di parità è indicato due volte.",
          "The same tie-breaker is given twice.",
        );
      } else tie_breakers.push(known);
    }
    if (tie_breakers.includes("older_child") && tie_breakers.includes("younger_child")) {
      add(
        "tie_breakers",
        "Scegli tra «età maggiore» ed «età minore»: non possono valere entrambi.",
        "Choose either “older” or “younger” child: not both.",
      );
    }
  }
  const residents_first = input.residents_first ?? false;
  if (typeof residents_first !== "boolean") {
    add("residents_first", "Valore non valido.", "Invalid value.");
  }
  const offer_days = input.offer_days ?? 7;
  if (!isInt(offer_days, LIMITS.offerDays.min, LIMITS.offerDays.max)) {
    add(
      "offer_days",
      `I giorni per accettare il posto vanno da ${LIMITS.offerDays.min} a ${LIMITS.offerDays.max}.`,
      `Days to accept a place go from ${LIMITS.offerDays.min} to ${LIMITS.offerDays.max}.`,
    );
  }
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    value: {
      criteria,
      tie_breakers,
      residents_first: residents_first as boolean,
      offer_days: offer_days as number,
    },
  };
}

function checkPoints(v: unknown, path: string, add: (p: string, it: string, en: string) => void) {
  if (isInt(v, 0, LIMITS.points)) return true;
  add(
    path,
    `I punti devono essere un numero intero da 0 a ${LIMITS.points}.`,
    `Points must be a whole number from 0 to ${LIMITS.points}.`,
  );
  return false;
}

function checkCriterion(
  raw: unknown,
  at: string,
  add: (p: string, it: string, en: string) => void,
): Criterion | null {
  if (!isObj(raw)) {
    add(at, "Criterio non valido.", "Invalid criterion.");
    return null;
  }
  const kind = CRITERION_KINDS.find((k) => k === raw.kind);
  if (!kind) {
    add(`${at}.kind`, "Tipo di criterio sconosciuto.", "Unknown kind of criterion.");
    return null;
  }
  const before = { n: 0 };
  const note = (p: string, it: string, en: string) => {
    before.n++;
    add(p, it, en);
  };
  const code = typeof raw.code === "string" ? raw.code.trim() : "";
  if (!CODE.test(code)) {
    note(
      `${at}.code`,
      "Il codice del criterio va da 2 a 40 caratteri: lettere minuscole, cifre e _, iniziando con una lettera.",
      "A criterion code has 2 to 40 characters: lowercase letters, digits and _, starting with a letter.",
    );
  }
  const label = typeof raw.label === "string" ? raw.label.trim().replace(/\s+/g, " ") : "";
  if (label.length < 2 || label.length > 200) {
    note(
      `${at}.label`,
      "Scrivi la descrizione del criterio (da 2 a 200 caratteri).",
      "Write the criterion's description (2 to 200 characters).",
    );
  }
  const field = () => {
    const f = typeof raw.field === "string" ? raw.field.trim() : "";
    if (!FIELD.test(f)) {
      note(
        `${at}.field`,
        "Indica il nome del campo del modulo (lettere minuscole, cifre e _).",
        "Give the form field's name (lowercase letters, digits and _).",
      );
    }
    return f;
  };
  const points = () => {
    if (!checkPoints(raw.points, `${at}.points`, note)) return 0;
    return raw.points as number;
  };
  let c: Criterion;
  switch (kind) {
    case "working_parents": {
      const f = field();
      if (!checkPoints(raw.points_each, `${at}.points_each`, note)) return null;
      c = { kind, code, label, field: f, points_each: raw.points_each as number };
      break;
    }
    case "isee_below": {
      const p = points();
      if (!isInt(raw.threshold_cents, 1, LIMITS.thresholdCents)) {
        note(
          `${at}.threshold_cents`,
          "Indica la soglia ISEE in euro, maggiore di zero.",
          "Give the ISEE threshold in euros, above zero.",
        );
      }
      c = { kind, code, label, threshold_cents: raw.threshold_cents as number, points: p };
      break;
    }
    case "age_months": {
      const ranges = checkRanges(raw.ranges, `${at}.ranges`, note);
      c = { kind, code, label, ranges };
      break;
    }
    case "answer": {
      const f = field();
      const value = typeof raw.value === "string" ? raw.value.trim() : "";
      if (value.length < 1 || value.length > 100) {
        note(
          `${at}.value`,
          "Indica la risposta che dà i punti.",
          "Give the answer that earns the points.",
        );
      }
      c = { kind, code, label, field: f, value, points: points() };
      break;
    }
    default:
      c = { kind, code, label, points: points() };
  }
  return before.n ? null : c;
}

function checkRanges(
  raw: unknown,
  at: string,
  note: (p: string, it: string, en: string) => void,
): AgeRange[] {
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > LIMITS.ranges) {
    note(
      at,
      `Indica da 1 a ${LIMITS.ranges} fasce di età.`,
      `Give 1 to ${LIMITS.ranges} age ranges.`,
    );
    return [];
  }
  const out: AgeRange[] = [];
  for (const [i, r] of raw.entries()) {
    const p = `${at}.${i}`;
    if (
      !isObj(r) || !isInt(r.from_months, 0, LIMITS.months) ||
      !isInt(r.to_months, 0, LIMITS.months) || r.from_months > r.to_months
    ) {
      note(
        p,
        "Ogni fascia di età va da un mese a un mese non inferiore (da 0 a 240).",
        "Each age range goes from one month to a month not lower (0 to 240).",
      );
      continue;
    }
    if (!checkPoints(r.points, `${p}.points`, note)) continue;
    const range: AgeRange = {
      from_months: r.from_months,
      to_months: r.to_months,
      points: r.points as number,
    };
    const clash = out.find((o) =>
      range.from_months <= o.to_months && o.from_months <= range.to_months
    );
    if (clash) {
      note(
        p,
        `La fascia ${range.from_months}–${range.to_months} mesi si sovrappone a ${clash.from_months}–${clash.to_months}.`,
        `Range ${range.from_months}–${range.to_months} months overlaps ${clash.from_months}–${clash.to_months}.`,
      );
      continue;
    }
    out.push(range);
  }
  return out;
}

/** The highest score the rules can give: shown beside each score. */
export function maxScore(rules: RankingRules): number {
  return rules.criteria.reduce((sum, c) => {
    switch (c.kind) {
      case "working_parents":
        return sum + 2 * c.points_each;
      case "age_months":
        return sum + Math.max(0, ...c.ranges.map((r) => r.points));
      default:
        return sum + c.points;
    }
  }, 0);
}
