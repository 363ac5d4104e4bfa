/**
 * ISTAT municipality codes and Belfiore (codice catastale) codes.
 *
 * Sources:
 * - ISTAT, "Codici statistici delle unità amministrative territoriali: comuni, città
 *   metropolitane, province e regioni": the "Codice Comune formato alfanumerico" has 6 digits,
 *   the first 3 being the code of the province / UTS and the last 3 a progressive number within
 *   it (e.g. Roma 058091, Torino 001272). ISTAT also publishes a "formato numerico" in which
 *   leading zeros are dropped (Torino 1272), so numeric input is left-padded to 6 digits.
 * - Agenzia delle Entrate, "codici catastali" (Belfiore codes), also used in positions 12–15
 *   of the codice fiscale (DM 12/03/1974): one letter and three digits. Italian municipalities
 *   are coded A001–M999 (e.g. H501 Roma, F205 Milano); foreign states use the letter Z
 *   (e.g. Z404 Stati Uniti, Z110 Francia).
 */

export type IstatErrorCode = "empty" | "non_numeric" | "length" | "province" | "municipality";

export interface IstatInfo {
  /** Digits 1–3: province / UTS code. */
  provinceCode: string;
  /** Digits 4–6: progressive number of the municipality within the province. */
  progressive: string;
}

export type IstatResult =
  | { ok: true; value: string; info: IstatInfo }
  | { ok: false; code: IstatErrorCode; message: string };

export interface IstatOptions {
  /**
   * Left-pad 4- and 5-digit strings with zeros (ISTAT "formato numerico", e.g. "1272").
   * Numbers are always padded. Default: false.
   */
  padLeadingZeros?: boolean;
}

const ISTAT_MESSAGES: Record<IstatErrorCode, string> = {
  empty: "Il codice ISTAT del comune è obbligatorio",
  non_numeric: "Il codice ISTAT del comune può contenere solo cifre",
  length: "Il codice ISTAT del comune deve essere composto da 6 cifre",
  province: "Il codice della provincia (prime 3 cifre del codice ISTAT) non è valido",
  municipality: "Il progressivo del comune (ultime 3 cifre del codice ISTAT) non è valido",
};

/** Trims and removes spaces; numbers (and, on request, 4–5 digit strings) are padded to 6. */
export function normalizeIstatCode(input: string | number, options: IstatOptions = {}): string {
  if (typeof input === "number") {
    return Number.isInteger(input) && input >= 0 ? String(input).padStart(6, "0") : String(input);
  }
  const compact = input.replace(/\s+/g, "");
  if (options.padLeadingZeros && /^\d{4,5}$/.test(compact)) return compact.padStart(6, "0");
  return compact;
}

/** Validates a 6-digit ISTAT municipality code. */
export function validateIstatCode(input: string | number, options: IstatOptions = {}): IstatResult {
  const value = normalizeIstatCode(input, options);
  const fail = (code: IstatErrorCode): IstatResult => ({
    ok: false,
    code,
    message: ISTAT_MESSAGES[code],
  });
  if (value === "") return fail("empty");
  if (!/^\d+$/.test(value)) return fail("non_numeric");
  if (value.length !== 6) return fail("length");
  const provinceCode = value.slice(0, 3);
  const progressive = value.slice(3);
  if (provinceCode === "000") return fail("province");
  if (progressive === "000") return fail("municipality");
  return { ok: true, value, info: { provinceCode, progressive } };
}

/** Boolean shortcut for {@link validateIstatCode}. */
export function isValidIstatCode(input: string | number, options: IstatOptions = {}): boolean {
  return validateIstatCode(input, options).ok;
}

/** Province / UTS code (first 3 digits) of a valid ISTAT code, or null. */
export function istatProvinceCode(
  input: string | number,
  options: IstatOptions = {},
): string | null {
  const r = validateIstatCode(input, options);
  return r.ok ? r.info.provinceCode : null;
}

// ---------------------------------------------------------------------------------------------
// Belfiore / codice catastale
// ---------------------------------------------------------------------------------------------

export type BelfioreErrorCode = "empty" | "format" | "letter";

export interface BelfioreInfo {
  /** "comune" for A–M codes, "stato_estero" for Z codes. */
  kind: "comune" | "stato_estero";
}

export type BelfioreResult =
  | { ok: true; value: string; info: BelfioreInfo }
  | { ok: false; code: BelfioreErrorCode; message: string };

const BELFIORE_MESSAGES: Record<BelfioreErrorCode, string> = {
  empty: "Il codice catastale è obbligatorio",
  format: "Il codice catastale deve essere composto da una lettera seguita da 3 cifre",
  letter:
    "Il codice catastale deve iniziare con una lettera da A a M (comuni) o con Z (stati esteri)",
};

/** Trims, removes spaces and uppercases (e.g. " h501 " → "H501"). */
export function normalizeBelfiore(input: string): string {
  return input.replace(/\s+/g, "").toUpperCase();
}

/** Validates the shape of a Belfiore code: [A-M]ddd for municipalities, Zddd for states. */
export function validateBelfiore(input: string): BelfioreResult {
  const value = normalizeBelfiore(input);
  const fail = (code: BelfioreErrorCode): BelfioreResult => ({
    ok: false,
    code,
    message: BELFIORE_MESSAGES[code],
  });
  if (value === "") return fail("empty");
  if (!/^[A-Z]\d{3}$/.test(value)) return fail("format");
  if (value[0] === "Z") return { ok: true, value, info: { kind: "stato_estero" } };
  if (value[0] > "M") return fail("letter");
  return { ok: true, value, info: { kind: "comune" } };
}

/** Boolean shortcut for {@link validateBelfiore}. */
export function isValidBelfiore(input: string): boolean {
  return validateBelfiore(input).ok;
}

/** True when the (valid) Belfiore code denotes a foreign state (letter Z). */
export function isForeignBelfiore(input: string): boolean {
  const r = validateBelfiore(input);
  return r.ok && r.info.kind === "stato_estero";
}
