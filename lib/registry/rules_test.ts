import assert from "node:assert/strict";
import { generateCodiceFiscale, omocodiaVariant, validateCodiceFiscale } from "../codes/mod.ts";
import { DEMO_USERS } from "../seed/demo.ts";
import { DEMO_HOUSEHOLDS, DEMO_ORGANIZATIONS, DEMO_TEACHERS, demoTaxCode } from "./demo.ts";
import { importDate, titleCase } from "./import_rows.ts";
import { checkOrganization } from "./organization_rules.ts";
import { ageOn, checkPerson, fieldMessages } from "./rules.ts";
import { decodeCursor, encodeCursor, fold, taxCodePrefix } from "./search.ts";

const TODAY = "2026-11-28";
const ELENA = {
  surname: "Marchi",
  name: "Elena",
  birthDate: "2019-06-15",
  sex: "F" as const,
  placeCode: "D612",
};
const CF = generateCodiceFiscale(ELENA);

const codes = (r: ReturnType<typeof checkPerson>) => r.ok ? [] : r.problems.map((p) => p.code);

Deno.test("checkPerson: data missing from the form is read from the codice fiscale", () => {
  const r = checkPerson({ tax_code: ` ${CF.toLowerCase()} `, surname: " Marchi ", name: "Elena" }, {
    today: TODAY,
  });
  assert.ok(r.ok);
  assert.equal(r.value.tax_code, CF);
  assert.equal(r.value.sex, "F");
  assert.equal(r.value.birth_date, "2019-06-15");
  assert.equal(r.value.birth_place_code, "D612");
  assert.equal(r.value.surname, "Marchi");
  assert.equal(r.value.resident, false);
});

Deno.test("checkPerson: omocodic codes are valid, and coherent through their canonical form", () => {
  for (let level = 1; level <= 7; level++) {
    const variant = omocodiaVariant(CF, level)!;
    const r = checkPerson({
      tax_code: variant,
      surname: "Marchi",
      name: "Elena",
      sex: "F",
      birth_date: "2019-06-15",
    }, { today: TODAY });
    assert.ok(r.ok, `level ${level}: ${JSON.stringify(r)}`);
    assert.equal(r.value.tax_code, variant, "the code is kept as issued");
  }
});

Deno.test("checkPerson: each rule has its own code and message, all reported at once", () => {
  const table: [Record<string, string>, string[]][] = [
    [{ tax_code: CF.slice(0, 15) + "Z" }, ["tax_code.checksum"]],
    [{ tax_code: "MRCLNE" }, ["tax_code.length"]],
    [{ tax_code: "12345678901" }, ["tax_code.numeric_not_allowed"]],
    [{ tax_code: "MRCLNE19H55D612!" }, ["tax_code.characters"]],
    [{ tax_code: "MRCLNE19H75D612X" }, ["tax_code.day"]],
    [{ tax_code: CF, birth_date: "2019-06-16" }, ["tax_code.birth_date_mismatch"]],
    [{ tax_code: CF, sex: "M" }, ["tax_code.sex_mismatch"]],
    [{ tax_code: CF, birth_place_code: "h501" }, ["tax_code.place_mismatch"]],
    [
      { tax_code: CF, sex: "M", birth_date: "2020-06-15", birth_place_code: "F205" },
      ["tax_code.birth_date_mismatch", "tax_code.sex_mismatch", "tax_code.place_mismatch"],
    ],
    [{ birth_date: "2019-02-30" }, ["birth_date.invalid"]],
    [{ birth_date: "2030-01-01" }, ["birth_date.range"]],
    [{ birth_place_code: "N123" }, ["birth_place_code.letter"]],
    [{ sex: "X" }, ["sex"]],
    [{ citizenship: "ITA" }, ["citizenship"]],
    [{ email: "a@b" }, ["email"]],
    [{ pec: "pec" }, ["pec"]],
    [{ mobile: "abc" }, ["phone"]],
    [{ surname: "  " }, ["surname"]],
    [{ name: "123" }, ["name"]],
  ];
  for (const [fields, expected] of table) {
    const r = checkPerson({ surname: "Marchi", name: "Elena", ...fields }, { today: TODAY });
    assert.deepEqual(codes(r), expected, JSON.stringify(fields));
  }
  const r = checkPerson({ surname: "", name: "", tax_code: "X" }, { today: TODAY });
  assert.ok(!r.ok);
  const it = fieldMessages(r.problems, "it");
  assert.deepEqual(Object.keys(it).sort(), ["name", "surname", "tax_code"]);
  assert.match(it.tax_code, /16 caratteri/);
  assert.match(fieldMessages(r.problems, "en").surname, /Enter the surname/);
});

Deno.test("checkPerson: kinds are a set in a fixed order; unknown kinds refused", () => {
  const r = checkPerson({ surname: "A", name: "B", kinds: ["teacher", "applicant", "teacher"] });
  assert.ok(r.ok);
  assert.deepEqual(r.value.kinds, ["applicant", "teacher"]);
  assert.deepEqual(codes(checkPerson({ surname: "A", name: "B", kinds: ["provider"] })), ["kinds"]);
});

