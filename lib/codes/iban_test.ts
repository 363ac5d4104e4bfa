import assert from "node:assert/strict";
import {
  buildItalianIban,
  formatIban,
  ibanCheckDigits,
  ibanLength,
  isValidIban,
  italianCin,
  normalizeIban,
  SEPA_COUNTRIES,
  validateIban,
} from "./iban.ts";

// Sources:
// [REG]   SWIFT IBAN Registry (ISO 13616 registration authority): per-country BBAN format and the
//         example IBAN published for each country (e.g. IT60X0542811101000000123456, also used
//         in Banca d'Italia material; DE89370400440532013000; GB29NWBK60161331926819 …).
// [ISO]   ISO 13616-1 / ISO 7064 MOD 97-10: remainder must be 1; check digits are 02–98.
// [CIN]   Banca d'Italia / ABI CBI "coordinate bancarie": BBAN = CIN + ABI(5n) + CAB(5n) +
//         conto(12c); CIN = odd/even conversion tables, sum mod 26.
// [EPC]   EPC409-09 list of SEPA scheme countries (incl. 2024–2025 extension: AL, ME, MD, MK).
// [CALC]  IBAN/CIN recomputed with an independent Python implementation of [ISO]/[CIN] so that
//         only the component under test is wrong.

// deno-fmt-ignore
const REGISTRY_EXAMPLES = [
  "IT60X0542811101000000123456", "SM86U0322509800000000270100", "VA59001123000012345678",
  "DE89370400440532013000", "FR1420041010050500013M02606", "GB29NWBK60161331926819",
  "ES9121000418450200051332", "NL91ABNA0417164300", "BE68539007547034", "AT611904300234573201",
  "CH9300762011623852957", "NO9386011117947", "MT84MALT011000012345MTLCAST001S",
  "PT50000201231234567890154", "IE29AIBK93115212345678", "LU280019400644750000",
  "PL61109010140000071219812874", "SE4550000000058398257466", "FI2112345600000785",
  "DK5000400440116243", "AD1200012030200359100100", "MC5811222000010123456789030",
  "SI56263300012039086", "LI21088100002324013AA", "GR1601101250000000012300695",
  "HR1210010051863000160", "CZ6508000000192000145399", "SK3112000000198742637541",
  "HU42117730161111101800000000", "RO49AAAA1B31007593840000", "BG80BNBG96611020345678",
  "EE382200221020145685", "LT121000011101001000", "LV80BANK0000435195001",
  "CY17002001280000001200527600", "IS140159260076545510730339", "GI75NWBK000000007099453",
  "AL47212110090000000235698741", "ME25505000012345678951", "MD24AG000225100013104168",
  "MK07250120000058984", "SA0380000000608010167519", "BR1800360305000010009795493C1",
  "TR330006100519786457841326",
];
for (const iban of REGISTRY_EXAMPLES) {
  Deno.test(`IBAN registry example ${iban} is valid [REG]`, () => {
    const r = validateIban(iban);
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.info.countryCode, iban.slice(0, 2));
    assert.equal(r.info.bban, iban.slice(4));
    assert.equal(ibanLength(iban.slice(0, 2)), iban.length);
    assert.equal(r.info.sepa, !["SA", "BR", "TR"].includes(iban.slice(0, 2)));
  });
}

// deno-fmt-ignore
const ITALIAN: Array<[string, { cin: string; abi: string; cab: string; conto: string }, string]> = [
  ["IT60X0542811101000000123456", { cin: "X", abi: "05428", cab: "11101", conto: "000000123456" }, "[REG]"],
  ["SM86U0322509800000000270100", { cin: "U", abi: "03225", cab: "09800", conto: "000000270100" }, "[REG] San Marino"],
  ["IT83B0542811101CC0012345678", { cin: "B", abi: "05428", cab: "11101", conto: "CC0012345678" }, "[CALC] alphanumeric conto"],
  ["IT02V0542811101000000000196", { cin: "V", abi: "05428", cab: "11101", conto: "000000000196" }, "[CALC] check digits 02 (lowest)"],
  ["IT98C0542811101000000000107", { cin: "C", abi: "05428", cab: "11101", conto: "000000000107" }, "[CALC] check digits 98 (highest)"],
];
for (const [iban, parts, src] of ITALIAN) {
  Deno.test(`IBAN Italian parts of ${iban} ${src}`, () => {
    const r = validateIban(iban);
    assert.ok(r.ok, JSON.stringify(r));
    assert.deepEqual(r.info.italian, parts);
    assert.equal(italianCin(parts.abi, parts.cab, parts.conto), parts.cin);
  });
}

