import assert from "node:assert/strict";
import { PDFDocument } from "pdf-lib";
import { COURTESY_NOTICE, type InvoiceForPdf, invoicePdf } from "./pdf.ts";

const SUPPLIER = {
  name: "Comune di Valdiponte",
  vat_number: "01234560488",
  tax_code: "80001250481",
  address: "Piazza del Municipio",
  street_number: "1",
  postal_code: "50099",
  municipality: "Valdiponte",
  province: "FI",
};

function invoice(lines = 2): InvoiceForPdf {
  return {
    numero: "FE-1/2026",
    issued_on: "2026-11-28",
    file_name: "IT01234560488_00001.xml",
    description: "Refezione scolastica - Ottobre 2026 - Sofia Ricci",
    notice_number: "302000000000900101",
    due_on: "2026-12-28",
    taxable_cents: 4250,
    vat_cents: 170,
    total_cents: 4420,
    stamp_duty_cents: 0,
    customer: {
      fiscal_code: "CLMCHR85M41D612X",
      name: "Chiara",
      surname: "Colombo",
      address: {
        street: "Via Roma",
        number: "12",
        postalCode: "50099",
        municipality: "Valdiponte",
        province: "FI",
      },
    },
    lines: Array.from({ length: lines }, (_, i) => ({
      description: i % 2
        ? "Storno pasto non consumato − “uscita” 中"
        : "Refezione scolastica - Sofia Ricci - ottobre 2026: 18 pasti a 2,60 €",
      amountCents: i % 2 ? -260 : 4680,
      netCents: i % 2 ? -250 : 4500,
      quantity: i % 2 ? null : 18,
      vatRateBp: 400,
      nature: null,
    })),
    summary: [{ vatRateBp: 400, nature: null, taxableCents: 4250, vatCents: 170 }],
  };
}

Deno.test("the courtesy copy is a PDF that says it has no fiscal value", async () => {
  const bytes = await invoicePdf(invoice(), SUPPLIER);
  assert.equal(new TextDecoder().decode(bytes.slice(0, 5)), "%PDF-");
  const doc = await PDFDocument.load(bytes);
  assert.equal(doc.getPageCount(), 1);
  assert.equal(doc.getTitle(), "Fattura FE-1/2026 - copia di cortesia");
  assert.equal(doc.getSubject(), COURTESY_NOTICE);
});

Deno.test("many lines flow onto more pages", async () => {
  const doc = await PDFDocument.load(await invoicePdf(invoice(120), SUPPLIER));
  assert.ok(doc.getPageCount() >= 3, `pages: ${doc.getPageCount()}`);
});

Deno.test("a credit note giving back a carried credit names it and its invoices", async () => {
  const note: InvoiceForPdf = {
    ...invoice(),
    document_type: "TD04",
    numero: "FE-9/2026",
    notice_number: null,
    due_on: null,
    carried_settlement_id: crypto.randomUUID(),
    related_invoices: [{ numero: "FE-1/2026", issued_on: "2026-10-05" }],
  };
  const doc = await PDFDocument.load(await invoicePdf(note, SUPPLIER), { updateMetadata: false });
  assert.equal(doc.getTitle(), "Nota di credito FE-9/2026 - copia di cortesia");
  assert.equal(doc.getPageCount(), 1);
});
