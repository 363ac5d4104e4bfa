/**
 * Personal data side of the codice fiscale: surname/name codes (characters 1–6), ISO dates
 * and the coherence check between a decoded code and a person's data.
 *
 * Source: DM Finanze 12/03/1974 (codice fiscale of natural persons), as described by the
 * Agenzia delle Entrate:
 * - surname: the consonants in order, then the vowels, then X up to 3 letters
 *   ("Rossi" → RSS, "Fo" → FOX); several surnames are joined ("De Luca" → DLC);
 * - name: if it has 4 or more consonants, the 1st, 3rd and 4th ("Gianfranco" → GFR),
 *   otherwise as for the surname ("Mario" → MRA);
 * - only the 26 Latin letters are used: accented letters count as the plain letter (À → A,
 *   È/É → E), apostrophes, spaces and hyphens are ignored ("D'Angelo" → DNG). Vowels are
 *   A E I O U; every other letter (including J, K, W, X, Y) is a consonant;
 * - the year keeps only its last two digits, so coherence compares the year modulo 100;
 *   the day of women is increased by 40.
 */

export type Sex = "M" | "F";

/** Personal data used to build a codice fiscale or to check its coherence. */
export interface PersonData {
  surname: string;
  name: string;
  /** ISO date YYYY-MM-DD. */
  birthDate: string;
  sex: Sex;
  /** Belfiore code of the municipality or foreign state of birth, e.g. "H501". */
  placeCode: string;
}

export type CoherenceErrorCode =
  | "surname_mismatch"
  | "name_mismatch"
  | "birth_date_invalid"
  | "birth_date_mismatch"
  | "sex_mismatch"
  | "place_mismatch";

export const COHERENCE_MESSAGES: Record<CoherenceErrorCode, string> = {
  surname_mismatch: "Il codice fiscale non corrisponde al cognome indicato",
  name_mismatch: "Il codice fiscale non corrisponde al nome indicato",
  birth_date_invalid: "La data di nascita indicata non è valida",
  birth_date_mismatch: "Il codice fiscale non corrisponde alla data di nascita indicata",
  sex_mismatch: "Il codice fiscale non corrisponde al sesso indicato",
  place_mismatch: "Il codice fiscale non corrisponde al luogo di nascita indicato",
};

/** Letters that do not decompose under NFD. */
const FOLD: Record<string, string> = { Æ: "AE", Œ: "OE", Ø: "O", Ł: "L", Đ: "D", Ð: "D", Þ: "TH" };

/** Uppercase A–Z letters only: accents folded (À→A), apostrophes, spaces and hyphens dropped. */
export function foldLetters(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toUpperCase()
    .replace(/[ÆŒØŁĐÐÞ]/g, (c) => FOLD[c]).replace(/[^A-Z]/g, "");
}

function split(text: string): { consonants: string; vowels: string } {
  const letters = foldLetters(text);
  return { consonants: letters.replace(/[AEIOU]/g, ""), vowels: letters.replace(/[^AEIOU]/g, "") };
}

/** Three-letter surname code: consonants, then vowels, then X ("Rossi" → "RSS", "Fo" → "FOX"). */
export function surnameCode(surname: string): string {
  const { consonants, vowels } = split(surname);
  return (consonants + vowels + "XXX").slice(0, 3);
}

/** Three-letter name code: 1st, 3rd, 4th consonant if 4+ ("Gianfranco" → "GFR"), else as surname. */
export function nameCode(name: string): string {
  const { consonants, vowels } = split(name);
  if (consonants.length >= 4) return consonants[0] + consonants[2] + consonants[3];
  return (consonants + vowels + "XXX").slice(0, 3);
}

/** Days in a month (1–12) of the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Parses a real calendar date in the form YYYY-MM-DD, or returns null. */
export function parseIsoDate(s: string): { y: number; m: number; d: number } | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s.trim());
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return { y, m, d };
}

/** The decoded parts of a codice fiscale that coherence needs. */
export interface DecodedPersonParts {
  surnameCode: string;
  nameCode: string;
  yearOfCentury: number;
  month: number;
  day: number;
  sex: Sex;
  placeCode: string;
}

/** Mismatches between decoded parts and every field given in `person`, in field order. */
export function coherenceErrors(
  decoded: DecodedPersonParts,
  person: Partial<PersonData>,
): CoherenceErrorCode[] {
  const out: CoherenceErrorCode[] = [];
  if (person.surname !== undefined && surnameCode(person.surname) !== decoded.surnameCode) {
    out.push("surname_mismatch");
  }
  if (person.name !== undefined && nameCode(person.name) !== decoded.nameCode) {
    out.push("name_mismatch");
  }
  if (person.birthDate !== undefined) {
    const d = parseIsoDate(person.birthDate);
    if (!d) out.push("birth_date_invalid");
    else if (d.y % 100 !== decoded.yearOfCentury || d.m !== decoded.month || d.d !== decoded.day) {
      out.push("birth_date_mismatch");
    }
  }
  if (person.sex !== undefined && person.sex !== decoded.sex) out.push("sex_mismatch");
  if (
    person.placeCode !== undefined &&
    person.placeCode.replace(/\s+/g, "").toUpperCase() !== decoded.placeCode
  ) {
    out.push("place_mismatch");
  }
  return out;
}
