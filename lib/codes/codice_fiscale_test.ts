import assert from "node:assert/strict";
import {
  canonicalCodiceFiscale,
  checkCharacter,
  checkCodiceFiscaleCoherence,
  type CodiceFiscaleInfo,
  generateCodiceFiscale,
  isValidCodiceFiscale,
  omocodiaVariant,
  resolveBirthDate,
  validateCodiceFiscale,
} from "./codice_fiscale.ts";
import type { PersonData } from "./codice_fiscale_person.ts";

// Sources used below:
// [DM74]  DM Finanze 12/03/1974 / Agenzia delle Entrate description of the codice fiscale
//         (structure, month letters, day+40, dispari/pari tables, omocodia L M N P Q R S T U V).
// [PASTORE] DavidePastore/codice-fiscale README: Mario Rossi 1985-12-10 A562 →
//         RSSMRA85T10A562S and its 8 omocodic levels; Roberto Santi 1963-05-08 H501 →
//         SNTRRT63E08H50ML (omocodic).
// [STDNUM] python-stdnum stdnum/it/codicefiscale.py doctests: RCCMNL83S18D969H (M, 1983-11-18),
//         CNTCHR83T41D969D (F), calc_check_digit('RCCMNL83S18D969') == 'H'.
// [SOGEI] Agenzia delle Entrate / Sogei "UCheckNum": 11-digit numeric codes.
// [CALC]  check character computed with an independent Python implementation of [DM74], so only
//         the component under test is wrong.

const info = (code: string): CodiceFiscaleInfo => {
  const r = validateCodiceFiscale(code);
  assert.ok(r.ok && r.kind === "persona_fisica", `${code} should be valid`);
  return r.info;
};

const MARIO: PersonData = {
  surname: "Rossi",
  name: "Mario",
  birthDate: "1985-12-10",
  sex: "M",
  placeCode: "A562",
};

// --- Valid codes and their decoding ------------------------------------------------------
// deno-fmt-ignore
const VALID: Array<{
  input: string;
  src: string;
  canonical: string;
  yy: number;
  month: number;
  day: number;
  sex: "M" | "F";
  place: string;
}> = [
  { input: "RSSMRA85T10A562S", src: "[PASTORE]", canonical: "RSSMRA85T10A562S", yy: 85, month: 12, day: 10, sex: "M", place: "A562" },
  { input: "RCCMNL83S18D969H", src: "[STDNUM]", canonical: "RCCMNL83S18D969H", yy: 83, month: 11, day: 18, sex: "M", place: "D969" },
  { input: "CNTCHR83T41D969D", src: "[STDNUM] female, day 41", canonical: "CNTCHR83T41D969D", yy: 83, month: 12, day: 1, sex: "F", place: "D969" },
  { input: "SNTRRT63E08H50ML", src: "[PASTORE] omocodic 1→M", canonical: "SNTRRT63E08H501T", yy: 63, month: 5, day: 8, sex: "M", place: "H501" },
  { input: "rssmra85t10a562s", src: "[PASTORE] lowercase input", canonical: "RSSMRA85T10A562S", yy: 85, month: 12, day: 10, sex: "M", place: "A562" },
  { input: "  RSS MRA 85T10 A562S ", src: "[PASTORE] spaces", canonical: "RSSMRA85T10A562S", yy: 85, month: 12, day: 10, sex: "M", place: "A562" },
  { input: "RSSMRA85T10A562S\n", src: "[PASTORE] trailing newline", canonical: "RSSMRA85T10A562S", yy: 85, month: 12, day: 10, sex: "M", place: "A562" },
  { input: "RSSMRA00B29A562C", src: "[DM74]+[CALC] 29 Feb of '00 (2000 is leap)", canonical: "RSSMRA00B29A562C", yy: 0, month: 2, day: 29, sex: "M", place: "A562" },
  { input: "RSSMRA04B69A562K", src: "[DM74]+[CALC] female 29 Feb 2004", canonical: "RSSMRA04B69A562K", yy: 4, month: 2, day: 29, sex: "F", place: "A562" },
  { input: "RSSMRA85A71A562K", src: "[DM74]+[CALC] female day 71 = 31 Jan", canonical: "RSSMRA85A71A562K", yy: 85, month: 1, day: 31, sex: "F", place: "A562" },
  { input: "RSSMRA85D70A562R", src: "[DM74]+[CALC] female 30 Apr", canonical: "RSSMRA85D70A562R", yy: 85, month: 4, day: 30, sex: "F", place: "A562" },
  { input: "RSSMRA85T10Z404L", src: "[DM74]+[CALC] born abroad (Z404 USA)", canonical: "RSSMRA85T10Z404L", yy: 85, month: 12, day: 10, sex: "M", place: "Z404" },
  { input: "RSSMRAU5T10A562P", src: "[DM74]+[CALC] non-sequential omocodia (year 8→U)", canonical: "RSSMRA85T10A562S", yy: 85, month: 12, day: 10, sex: "M", place: "A562" },
];
for (const c of VALID) {
  Deno.test(`CF valid ${JSON.stringify(c.input)} ${c.src}`, () => {
    const i = info(c.input);
    assert.equal(i.canonical, c.canonical);
    assert.equal(canonicalCodiceFiscale(c.input), c.canonical);
    assert.deepEqual([i.yearOfCentury, i.month, i.day, i.sex, i.placeCode], [
      c.yy,
      c.month,
      c.day,
      c.sex,
      c.place,
    ]);
    assert.deepEqual(i.birthYearCandidates, [1900 + c.yy, 2000 + c.yy]);
    assert.equal(i.bornAbroad, c.place.startsWith("Z"));
  });
}

