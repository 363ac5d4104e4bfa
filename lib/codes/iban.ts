/**
 * IBAN validation (ISO 13616) with the Italian BBAN structure and CIN check.
 *
 * Sources:
 * - ISO 13616-1:2020 and the SWIFT IBAN Registry (release used by python-stdnum's iban.dat):
 *   IBAN = country code (ISO 3166-1 alpha-2) + 2 check digits + BBAN of fixed length/format per
 *   country. Check digits: move the first 4 characters to the end, convert letters to numbers
 *   (A=10 … Z=35), the number mod 97 must be 1 (ISO/IEC 7064 MOD 97-10). Valid check digits
 *   are 02–98.
 * - Banca d'Italia / ABI (CBI standard, "coordinate bancarie BBAN"): Italian BBAN = CIN (1 letter)
 *   + ABI (5 digits) + CAB (5 digits) + conto (12 alphanumerics), total IBAN length 27. The CIN
 *   is computed over ABI+CAB+conto with the same odd/even conversion tables as the codice
 *   fiscale check character (sum mod 26 → A–Z). San Marino (SM) uses the same BBAN.
 * - EPC409-09 "EPC List of SEPA Scheme Countries" (EU/EEA, CH, GB, MC, SM, VA, AD, GI; extended
 *   in Nov 2024–2025 to AL, ME, MD, MK).
 * Example from the SWIFT registry / Banca d'Italia: IT60 X054 2811 1010 0000 0123 456.
 */

import { checkCharacter } from "./codice_fiscale.ts";

export type IbanErrorCode =
  | "empty"
  | "characters"
  | "country"
  | "country_not_allowed"
  | "length"
  | "bban_format"
  | "cin_format"
  | "abi"
  | "cab"
  | "check_digits"
  | "cin";

/** Italian (and San Marino) BBAN parts. */
export interface ItalianBban {
  cin: string;
  abi: string;
  cab: string;
  conto: string;
}

export interface IbanInfo {
  countryCode: string;
  checkDigits: string;
  bban: string;
  /** Country in the SEPA scheme geographical scope (EPC409-09). */
  sepa: boolean;
  /** Present for IT and SM. */
  italian?: ItalianBban;
}

export type IbanResult =
  | { ok: true; value: string; info: IbanInfo }
  | { ok: false; code: IbanErrorCode; message: string };

export interface IbanOptions {
  /** Accept only countries in the SEPA scope. */
  sepaOnly?: boolean;
  /** Accept only these country codes (e.g. ["IT"]). */
  countries?: readonly string[];
}

/** BBAN formats from the SWIFT IBAN Registry: n = digits, a = uppercase letters, c = alphanumerics. */
// deno-fmt-ignore
const BBAN_FORMATS: Record<string, string> = {
  AD: "4!n4!n12!c", AE: "3!n16!n", AL: "8!n16!c", AT: "5!n11!n", AZ: "4!a20!c",
  BA: "3!n3!n8!n2!n", BE: "3!n7!n2!n", BG: "4!a4!n2!n8!c", BH: "4!a14!c", BI: "5!n5!n11!n2!n",
  BR: "8!n5!n10!n1!a1!c", BY: "4!c4!n16!c", CH: "5!n12!c", CR: "4!n14!n", CY: "3!n5!n16!c",
  CZ: "4!n6!n10!n", DE: "8!n10!n", DJ: "5!n5!n11!n2!n", DK: "4!n9!n1!n", DO: "4!c20!n",
  EE: "2!n14!n", EG: "4!n4!n17!n", ES: "4!n4!n1!n1!n10!n", FI: "3!n11!n", FK: "2!a12!n",
  FO: "4!n9!n1!n", FR: "5!n5!n11!c2!n", GB: "4!a6!n8!n", GE: "2!a16!n", GI: "4!a15!c",
  GL: "4!n9!n1!n", GR: "3!n4!n16!c", GT: "4!c20!c", HN: "4!a20!n", HR: "7!n10!n",
  HU: "3!n4!n1!n15!n1!n", IE: "4!a6!n8!n", IL: "3!n3!n13!n", IQ: "4!a3!n12!n",
  IS: "4!n2!n6!n10!n", IT: "1!a5!n5!n12!c", JO: "4!a4!n18!c", KW: "4!a22!c", KZ: "3!n13!c",
  LB: "4!n20!c", LC: "4!a24!c", LI: "5!n12!c", LT: "5!n11!n", LU: "3!n13!c", LV: "4!a13!c",
  LY: "3!n3!n15!n", MC: "5!n5!n11!c2!n", MD: "2!c18!c", ME: "3!n13!n2!n", MK: "3!n10!c2!n",
  MN: "4!n12!n", MR: "5!n5!n11!n2!n", MT: "4!a5!n18!c", MU: "4!a2!n2!n12!n3!n3!a", NI: "4!a20!n",
  NL: "4!a10!n", NO: "4!n6!n1!n", OM: "3!n16!c", PK: "4!a16!c", PL: "8!n16!n", PS: "4!a21!c",
  PT: "4!n4!n11!n2!n", QA: "4!a21!c", RO: "4!a16!c", RS: "3!n13!n2!n", RU: "9!n5!n15!c",
  SA: "2!n18!c", SC: "4!a2!n2!n16!n3!a", SD: "2!n12!n", SE: "3!n16!n1!n", SI: "5!n8!n2!n",
  SK: "4!n6!n10!n", SM: "1!a5!n5!n12!c", SO: "4!n3!n12!n", ST: "8!n11!n2!n", SV: "4!a20!n",
  TL: "3!n14!n2!n", TN: "2!n3!n13!n2!n", TR: "5!n1!n16!c", UA: "6!n19!c", VA: "3!n15!n",
  VG: "4!a16!n", XK: "4!n10!n2!n", YE: "4!a4!n18!c",
};

