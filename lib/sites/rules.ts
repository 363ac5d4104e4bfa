/**
 * Validation of sites (plessi), their photos and classes, shared by the back-office forms and the
 * REST API so both accept exactly the same values. Pure functions: each returns the normalized
 * value or a problem with an Italian and an English message. The database checks the same limits
 * again (`20261128130000_sites_classes.sql`).
 *
 * @module
 */

import type { Checked, Problem } from "../tenancy/rules.ts";

export const SITE_KINDS = ["school", "nursery", "other"] as const;
export type SiteKind = typeof SITE_KINDS[number];
export const SCHOOL_LEVELS = ["nido", "infanzia", "primaria", "secondaria_primo_grado"] as const;
export type SchoolLevel = typeof SCHOOL_LEVELS[number];

export const LIMITS = {
  siteCapacity: { min: 1, max: 5000 },
  ageMonths: { min: 0, max: 240 },
  classCapacity: { min: 1, max: 100 },
  criteria: 20,
  points: { min: 0, max: 100 },
} as const;

/** Highest grade per school level; nido and infanzia sections may have none (mixed ages). */
export const MAX_GRADE: Record<SchoolLevel, number> = {
  nido: 3,
  infanzia: 3,
  primaria: 5,
  secondaria_primo_grado: 3,
};
export const GRADE_REQUIRED: Record<SchoolLevel, boolean> = {
  nido: false,
  infanzia: false,
  primaria: true,
  secondaria_primo_grado: true,
};

/** A criterion of acceptance used by rankings: `{ code, label, points }`. */
export interface Criterion {
  code: string;
  label: string;
  points: number;
}

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const problem = (code: string, it: string, en: string): Problem => ({ code, it, en });
const no = (code: string, it: string, en: string): Checked<never> => ({
  ok: false,
  problem: problem(code, it, en),
});
const tidy = (s: string) => s.trim().replace(/\s+/g, " ");

/**
 * Codice meccanografico of the Ministry of Education: province (2 letters), kind of school (2
 * letters for state schools, a digit and a letter for paritarie), 5 digits, a check character.
 * `FIEE83202C`, `UD1A036009`.
 */
export const SCHOOL_CODE = /^[A-Z]{2}[A-Z0-9]{2}[0-9]{5}[A-Z0-9]$/;
export const CRITERION_CODE = /^[a-z][a-z0-9_]{1,39}$/;

export function checkSiteName(input: string): Checked<string> {
  const value = tidy(input);
  if (value.length >= 2 && value.length <= 200) return ok(value);
  return no(
    "name",
    "Inserisci il nome del plesso (da 2 a 200 caratteri), ad esempio «Scuola primaria Giovanni Pascoli».",
    "Enter the site's name (2 to 200 characters), e.g. “Scuola primaria Giovanni Pascoli”.",
  );
}

export function checkSiteKind(input: string): Checked<SiteKind> {
  const kind = SITE_KINDS.find((k) => k === input);
  return kind ? ok(kind) : no("kind", "Scegli il tipo di plesso.", "Choose the kind of site.");
}

/** Uppercased, spaces removed: `checkSchoolCode("fiee 83202c") // FIEE83202C`. */
export function checkSchoolCode(input: string): Checked<string> {
  const value = input.replace(/\s+/g, "").toUpperCase();
  if (SCHOOL_CODE.test(value)) return ok(value);
  return no(
    "school_code",
    "Il codice meccanografico ha 10 caratteri: sigla della provincia, tipo di scuola, 5 cifre e un carattere di controllo, ad esempio FIEE83202C.",
    "The codice meccanografico has 10 characters: province, kind of school, 5 digits and a check character, e.g. FIEE83202C.",
  );
}

export function checkStreetAddress(input: string): Checked<string> {
  const value = tidy(input);
  if (value.length >= 5 && value.length <= 300) return ok(value);
  return no(
    "address",
    "Inserisci via e numero civico (da 5 a 300 caratteri), ad esempio «Via Roma 45».",
    "Enter street and number (5 to 300 characters), e.g. “Via Roma 45”.",
  );
}

export function checkPostalCode(input: string): Checked<string> {
  const value = input.trim();
  if (/^[0-9]{5}$/.test(value)) return ok(value);
  return no(
    "postal_code",
    "Il CAP ha 5 cifre, ad esempio 50123.",
    "The postal code (CAP) has 5 digits, e.g. 50123.",
  );
}

export function checkMunicipality(input: string): Checked<string> {
  const value = tidy(input);
  if (value.length >= 2 && value.length <= 100) return ok(value);
  return no(
    "municipality",
    "Inserisci il comune (da 2 a 100 caratteri).",
    "Enter the municipality (2 to 100 characters).",
  );
}

/** A photo's text alternative: what the photo shows, for people who cannot see it. */
export function checkAltText(input: string): Checked<string> {
  const value = tidy(input);
  if (value.length >= 3 && value.length <= 300) return ok(value);
  return no(
    "alt_text",
    "Descrivi che cosa mostra la foto (da 3 a 300 caratteri): il testo è letto a chi non può vederla.",
    "Describe what the photo shows (3 to 300 characters): the text is read to people who cannot see it.",
  );
}

export function checkClassName(input: string): Checked<string> {
  const value = tidy(input);
  if (value.length >= 1 && value.length <= 60) return ok(value);
  return no(
    "name",
    "Inserisci il nome della classe o sezione (fino a 60 caratteri), ad esempio «1A» o «Sezione Coccinelle».",
    "Enter the class or section name (up to 60 characters), e.g. “1A” or “Sezione Coccinelle”.",
  );
}

