import assert from "node:assert/strict";
import { PDFDocument } from "pdf-lib";
import { receiptMail } from "./portal_submit.ts";
import { receiptPdf } from "./receipt_pdf.ts";
import type { ApplicationRow } from "./schemas.ts";

const items = [
  { child: { name: "Sofia", surname: "Ricci" }, service_title: "Centro estivo" },
  { child: { name: "Tommaso", surname: "Ricci" }, service_title: "Centro estivo" },
] as unknown as ApplicationRow["items"];
const submitted = { protocol_number: "2026/000042", submitted_at: "2026-11-28T08:30:05.000Z" };
const ctx = { tenantName: "Comune di Val di Ponte", url: "https://example.it/famiglie/domande/x" };

Deno.test("receipt e-mail in Italian: protocol in the subject, Rome time, every child", () => {
  const m = receiptMail({ school_year_label: "2026/27", items }, submitted, { ...ctx, lang: "it" });
  assert.equal(m.subject, "Domanda di iscrizione ricevuta – protocollo n. 2026/000042");
  assert.match(m.text, /^Gentile famiglia,/);
  assert.match(
    m.text,
    /ricevuta il 28 novembre 2026 alle ore 09:30:05|ricevuta il 28 novembre 2026, 09:30:05/,
  );
  assert.match(m.text, /- Sofia Ricci: Centro estivo\n- Tommaso Ricci: Centro estivo/);
  assert.match(m.text, /Comune di Val di Ponte$/);
});

Deno.test("receipt e-mail in English", () => {
  const m = receiptMail({ school_year_label: "2026/27", items }, submitted, { ...ctx, lang: "en" });
  assert.equal(m.subject, "Enrollment application received – protocol no. 2026/000042");
  assert.match(m.text, /^Dear family,/);
  assert.match(m.text, /received on 28 November 2026/);
  assert.match(m.text, /with protocol no\. 2026\/000042\./);
  assert.ok(m.text.includes(ctx.url));
});

Deno.test("receipt PDF: title and language follow the family's language", async () => {
  const a = {
    protocol_number: "2026/000042",
    submitted_at: submitted.submitted_at,
    school_year_label: "2026/27",
    kind: "new",
    applicant: { name: "Chiara", surname: "Colombo", tax_code: "CLMCHR88M61D612P" },
    declarations: { privacy: "2026-11-28T08:29:00.000Z" },
    items: items.map((i) => ({ ...i, child_tax_code: "RCCSFO18E52D612X" })),
  } as unknown as ApplicationRow;
  const it = await PDFDocument.load(await receiptPdf(a, { name: "Comune" }));
  assert.equal(it.getTitle(), "Ricevuta domanda 2026/000042");
  const en = await PDFDocument.load(await receiptPdf(a, { name: "Comune" }, "en"));
  assert.equal(en.getTitle(), "Application receipt 2026/000042");
  assert.equal(en.getPageCount(), 1);
});
