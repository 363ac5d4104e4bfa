import assert from "node:assert/strict";
import { generateCodiceFiscale } from "../codes/mod.ts";
import { parseAttendanceCsv, parseDay } from "./csv.ts";

const CF = generateCodiceFiscale({
  surname: "Ricci",
  name: "Sofia",
  sex: "F",
  birthDate: "2018-05-12",
  placeCode: "H501",
});
const ID = "0e9d8c7b-6a59-4483-b2a1-f0e1d2c3b4a5";

Deno.test("csv: Italian and ISO dates", () => {
  assert.equal(parseDay("12/03/2027"), "2027-03-12");
  assert.equal(parseDay("1/3/2027"), "2027-03-01");
  assert.equal(parseDay("01.03.2027"), "2027-03-01");
  assert.equal(parseDay("01-03-2027"), "2027-03-01");
  assert.equal(parseDay("2027-03-01"), "2027-03-01");
  assert.equal(parseDay("31/02/2027"), null);
  assert.equal(parseDay("03/31/2027"), null, "American order is not a date");
  assert.equal(parseDay("2027/03/01"), null);
  assert.equal(parseDay(""), null);
});

Deno.test("csv: semicolons, BOM, CRLF, any column order and header case", () => {
  const text = "\uFEFFStato;Data;Codice Fiscale;SERVIZIO;Pasto\r\n" +
    `P;12/11/2026;${CF.toLowerCase()};mensa-pri;B\r\n` +
    `A;13/11/2026;${CF};MENSA-PRI;\r\n` +
    `D;2026-11-14;${CF};MENSA-PRI;\r\n`;
  const r = parseAttendanceCsv(text);
  assert.ok(r.ok);
  assert.equal(r.delimiter, ";");
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.rows, [
    {
      line: 2,
      tax_code: CF,
      enrollment_id: null,
      service_code: "MENSA-PRI",
      day: "2026-11-12",
      status: "present",
      meal: "white",
    },
    {
      line: 3,
      tax_code: CF,
      enrollment_id: null,
      service_code: "MENSA-PRI",
      day: "2026-11-13",
      status: "absent",
      meal: null,
    },
    {
      line: 4,
      tax_code: CF,
      enrollment_id: null,
      service_code: "MENSA-PRI",
      day: "2026-11-14",
      status: "cancelled",
      meal: null,
    },
  ]);
});

Deno.test("csv: commas with quoted fields, enrollment id without service", () => {
  const text = `iscrizione,data,stato,note\n"${ID}","12/11/2026","presente","arrivato, tardi"\n`;
  const r = parseAttendanceCsv(text);
  assert.ok(r.ok);
  assert.equal(r.delimiter, ",");
  assert.equal(r.rows.length, 1);
  assert.equal(r.rows[0].enrollment_id, ID);
  assert.equal(r.rows[0].service_code, null);
  assert.equal(r.rows[0].meal, null);
});

Deno.test("csv: every bad row is reported with its line and all its problems", () => {
  const text = [
    "codice_fiscale;servizio;data;stato;pasto",
    `${CF};MENSA;12/11/2026;P;`,
    "RSSMRA80A01H501X;MENSA;12/11/2026;P;",
    `${CF};MENSA;31/11/2026;X;`,
    ";MENSA;12/11/2026;P;",
    `${CF};;12/11/2026;A;B`,
    "",
    `${CF};MENSA;;P;Z`,
  ].join("\n");
  const r = parseAttendanceCsv(text);
  assert.ok(r.ok);
  assert.deepEqual(r.rows.map((x) => x.line), [2]);
  assert.deepEqual(r.errors.map((e) => e.line), [3, 4, 5, 6, 8]);
  assert.match(r.errors[0].reason.it, /^Codice fiscale «RSSMRA80A01H501X»: .*controllo/);
  assert.match(r.errors[1].reason.it, /^Data «31\/11\/2026» non valida.*stato «X» non valido/);
  assert.match(r.errors[2].reason.it, /^Manca il codice fiscale/);
  assert.match(r.errors[3].reason.it, /^Manca il codice del servizio; il pasto in bianco/);
  assert.match(r.errors[4].reason.it, /^Manca la data.*pasto «Z»/);
  assert.match(r.errors[4].reason.en, /^The date is missing/);
});

Deno.test("csv: a header without the needed columns refuses the whole file", () => {
  const noWho = parseAttendanceCsv("nome;data;stato\nSofia;12/11/2026;P\n");
  assert.equal(noWho.ok, false);
  assert.match(!noWho.ok ? noWho.error.it : "", /codice_fiscale/);
  const noService = parseAttendanceCsv(`codice fiscale;data\n${CF};12/11/2026\n`);
  assert.equal(noService.ok, false);
  assert.match(!noService.ok ? noService.error.it : "", /«stato», «servizio»/);
  const empty = parseAttendanceCsv("");
  assert.equal(empty.ok, false);
});

Deno.test("csv: unbalanced quotes are a readable error, not a crash", () => {
  const r = parseAttendanceCsv(`codice fiscale;servizio;data;stato\n"${CF};MENSA;12/11/2026;P\n`);
  assert.equal(r.ok, false);
  assert.match(!r.ok ? r.error.it : "", /non è un CSV leggibile/);
});
