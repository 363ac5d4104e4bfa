import assert from "node:assert/strict";
import { csvCell, csvEuro, csvText } from "./write.ts";

Deno.test("csvCell quotes separators, quotes and line breaks, and defuses formulas", () => {
  assert.equal(csvCell("Rossi Mario"), "Rossi Mario");
  assert.equal(csvCell("a;b"), '"a;b"');
  assert.equal(csvCell('detto "Gino"'), '"detto ""Gino"""');
  assert.equal(csvCell("riga\nnuova"), '"riga\nnuova"');
  assert.equal(csvCell("=SOMMA(A1:A9)"), `"'=SOMMA(A1:A9)"`);
  assert.equal(csvCell("-3,20"), "-3,20", "a negative amount stays a number");
  assert.equal(csvCell("-2+3"), `"'-2+3"`, "other text starting with - is defused");
  assert.equal(csvCell(-320), "-320", "a number is not text");
  assert.equal(csvCell(null), "");
  assert.equal(csvCell(undefined), "");
});

Deno.test("csvEuro writes cents with the Italian decimal comma", () => {
  assert.equal(csvEuro(12550), "125,50");
  assert.equal(csvEuro(-320), "-3,20");
  assert.equal(csvEuro(5), "0,05");
  assert.equal(csvEuro(0), "0,00");
  assert.equal(csvEuro(null), "");
});

Deno.test("csvText: header and rows with CRLF, BOM on request", () => {
  assert.equal(csvText(["a", "b"], [[1, "x;y"]]), 'a;b\r\n1;"x;y"\r\n');
  assert.equal(csvText(["a"], [], { bom: true }), "\uFEFFa\r\n");
});
