/**
 * Validation of registry records, shared by the back-office forms, the REST API and the bulk
 * import, so all three accept exactly the same values. Pure functions: each problem names its
 * field and carries an Italian and an English message.
 *
 * Codice fiscale: checksum and structure (with omocodia) from `lib/codes`, then coherence with
 * the birth date, sex and place of birth when they are given; when they are not, they are read
 * from the code itself.
 *
 * @module
 */

import {
  checkCodiceFiscaleCoherence,
  type CodiceFiscaleIssue,
  resolveBirthDate,
  validateBelfiore,
  validateCodiceFiscale,
} from "../codes/mod.ts";
import { romeDate } from "../i18n/mod.ts";
import { checkAddress, checkEmail, checkPhone, type Problem } from "../tenancy/rules.ts";
import { PERSON_KINDS, type PersonKind, type Sex } from "./labels.ts";

/** A refusal about one field of a record. */
export interface FieldProblem extends Problem {
  field: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

const problem = (field: string, code: string, it: string, en: string): FieldProblem => ({
  field,
  code,
  it,
  en,
});

/** English for the Italian messages of `lib/codes` (codice fiscale), by error code. */
const CF_EN: Record<string, string> = {
  empty: "The codice fiscale is required",
  characters: "The codice fiscale may contain only letters and digits",
  length: "The codice fiscale has 16 characters",
  numeric_not_allowed: "Enter the 16-character codice fiscale, not an 11-digit numeric code",
  format: "The codice fiscale does not have the expected structure (letters and digits misplaced)",
  month: "The month letter (9th character) of the codice fiscale is not valid",
  day: "The day of birth in the codice fiscale is not valid",
  place: "The place-of-birth code (characters 12 to 15) is not valid",
  checksum: "The check character of the codice fiscale is wrong",
  surname_mismatch: "The codice fiscale does not match the surname",
  name_mismatch: "The codice fiscale does not match the name",
  birth_date_invalid: "The birth date is not valid",
  birth_date_mismatch: "The codice fiscale does not match the birth date",
  sex_mismatch: "The codice fiscale does not match the sex",
  place_mismatch: "The codice fiscale does not match the place of birth",
};

const cfProblem = (i: CodiceFiscaleIssue): FieldProblem =>
  problem("tax_code", `tax_code.${i.code}`, `${i.message}.`, `${CF_EN[i.code] ?? i.message}.`);

/** Trims and collapses spaces; empty becomes null. */
export function clean(input: string | null | undefined): string | null {
  const v = (input ?? "").trim().replace(/\s+/g, " ");
  return v === "" ? null : v;
}

/** A real calendar date YYYY-MM-DD. */
export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/** Age in whole years on `today` (YYYY-MM-DD) of a person born on `birthDate`. */
export function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split("-").map(Number);
  const [ty, tm, td] = today.split("-").map(Number);
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

/** What a form, an API body or an import row gives for a person; every field optional. */
export interface PersonDraft {
  tax_code?: string | null;
  surname?: string | null;
  name?: string | null;
  sex?: string | null;
  birth_date?: string | null;
  birth_place_code?: string | null;
  birth_place_name?: string | null;
  citizenship?: string | null;
  resident?: boolean | null;
  residence_address?: string | null;
  email?: string | null;
  mobile?: string | null;
  pec?: string | null;
  postal_address?: string | null;
  kinds?: readonly string[] | null;
  notes?: string | null;
}

/** A person's fields as stored. */
export interface PersonValues {
  tax_code: string | null;
  surname: string;
  name: string;
  sex: Sex | null;
  birth_date: string | null;
  birth_place_code: string | null;
  birth_place_name: string | null;
  citizenship: string | null;
  resident: boolean;
  residence_address: string | null;
  email: string | null;
  mobile: string | null;
  pec: string | null;
  postal_address: string | null;
  kinds: PersonKind[];
  notes: string | null;
}

export const PERSON_FIELDS: readonly (keyof PersonValues)[] = [
  "tax_code",
  "surname",
  "name",
  "sex",
  "birth_date",
  "birth_place_code",
  "birth_place_name",
  "citizenship",
  "resident",
  "residence_address",
  "email",
  "mobile",
  "pec",
  "postal_address",
  "kinds",
  "notes",
];

function checkPersonName(field: "surname" | "name", input: string | null): FieldProblem | string {
  const v = clean(input);
  if (v && v.length <= 100 && /\p{L}/u.test(v)) return v;
  return field === "surname"
    ? problem(
      field,
      "surname",
      "Inserisci il cognome (fino a 100 caratteri).",
      "Enter the surname (up to 100 characters).",
    )
    : problem(
      field,
      "name",
      "Inserisci il nome (fino a 100 caratteri).",
      "Enter the name (up to 100 characters).",
    );
}

/**
 * Checks a person: `checkPerson({ surname: "Rossi", name: "Mario", tax_code: "RSSMRA85T10A562S" })`
 * gives the stored values (sex, birth date and Belfiore code read from the code when missing) or
 * every problem found. `today` (YYYY-MM-DD, Europe/Rome by default) bounds the birth date.
 */
export function checkPerson(
  draft: PersonDraft,
  opts: { today?: string } = {},
): Result<PersonValues> {
  const today = opts.today ?? romeDate();
  const problems: FieldProblem[] = [];
  const take = <T>(r: FieldProblem | T): T | null => {
    if (r && typeof r === "object" && "field" in (r as object)) {
      problems.push(r as FieldProblem);
      return null;
    }
    return r as T;
  };
  const surname = take(checkPersonName("surname", draft.surname ?? null));
  const name = take(checkPersonName("name", draft.name ?? null));

  let sex: Sex | null = null;
  const sexIn = clean(draft.sex)?.toUpperCase() ?? null;
  if (sexIn === "M" || sexIn === "F") sex = sexIn;
  else if (sexIn !== null) {
    problems.push(problem("sex", "sex", "Indica il sesso: M o F.", "Give the sex: M or F."));
  }

  let birthDate = clean(draft.birth_date);
  if (birthDate !== null) {
    if (!isIsoDate(birthDate)) {
      problems.push(problem(
        "birth_date",
        "birth_date.invalid",
        "La data di nascita non è valida: usa il formato GG/MM/AAAA.",
        "The birth date is not valid: use the format YYYY-MM-DD.",
      ));
      birthDate = null;
    } else if (birthDate > today || birthDate <= "1900-01-01") {
      problems.push(problem(
        "birth_date",
        "birth_date.range",
        "La data di nascita non può essere futura né precedente al 1900.",
        "The birth date cannot be in the future or before 1900.",
      ));
      birthDate = null;
    }
  }

  let placeCode = clean(draft.birth_place_code)?.toUpperCase() ?? null;
  if (placeCode !== null) {
    const r = validateBelfiore(placeCode);
    if (r.ok) placeCode = r.value;
    else {
      problems.push(problem(
        "birth_place_code",
        `birth_place_code.${r.code}`,
        `${r.message}.`,
        "The cadastral (Belfiore) code is one letter A–M (Comuni) or Z (foreign states) and 3 digits, e.g. D612.",
      ));
      placeCode = null;
    }
  }

  let taxCode: string | null = null;
  const cfIn = clean(draft.tax_code);
  if (cfIn !== null) {
    const r = validateCodiceFiscale(cfIn);
    if (!r.ok) problems.push(cfProblem(r));
    else if (r.kind === "persona_fisica") {
      taxCode = r.value;
      const given = { birthDate: birthDate ?? undefined, sex: sex ?? undefined };
      const coherence = checkCodiceFiscaleCoherence(taxCode, {
        ...given,
        placeCode: placeCode ?? undefined,
      });
      if (!coherence.ok) problems.push(...coherence.issues.map(cfProblem));
      else {
        sex ??= r.info.sex;
        birthDate ??= resolveBirthDate(r.info, today);
        placeCode ??= r.info.placeCode;
      }
    }
  }

  const citizenshipIn = clean(draft.citizenship)?.toUpperCase() ?? null;
  let citizenship: string | null = null;
  if (citizenshipIn !== null) {
    if (/^[A-Z]{2}$/.test(citizenshipIn)) citizenship = citizenshipIn;
    else {
      problems.push(problem(
        "citizenship",
        "citizenship",
        "Indica la cittadinanza con il codice di due lettere del paese, ad esempio IT.",
        "Give the citizenship as the country's two-letter code, e.g. IT.",
      ));
    }
  }

  const optionalCheck = (
    field: string,
    input: string | null | undefined,
    check: (s: string) => { ok: true; value: string } | { ok: false; problem: Problem },
  ): string | null => {
    const v = clean(input);
    if (v === null) return null;
    const r = check(v);
    if (r.ok) return r.value;
    problems.push({ field, ...r.problem });
    return null;
  };
  const residenceAddress = optionalCheck(
    "residence_address",
    draft.residence_address,
    checkAddress,
  );
  const email = optionalCheck("email", draft.email, checkEmail);
  const mobile = optionalCheck("mobile", draft.mobile, checkPhone);
  const pec = optionalCheck("pec", draft.pec, (s) => checkEmail(s, "pec"));
  const postalAddress = optionalCheck("postal_address", draft.postal_address, checkAddress);

  const placeName = clean(draft.birth_place_name);
  if (placeName !== null && placeName.length > 100) {
    problems.push(problem(
      "birth_place_name",
      "birth_place_name",
      "Il luogo di nascita può avere al massimo 100 caratteri.",
      "The place of birth has at most 100 characters.",
    ));
  }
  const kinds: PersonKind[] = [];
  for (const k of draft.kinds ?? []) {
    const kind = PERSON_KINDS.find((x) => x === k);
    if (!kind) {
      problems.push(problem(
        "kinds",
        "kinds",
        "Tipo di soggetto non valido: richiedente, fruitore o docente.",
        "Invalid kind of subject: applicant, beneficiary or teacher.",
      ));
    } else if (!kinds.includes(kind)) kinds.push(kind);
  }
  const notes = (draft.notes ?? "").trim() || null;
  if (notes !== null && notes.length > 2000) {
    problems.push(problem(
      "notes",
      "notes",
      "Le note possono avere al massimo 2000 caratteri.",
      "Notes have at most 2000 characters.",
    ));
  }
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    value: {
      tax_code: taxCode,
      surname: surname!,
      name: name!,
      sex,
      birth_date: birthDate,
      birth_place_code: placeCode,
      birth_place_name: placeName,
      citizenship,
      resident: draft.resident ?? false,
      residence_address: residenceAddress,
      email,
      mobile,
      pec,
      postal_address: postalAddress,
      kinds: PERSON_KINDS.filter((k) => kinds.includes(k)),
      notes,
    },
  };
}

/**
 * Problems of a form as `field → message` in `lang` (several on one field joined), the shape
 * `FieldErrors` of the back-office forms.
 */
export function fieldMessages(problems: FieldProblem[], lang: "it" | "en"): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of problems) {
    const text = p[lang];
    out[p.field] = out[p.field] ? `${out[p.field]} ${text}` : text;
  }
  return out;
}