/** Countries in the SEPA schemes' geographical scope (EPC409-09). */
// deno-fmt-ignore
export const SEPA_COUNTRIES: ReadonlySet<string> = new Set([
  // EU 27
  "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
  "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
  // EEA (non-EU) and other participants
  "IS", "LI", "NO", "CH", "GB", "MC", "SM", "VA", "AD", "GI",
  // 2024–2025 extension
  "AL", "ME", "MD", "MK",
]);

const MESSAGES: Record<IbanErrorCode, string> = {
  empty: "L'IBAN è obbligatorio",
  characters: "L'IBAN può contenere solo lettere e cifre",
  country: "Il codice paese dell'IBAN (primi 2 caratteri) non è riconosciuto",
  country_not_allowed: "L'IBAN appartiene a un paese non ammesso per questo pagamento",
  length: "La lunghezza dell'IBAN non è corretta per il paese indicato",
  bban_format: "La struttura dell'IBAN non è corretta per il paese indicato",
  cin_format: "Il CIN (5° carattere dell'IBAN italiano) deve essere una lettera",
  abi: "Il codice ABI (caratteri dal 6° al 10°) deve essere composto da 5 cifre",
  cab: "Il codice CAB (caratteri dall'11° al 15°) deve essere composto da 5 cifre",
  check_digits:
    "Le cifre di controllo dell'IBAN non sono corrette: verificare di averlo copiato bene",
  cin: "Il CIN dell'IBAN non corrisponde alle coordinate bancarie (ABI, CAB, conto)",
};

const fail = (code: IbanErrorCode, message = MESSAGES[code]): IbanResult => ({
  ok: false,
  code,
  message,
});

/**
 * Normalizes user input: trims, uppercases, removes spaces/dashes/dots and a leading "IBAN"
 * label (e.g. "IBAN: it60 x054…" → "IT60X054…").
 */
export function normalizeIban(input: string): string {
  const compact = input.toUpperCase().replace(/[\s.\-]/g, "");
  return compact.replace(/^IBAN:?/, "");
}

/** Normalized IBAN in groups of 4 characters ("IT60 X054 2811 1010 0000 0123 456"). */
export function formatIban(input: string): string {
  return normalizeIban(input).replace(/(.{4})(?=.)/g, "$1 ");
}

function compileFormat(format: string): { regex: RegExp; length: number } {
  let source = "";
  let length = 0;
  for (const [, count, kind] of format.matchAll(/(\d+)!?([nac])/g)) {
    source += `${{ n: "[0-9]", a: "[A-Z]", c: "[A-Z0-9]" }[kind]}{${count}}`;
    length += Number(count);
  }
  return { regex: new RegExp(`^${source}$`), length };
}

/** Expected total IBAN length for a country, or null if the country has no IBAN. */
export function ibanLength(countryCode: string): number | null {
  const format = BBAN_FORMATS[countryCode.toUpperCase()];
  return format ? 4 + compileFormat(format).length : null;
}

