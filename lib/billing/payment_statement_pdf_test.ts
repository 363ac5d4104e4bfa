import assert from "node:assert/strict";
import { PDFDocument } from "pdf-lib";
import { noticePdfText } from "../pagopa/notice_pdf_text.ts";
import { buildStatement, type StatementLine, type StatementReceipt } from "./payment_statement.ts";
import { CLOSING, issuePlace, statementPdf } from "./payment_statement_pdf.ts";
import type { StatementData } from "./payment_statement_read.ts";

const ENTE = {
  name: "Comune di Valdiponte",
  tax_code: "80012345678",
  address: "Piazza del Municipio 1, 50099 Valdiponte (FI)",
};

function receipts(count: number): StatementReceipt[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `r${i}`,
    debt_position_id: `p${i % 3}`,
    purpose: "charges" as const,
    amount_cents: 3000 + i,
    paid_at: `2026-${String(1 + (i % 12)).padStart(2, "0")}-10T09:00:00Z`,
    notice_number: `3020000000000${String(10000 + i)}`,
    iuv: `020000000000${String(10000 + i)}`,
    instalment: i % 3 === 2 ? 1 : 0,
    source: "gpd",
    payment_method: "CP",
    service_title: null,
    period_start: "2026-01-01",
    period_end: "2026-01-31",
  }));
}

const LINES: StatementLine[] = ["p0", "p1", "p2"].flatMap((p) => [
  {
    debt_position_id: p,
    beneficiary_id: "b1",
    beneficiary_name: "Sofia Ricci",
    beneficiary_tax_code: "RCCSFO18A41D612X",
    service_id: "s1",
    service_title: "Asilo nido comunale «Il Girotondo»",
    period_start: "2026-01-01",
    period_end: "2026-01-31",
    amount_cents: 30000,
  },
  {
    debt_position_id: p,
    beneficiary_id: "b2",
    beneficiary_name: "Tommaso Ricci",
    beneficiary_tax_code: null,
    service_id: "s2",
    service_title: "Refezione scolastica",
    period_start: "2026-01-01",
    period_end: "2026-01-15",
    amount_cents: 4500,
  },
]);

const data = (n: number): StatementData => ({
  ente: ENTE,
  payers: [{ id: "x", name: "Chiara Colombo", tax_code: "CLMCHR88M61D612P" }],
  statement: buildStatement(2026, receipts(n), LINES),
});

Deno.test("statement PDF: title, Ente, payer, children, totals, place and closing", async () => {
  const bytes = await statementPdf(data(2), "2026-11-29");
  const doc = await PDFDocument.load(bytes);
  assert.equal(doc.getTitle(), "Attestazione dei pagamenti – anno 2026");
  assert.equal(doc.getAuthor(), "Comune di Valdiponte");
  assert.equal(doc.getPageCount(), 1);
  const text = (await noticePdfText(bytes)).flat().join("\n");
  for (
    const s of [
      "Comune di Valdiponte",
      "Codice fiscale 80012345678",
      "Attestazione dei pagamenti – anno 2026",
      "Chiara Colombo – codice fiscale CLMCHR88M61D612P",
      "Sofia Ricci – codice fiscale RCCSFO18A41D612X",
      "Tommaso Ricci",
      "Asilo nido comunale «Il Girotondo» ·",
      "Carta di pagamento",
      "Totale Sofia Ricci",
      "52,19 €",
      "gennaio 2026",
      "dal 01/01/2026 al 15/01/2026",
      "10/01/2026",
      "3020 0000 0000 0100 00",
      "Totale pagato nell'anno 2026",
      "60,01 €",
      "Valdiponte, 29/11/2026",
      CLOSING,
      "Pagina 1 di 1",
    ]
  ) assert.ok(text.includes(s), `${s} in:\n${text}`);
});

Deno.test("statement PDF: a long year goes on several pages, each numbered", async () => {
  const bytes = await statementPdf(data(150), "2026-11-29");
  const doc = await PDFDocument.load(bytes);
  const pages = doc.getPageCount();
  assert.ok(pages >= 3, `${pages} pages`);
  const text = await noticePdfText(bytes);
  assert.equal(text.length, pages);
  text.forEach((lines, i) => assert.ok(lines.includes(`Pagina ${i + 1} di ${pages}`)));
  assert.ok(text.at(-1)!.includes(CLOSING));
  assert.ok(text[1].some((l) => l.startsWith("Attestazione dei pagamenti – anno 2026 · ")));
  // A table that goes on to the next page repeats its column headings there.
  for (const lines of text.slice(1, -1)) {
    assert.ok(lines.includes("Codice avviso"), `headings on every page:\n${lines.join("\n")}`);
  }
});

Deno.test("statement PDF: the place of issue is the Ente's town", () => {
  assert.equal(issuePlace(ENTE), "Valdiponte");
  assert.equal(issuePlace({ ...ENTE, address: null }), "Valdiponte");
  assert.equal(
    issuePlace({ name: "Unione dei Comuni della Valle", tax_code: "1", address: "ignota" }),
    "Unione dei Comuni della Valle",
  );
});
