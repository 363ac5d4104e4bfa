import assert from "node:assert/strict";
import { answerValue, groupKey, parseDay, parseKind } from "./import_parse.ts";

Deno.test("parseDay: ISO and Italian dates, impossible days refused", () => {
  assert.equal(parseDay("2018-05-12"), "2018-05-12");
  assert.equal(parseDay("12/05/2018"), "2018-05-12");
  assert.equal(parseDay("1/2/2021"), "2021-02-01");
  assert.equal(parseDay("03.02.2021"), "2021-02-03");
  assert.equal(parseDay("29/02/2024"), "2024-02-29");
  for (const bad of ["29/02/2023", "31/04/2020", "2020-13-01", "12/05/18", "", undefined, "ieri"]) {
    assert.equal(parseDay(bad), null, String(bad));
  }
});

Deno.test("parseKind: Italian and English words", () => {
  for (const v of ["nuova", "Nuova iscrizione", "NUOVA", "new"]) assert.equal(parseKind(v), "new");
  for (const v of ["riconferma", "Rinnovo", "renewal"]) assert.equal(parseKind(v), "renewal");
  for (const v of ["", "forse", undefined]) assert.equal(parseKind(v), null);
});

Deno.test("answerValue: by the field's type", () => {
  assert.equal(answerValue("checkbox", "Sì"), true);
  assert.equal(answerValue("checkbox", "x"), true);
  assert.equal(answerValue("checkbox", "no"), false);
  assert.equal(answerValue("checkbox", "boh"), undefined);
  assert.equal(answerValue("number", "2"), 2);
  assert.equal(answerValue("number", "1,5"), 1.5);
  assert.equal(answerValue("number", "due"), "due");
  assert.equal(answerValue("date", "12/05/2018"), "2018-05-12");
  assert.equal(answerValue("text", " libero "), " libero ");
});

Deno.test("groupKey: same applicant, year and kind make one application", () => {
  const row = (cf: string, year: string, kind: string) => ({
    line: 2,
    values: { applicant_tax_code: cf, school_year: year, kind },
    answers: {},
  });
  assert.equal(
    groupKey(row("clmchr88m61d612j", "2026/27", "nuova")),
    groupKey(row("CLMCHR88M61D612J", "2026/27", "Nuova iscrizione")),
  );
  assert.notEqual(
    groupKey(row("CLMCHR88M61D612J", "2026/27", "nuova")),
    groupKey(row("CLMCHR88M61D612J", "2026/27", "riconferma")),
  );
  assert.notEqual(
    groupKey(row("CLMCHR88M61D612J", "2026/27", "nuova")),
    groupKey(row("CLMCHR88M61D612J", "2027/28", "nuova")),
  );
});
