import assert from "node:assert/strict";
import {
  hasValidCheckDigit,
  isValidPartitaIva,
  isVatOfficeCode,
  normalizePartitaIva,
  partitaIvaCheckDigit,
  validateCodiceNumerico,
  validatePartitaIva,
} from "./partita_iva.ts";

// Sources:
// [DPR633] DPR 633/1972 art. 35: 11 digits = 7-digit matricola + 3-digit office + check digit.
// [SOGEI]  Agenzia delle Entrate / Sogei "Programma di controllo della correttezza formale del
//          codice fiscale", class UCheckNum: check digit (odd digits as-is, even digits doubled
//          with digit sum, 10-complement); office 001–100, 120, 121, 888, 999 → partita IVA /
//          CF p.n.f.; matricola ≥ 8000000 → CF of non-VAT bodies (office ≤ 095 only);
//          office 000 and 151–245, 301–766, 900–950 → temporary codes; anything else "N".
// [STDNUM] python-stdnum stdnum/it/iva.py doctests: 00743110157 valid, 00743110158 invalid.
// [NHV]    NHibernate.Validator PartitaIVAFixture: 01636120634, 01463240745 valid.
// [PUB]    Numbers published by the bodies themselves (site footers / transparency pages).
// [CALC]   Check digit computed with an independent Python implementation of [SOGEI], so that
//          only the component under test (office code, range) is wrong.

// deno-fmt-ignore
const VALID: Array<[string, string, string]> = [
  ["00743110157", "00743110157", "[STDNUM]"],
  ["06363391001", "06363391001", "[PUB] Agenzia delle Entrate, office 100"],
  ["01199250158", "01199250158", "[PUB] Comune di Milano"],
  ["00950501007", "00950501007", "[PUB] Banca d'Italia"],
  ["02121151001", "02121151001", "[PUB] INPS partita IVA"],
  ["01131710376", "01131710376", "[PUB] Università di Bologna partita IVA"],
  ["01057861005", "01057861005", "[PUB] Roma Capitale partita IVA"],
  ["02438750586", "02438750586", "[PUB] Comune di Roma codice fiscale (= numeric CF of a body)"],
  ["01636120634", "01636120634", "[NHV]"],
  ["01463240745", "01463240745", "[NHV]"],
  ["IT00743110157", "00743110157", "[STDNUM] VIES prefix"],
  ["it 007 431 101 57", "00743110157", "[STDNUM] lowercase prefix and spaces"],
  [" 00743110157 ", "00743110157", "[STDNUM] surrounding spaces"],
  ["0074311-0157", "00743110157", "[STDNUM] dash"],
  ["007.431.101.57", "00743110157", "[STDNUM] dots"],
  ["12345670017", "12345670017", "[SOGEI]+[CALC] office 001 (lowest)"],
  ["12345671007", "12345671007", "[SOGEI]+[CALC] office 100 (highest provincial)"],
  ["12345671205", "12345671205", "[SOGEI]+[CALC] office 120"],
  ["12345671213", "12345671213", "[SOGEI]+[CALC] office 121"],
  ["12345678887", "12345678887", "[SOGEI]+[CALC] office 888"],
  ["12345679992", "12345679992", "[SOGEI]+[CALC] office 999"],
];
for (const [input, value, src] of VALID) {
  Deno.test(`P.IVA valid ${JSON.stringify(input)} ${src}`, () => {
    const r = validatePartitaIva(input);
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.value, value);
    assert.deepEqual(r.info, {
      matricola: value.slice(0, 7),
      officeCode: value.slice(7, 10),
      checkDigit: value[10],
    });
    assert.equal(isValidPartitaIva(input), true);
  });
}

// deno-fmt-ignore
const INVALID: Array<[string, string, string]> = [
  ["", "empty", "required"],
  ["   ", "empty", "only spaces"],
  ["0074311015", "length", "[DPR633] 10 digits"],
  ["007431101570", "length", "[DPR633] 12 digits"],
  ["0074311015A", "non_numeric", "[SOGEI] return code L"],
  ["ABCDEFGHIJK", "non_numeric", "[SOGEI] return code L"],
  ["RSSMRA85T10A562S", "non_numeric", "a personal codice fiscale is not a partita IVA"],
  ["00743110158", "checksum", "[STDNUM] invalid check digit"],
  ["06363391002", "checksum", "[PUB]+[SOGEI] last digit altered"],
  ["06633391001", "checksum", "[PUB]+[SOGEI] adjacent digits swapped"],
  ["00743110175", "checksum", "[STDNUM]+[SOGEI] last two digits swapped"],
  ["00000000018", "zero_matricola", "[SOGEI] return code M"],
  ["12345671015", "office_code", "[SOGEI]+[CALC] office 101"],
  ["12345671197", "office_code", "[SOGEI]+[CALC] office 119"],
  ["12345671221", "office_code", "[SOGEI]+[CALC] office 122"],
  ["12345678879", "office_code", "[SOGEI]+[CALC] office 887"],
  ["12345670009", "office_code", "[SOGEI]+[CALC] office 000 (temporary codes only)"],
  ["12345671510", "office_code", "[SOGEI]+[CALC] office 151 (temporary codes only)"],
  ["80078750587", "not_vat_number", "[PUB] INPS codice fiscale, matricola ≥ 8000000"],
  ["80007010376", "not_vat_number", "[PUB] Università di Bologna codice fiscale"],
  ["81234560589", "not_vat_number", "[SOGEI]+[CALC] return code 5"],
  ["81234561207", "office_code", "[SOGEI]+[CALC] matricola ≥ 8000000 with office > 095"],
  ["81234560580", "not_vat_number", "[SOGEI] non-VAT range reported before the check digit"],
];
for (const [input, code, src] of INVALID) {
  Deno.test(`P.IVA invalid ${JSON.stringify(input)} → ${code} (${src})`, () => {
    const r = validatePartitaIva(input);
    assert.equal(r.ok ? "ok" : r.code, code);
    assert.ok(!r.ok && /partita IVA/.test(r.message));
    assert.equal(isValidPartitaIva(input), false);
  });
}

