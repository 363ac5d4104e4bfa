import assert from "node:assert/strict";
import {
  coherenceErrors,
  type DecodedPersonParts,
  foldLetters,
  nameCode,
  parseIsoDate,
  surnameCode,
} from "./codice_fiscale_person.ts";

// Sources:
// [DM74] DM Finanze 12/03/1974 as described by the Agenzia delle Entrate: surname = consonants,
//        vowels, X; name = 1st, 3rd, 4th consonant when there are 4+, otherwise as the surname;
//        only A–Z letters (accents dropped, apostrophes/spaces ignored); vowels are A E I O U.
//        "Gianfranco" → GFR is the Agenzia's own example of the 4-consonant rule.
// [PASTORE] DavidePastore/codice-fiscale README (Rossi Mario → RSSMRA, Santi Roberto → SNTRRT).
// [STDNUM] python-stdnum doctest CNTCHR83T41D969D (CNT… CHR…).

// deno-fmt-ignore
const SURNAMES: Array<[string, string, string]> = [
  ["Rossi", "RSS", "[PASTORE]"],
  ["Santi", "SNT", "[PASTORE]"],
  ["Conti", "CNT", "[STDNUM]"],
  ["Bianchi", "BNC", "[DM74] first three consonants"],
  ["Fo", "FOX", "[DM74] short surname padded with X"],
  ["Re", "REX", "[DM74] consonant, vowel, X"],
  ["O", "OXX", "[DM74] single vowel"],
  ["Ai", "AIX", "[DM74] vowels only"],
  ["Yu", "YUX", "[DM74] Y counts as consonant"],
  ["De Luca", "DLC", "[DM74] spaces ignored"],
  ["D'Angelo", "DNG", "[DM74] apostrophe ignored"],
  ["Dell'Acqua", "DLL", "[DM74] apostrophe ignored"],
  ["La Rosa", "LRS", "[DM74] particle joined"],
  ["Müller", "MLL", "[DM74] umlaut folded"],
  ["Nuñez", "NNZ", "[DM74] ñ folded to N: N,N,Z"],
  ["Çelik", "CLK", "[DM74] cedilla folded"],
  ["García Márquez", "GRC", "[DM74] double surname, accents"],
  ["  rossi  ", "RSS", "[DM74] lowercase and padding"],
];
for (const [input, expected, src] of SURNAMES) {
  Deno.test(`surnameCode(${JSON.stringify(input)}) = ${expected} ${src}`, () => {
    assert.equal(surnameCode(input), expected);
  });
}

// deno-fmt-ignore
const NAMES: Array<[string, string, string]> = [
  ["Gianfranco", "GFR", "[DM74] 4+ consonants: 1st, 3rd, 4th"],
  ["Mario", "MRA", "[PASTORE]"],
  ["Roberto", "RRT", "[PASTORE] R,B,R,T → 1st, 3rd, 4th"],
  ["Chiara", "CHR", "[STDNUM] exactly 3 consonants"],
  ["Maria", "MRA", "[DM74] same code as Mario"],
  ["Luca", "LCU", "[DM74] 2 consonants + vowel"],
  ["Paolo", "PLA", "[DM74]"],
  ["Ada", "DAA", "[DM74] 1 consonant + vowels"],
  ["Al", "LAX", "[DM74] padded with X"],
  ["Alessandro", "LSN", "[DM74] L,S,S,N,D,R → L,S,N"],
  ["Giuseppe", "GPP", "[DM74] G,S,P,P → G,P,P"],
  ["Maria Grazia", "MGR", "[DM74] multiple names joined"],
  ["Niccolò", "NCL", "[DM74] accent folded, N,C,C,L → N,C,L"],
  ["Jean-Luc", "JLC", "[DM74] hyphen ignored, J,N,L,C → J,L,C"],
  ["Anna", "NNA", "[DM74]"],
  ["Zoë", "ZOE", "[DM74] diaeresis folded"],
  ["Ugo", "GUO", "[DM74] consonant first"],
];
for (const [input, expected, src] of NAMES) {
  Deno.test(`nameCode(${JSON.stringify(input)}) = ${expected} ${src}`, () => {
    assert.equal(nameCode(input), expected);
  });
}

// deno-fmt-ignore
const FOLDS: Array<[string, string]> = [
  ["Niccolò", "NICCOLO"],
  ["D'Angelo", "DANGELO"],
  [" de  la  Cruz-Pérez ", "DELACRUZPEREZ"],
  ["Æsa", "AESA"],
  ["Łukasz", "LUKASZ"],
  ["Strauß", "STRAUSS"],
  ["Øster", "OSTER"],
  ["123 !?", ""],
];
for (const [input, expected] of FOLDS) {
  Deno.test(`foldLetters(${JSON.stringify(input)}) = ${JSON.stringify(expected)} [DM74]`, () => {
    assert.equal(foldLetters(input), expected);
  });
}

// deno-fmt-ignore
const DATES: Array<[string, boolean, string]> = [
  ["2024-02-29", true, "Gregorian leap year"],
  ["2000-02-29", true, "divisible by 400"],
  ["1900-02-29", false, "century not divisible by 400"],
  ["2023-02-29", false, "not a leap year"],
  ["2024-04-31", false, "April has 30 days"],
  ["2024-13-01", false, "month 13"],
  ["2024-00-10", false, "month 0"],
  ["2024-1-01", false, "not zero-padded"],
  [" 2024-01-01 ", true, "surrounding spaces"],
];
for (const [input, valid, why] of DATES) {
  Deno.test(`parseIsoDate(${JSON.stringify(input)}) ${valid ? "ok" : "null"} (${why})`, () => {
    assert.equal(parseIsoDate(input) !== null, valid);
  });
}

const ROSSI: DecodedPersonParts = {
  surnameCode: "RSS",
  nameCode: "MRA",
  yearOfCentury: 85,
  month: 12,
  day: 10,
  sex: "M",
  placeCode: "A562",
};

Deno.test("coherenceErrors: empty data is always coherent [PASTORE]", () => {
  assert.deepEqual(coherenceErrors(ROSSI, {}), []);
});

Deno.test("coherenceErrors: every field wrong, reported in field order [PASTORE]", () => {
  assert.deepEqual(
    coherenceErrors(ROSSI, {
      surname: "Verdi",
      name: "Luigi",
      birthDate: "1986-12-10",
      sex: "F",
      placeCode: "H501",
    }),
    ["surname_mismatch", "name_mismatch", "birth_date_mismatch", "sex_mismatch", "place_mismatch"],
  );
});

Deno.test("coherenceErrors: place code compared case- and space-insensitively [DM74]", () => {
  assert.deepEqual(coherenceErrors(ROSSI, { placeCode: " a 562 " }), []);
});
