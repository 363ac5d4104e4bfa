/**
 * Italian codes: codice fiscale, partita IVA, IBAN, ISTAT and Belfiore codes.
 * Pure functions, no I/O; every validator returns `{ ok: true, … }` or
 * `{ ok: false, code, message }` with an Italian message for people.
 */

export {
  canonicalCodiceFiscale,
  checkCharacter,
  checkCodiceFiscaleCoherence,
  type CodiceFiscaleErrorCode,
  type CodiceFiscaleInfo,
  type CodiceFiscaleIssue,
  type CodiceFiscaleOptions,
  type CodiceFiscaleResult,
  generateCodiceFiscale,
  isValidCodiceFiscale,
  MONTH_LETTERS,
  normalizeCodiceFiscale,
  OMOCODIA_LETTERS,
  omocodiaVariant,
  resolveBirthDate,
  validateCodiceFiscale,
} from "./codice_fiscale.ts";

export {
  type CoherenceErrorCode,
  foldLetters,
  nameCode,
  type PersonData,
  type Sex,
  surnameCode,
} from "./codice_fiscale_person.ts";

export {
  type CodiceNumericoKind,
  type CodiceNumericoResult,
  hasValidCheckDigit,
  isValidPartitaIva,
  isVatOfficeCode,
  normalizePartitaIva,
  partitaIvaCheckDigit,
  type PartitaIvaError,
  type PartitaIvaErrorCode,
  type PartitaIvaInfo,
  type PartitaIvaResult,
  validateCodiceNumerico,
  validatePartitaIva,
} from "./partita_iva.ts";

export {
  buildItalianIban,
  formatIban,
  ibanCheckDigits,
  type IbanErrorCode,
  type IbanInfo,
  ibanLength,
  type IbanOptions,
  type IbanResult,
  isValidIban,
  type ItalianBban,
  italianCin,
  normalizeIban,
  SEPA_COUNTRIES,
  validateIban,
} from "./iban.ts";

export {
  type BelfioreErrorCode,
  type BelfioreInfo,
  type BelfioreResult,
  isForeignBelfiore,
  type IstatErrorCode,
  type IstatInfo,
  type IstatOptions,
  istatProvinceCode,
  type IstatResult,
  isValidBelfiore,
  isValidIstatCode,
  normalizeBelfiore,
  normalizeIstatCode,
  validateBelfiore,
  validateIstatCode,
} from "./istat.ts";