Deno.test("CF check character of RCCMNL83S18D969 is H [STDNUM]", () => {
  assert.equal(checkCharacter("RCCMNL83S18D969"), "H");
});

// --- Omocodia: the 8 official levels of Mario Rossi [PASTORE] -------------------------------
// deno-fmt-ignore
const ROSSI_LEVELS = [
  "RSSMRA85T10A562S",
  "RSSMRA85T10A56NH",
  "RSSMRA85T10A5SNT",
  "RSSMRA85T10ARSNO",
  "RSSMRA85T1LARSNR",
  "RSSMRA85TMLARSNC",
  "RSSMRA8RTMLARSNO",
  "RSSMRAURTMLARSNL",
];
ROSSI_LEVELS.forEach((code, level) => {
  Deno.test(`CF omocodia level ${level} ${code} is valid and maps to RSSMRA85T10A562S [PASTORE]`, () => {
    const i = info(code);
    assert.equal(i.canonical, "RSSMRA85T10A562S");
    assert.equal(i.omocodiaLevel, level);
    assert.equal(i.day, 10);
    assert.equal(i.placeCode, "A562");
    assert.equal(omocodiaVariant("RSSMRA85T10A562S", level), code);
    assert.equal(generateCodiceFiscale(MARIO, { omocodiaLevel: level }), code);
    assert.deepEqual(checkCodiceFiscaleCoherence(code, MARIO), { ok: true });
  });
});

Deno.test("CF omocodiaVariant: invalid input or level → null [DM74]", () => {
  assert.equal(omocodiaVariant("RSSMRA85T10A562T", 1), null);
  assert.equal(omocodiaVariant("RSSMRA85T10A562S", 8), null);
  assert.equal(omocodiaVariant("RSSMRA85T10A562S", 1.5), null);
});