export function checkSchoolLevel(input: string): Checked<SchoolLevel> {
  const level = SCHOOL_LEVELS.find((l) => l === input);
  return level ? ok(level) : no("school_level", "Scegli l'ordine di scuola.", "Choose the level.");
}

/** A whole number in `[min, max]` typed in a form (`"1.200"` is not read as 1200). */
export function checkInteger(
  input: string,
  range: { min: number; max: number },
  field: string,
  what: { it: string; en: string },
): Checked<number> {
  const value = input.trim();
  const n = /^[0-9]{1,9}$/.test(value) ? Number(value) : NaN;
  if (Number.isInteger(n) && n >= range.min && n <= range.max) return ok(n);
  return no(
    field,
    `${what.it}: scrivi un numero intero da ${range.min} a ${range.max}.`,
    `${what.en}: write a whole number from ${range.min} to ${range.max}.`,
  );
}

/** A coordinate in decimal degrees, with a dot or an Italian comma: `"43,7874"` → 43.7874. */
export function checkCoordinate(input: string, axis: "latitude" | "longitude"): Checked<number> {
  const value = input.trim().replace(",", ".");
  const n = /^-?[0-9]{1,3}(\.[0-9]+)?$/.test(value) ? Number(value) : NaN;
  const max = axis === "latitude" ? 90 : 180;
  if (Number.isFinite(n) && Math.abs(n) <= max) return ok(Math.round(n * 1e6) / 1e6);
  return axis === "latitude"
    ? no(
      "latitude",
      "La latitudine è in gradi decimali tra -90 e 90, ad esempio 43,7874.",
      "The latitude is in decimal degrees between -90 and 90, e.g. 43.7874.",
    )
    : no(
      "longitude",
      "La longitudine è in gradi decimali tra -180 e 180, ad esempio 11,2163.",
      "The longitude is in decimal degrees between -180 and 180, e.g. 11.2163.",
    );
}

/** `"Fratelli già iscritti!"` → `fratelli_gia_iscritti`: the stable code of a new criterion. */
export function criterionCode(label: string): string {
  const slug = label.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 40).replace(/_+$/, "");
  if (!slug) return "criterio";
  const code = /^[a-z]/.test(slug) ? slug : `c_${slug}`.slice(0, 40).replace(/_+$/, "");
  return CRITERION_CODE.test(code) ? code : "criterio";
}

/** Checks that relate several fields of a site; `{}` when they agree. */
export function siteProblems(v: {
  latitude: number | null;
  longitude: number | null;
  min_age_months: number | null;
  max_age_months: number | null;
  criteria: Criterion[];
}): Record<string, Problem> {
  const out: Record<string, Problem> = {};
  if ((v.latitude === null) !== (v.longitude === null)) {
    const missing = v.latitude === null ? "latitude" : "longitude";
    out[missing] = problem(
      "coordinates",
      "Indica latitudine e longitudine insieme, oppure lascia vuote entrambe.",
      "Give latitude and longitude together, or leave both empty.",
    );
  }
  if (
    v.min_age_months !== null && v.max_age_months !== null && v.min_age_months > v.max_age_months
  ) {
    out.max_age_months = problem(
      "age_range",
      "L'età massima deve essere uguale o superiore a quella minima.",
      "The maximum age must be at least the minimum age.",
    );
  }
  const c = criteriaProblem(v.criteria);
  if (c) out.criteria = c;
  return out;
}

/** The first thing wrong with a list of criteria, or null. */
export function criteriaProblem(list: Criterion[]): Problem | null {
  if (list.length > LIMITS.criteria) {
    return problem(
      "criteria",
      `Puoi indicare al massimo ${LIMITS.criteria} criteri.`,
      `At most ${LIMITS.criteria} criteria.`,
    );
  }
  const codes = new Set<string>();
  for (const c of list) {
    const label = tidy(c.label);
    if (label.length < 2 || label.length > 200) {
      return problem(
        "criteria.label",
        "Ogni criterio ha una descrizione da 2 a 200 caratteri.",
        "Each criterion has a description of 2 to 200 characters.",
      );
    }
    if (
      !Number.isInteger(c.points) || c.points < LIMITS.points.min || c.points > LIMITS.points.max
    ) {
      return problem(
        "criteria.points",
        `Il punteggio di «${label}» è un numero intero da 0 a 100.`,
        `The points of “${label}” are a whole number from 0 to 100.`,
      );
    }
    if (!CRITERION_CODE.test(c.code) || codes.has(c.code)) {
      return problem(
        "criteria.code",
        `Il criterio «${label}» è ripetuto: ogni criterio compare una volta sola.`,
        `The criterion “${label}” is repeated: each criterion appears once.`,
      );
    }
    codes.add(c.code);
  }
  return null;
}

/** Grade against school level: 1–5 in primaria, 1–3 elsewhere, optional in nido and infanzia. */
export function gradeProblem(level: SchoolLevel, grade: number | null): Problem | null {
  if (grade === null) {
    return GRADE_REQUIRED[level]
      ? problem(
        "grade",
        "Indica l'anno di corso della classe.",
        "Give the class's year (grade).",
      )
      : null;
  }
  if (Number.isInteger(grade) && grade >= 1 && grade <= MAX_GRADE[level]) return null;
  return problem(
    "grade",
    `Per questo ordine di scuola l'anno di corso va da 1 a ${MAX_GRADE[level]}.`,
    `For this level the grade goes from 1 to ${MAX_GRADE[level]}.`,
  );
}