// deno-fmt-ignore
const NORMALIZE: Array<[string, string]> = [
  ["it60 x054 2811 1010 0000 0123 456", "lowercase with spaces"],
  ["IBAN IT60X0542811101000000123456", "IBAN label"],
  ["IBAN: IT60-X054-2811-1010-0000-0123-456", "label with colon, dashes"],
  ["\tIT60\u00a0X054 2811 1010 0000 0123 456\n", "tab, no-break space, newline"],
];
for (const [input, why] of NORMALIZE) {
  Deno.test(`IBAN normalize ${JSON.stringify(input)} (${why}) [REG]`, () => {
    assert.equal(normalizeIban(input), "IT60X0542811101000000123456");
    const r = validateIban(input);
    assert.ok(r.ok);
    assert.equal(r.value, "IT60X0542811101000000123456");
  });
}

// deno-fmt-ignore
const INVALID: Array<[string, string, string]> = [
  ["", "empty", "required"],
  ["IBAN", "empty", "only the label"],
  ["IT60X05428111010000001234$6", "characters", "[ISO] alphanumerics only"],
  ["IT60X0542811101000000123_56", "characters", "[ISO] underscore"],
  ["XX60X0542811101000000123456", "country", "[REG] XX not registered"],
  ["1T60X0542811101000000123456", "country", "[ISO] country must be letters"],
  ["US64SVBKUS6S3300958879", "country", "[REG] US has no IBAN"],
  ["IT60X054281110100000012345", "length", "[REG] IT is 27 (26 given)"],
  ["IT60X05428111010000001234567", "length", "[REG] IT is 27 (28 given)"],
  ["DE8937040044053201300", "length", "[REG] DE is 22"],
  ["NO93860111179470", "length", "[REG] NO is 15"],
  ["IT60X0542811101000000123457", "check_digits", "[REG]+[ISO] last digit altered"],
  ["IT61X0542811101000000123456", "check_digits", "[REG]+[ISO] check digits altered"],
  ["IT60X0542811101000000124356", "check_digits", "[REG]+[ISO] adjacent digits swapped"],
  ["DE89370400440532013001", "check_digits", "[REG]+[ISO]"],
  ["GB28NWBK60161331926819", "check_digits", "[REG]+[ISO]"],
  ["ITAAX0542811101000000123456", "check_digits", "[ISO] check digits must be digits"],
  ["IT99V0542811101000000000196", "check_digits", "[ISO]+[CALC] 99 ≡ 02 mod 97 but out of 02–98"],
  ["IT01C0542811101000000000107", "check_digits", "[ISO]+[CALC] 01 ≡ 98 mod 97 but out of 02–98"],
  ["IT00W0542811101000000000013", "check_digits", "[ISO]+[CALC] 00 ≡ 97 mod 97 but out of 02–98"],
  ["IT65A0542811101000000123456", "cin", "[CIN]+[CALC] wrong CIN, mod-97 recomputed and right"],
  ["IT6010542811101000000123456", "cin_format", "[CIN] CIN must be a letter"],
  ["IT60X05A28111010000001234566", "length", "[REG] length is checked before parts"],
  ["IT60X05A28111010000001234 56", "abi", "[CIN] ABI must be 5 digits"],
  ["IT60X054281110A000000123456", "cab", "[CIN] CAB must be 5 digits"],
  ["SM86U03225098O0000000270100", "cab", "[CIN] San Marino, letter O instead of zero"],
  ["DE89370400440532013A00", "bban_format", "[REG] DE account is numeric"],
  ["GB29123460161331926819", "bban_format", "[REG] GB bank code is 4 letters"],
  ["NL91ABNA041716430A", "bban_format", "[REG] NL account is numeric"],
];
for (const [input, code, src] of INVALID) {
  Deno.test(`IBAN invalid ${JSON.stringify(input)} → ${code} (${src})`, () => {
    const r = validateIban(input);
    assert.equal(r.ok ? "ok" : r.code, code);
    assert.ok(!r.ok && r.message.length > 10);
    assert.equal(isValidIban(input), false);
  });
}

Deno.test("IBAN length error names the expected length", () => {
  assert.deepEqual(validateIban("IT60X054281110100000012345"), {
    ok: false,
    code: "length",
    message: "L'IBAN per il paese IT deve essere di 27 caratteri",
  });
});

Deno.test("IBAN wrong CIN message (Italian) [CIN]", () => {
  const r = validateIban("IT65A0542811101000000123456");
  assert.ok(!r.ok);
  assert.equal(
    r.message,
    "Il CIN dell'IBAN non corrisponde alle coordinate bancarie (ABI, CAB, conto)",
  );
});