// --- Invalid codes -------------------------------------------------------------------------
// deno-fmt-ignore
const INVALID: Array<{ input: string; code: string; src: string }> = [
  { input: "", code: "empty", src: "required field" },
  { input: "   ", code: "empty", src: "only whitespace" },
  { input: "RSSMRA85T10A562", code: "length", src: "[DM74] 15 chars; [STDNUM] InvalidLength" },
  { input: "RSSMRA85T10A562SX", code: "length", src: "[DM74] 17 chars" },
  { input: "RSSMRA85T10", code: "length", src: "[DM74] truncated" },
  { input: "RSS-MRA-85T10-A562S", code: "characters", src: "[DM74] alphanumerics only" },
  { input: "RSSMRA85T10À562S", code: "characters", src: "[DM74] accented letter" },
  { input: "12345678901", code: "numeric_not_allowed", src: "[SOGEI] numeric code, option off" },
  { input: "R5SMRA85T10A562S", code: "format", src: "[DM74] digit in the surname part" },
  { input: "RSSMRA8OT10A562S", code: "format", src: "[DM74] O is not an omocodia letter" },
  { input: "RSSMRA85T10A5W2S", code: "format", src: "[DM74] W is not an omocodia letter" },
  { input: "RSSMRA85T10A5625", code: "format", src: "[DM74] check character must be a letter" },
  { input: "RSSMRA85T10562AS", code: "format", src: "[DM74] place letter misplaced" },
  { input: "RSSMRA85F10A562R", code: "month", src: "[DM74]+[CALC] F is not a month letter" },
  { input: "RSSMRA85G10A562T", code: "month", src: "[DM74]+[CALC] G is not a month letter" },
  { input: "RSSMRA85I10A562X", code: "month", src: "[DM74]+[CALC] I is not a month letter" },
  { input: "RSSMRA85N10A562Y", code: "month", src: "[DM74]+[CALC] N (omocodia letter) in month" },
  { input: "RSSMRA85Z10A562B", code: "month", src: "[DM74]+[CALC] Z is not a month letter" },
  { input: "RSSMRA85T32A562Y", code: "day", src: "[DM74]+[CALC] male day 32" },
  { input: "RSSMRA85T72A562C", code: "day", src: "[DM74]+[CALC] female day 72 (=32)" },
  { input: "RSSMRA85T00A562R", code: "day", src: "[DM74]+[CALC] day 00" },
  { input: "RSSMRA85T40A562V", code: "day", src: "[DM74]+[CALC] day 40 (neither sex)" },
  { input: "RSSMRA85D31A562M", code: "day", src: "[DM74]+[CALC] 31 April" },
  { input: "RSSMRA85D71A562Q", code: "day", src: "[DM74]+[CALC] female 31 April" },
  { input: "RSSMRA85B30A562G", code: "day", src: "[DM74]+[CALC] 30 February" },
  { input: "RSSMRA01B29A562D", code: "day", src: "[DM74]+[CALC] 29 Feb of 1901/2001" },
  { input: "RSSMRA85T3NA562N", code: "day", src: "[DM74]+[CALC] omocodic day 3N = 32" },
  { input: "RSSMRA85T10N562F", code: "place", src: "[DM74]+[CALC] no municipality code starts with N" },
  { input: "RSSMRA85T10Y123B", code: "place", src: "[DM74]+[CALC] no municipality code starts with Y" },
  { input: "RSSMRA85T10A562T", code: "checksum", src: "[PASTORE] last char altered" },
  { input: "RSSMRA85T10A56NS", code: "checksum", src: "[PASTORE] omocodic digit without recomputed check" },
  { input: "CNTCHR83T41D969H", code: "checksum", src: "[STDNUM] check char of another code" },
  { input: "RSSMAR85T10A562S", code: "checksum", src: "[PASTORE] transposed letters" },
  { input: "RCCMNL38S18D969H", code: "checksum", src: "[STDNUM] transposed year digits" },
];
for (const c of INVALID) {
  Deno.test(`CF invalid ${JSON.stringify(c.input)} → ${c.code} (${c.src})`, () => {
    const r = validateCodiceFiscale(c.input);
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.code, c.code);
    assert.ok(!r.ok && r.message.length > 10);
    assert.equal(isValidCodiceFiscale(c.input), false);
  });
}

Deno.test("CF checksum error carries the Italian message", () => {
  assert.deepEqual(validateCodiceFiscale("RSSMRA85T10A562T"), {
    ok: false,
    code: "checksum",
    message: "Il carattere di controllo del codice fiscale non è corretto",
  });
});

// --- 11-digit numeric codes (allowNumeric) [SOGEI] ------------------------------------------
// deno-fmt-ignore
const NUMERIC: Array<{ input: string; expect: string; src: string }> = [
  { input: "02438750586", expect: "partita_iva", src: "Comune di Roma CF" },
  { input: "80078750587", expect: "ente_non_iva", src: "INPS CF (80… non-VAT range)" },
  { input: "12345673011", expect: "provvisorio", src: "office 301 (range 301–766) + check digit" },
  { input: "02438750587", expect: "checksum", src: "Comune di Roma CF, last digit altered" },
  { input: "12345671015", expect: "office_code", src: "office 101 is not assigned" },
];
for (const c of NUMERIC) {
  Deno.test(`CF numeric ${c.input} with allowNumeric → ${c.expect} [SOGEI] ${c.src}`, () => {
    const r = validateCodiceFiscale(c.input, { allowNumeric: true });
    if (r.ok) {
      assert.equal(r.kind, "numerico");
      assert.equal(r.kind === "numerico" && r.numericKind, c.expect);
    } else {
      assert.equal(r.code, c.expect);
      assert.match(r.message, /codice fiscale/);
    }
  });
}

