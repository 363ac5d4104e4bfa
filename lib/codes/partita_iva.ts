/**
 * Partita IVA and 11-digit numeric codice fiscale (legal persons, public bodies,
 * temporary codes for natural persons).
 *
 * Sources:
 * - DPR 26/10/1972 n. 633, art. 35: the partita IVA is attributed by the Agenzia delle
 *   Entrate office; 11 digits = 7-digit matricola + 3-digit office code + 1 check digit.
 * - DM 23/12/1976 (structure of the numeric codice fiscale) and the Agenzia delle Entrate /
 *   Sogei "Programma di controllo della correttezza formale del codice fiscale" (class
 *   `UCheckNum`), which defines:
 *   - check digit: Luhn-style — digits in odd positions (1st, 3rd, … 9th) summed as they are,
 *     digits in even positions (2nd … 10th) doubled with the two digits of the product summed;
 *     check digit = (10 − total mod 10) mod 10;
 *   - office codes 001–100, 120, 121, 888, 999 → partita IVA or codice fiscale of a
 *     "persona non fisica" (matricola < 8000000) or of a body that is not a VAT subject
 *     (matricola ≥ 8000000, only with office ≤ 095);
 *   - office 000 and ranges 151–245, 301–766, 900–950 → temporary ("provvisorio") codes;
 *   - any other office code → "codice ufficio errato".
 */

/** Error codes returned by {@link validatePartitaIva} and {@link validateCodiceNumerico}. */
export type PartitaIvaErrorCode =
  | "empty"
  | "length"
  | "non_numeric"
  | "zero_matricola"
  | "office_code"
  | "not_vat_number"
  | "out_of_range"
  | "checksum";

export type PartitaIvaError = { ok: false; code: PartitaIvaErrorCode; message: string };

/** Parsed parts of an 11-digit numeric code. */
export interface PartitaIvaInfo {
  /** First 7 digits: progressive number assigned by the office. */
  matricola: string;
  /** Digits 8–10: code of the provincial office that attributed the number. */
  officeCode: string;
  /** 11th digit. */
  checkDigit: string;
}

/** Classification of an 11-digit numeric codice fiscale (Sogei `UCheckNum` return codes). */
export type CodiceNumericoKind =
  /** Return code "2": partita IVA, or codice fiscale of a legal person/public body. */
  | "partita_iva"
  /** Return code "5": codice fiscale of a body that is not a VAT subject (8xxxxxx/9xxxxxx). */
  | "ente_non_iva"
  /** Return codes "1", "3", "4": temporary codice fiscale (codice fiscale provvisorio). */
  | "provvisorio";

export type PartitaIvaResult = { ok: true; value: string; info: PartitaIvaInfo } | PartitaIvaError;

export type CodiceNumericoResult =
  | { ok: true; value: string; kind: CodiceNumericoKind; info: PartitaIvaInfo }
  | PartitaIvaError;

const VAT_MESSAGES: Record<PartitaIvaErrorCode, string> = {
  empty: "La partita IVA è obbligatoria",
  length: "La partita IVA deve essere composta da 11 cifre",
  non_numeric: "La partita IVA può contenere solo cifre",
  zero_matricola: "Le prime 7 cifre della partita IVA non possono essere tutte zero",
  office_code: "Il codice ufficio (cifre dall'8ª alla 10ª) della partita IVA non è valido",
  not_vat_number:
    "Il numero indicato è il codice fiscale di un ente non titolare di partita IVA, non una partita IVA",
  out_of_range: "Il numero progressivo della partita IVA non è ammissibile",
  checksum: "La cifra di controllo della partita IVA non è corretta",
};

const NUMERIC_CF_MESSAGES: Record<PartitaIvaErrorCode, string> = {
  empty: "Il codice fiscale è obbligatorio",
  length: "Il codice fiscale numerico deve essere composto da 11 cifre",
  non_numeric: "Il codice fiscale numerico può contenere solo cifre",
  zero_matricola: "Le prime 7 cifre del codice fiscale non possono essere tutte zero",
  office_code: "Il codice ufficio (cifre dall'8ª alla 10ª) del codice fiscale non è valido",
  not_vat_number: "Il codice fiscale indicato non è valido",
  out_of_range: "Il numero progressivo del codice fiscale provvisorio non è ammissibile",
  checksum: "La cifra di controllo del codice fiscale non è corretta",
};

function fail(code: PartitaIvaErrorCode, messages = VAT_MESSAGES): PartitaIvaError {
  return { ok: false, code, message: messages[code] };
}

/**
 * Normalizes user input: trims, uppercases, removes spaces, dots and dashes, and strips the
 * "IT" prefix used in VIES / intra-EU notation (e.g. "IT 0074 311 0157" → "00743110157").
 */
export function normalizePartitaIva(input: string): string {
  const compact = input.trim().toUpperCase().replace(/[\s.\-_/]/g, "");
  return compact.startsWith("IT") ? compact.slice(2) : compact;
}

/**
 * Computes the check digit for the first 10 digits of an 11-digit numeric code
 * (DM 23/12/1976; Sogei `controlCfNum`). Throws a RangeError on non 10-digit input.
 */