/** ISO 7064 MOD 97-10 remainder of an alphanumeric string (A=10 … Z=35). */
function mod97(text: string): number {
  let rest = 0;
  for (const ch of text) {
    const v = ch <= "9" ? ch.charCodeAt(0) - 48 : ch.charCodeAt(0) - 55;
    rest = v >= 10 ? (rest * 100 + v) % 97 : (rest * 10 + v) % 97;
  }
  return rest;
}

/** Computes the two ISO 13616 check digits for a country code and BBAN. */
export function ibanCheckDigits(countryCode: string, bban: string): string {
  const text = bban.toUpperCase().replace(/\s+/g, "") + countryCode.toUpperCase();
  if (!/^[A-Z0-9]*[A-Z]{2}$/.test(text)) {
    throw new RangeError("Paese (2 lettere) e BBAN (lettere e cifre) non validi");
  }
  const rest = mod97(text + "00");
  return String(98 - rest).padStart(2, "0");
}

/** Italian CIN letter for ABI (5 digits), CAB (5 digits) and conto (12 alphanumerics). */
export function italianCin(abi: string, cab: string, conto: string): string {
  const c = conto.toUpperCase();
  if (!/^\d{5}$/.test(abi) || !/^\d{5}$/.test(cab) || !/^[A-Z0-9]{12}$/.test(c)) {
    throw new RangeError("ABI e CAB devono avere 5 cifre, il conto 12 caratteri alfanumerici");
  }
  return checkCharacter(abi + cab + c);
}

/**
 * Builds a valid Italian IBAN (for demo data). The conto is left-padded with zeros to 12
 * characters, as banks do. Throws RangeError on malformed parts.
 */
export function buildItalianIban(parts: { abi: string; cab: string; conto: string }): string {
  const conto = parts.conto.toUpperCase().padStart(12, "0");
  const cin = italianCin(parts.abi, parts.cab, conto);
  const bban = cin + parts.abi + parts.cab + conto;
  return "IT" + ibanCheckDigits("IT", bban) + bban;
}

function checkItalianBban(bban: string): IbanResult | ItalianBban {
  const parts = {
    cin: bban[0],
    abi: bban.slice(1, 6),
    cab: bban.slice(6, 11),
    conto: bban.slice(11),
  };
  if (!/^[A-Z]$/.test(parts.cin)) return fail("cin_format");
  if (!/^\d{5}$/.test(parts.abi)) return fail("abi");
  if (!/^\d{5}$/.test(parts.cab)) return fail("cab");
  return parts;
}

/**
 * Validates an IBAN: characters, country, length, BBAN structure (SWIFT registry), ISO 13616
 * check digits and, for IT/SM, the CIN.
 */
export function validateIban(input: string, options: IbanOptions = {}): IbanResult {
  const value = normalizeIban(input);
  if (value === "") return fail("empty");
  if (!/^[A-Z0-9]+$/.test(value)) return fail("characters");
  const countryCode = value.slice(0, 2);
  const format = BBAN_FORMATS[countryCode];
  if (!format || !/^[A-Z]{2}$/.test(countryCode)) return fail("country");
  const sepa = SEPA_COUNTRIES.has(countryCode);
  const allowed = options.countries?.map((c) => c.toUpperCase());
  if ((options.sepaOnly && !sepa) || (allowed && !allowed.includes(countryCode))) {
    return fail("country_not_allowed");
  }
  const { regex, length } = compileFormat(format);
  if (value.length !== length + 4) {
    return fail(
      "length",
      `L'IBAN per il paese ${countryCode} deve essere di ${length + 4} caratteri`,
    );
  }
  const checkDigits = value.slice(2, 4);
  const bban = value.slice(4);
  let italian: ItalianBban | undefined;
  if (countryCode === "IT" || countryCode === "SM") {
    const parts = checkItalianBban(bban);
    if ("ok" in parts) return parts;
    italian = parts;
  } else if (!regex.test(bban)) {
    return fail("bban_format");
  }
  if (!/^\d{2}$/.test(checkDigits) || checkDigits < "02" || checkDigits > "98") {
    return fail("check_digits");
  }
  if (mod97(bban + countryCode + checkDigits) !== 1) return fail("check_digits");
  if (italian && checkCharacter(bban.slice(1)) !== italian.cin) return fail("cin");
  return {
    ok: true,
    value,
    info: { countryCode, checkDigits, bban, sepa, ...(italian ? { italian } : {}) },
  };
}

/** Boolean shortcut for {@link validateIban}. */
export function isValidIban(input: string, options: IbanOptions = {}): boolean {
  return validateIban(input, options).ok;
}
