import assert from "node:assert/strict";
import { csvQuantity, linesCsv } from "./lines_csv.ts";
import type { ExportedLine } from "./review.ts";

const line = (over: Partial<ExportedLine>): ExportedLine => ({
  id: crypto.randomUUID(),
  run_id: crypto.randomUUID(),
  enrollment_id: null,
  service_id: crypto.randomUUID(),
  service_title: "Refezione scolastica",
  payer_id: crypto.randomUUID(),
  payer_name: "Colombo Chiara",
  payer_tax_code: "CLMCHR88M61D612P",
  beneficiary_id: null,
  beneficiary_name: "Ricci Giulia",
  site_id: null,
  period_start: "2026-10-01",
  period_end: "2026-10-31",
  kind: "usage",
  source: "computed",
  quantity: 21,
  unit: "meal",
  unit_cents: 105,
  amount_cents: 2205,
  description: "Refezione scolastica - Ottobre 2026 - Giulia Ricci",
  reason: null,
  deleted_at: null,
  delete_reason: null,
  debt_position_id: null,
  created_at: "2026-11-02 10:00:00+00",
  updated_at: null,
  summary: "21 pasti × 1,05 € = 22,05 €",
  site_name: "Scuola primaria Giovanni Pascoli",
  iupd: null,
  deleted_on: null,
  ...over,
});

Deno.test("csvQuantity: up to three decimals with a comma", () => {
  assert.equal(csvQuantity(21), "21");
  assert.equal(csvQuantity(2.5), "2,5");
  assert.equal(csvQuantity(0.3333333), "0,333");
  assert.equal(csvQuantity(1), "1");
});

Deno.test("linesCsv: one row a line, Italian labels, amounts and dates as spreadsheets read them", () => {
  const csv = linesCsv([
    line({}),
    line({
      kind: "credit",
      source: "operator",
      quantity: 1,
      unit: null,
      unit_cents: null,
      amount_cents: -500,
      description: "=Rimborso gita",
      reason: "Gita annullata dalla scuola",
      summary: null,
      deleted_on: "2026-11-03",
      delete_reason: "Inserita due volte",
      iupd: "PZ-2026-000042",
    }),
  ]);
  assert.ok(csv.startsWith("\uFEFF"));
  const [head, usage, credit] = csv.slice(1).trim().split("\r\n").map((r) => r.split(";"));
  const at = (r: string[], name: string) => r[head.indexOf(name)];
  assert.equal(head.length, 19);
  assert.equal(at(usage, "Tipo"), "Consumo");
  assert.equal(at(usage, "Origine"), "Calcolata");
  assert.equal(at(usage, "Quantità"), "21");
  assert.equal(at(usage, "Unità"), "pasti");
  assert.equal(at(usage, "Prezzo unitario"), "1,05");
  assert.equal(at(usage, "Importo"), "22,05");
  assert.equal(at(usage, "Periodo al"), "31/10/2026");
  assert.equal(at(usage, "Plesso"), "Scuola primaria Giovanni Pascoli");
  assert.equal(at(usage, "Come è calcolato"), "21 pasti × 1,05 € = 22,05 €");
  assert.equal(at(credit, "Tipo"), "Accredito");
  assert.equal(at(credit, "Origine"), "Inserita dall'ufficio");
  assert.equal(at(credit, "Importo"), "-5,00");
  assert.equal(at(credit, "Prezzo unitario"), "");
  // Text a spreadsheet would run as a formula is defused.
  assert.equal(at(credit, "Descrizione"), `"'=Rimborso gita"`);
  assert.equal(at(credit, "Eliminata il"), "03/11/2026");
  assert.equal(at(credit, "Posizione (IUPD)"), "PZ-2026-000042");
});
