/**
 * Codice fiscale of natural persons (16 characters).
 *
 * Sources:
 * - DM Finanze 12/03/1974 ("Normalizzazione dei dati anagrafici…", Suppl. G.U. n. 89/1974) and
 *   DM 23/12/1976 as described by the Agenzia delle Entrate: 3 letters from the surname,
 *   3 from the name, 2 digits for the year, 1 letter for the month (A B C D E H L M P R S T),
 *   2 digits for the day (+40 for women), 4 characters for the place of birth (codice
 *   catastale, Z for foreign states) and a check character.
 * - Surname and name codes, coherence with personal data: see codice_fiscale_person.ts.
 * - Check character: characters in odd positions (1st, 3rd, …) are converted with the "dispari"
 *   table, those in even positions with the "pari" table (A/0=0 … Z=25); the sum mod 26 gives
 *   the letter (A=0 … Z=25).
 * - Omocodia: when two people would share a code, the Agenzia replaces digits in positions
 *   15, 14, 13, 11, 10, 8, 7 (right to left) with L M N P Q R S T U V (0…9) and recomputes
 *   the check character. Every code in the family identifies the same person.
 * - 11-digit temporary codes (codice fiscale provvisorio) use the partita IVA algorithm.
 */

import {
  COHERENCE_MESSAGES,
  type CoherenceErrorCode,
  coherenceErrors,
  daysInMonth,
  foldLetters,
  nameCode,
  parseIsoDate,
  type PersonData,
  type Sex,
  surnameCode,
} from "./codice_fiscale_person.ts";
import { validateBelfiore } from "./istat.ts";
import {
  type CodiceNumericoKind,
  type PartitaIvaErrorCode,
  validateCodiceNumerico,
} from "./partita_iva.ts";
import type { PartitaIvaInfo } from "./partita_iva.ts";

export type CodiceFiscaleErrorCode =
  | "empty"
  | "characters"
  | "length"
  | "numeric_not_allowed"
  | "format"
  | "month"
  | "day"
  | "place"
  | "checksum";

export interface CodiceFiscaleInfo {
  /** The code with omocodic letters replaced by digits and the check character recomputed. */
  canonical: string;
  /** Number of omocodic substitutions present (0 = not omocodic). */
  omocodiaLevel: number;
  surnameCode: string;
  nameCode: string;
  /** Two-digit year (0–99): the century is not encoded. */
  yearOfCentury: number;
  /** [19yy, 20yy]: resolve with {@link resolveBirthDate}. */
  birthYearCandidates: [number, number];
  month: number;
  day: number;
  sex: Sex;
  placeCode: string;
  bornAbroad: boolean;
}

export type CodiceFiscaleIssue = {
  ok: false;
  code: CodiceFiscaleErrorCode | CoherenceErrorCode | PartitaIvaErrorCode;
  message: string;
};

export type CodiceFiscaleResult =
  | { ok: true; kind: "persona_fisica"; value: string; info: CodiceFiscaleInfo }
  | {
    ok: true;
    kind: "numerico";
    value: string;
    numericKind: CodiceNumericoKind;
    info: PartitaIvaInfo;
  }
  | CodiceFiscaleIssue;

export interface CodiceFiscaleOptions {
  /** Accept 11-digit numeric codes (temporary codes, legal persons). Default false. */
  allowNumeric?: boolean;
  /**
   * When given, every provided field must match the code (see {@link checkCodiceFiscaleCoherence});
   * ignored for 11-digit numeric codes.
   */
  expected?: Partial<PersonData>;
}

const MESSAGES: Record<CodiceFiscaleErrorCode | CoherenceErrorCode, string> = {
  empty: "Il codice fiscale è obbligatorio",
  characters: "Il codice fiscale può contenere solo lettere e cifre",
  length: "Il codice fiscale deve essere composto da 16 caratteri",
  numeric_not_allowed:
    "Indicare il codice fiscale di 16 caratteri, non un codice numerico di 11 cifre",
  format: "Il codice fiscale non rispetta la struttura prevista (lettere e cifre fuori posto)",
  month: "La lettera del mese di nascita (9° carattere) del codice fiscale non è valida",
  day: "Il giorno di nascita indicato nel codice fiscale non è valido",
  place: "Il codice del luogo di nascita (caratteri dal 12° al 15°) non è valido",
  checksum: "Il carattere di controllo del codice fiscale non è corretto",
  ...COHERENCE_MESSAGES,
};