// --- Century resolution ----------------------------------------------------------------------
// deno-fmt-ignore
const RESOLVE: Array<{ code: string; today: string | Date; expect: string; src: string }> = [
  { code: "RSSMRA85T10A562S", today: "2025-06-01", expect: "1985-12-10", src: "2085 is future" },
  { code: "VRDGPP20C15H501Y", today: "2025-06-01", expect: "2020-03-15", src: "recent birth" },
  { code: "VRDGPP25T10H501A", today: "2025-06-01", expect: "1925-12-10", src: "Dec 2025 still future" },
  { code: "VRDGPP25A10H501N", today: "2025-06-01", expect: "2025-01-10", src: "Jan 2025 already past" },
  { code: "VRDGPP25A10H501N", today: "2025-01-10", expect: "2025-01-10", src: "born today" },
  { code: "RSSMRA00B29A562C", today: "2025-06-01", expect: "2000-02-29", src: "leap 2000" },
  { code: "RSSMRA85T10A562S", today: new Date(2025, 5, 1), expect: "1985-12-10", src: "Date input" },
  { code: "RSSMRAURTMLARSNL", today: "2025-06-01", expect: "1985-12-10", src: "[PASTORE] level 7" },
];
for (const c of RESOLVE) {
  Deno.test(`CF resolveBirthDate ${c.code} at ${String(c.today)} → ${c.expect} (${c.src})`, () => {
    assert.equal(resolveBirthDate(info(c.code), c.today), c.expect);
  });
}
Deno.test("CF resolveBirthDate rejects a malformed reference date", () => {
  assert.throws(() => resolveBirthDate(info("RSSMRA85T10A562S"), "01/06/2025"), RangeError);
});

// --- Coherence with personal data --------------------------------------------------------------
// deno-fmt-ignore
const COHERENCE: Array<{ code: string; person: Partial<PersonData>; issues: string[]; src: string }> = [
  { code: "RSSMRA85T10A562S", person: MARIO, issues: [], src: "[PASTORE] all fields" },
  { code: "RSSMRA85T10A56NH", person: MARIO, issues: [], src: "[PASTORE] omocodic variant" },
  { code: "SNTRRT63E08H50ML", person: { surname: "Santi", name: "Roberto", birthDate: "1963-05-08", sex: "M", placeCode: "h501" }, issues: [], src: "[PASTORE]" },
  { code: "RSSMRA85T10A562S", person: { birthDate: "2085-12-10" }, issues: [], src: "[DM74] century not encoded" },
  { code: "RSSMRA85T10A562S", person: { surname: "Russo" }, issues: [], src: "[DM74] Russo → RSS as Rossi" },
  { code: "RSSMRA85T10A562S", person: { surname: "Bianchi" }, issues: ["surname_mismatch"], src: "[DM74] BNC" },
  { code: "RSSMRA85T10A562S", person: { name: "Maria" }, issues: [], src: "[DM74] Maria → MRA too" },
  { code: "RSSMRA85T10A562S", person: { name: "Marco" }, issues: ["name_mismatch"], src: "[DM74] MRC" },
  { code: "RSSMRA85T10A562S", person: { birthDate: "1985-12-11" }, issues: ["birth_date_mismatch"], src: "[DM74]" },
  { code: "RSSMRA85T10A562S", person: { birthDate: "1985-13-10" }, issues: ["birth_date_invalid"], src: "bad date" },
  { code: "RSSMRA85T10A562S", person: { sex: "F" }, issues: ["sex_mismatch"], src: "[DM74] day<41" },
  { code: "CNTCHR83T41D969D", person: { sex: "F", birthDate: "1983-12-01" }, issues: [], src: "[STDNUM]" },
  { code: "RSSMRA85T10A562S", person: { placeCode: "H501" }, issues: ["place_mismatch"], src: "[DM74]" },
  { code: "RSSMRA85T10A562S", person: { ...MARIO, name: "Luigi", sex: "F" }, issues: ["name_mismatch", "sex_mismatch"], src: "[DM74]" },
  { code: "RSSMRA85T10A562T", person: MARIO, issues: ["checksum"], src: "[PASTORE] invalid code" },
];
for (const c of COHERENCE) {
  Deno.test(`CF coherence ${c.code} ${JSON.stringify(c.person)} → [${c.issues}] ${c.src}`, () => {
    const r = checkCodiceFiscaleCoherence(c.code, c.person);
    assert.deepEqual(r.ok ? [] : r.issues.map((i) => i.code), c.issues);
    const v = validateCodiceFiscale(c.code, { expected: c.person });
    assert.equal(v.ok ? undefined : v.code, c.issues[0]);
  });
}

