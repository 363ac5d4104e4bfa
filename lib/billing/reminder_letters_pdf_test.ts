import assert from "node:assert/strict";
import jsQRModule from "jsqr";
import { PDFDocument } from "pdf-lib";
import { noticePdfText, pageOperators } from "../pagopa/notice_pdf_text.ts";
import { noticeNumber } from "../pagopa/notice_number.ts";
import { qrPayload } from "../pagopa/qr.ts";
import { buildLetters, type LetterEnte, type LetterPosition } from "./reminder_letter.ts";
import { LETTER_QR_MAX, lettersFileName, lettersPdf } from "./reminder_letters_pdf.ts";

const NAV1 = noticeNumber("02", 9601);
const NAV2 = noticeNumber("02", 9602);

const ENTE: LetterEnte = {
  name: "Comune di Valdiponte",
  tax_code: "80012345678",
  address: "Piazza del Municipio 1, 50099 Valdiponte (FI)",
  office_name: "Ufficio Servizi Scolastici",
  office_contact: "tel. 0332 123456",
};

const position = (id: string, payer: string, name: string, address: string | null) =>
  ({
    position_id: id,
    iupd: `PZ-${id}`,
    payer_id: payer,
    payer_name: name,
    payer_sort: name.split(" ").reverse().join(" "),
    payer_tax_code: null,
    payer_address: address,
    description: `Mensa ottobre 2026 ${id}`,
    period_start: "2026-10-01",
    period_end: "2026-10-31",
    overdue_cents: 1200,
    overdue_since: "2026-11-26",
  }) satisfies LetterPosition;

type Decode = (d: Uint8ClampedArray, w: number, h: number) => { data: string } | null;
const jsQR: Decode = (jsQRModule as unknown as { default?: Decode }).default ??
  (jsQRModule as unknown as Decode);

/** The QR codes drawn on each page, decoded (as notice_pdf_test.ts reads the Avviso's). */
async function drawnQr(bytes: Uint8Array): Promise<(string | undefined)[][]> {
  return (await pageOperators(bytes)).map((ops) =>
    [...ops.matchAll(/q\s+0 0 0 rg\s+([\s\S]*?)\s+f\s+Q/g)].map((block) => {
      const rects = [...block[1].matchAll(/(\S+) (\S+) (\S+) (\S+) re/g)].map((m) =>
        m.slice(1, 5).map(Number)
      );
      const m = Math.min(...rects.map((r) => r[3]));
      const x0 = Math.min(...rects.map((r) => r[0]));
      const yTop = Math.max(...rects.map((r) => r[1] + r[3]));
      const n = Math.round((Math.max(...rects.map((r) => r[0] + r[2])) - x0) / m);
      const scale = 4, quiet = 4, size = (n + 2 * quiet) * scale;
      const data = new Uint8ClampedArray(size * size * 4).fill(255);
      for (const [x, y, w] of rects) {
        const row = Math.round((yTop - y) / m) - 1;
        const col0 = Math.round((x - x0) / m);
        for (let c = col0; c < col0 + Math.round(w / m); c++) {
          for (let dy = 0; dy < scale; dy++) {
            for (let dx = 0; dx < scale; dx++) {
              const i = (((row + quiet) * scale + dy) * size + (c + quiet) * scale + dx) * 4;
              data[i] = data[i + 1] = data[i + 2] = 0;
            }
          }
        }
      }
      return jsQR(data, size, size)?.data;
    })
  );
}