const issue = (code: CodiceFiscaleErrorCode | CoherenceErrorCode): CodiceFiscaleIssue => ({
  ok: false,
  code,
  message: MESSAGES[code],
});

export const MONTH_LETTERS = "ABCDEHLMPRST";
export const OMOCODIA_LETTERS = "LMNPQRSTUV";
/** 0-based positions that may hold omocodic letters, in substitution order (right to left). */
const OMOCODIA_POSITIONS = [14, 13, 12, 10, 9, 7, 6];
/** "Dispari" table values for 0–9 and for A–Z (DM 12/03/1974). */
// deno-fmt-ignore
const ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
const STRUCTURE = /^[A-Z]{6}[0-9LMNP-V]{2}[A-Z][0-9LMNP-V]{2}[A-Z][0-9LMNP-V]{3}[A-Z]$/;

/** Trims, uppercases and removes whitespace (e.g. " rss mra 85t10 a562s" → "RSSMRA85T10A562S"). */
export function normalizeCodiceFiscale(input: string): string {
  return input.replace(/\s+/g, "").toUpperCase();
}

function charValue(c: string): number {
  const code = c.charCodeAt(0);
  return code <= 57 ? code - 48 : code - 65;
}

/**
 * Check character for the first 15 characters ("dispari"/"pari" tables). The same algorithm is
 * used for the CIN of Italian bank accounts (see iban.ts).
 */
export function checkCharacter(first15: string): string {
  let sum = 0;
  for (let i = 0; i < first15.length; i++) {
    const v = charValue(first15[i]);
    sum += i % 2 === 0 ? ODD[v] : v;
  }
  return String.fromCharCode(65 + (sum % 26));
}

/** Replaces omocodic letters with digits and recomputes the check character. */
function canonicalize(code: string): string {
  const chars = code.split("");
  for (const p of OMOCODIA_POSITIONS) {
    const i = OMOCODIA_LETTERS.indexOf(chars[p]);
    if (i >= 0) chars[p] = String(i);
  }
  const first15 = chars.slice(0, 15).join("");
  return first15 + checkCharacter(first15);
}

function decodeValid(value: string, canonical: string): CodiceFiscaleInfo | CodiceFiscaleErrorCode {
  const month = MONTH_LETTERS.indexOf(value[8]) + 1;
  if (month === 0) return "month";
  const yy = Number(canonical.slice(6, 8));
  const dd = Number(canonical.slice(9, 11));
  const sex: Sex = dd > 40 ? "F" : "M";
  const day = sex === "F" ? dd - 40 : dd;
  const candidates: [number, number] = [1900 + yy, 2000 + yy];
  if (day < 1 || day > Math.max(...candidates.map((y) => daysInMonth(y, month)))) return "day";
  if (!validateBelfiore(canonical.slice(11, 15)).ok) return "place";
  let level = 0;
  for (let i = 0; i < 15; i++) if (value[i] !== canonical[i]) level++;
  return {
    canonical,
    omocodiaLevel: level,
    surnameCode: value.slice(0, 3),
    nameCode: value.slice(3, 6),
    yearOfCentury: yy,
    birthYearCandidates: candidates,
    month,
    day,
    sex,
    placeCode: canonical.slice(11, 15),
    bornAbroad: canonical[11] === "Z",
  };
}

/**
 * Validates a codice fiscale. Omocodic variants are accepted; `info.canonical` gives the
 * base form. With `allowNumeric`, 11-digit codes are validated with the partita IVA algorithm.
 */
export function validateCodiceFiscale(
  input: string,
  options: CodiceFiscaleOptions = {},
): CodiceFiscaleResult {
  const value = normalizeCodiceFiscale(input);
  if (value === "") return issue("empty");
  if (!/^[A-Z0-9]+$/.test(value)) return issue("characters");
  if (/^\d{11}$/.test(value)) {
    if (!options.allowNumeric) return issue("numeric_not_allowed");
    const r = validateCodiceNumerico(value);
    if (!r.ok) return r;
    return { ok: true, kind: "numerico", value, numericKind: r.kind, info: r.info };
  }
  if (value.length !== 16) return issue("length");
  if (!STRUCTURE.test(value)) return issue("format");
  const canonical = canonicalize(value);
  const info = decodeValid(value, canonical);
  if (typeof info === "string") return issue(info);
  if (checkCharacter(value.slice(0, 15)) !== value[15]) return issue("checksum");
  if (options.expected) {
    const [first] = coherenceErrors(info, options.expected);
    if (first) return issue(first);
  }
  return { ok: true, kind: "persona_fisica", value, info };
}