export function partitaIvaCheckDigit(firstTen: string): string {
  if (!/^\d{10}$/.test(firstTen)) {
    throw new RangeError("Servono esattamente 10 cifre per calcolare la cifra di controllo");
  }
  let total = 0;
  for (let i = 0; i < 10; i++) {
    const digit = firstTen.charCodeAt(i) - 48;
    if (i % 2 === 0) total += digit;
    else total += digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
  }
  return String((10 - (total % 10)) % 10);
}

/** True when the 11 digits satisfy the check-digit rule. */
export function hasValidCheckDigit(digits: string): boolean {
  return /^\d{11}$/.test(digits) && partitaIvaCheckDigit(digits.slice(0, 10)) === digits[10];
}

function parts(value: string): PartitaIvaInfo {
  return { matricola: value.slice(0, 7), officeCode: value.slice(7, 10), checkDigit: value[10] };
}

/** Office codes that identify an Agenzia delle Entrate office attributing VAT numbers. */
export function isVatOfficeCode(officeCode: string): boolean {
  if (!/^\d{3}$/.test(officeCode)) return false;
  const n = Number(officeCode);
  return (n >= 1 && n <= 100) || n === 120 || n === 121 || n === 888 || n === 999;
}

type Classified =
  | { ok: true; kind: CodiceNumericoKind; checkDigit: boolean }
  | { ok: false; code: PartitaIvaErrorCode };

/** Office 000: legacy temporary codes (DU.74, DU.75, 101.75) — Sogei `trattCfNum`. */
function classifyOfficeZero(matricola: number): Classified {
  // Sogei: 0 < m < 273961 is accepted without verifying the check digit (DU.74 codes).
  if (matricola > 0 && matricola < 273961) {
    return { ok: true, kind: "provvisorio", checkDigit: false };
  }
  // Sogei writes the lower bound as the Java literal `0400000`, i.e. octal = 131072.
  const inRange = (matricola > 131072 && matricola < 1072480) ||
    (matricola > 1500000 && matricola < 1828637) || (matricola > 2000000 && matricola < 2054096);
  return inRange
    ? { ok: true, kind: "provvisorio", checkDigit: true }
    : { ok: false, code: "out_of_range" };
}

function classify(value: string): Classified {
  const matricola = Number(value.slice(0, 7));
  const office = Number(value.slice(7, 10));
  if (matricola === 0) return { ok: false, code: "zero_matricola" };
  if (office === 0) return classifyOfficeZero(matricola);
  if (isVatOfficeCode(value.slice(7, 10))) {
    if (matricola < 8000000) return { ok: true, kind: "partita_iva", checkDigit: true };
    if (office > 95) return { ok: false, code: "office_code" };
    return { ok: true, kind: "ente_non_iva", checkDigit: true };
  }
  if (
    (office >= 151 && office <= 245) || (office >= 301 && office <= 766) ||
    (office >= 900 && office <= 950)
  ) {
    return { ok: true, kind: "provvisorio", checkDigit: true };
  }
  return { ok: false, code: "office_code" };
}

/** Shape checks shared by both validators: returns the normalized digits or an error code. */
function shape(input: string): string | PartitaIvaErrorCode {
  const value = normalizePartitaIva(input);
  if (value === "") return "empty";
  if (!/^\d+$/.test(value)) return "non_numeric";
  if (value.length !== 11) return "length";
  return value;
}

/**
 * Validates a partita IVA (11 digits, optional "IT" prefix): office code 001–100, 120, 121,
 * 888, 999; matricola below 8000000 (higher numbers are codici fiscali of non-VAT bodies);
 * check digit.
 */
export function validatePartitaIva(input: string): PartitaIvaResult {
  const value = shape(input);
  if (!/^\d{11}$/.test(value)) return fail(value as PartitaIvaErrorCode);
  const office = value.slice(7, 10);
  if (value.startsWith("0000000")) return fail("zero_matricola");
  if (!isVatOfficeCode(office)) return fail("office_code");
  if (value[0] >= "8") return fail(Number(office) > 95 ? "office_code" : "not_vat_number");
  if (!hasValidCheckDigit(value)) return fail("checksum");
  return { ok: true, value, info: parts(value) };
}

/** Boolean shortcut for {@link validatePartitaIva}. */
export function isValidPartitaIva(input: string): boolean {
  return validatePartitaIva(input).ok;
}

/**
 * Validates any 11-digit numeric codice fiscale: partita IVA / CF of legal persons and public
 * bodies (e.g. Comune di Roma "02438750586"), CF of non-VAT bodies ("80…", "9…"), and temporary
 * codes of natural persons. Messages speak of "codice fiscale".
 */
export function validateCodiceNumerico(input: string): CodiceNumericoResult {
  const value = shape(input);
  if (!/^\d{11}$/.test(value)) return fail(value as PartitaIvaErrorCode, NUMERIC_CF_MESSAGES);
  const c = classify(value);
  if (!c.ok) return fail(c.code, NUMERIC_CF_MESSAGES);
  if (c.checkDigit && !hasValidCheckDigit(value)) return fail("checksum", NUMERIC_CF_MESSAGES);
  return { ok: true, value, kind: c.kind, info: parts(value) };
}
