import assert from "node:assert/strict";
import { parseAmount, parseTreasuryCsv } from "./treasury_csv.ts";

Deno.test("treasury csv: amounts in Italian and plain notation, signed", () => {
  const cases: [string, number | null][] = [
    ["1.234,56", 123456],
    ["-85,50", -8550],
    ["+40", 4000],
    ["85.50", 8550],
    ["85.5", 8550],
    ["1.234", 123400],
    ["(12,00)", -1200],
    ["125,50 €", 12550],
    ["1234,5", 123450],
    ["12,345", null],
    ["1,234.56", null],
    ["abc", null],
    ["", null],
    ["-", null],
  ];
  for (const [text, cents] of cases) assert.equal(parseAmount(text), cents, text);
});

Deno.test("treasury csv: good rows kept, each bad row reported with line and reason", () => {
  const csv = "\uFEFFData contabile;Data valuta;Importo;Causale;Riferimento\n" +
    "16/10/2025;16/10/2025;125,50;/PUR/LGPE-RIVERSAMENTO/URI/2025-10-1688888888888-0000000001;TRN1\n" +
    "31/02/2025;;10,00;qualcosa;\n" +
    "17/10/2025;;dieci;BONIFICO;\n" +
    "\n" +
    "17/10/2025;;-3,20;COMMISSIONI;\n" +
    "18/10/2025;;0;;\n";
  const r = parseTreasuryCsv(csv);
  assert.ok(r.ok);
  assert.deepEqual(r.rows.map((x) => [x.line, x.booked_on, x.amount_cents, x.reference]), [
    [2, "2025-10-16", 12550, "TRN1"],
    [6, "2025-10-17", -320, null],
  ]);
  assert.deepEqual(r.errors.map((e) => e.line), [3, 4, 7]);
  assert.match(r.errors[0].reason.it, /^Data «31\/02\/2025» non valida/);
  assert.match(r.errors[1].reason.it, /^Importo «dieci» non valido/);
  assert.match(r.errors[2].reason.it, /L'importo è zero; manca la causale\./);
});

Deno.test("treasury csv: credit and debit columns, comma separator, ISO dates", () => {
  const r = parseTreasuryCsv(
    "date,credit,debit,description\n2025-10-16,125.50,,/RFB/02250900000000152\n2025-10-17,,3.20,FEES\n2025-10-18,1,2,BOTH\n",
  );
  assert.ok(r.ok);
  assert.deepEqual(r.rows.map((x) => x.amount_cents), [12550, -320]);
  assert.deepEqual(r.errors.map((e) => e.line), [4]);
});

Deno.test("treasury csv: a header without the needed columns is refused whole", () => {
  const r = parseTreasuryCsv("giorno;soldi\n16/10/2025;1,00\n");
  assert.equal(r.ok, false);
  if (!r.ok) assert.match(r.error.it, /«data», «importo», «causale»/);
});