Deno.test("letters PDF: one letter per payer, letterhead, address, table, QR, closing", async () => {
  const letters = buildLetters(
    ENTE,
    [
      position("a", "marco", "Marco D'Angelo", "Via Roma 12, 50099 Valdiponte (FI)"),
      position("b", "anna", "Anna Bianchi", null),
    ],
    [
      {
        position_id: "a",
        instalment: 0,
        notice_number: NAV1,
        amount_cents: 1200,
        due_on: "2026-11-26",
      },
      {
        position_id: "b",
        instalment: 0,
        notice_number: NAV2,
        amount_cents: 3450,
        due_on: "2026-11-20",
      },
    ],
  );
  const bytes = await lettersPdf(ENTE, letters, "2026-11-29");
  const doc = await PDFDocument.load(bytes);
  assert.equal(doc.getTitle(), "Solleciti di pagamento");
  assert.equal(doc.getAuthor(), "Comune di Valdiponte");
  assert.equal(doc.getPageCount(), 2, "one page per letter");
  const pages = await noticePdfText(bytes);
  const [anna, marco] = pages.map((p) => p.join("\n"));
  for (
    const s of [
      "Comune di Valdiponte",
      "Piazza del Municipio 1, 50099 Valdiponte (FI)",
      "Codice fiscale 80012345678",
      "Ufficio Servizi Scolastici – tel. 0332 123456",
      "Marco D'Angelo",
      "Via Roma 12",
      "50099 Valdiponte (FI)",
      "Valdiponte, 29/11/2026",
      "Oggetto: Sollecito di pagamento: Mensa ottobre 2026 a",
      "Gentile Marco D'Angelo,",
      "Codice avviso",
      NAV1.replace(/(.{4})(?=.)/g, "$1 "),
      "12,00 €",
      "26/11/2026",
      "ottobre 2026",
      "Codice fiscale dell'Ente creditore: 80012345678",
      "Se hai già pagato, non considerare questa lettera.",
      "Pagina 1 di 1",
    ]
  ) assert.ok(marco.includes(s), `${s} in\n${marco}`);
  assert.ok(!marco.includes("Anna Bianchi"));
  assert.ok(anna.includes("Anna Bianchi"));
  assert.ok(anna.includes("34,50 €"));
  assert.ok(anna.includes(NAV2.replace(/(.{4})(?=.)/g, "$1 ")));
  // Each letter has the pagoPA QR code of its notice, drawn as the Avviso draws it.
  assert.deepEqual(await drawnQr(bytes), [
    [qrPayload(NAV2, "80012345678", 3450)],
    [qrPayload(NAV1, "80012345678", 1200)],
  ]);
});

Deno.test("letters PDF: too many notices for QR codes, no QR; long letters number their pages", async () => {
  const n = LETTER_QR_MAX + 30;
  const positions = Array.from(
    { length: n },
    (_, i) => position(`p${i}`, "marco", "Marco D'Angelo", "Via Roma 12, 50099 Valdiponte (FI)"),
  );
  const letters = buildLetters(
    ENTE,
    positions,
    positions.map((p, i) => ({
      position_id: p.position_id,
      instalment: 0,
      notice_number: noticeNumber("02", 10000 + i),
      amount_cents: 1000 + i,
      due_on: "2026-11-01",
    })),
  );
  const bytes = await lettersPdf(ENTE, letters, "2026-11-29");
  const doc = await PDFDocument.load(bytes);
  const pages = doc.getPageCount();
  assert.ok(pages >= 2, `${pages} pages`);
  const text = (await noticePdfText(bytes)).flat().join("\n");
  assert.ok(text.includes(`Pagina ${pages} di ${pages}`));
  assert.ok(!text.includes("Codici QR"));
  assert.ok(!text.includes("codice QR"));
  assert.deepEqual((await drawnQr(bytes)).flat(), []);
  assert.ok(text.includes("Descrizione"), "the table's heading");
  // The heading repeats on each page of the table.
  assert.ok(text.split("Codice avviso").length - 1 >= 2);
});

Deno.test("letters PDF: file names", () => {
  assert.equal(lettersFileName("2026-11-29"), "solleciti-2026-11-29.pdf");
  assert.equal(lettersFileName("2026-11-29", "PZ-2026/01"), "sollecito-PZ-2026_01-2026-11-29.pdf");
});