/** Boolean shortcut for {@link validateCodiceFiscale}. */
export function isValidCodiceFiscale(input: string, options: CodiceFiscaleOptions = {}): boolean {
  return validateCodiceFiscale(input, options).ok;
}

/** Canonical (non-omocodic) form of a valid 16-character code, or null if invalid. */
export function canonicalCodiceFiscale(input: string): string | null {
  const r = validateCodiceFiscale(input);
  return r.ok && r.kind === "persona_fisica" ? r.info.canonical : null;
}

/**
 * The omocodic variant of `level` (0–7) substitutions, in the Agenzia's order (positions 15,
 * 14, 13, 11, 10, 8, 7). Returns null if the code is invalid.
 */
export function omocodiaVariant(input: string, level: number): string | null {
  const canonical = canonicalCodiceFiscale(input);
  if (canonical === null || !Number.isInteger(level) || level < 0 || level > 7) return null;
  const chars = canonical.split("");
  for (const p of OMOCODIA_POSITIONS.slice(0, level)) chars[p] = OMOCODIA_LETTERS[Number(chars[p])];
  const first15 = chars.slice(0, 15).join("");
  return first15 + checkCharacter(first15);
}

/**
 * Resolves the century: the most recent year (ending in yy) whose birth date is not after
 * `today` (ISO string, or a Date read in local time). Returns YYYY-MM-DD.
 */
export function resolveBirthDate(
  info: CodiceFiscaleInfo,
  today: string | Date = new Date(),
): string {
  const t = typeof today === "string"
    ? parseIsoDate(today)
    : { y: today.getFullYear(), m: today.getMonth() + 1, d: today.getDate() };
  if (!t) throw new RangeError("La data di riferimento deve essere nel formato AAAA-MM-GG");
  const todayKey = t.y * 10000 + t.m * 100 + t.d;
  let year = t.y - ((t.y - info.yearOfCentury) % 100 + 100) % 100;
  // At most a few steps back: Feb 29 of year "00" may need to skip non-leap centuries.
  for (let i = 0; i < 5; i++, year -= 100) {
    const fits = info.day <= daysInMonth(year, info.month);
    if (fits && year * 10000 + info.month * 100 + info.day <= todayKey) break;
    if (i === 4) throw new RangeError("Data di nascita non risolvibile");
  }
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${year}-${pad(info.month)}-${pad(info.day)}`;
}

/**
 * Checks the code against the given personal data (every provided field). Omocodic codes are
 * compared through their canonical form. Returns all mismatches, or the validation error.
 */
export function checkCodiceFiscaleCoherence(
  input: string,
  person: Partial<PersonData>,
): { ok: true } | { ok: false; issues: CodiceFiscaleIssue[] } {
  const r = validateCodiceFiscale(input);
  if (!r.ok) return { ok: false, issues: [r] };
  if (r.kind !== "persona_fisica") return { ok: true };
  const issues = coherenceErrors(r.info, person).map(issue);
  return issues.length === 0 ? { ok: true } : { ok: false, issues };
}

/**
 * Builds the codice fiscale of a person (e.g. to seed demo data). `omocodiaLevel` (0–7) yields
 * the Agenzia's omocodic variant. Throws RangeError (Italian message) on invalid data.
 */
export function generateCodiceFiscale(
  person: PersonData,
  options: { omocodiaLevel?: number } = {},
): string {
  if (foldLetters(person.surname) === "") {
    throw new RangeError("Il cognome deve contenere almeno una lettera");
  }
  if (foldLetters(person.name) === "") {
    throw new RangeError("Il nome deve contenere almeno una lettera");
  }
  const d = parseIsoDate(person.birthDate);
  if (!d) throw new RangeError(MESSAGES.birth_date_invalid);
  if (person.sex !== "M" && person.sex !== "F") {
    throw new RangeError("Il sesso deve essere 'M' o 'F'");
  }
  const place = validateBelfiore(person.placeCode);
  if (!place.ok) throw new RangeError(place.message);
  const day = person.sex === "F" ? d.d + 40 : d.d;
  const first15 = surnameCode(person.surname) + nameCode(person.name) +
    String(d.y % 100).padStart(2, "0") + MONTH_LETTERS[d.m - 1] + String(day).padStart(2, "0") +
    place.value;
  const code = first15 + checkCharacter(first15);
  const level = options.omocodiaLevel ?? 0;
  const variant = omocodiaVariant(code, level);
  if (variant === null) {
    throw new RangeError("Il livello di omocodia deve essere un intero da 0 a 7");
  }
  return variant;
}
