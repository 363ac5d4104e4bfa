import assert from "node:assert/strict";
import {
  DATAMATRIX_LENGTH,
  dataMatrixMatrix,
  dataMatrixPayload,
  fixedField,
  parseDataMatrixPayload,
} from "./datamatrix.ts";

const VECTORS = JSON.parse(
  await Deno.readTextFile(
    new URL("testdata/specs/pagopa_test_vectors.json", import.meta.url),
  ),
) as {
  poste_datamatrix: {
    payload: string;
    decoded?: { nav: string; cc: string; amountCents: number; cfEnte: string };
  }[];
};

Deno.test("dataMatrixPayload reproduces the authored vector byte for byte", () => {
  const payload = dataMatrixPayload({
    nav: "302250900000000152",
    postalAccount: "123456",
    cents: 8550,
    enteTaxCode: "99999000013",
    debtorTaxCode: "RSSMRA80A01H501U",
    debtorName: "Mario Rossi",
    subject: "Mensa scolastica settembre 2025 - Scuola primaria",
  });
  assert.equal(payload.length, DATAMATRIX_LENGTH);
  assert.equal(payload, VECTORS.poste_datamatrix[0].payload);
});

Deno.test("parseDataMatrixPayload: official vectors", () => {
  for (const v of VECTORS.poste_datamatrix) {
    const p = parseDataMatrixPayload(v.payload);
    if (!v.decoded) {
      assert.equal(p.ok, false);
      continue;
    }
    assert.ok(p.ok);
    assert.equal(p.nav, v.decoded.nav);
    assert.equal(p.postalAccount, v.decoded.cc);
    assert.equal(p.cents, v.decoded.amountCents);
    assert.equal(p.enteTaxCode, v.decoded.cfEnte);
  }
  assert.equal(parseDataMatrixPayload("PAGOPA|002|x").ok, false);
});

Deno.test("fixed fields: accents folded, long text cut, short padded", () => {
  assert.equal(fixedField("Niccolò È", 12), "Niccolo E   ");
  assert.equal(fixedField("x".repeat(50), 40), "x".repeat(40));
  assert.equal(fixedField("日本", 3), "   ");
  const long = dataMatrixPayload({
    nav: "302250900000000152",
    postalAccount: "000000123456",
    cents: 1,
    enteTaxCode: "99999000013",
    debtorTaxCode: "rssmra80a01h501u",
    debtorName: "Maria Antonietta Giovanna Della Francesca Spinola",
    subject: "Retta asilo nido ".repeat(20),
  });
  assert.equal(long.length, 256);
  assert.ok(long.includes("RSSMRA80A01H501U"));
});

Deno.test("dataMatrixPayload refuses what cannot be printed", () => {
  const base = {
    nav: "302250900000000152",
    postalAccount: "123456",
    cents: 100,
    enteTaxCode: "99999000013",
    debtorTaxCode: "RSSMRA80A01H501U",
    debtorName: "Mario Rossi",
    subject: "Mensa",
  };
  assert.throws(() => dataMatrixPayload({ ...base, nav: "302250900000000153" }), /controllo/);
  assert.throws(() => dataMatrixPayload({ ...base, postalAccount: "1234567890123" }), /12 cifre/);
  assert.throws(() => dataMatrixPayload({ ...base, cents: 0 }), /Importo/);
  assert.throws(() => dataMatrixPayload({ ...base, enteTaxCode: "123" }), /11 cifre/);
});

Deno.test("dataMatrixMatrix: a square symbol large enough for 256 characters", () => {
  const m = dataMatrixMatrix(VECTORS.poste_datamatrix[0].payload);
  assert.equal(m.length, m[0].length);
  assert.ok(m.length >= 40, `size ${m.length}`);
  // The L-shaped finder: left column and bottom row all dark.
  assert.ok(m.every((r) => r[0]));
  assert.ok(m[m.length - 1].every(Boolean));
});