Deno.test("P.IVA checksum error object with Italian message [STDNUM]", () => {
  assert.deepEqual(validatePartitaIva("00743110158"), {
    ok: false,
    code: "checksum",
    message: "La cifra di controllo della partita IVA non è corretta",
  });
});

// deno-fmt-ignore
const NUMERIC: Array<[string, string, string]> = [
  ["02438750586", "partita_iva", "[PUB] Comune di Roma, return code 2"],
  ["80078750587", "ente_non_iva", "[PUB] INPS CF, return code 5"],
  ["80007010376", "ente_non_iva", "[PUB] Università di Bologna CF, return code 5"],
  ["81234560969", "office_code", "[SOGEI]+[CALC] ≥ 8000000 with office 096 → N"],
  ["91234569993", "office_code", "[SOGEI]+[CALC] ≥ 8000000 with office 999 → N"],
  ["12345671510", "provvisorio", "[SOGEI]+[CALC] office 151 (Intendenze di Finanza)"],
  ["12345672450", "provvisorio", "[SOGEI]+[CALC] office 245"],
  ["12345672468", "office_code", "[SOGEI]+[CALC] office 246"],
  ["12345673011", "provvisorio", "[SOGEI]+[CALC] office 301 (Imposte Dirette)"],
  ["12345677665", "provvisorio", "[SOGEI]+[CALC] office 766"],
  ["12345679000", "provvisorio", "[SOGEI]+[CALC] office 900"],
  ["12345679505", "provvisorio", "[SOGEI]+[CALC] office 950"],
  ["12345679513", "office_code", "[SOGEI]+[CALC] office 951"],
  ["01000000008", "provvisorio", "[SOGEI] office 000, DU.74 range"],
  ["01000000001", "provvisorio", "[SOGEI] office 000, m < 273961: check digit not verified"],
  ["03000000004", "provvisorio", "[SOGEI]+[CALC] office 000, 273961 ≤ m < 1072480"],
  ["03000000005", "checksum", "[SOGEI] office 000 range with wrong check digit (code P)"],
  ["16000000006", "provvisorio", "[SOGEI]+[CALC] office 000, 1500000 < m < 1828637"],
  ["20500000003", "provvisorio", "[SOGEI]+[CALC] office 000, 2000000 < m < 2054096"],
  ["25000000007", "out_of_range", "[SOGEI]+[CALC] office 000 outside the ranges (code O)"],
  ["12345670009", "out_of_range", "[SOGEI]+[CALC] office 000, 1072480 ≤ m ≤ 1500000"],
  ["00000000018", "zero_matricola", "[SOGEI] code M"],
];
for (const [input, expected, src] of NUMERIC) {
  Deno.test(`numeric CF ${input} → ${expected} (${src})`, () => {
    const r = validateCodiceNumerico(input);
    assert.equal(r.ok ? r.kind : r.code, expected);
    if (!r.ok) assert.match(r.message, /codice fiscale/);
  });
}

// deno-fmt-ignore
const CHECK_DIGITS: Array<[string, string, string]> = [
  ["0074311015", "7", "[STDNUM]"],
  ["0636339100", "1", "[PUB] Agenzia delle Entrate"],
  ["0243875058", "6", "[PUB] Comune di Roma"],
  ["8007875058", "7", "[PUB] INPS"],
  ["0000000000", "0", "[SOGEI] total 0 → 0"],
];
for (const [first10, digit, src] of CHECK_DIGITS) {
  Deno.test(`partitaIvaCheckDigit(${first10}) = ${digit} ${src}`, () => {
    assert.equal(partitaIvaCheckDigit(first10), digit);
    assert.equal(hasValidCheckDigit(first10 + digit), true);
  });
}

Deno.test("partitaIvaCheckDigit rejects input that is not 10 digits", () => {
  assert.throws(() => partitaIvaCheckDigit("123"), RangeError);
  assert.throws(() => partitaIvaCheckDigit("007431101A"), RangeError);
  assert.equal(hasValidCheckDigit("0074311015"), false);
});

// deno-fmt-ignore
const OFFICES: Array<[string, boolean]> = [
  ["001", true], ["058", true], ["100", true], ["101", false], ["119", false], ["120", true],
  ["121", true], ["122", false], ["888", true], ["999", true], ["000", false], ["05", false],
];
Deno.test("isVatOfficeCode table [SOGEI]", () => {
  for (const [office, expected] of OFFICES) assert.equal(isVatOfficeCode(office), expected, office);
});

Deno.test("normalizePartitaIva strips IT prefix, spaces, dots, dashes [STDNUM compact()]", () => {
  assert.equal(normalizePartitaIva(" it 0074-311.0157 "), "00743110157");
  assert.equal(normalizePartitaIva("00743110157"), "00743110157");
});