// --- Generation ------------------------------------------------------------------------------------
// deno-fmt-ignore
const GENERATE: Array<{ person: PersonData; expect: string; src: string }> = [
  { person: MARIO, expect: "RSSMRA85T10A562S", src: "[PASTORE]" },
  { person: { surname: "Santi", name: "Roberto", birthDate: "1963-05-08", sex: "M", placeCode: "H501" }, expect: "SNTRRT63E08H501T", src: "[PASTORE] canonical of SNTRRT63E08H50ML" },
  { person: { surname: "Conti", name: "Chiara", birthDate: "1983-12-01", sex: "F", placeCode: "D969" }, expect: "CNTCHR83T41D969D", src: "[STDNUM] female" },
  { person: { surname: "Verdi", name: "Giuseppe", birthDate: "2020-03-15", sex: "M", placeCode: "h501" }, expect: "VRDGPP20C15H501Y", src: "[DM74]+[CALC]" },
  { person: { surname: "D'Amico", name: "Niccolò", birthDate: "2012-02-29", sex: "M", placeCode: "F205" }, expect: "DMCNCL12B29F205X", src: "[DM74]+[CALC] apostrophe, accent, 4 consonants" },
];
for (const c of GENERATE) {
  Deno.test(`CF generate ${c.person.surname} ${c.person.name} → ${c.expect} ${c.src}`, () => {
    const code = generateCodiceFiscale(c.person);
    assert.equal(code, c.expect);
    assert.deepEqual(checkCodiceFiscaleCoherence(code, c.person), { ok: true });
  });
}

// deno-fmt-ignore
const BAD_PEOPLE: Array<{ person: PersonData; why: string }> = [
  { person: { ...MARIO, surname: " ' " }, why: "surname without letters" },
  { person: { ...MARIO, name: "" }, why: "empty name" },
  { person: { ...MARIO, birthDate: "1985-02-30" }, why: "30 February" },
  { person: { ...MARIO, birthDate: "10/12/1985" }, why: "not ISO" },
  { person: { ...MARIO, sex: "X" as "M" }, why: "sex" },
  { person: { ...MARIO, placeCode: "N001" }, why: "place letter" },
  { person: { ...MARIO, placeCode: "A56" }, why: "place shape" },
];
for (const c of BAD_PEOPLE) {
  Deno.test(`CF generate rejects ${c.why}`, () => {
    assert.throws(() => generateCodiceFiscale(c.person), RangeError);
  });
}
Deno.test("CF generate rejects omocodia level 8", () => {
  assert.throws(() => generateCodiceFiscale(MARIO, { omocodiaLevel: 8 }), RangeError);
});

Deno.test("CF generate → validate round trip for every month and both sexes [DM74]", () => {
  for (let m = 1; m <= 12; m++) {
    for (const sex of ["M", "F"] as const) {
      const birthDate = `1999-${String(m).padStart(2, "0")}-28`;
      const code = generateCodiceFiscale({ ...MARIO, birthDate, sex });
      const i = info(code);
      assert.deepEqual([i.month, i.day, i.sex], [m, 28, sex]);
      assert.equal(resolveBirthDate(i, "2025-01-01"), birthDate);
    }
  }
});
