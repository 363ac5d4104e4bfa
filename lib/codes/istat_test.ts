import assert from "node:assert/strict";
import {
  isForeignBelfiore,
  istatProvinceCode,
  isValidBelfiore,
  isValidIstatCode,
  normalizeBelfiore,
  normalizeIstatCode,
  validateBelfiore,
  validateIstatCode,
} from "./istat.ts";

// Sources:
// [ISTAT] ISTAT "Codici statistici delle unità amministrative territoriali" (Elenco comuni
//         italiani): Codice Comune formato alfanumerico = 3-digit province/UTS code + 3-digit
//         progressive (Roma 058091, Milano 015146, Torino 001272, Napoli 063049, Palermo
//         082053); the "formato numerico" drops leading zeros (Torino 1272).
// [AdE]   Agenzia delle Entrate codici catastali (Belfiore), as used in the codice fiscale:
//         H501 Roma, F205 Milano, L219 Torino, F839 Napoli, G273 Palermo, D969 Genova;
//         foreign states Z…: Z110 Francia, Z112 Germania, Z210 Cina, Z404 Stati Uniti,
//         Z600 Argentina.

// deno-fmt-ignore
const ISTAT_VALID: Array<[string | number, string, string, string]> = [
  ["058091", "058091", "058", "[ISTAT] Roma"],
  ["015146", "015146", "015", "[ISTAT] Milano"],
  ["001272", "001272", "001", "[ISTAT] Torino"],
  ["063049", "063049", "063", "[ISTAT] Napoli"],
  ["082053", "082053", "082", "[ISTAT] Palermo"],
  [" 058 091 ", "058091", "058", "[ISTAT] Roma with spaces"],
  [58091, "058091", "058", "[ISTAT] Roma, formato numerico"],
  [1272, "001272", "001", "[ISTAT] Torino, formato numerico"],
];
for (const [input, value, province, src] of ISTAT_VALID) {
  Deno.test(`ISTAT valid ${JSON.stringify(input)} → ${value} ${src}`, () => {
    const r = validateIstatCode(input);
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.value, value);
    assert.equal(r.info.provinceCode, province);
    assert.equal(r.info.progressive, value.slice(3));
    assert.equal(istatProvinceCode(input), province);
  });
}

// deno-fmt-ignore
const ISTAT_INVALID: Array<[string | number, string, string]> = [
  ["", "empty", "required"],
  ["  ", "empty", "only spaces"],
  ["05809A", "non_numeric", "[ISTAT] digits only"],
  ["058-091", "non_numeric", "[ISTAT] separator"],
  [-58091, "non_numeric", "negative number"],
  [58091.5, "non_numeric", "not an integer"],
  ["1272", "length", "[ISTAT] string in formato numerico without padLeadingZeros"],
  ["0580910", "length", "[ISTAT] 7 digits"],
  [1234567, "length", "[ISTAT] 7-digit number"],
  ["000123", "province", "[ISTAT] province 000 does not exist"],
  ["058000", "municipality", "[ISTAT] progressive 000 does not exist"],
];
for (const [input, code, src] of ISTAT_INVALID) {
  Deno.test(`ISTAT invalid ${JSON.stringify(input)} → ${code} (${src})`, () => {
    const r = validateIstatCode(input);
    assert.equal(r.ok ? "ok" : r.code, code);
    assert.ok(!r.ok && /codice ISTAT|provincia|progressivo/.test(r.message));
    assert.equal(isValidIstatCode(input), false);
    assert.equal(istatProvinceCode(input), null);
  });
}

Deno.test("ISTAT padLeadingZeros accepts formato numerico strings [ISTAT]", () => {
  assert.equal(normalizeIstatCode("1272", { padLeadingZeros: true }), "001272");
  assert.equal(normalizeIstatCode("58091", { padLeadingZeros: true }), "058091");
  assert.ok(isValidIstatCode("1272", { padLeadingZeros: true }));
  assert.equal(normalizeIstatCode("272", { padLeadingZeros: true }), "272");
  assert.equal(isValidIstatCode("272", { padLeadingZeros: true }), false);
});

// deno-fmt-ignore
const BELFIORE_VALID: Array<[string, string, "comune" | "stato_estero", string]> = [
  ["H501", "H501", "comune", "[AdE] Roma"],
  ["F205", "F205", "comune", "[AdE] Milano"],
  ["L219", "L219", "comune", "[AdE] Torino"],
  ["F839", "F839", "comune", "[AdE] Napoli"],
  ["G273", "G273", "comune", "[AdE] Palermo"],
  ["D969", "D969", "comune", "[AdE] Genova"],
  ["A001", "A001", "comune", "[AdE] lowest code"],
  ["M999", "M999", "comune", "[AdE] highest letter for municipalities"],
  ["h501", "H501", "comune", "[AdE] lowercase"],
  [" H 501 ", "H501", "comune", "[AdE] spaces"],
  ["Z110", "Z110", "stato_estero", "[AdE] Francia"],
  ["Z112", "Z112", "stato_estero", "[AdE] Germania"],
  ["Z210", "Z210", "stato_estero", "[AdE] Cina"],
  ["Z404", "Z404", "stato_estero", "[AdE] Stati Uniti"],
  ["z600", "Z600", "stato_estero", "[AdE] Argentina, lowercase"],
];
for (const [input, value, kind, src] of BELFIORE_VALID) {
  Deno.test(`Belfiore valid ${JSON.stringify(input)} → ${value} (${kind}) ${src}`, () => {
    const r = validateBelfiore(input);
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.value, value);
    assert.equal(r.info.kind, kind);
    assert.equal(isForeignBelfiore(input), kind === "stato_estero");
  });
}

// deno-fmt-ignore
const BELFIORE_INVALID: Array<[string, string, string]> = [
  ["", "empty", "required"],
  ["H50", "format", "[AdE] 3 characters"],
  ["H5011", "format", "[AdE] 5 characters"],
  ["1501", "format", "[AdE] must start with a letter"],
  ["HH01", "format", "[AdE] 3 digits after the letter"],
  ["H50N", "format", "[AdE] omocodic letter: decode the codice fiscale first"],
  ["H-501", "format", "[AdE] separator"],
  ["N001", "letter", "[AdE] municipalities use A–M"],
  ["Y123", "letter", "[AdE] municipalities use A–M"],
];
for (const [input, code, src] of BELFIORE_INVALID) {
  Deno.test(`Belfiore invalid ${JSON.stringify(input)} → ${code} (${src})`, () => {
    const r = validateBelfiore(input);
    assert.equal(r.ok ? "ok" : r.code, code);
    assert.ok(!r.ok && /codice catastale/.test(r.message));
    assert.equal(isValidBelfiore(input), false);
    assert.equal(isForeignBelfiore(input), false);
  });
}

Deno.test("normalizeBelfiore trims, removes spaces, uppercases [AdE]", () => {
  assert.equal(normalizeBelfiore("  z 404 "), "Z404");
});