Deno.test("ageOn counts whole years", () => {
  assert.equal(ageOn("2008-11-28", "2026-11-28"), 18);
  assert.equal(ageOn("2008-11-29", "2026-11-28"), 17);
  assert.equal(ageOn("2016-02-29", "2026-02-28"), 9);
});

Deno.test("checkOrganization: P.IVA, numeric CF, sole trader's CF, IBAN, provider kind", () => {
  const ok = checkOrganization({
    name: "Autolinee Valdarno S.p.A.",
    kind: "provider",
    provider_kind: "bus_company",
    vat_number: "IT05876540484",
    iban: "it60 x054 2811 1010 0000 0123 456",
  });
  assert.ok(ok.ok);
  assert.equal(ok.value.vat_number, "05876540484");
  assert.equal(ok.value.iban, "IT60X0542811101000000123456");
  const school = checkOrganization({
    name: "I",
    kind: "school",
    tax_code: "94012340488",
    provider_kind: "caterer",
  });
  assert.ok(!school.ok, "a one-letter name is too short");
  const school2 = checkOrganization({
    name: "IC Valdiponte",
    kind: "school",
    tax_code: "94012340488",
    provider_kind: "caterer",
  });
  assert.ok(school2.ok);
  assert.equal(school2.value.provider_kind, null, "only providers have a provider kind");
  const soleTrader = checkOrganization({
    name: "Taxi Rossi",
    kind: "provider",
    provider_kind: "bus_company",
    tax_code: "RSSMRA85T10A562S",
  });
  assert.ok(soleTrader.ok);
  const bad = checkOrganization({
    name: "X srl",
    kind: "other",
    vat_number: "94012340488",
    iban: "IT00",
  });
  assert.ok(!bad.ok);
  assert.deepEqual(bad.problems.map((p) => p.code), ["vat_number.not_vat_number", "iban.length"]);
  const none = checkOrganization({ name: "Senza codici", kind: "other" });
  assert.ok(!none.ok);
  assert.deepEqual(none.problems.map((p) => p.code), ["vat_number.required"]);
});

Deno.test("search helpers: folding like SQL, CF prefixes in canonical form, cursors", () => {
  assert.equal(fold("  D'Angelo  Nicolò-Àlba "), "dangelo nicolo alba");
  assert.equal(taxCodePrefix("rssmra8r"), "RSSMRA85");
  assert.equal(taxCodePrefix(omocodiaVariant(CF, 3)!), CF);
  assert.equal(taxCodePrefix("rossi mario"), null);
  assert.equal(taxCodePrefix("rssmra"), null, "six letters alone are a name");
  assert.equal(taxCodePrefix("Marchetti"), null, "so are names shaped like a code's start");
  assert.equal(taxCodePrefix(omocodiaVariant(CF, 7)!), CF, "a whole code needs no digit");
  const c = encodeCursor(["d angelo nicolò", "0b1c9a8e-3c1d-4f7e-9a2b-1234567890ab"]);
  assert.match(c, /^[A-Za-z0-9_-]+$/);
  assert.deepEqual(decodeCursor(c), ["d angelo nicolò", "0b1c9a8e-3c1d-4f7e-9a2b-1234567890ab"]);
  assert.equal(decodeCursor("not-a-cursor"), null);
  assert.equal(decodeCursor(btoa(JSON.stringify(["x", "'; drop table people"]))), null);
});

Deno.test("import helpers: upper-case names and Italian dates", () => {
  assert.equal(titleCase("D'ANGELO"), "D'Angelo");
  assert.equal(titleCase("DE LUCA-ROSSI"), "De Luca-Rossi");
  assert.equal(titleCase("McDonald"), "McDonald");
  assert.equal(importDate("4/3/2015"), "2015-03-04");
  assert.equal(importDate("04.03.2015"), "2015-03-04");
  assert.equal(importDate("2015-03-04T00:00:00.000Z"), "2015-03-04");
  assert.equal(importDate("ieri"), "ieri");
});

Deno.test("demo registry: valid, coherent codes; the family and teacher accounts have a record", () => {
  const people = [...DEMO_HOUSEHOLDS.flatMap((h) => h.members), ...DEMO_TEACHERS];
  assert.ok(people.length >= 30 && people.length <= 60, `${people.length} people`);
  const seen = new Set<string>();
  for (const p of people) {
    const cf = demoTaxCode(p);
    const r = validateCodiceFiscale(cf, {
      expected: {
        surname: p.surname,
        name: p.name,
        birthDate: p.birthDate,
        sex: p.sex,
        placeCode: p.placeCode,
      },
    });
    assert.ok(r.ok && r.kind === "persona_fisica", `${p.surname} ${p.name}: ${JSON.stringify(r)}`);
    assert.ok(!seen.has(r.info.canonical), `${cf} twice`);
    seen.add(r.info.canonical);
  }
  for (const u of DEMO_USERS.filter((u) => u.role === "family" || u.role === "teacher")) {
    assert.ok(people.some((p) => demoTaxCode(p) === u.taxCode), `${u.fullName} has a record`);
  }
  for (const h of DEMO_HOUSEHOLDS) {
    assert.ok(h.members.filter((m) => m.role === "parent").length <= 2, h.name);
  }
  for (const o of DEMO_ORGANIZATIONS) assert.ok(checkOrganization(o).ok, o.name);
});