// deno-fmt-ignore
const COUNTRY_OPTIONS: Array<[string, { sepaOnly?: boolean; countries?: string[] }, boolean, string]> = [
  ["BR1800360305000010009795493C1", { sepaOnly: true }, false, "[EPC] Brazil not SEPA"],
  ["TR330006100519786457841326", { sepaOnly: true }, false, "[EPC] Turkey not SEPA"],
  ["CH9300762011623852957", { sepaOnly: true }, true, "[EPC] Switzerland is SEPA"],
  ["GB29NWBK60161331926819", { sepaOnly: true }, true, "[EPC] UK is SEPA"],
  ["AL47212110090000000235698741", { sepaOnly: true }, true, "[EPC] Albania, 2024 extension"],
  ["DE89370400440532013000", { countries: ["IT"] }, false, "only Italian accounts"],
  ["IT60X0542811101000000123456", { countries: ["it", "sm"] }, true, "lowercase list"],
  ["SM86U0322509800000000270100", { countries: ["IT", "SM"], sepaOnly: true }, true, "both"],
];
for (const [iban, options, ok, src] of COUNTRY_OPTIONS) {
  Deno.test(`IBAN ${iban} with ${JSON.stringify(options)} → ${ok} (${src})`, () => {
    const r = validateIban(iban, options);
    assert.equal(r.ok ? "ok" : r.code, ok ? "ok" : "country_not_allowed");
  });
}

// deno-fmt-ignore
const FORMAT: Array<[string, string]> = [
  ["IT60X0542811101000000123456", "IT60 X054 2811 1010 0000 0123 456"],
  ["de89370400440532013000", "DE89 3704 0044 0532 0130 00"],
  ["NO9386011117947", "NO93 8601 1117 947"],
  ["BE68539007547034", "BE68 5390 0754 7034"],
  ["IBAN IT60 X054 28111 01000000123456", "IT60 X054 2811 1010 0000 0123 456"],
];
for (const [input, expected] of FORMAT) {
  Deno.test(`formatIban(${JSON.stringify(input)}) [REG print format]`, () => {
    assert.equal(formatIban(input), expected);
  });
}

// deno-fmt-ignore
const LENGTHS: Array<[string, number | null]> = [
  ["IT", 27], ["SM", 27], ["VA", 22], ["DE", 22], ["NO", 15], ["MT", 31], ["LC", 32],
  ["RU", 33], ["it", 27], ["XX", null], ["US", null],
];
Deno.test("ibanLength per country [REG]", () => {
  for (const [country, length] of LENGTHS) assert.equal(ibanLength(country), length, country);
});

// deno-fmt-ignore
const CHECK_DIGITS: Array<[string, string, string]> = [
  ["IT", "X0542811101000000123456", "60"],
  ["DE", "370400440532013000", "89"],
  ["GB", "NWBK60161331926819", "29"],
  ["it", "x0542811101000000123456", "60"],
];
for (const [country, bban, digits] of CHECK_DIGITS) {
  Deno.test(`ibanCheckDigits(${country}, ${bban}) = ${digits} [REG]+[ISO]`, () => {
    assert.equal(ibanCheckDigits(country, bban), digits);
  });
}

Deno.test("buildItalianIban pads the conto and yields the registry example [REG]+[CIN]", () => {
  assert.equal(
    buildItalianIban({ abi: "05428", cab: "11101", conto: "123456" }),
    "IT60X0542811101000000123456",
  );
  assert.equal(
    buildItalianIban({ abi: "05428", cab: "11101", conto: "cc0012345678" }),
    "IT83B0542811101CC0012345678",
  );
});

Deno.test("italianCin / buildItalianIban reject malformed parts [CIN]", () => {
  assert.throws(() => italianCin("5428", "11101", "000000123456"), RangeError);
  assert.throws(() => italianCin("05428", "1110A", "000000123456"), RangeError);
  assert.throws(() => italianCin("0542", "811101", "000000123456"), RangeError);
  assert.throws(() => ibanCheckDigits("I1", "X0542811101000000123456"), RangeError);
  assert.throws(() => ibanCheckDigits("IT", "X054-2811101000000123456"), RangeError);
  assert.throws(() => buildItalianIban({ abi: "05428", cab: "11101", conto: "1234567890123" }));
});

Deno.test("SEPA_COUNTRIES membership [EPC]", () => {
  for (const c of ["IT", "SM", "VA", "CH", "GB", "NO", "MC", "AD", "MK"]) {
    assert.ok(SEPA_COUNTRIES.has(c), c);
  }
  for (const c of ["BR", "TR", "RS", "US", "SA"]) assert.ok(!SEPA_COUNTRIES.has(c), c);
});
