/**
 * Paper reminder letters as one PDF, for the office to print and mail: one letter per payer,
 * each starting on a new A4 page, with the Ente's letterhead, the payer's name and address where
 * a window envelope shows it, the place and date, the e-mail's words (`reminder_letter.ts`), the
 * table of the notices overdue with their notice numbers and the Ente's fiscal code, the pagoPA
 * QR code of each (drawn as the Avviso draws it) when they fit, and "Se hai già pagato, non
 * considerare questa lettera.". Italian only: it is a letter of an Italian Comune to a family.
 * Built with the invoice copy's writer; every page says "Pagina n di m" of its letter.
 *
 * @module
 */

import { PDFDocument, StandardFonts } from "pdf-lib";
import { A4, GREY, INK, MARGIN, winAnsi, Writer } from "../fatturapa/pdf.ts";
import { italianDate } from "../fatturapa/period.ts";
import { drawMatrix } from "../pagopa/notice_pdf_layout.ts";
import { qrMatrix, qrPayload } from "../pagopa/qr.ts";
import { formatEuro } from "../tariffs/money.ts";
import { issuePlace } from "./payment_statement_pdf.ts";
import { howToPay, type Letter, type LetterEnte, rowCells } from "./reminder_letter.ts";
import { groupedNotice } from "./reminder_text.ts";

/** QR codes per letter at most: more would not fit cleanly under the table (the codes do). */
export const LETTER_QR_MAX = 6;
const QR_SIDE = 70;
const QR_PER_ROW = 3;

// Columns: description (wraps), period, amount, overdue since, notice number.
const COLS = [0, 165, 265, 330, 395];
const TOTAL = [0, 265, 330];
const SIZE = 8.5;
// Where the address shows through a window envelope (DL, window on the right).
const WINDOW_X = 270;

const money = (c: number) => formatEuro(c, "it");

/** `solleciti-2026-11-29.pdf`, `sollecito-<IUPD>-2026-11-29.pdf` for one position. */
export function lettersFileName(day: string, iupd?: string): string {
  return iupd
    ? `sollecito-${iupd.replace(/[^A-Za-z0-9-]/g, "_")}-${day}.pdf`
    : `solleciti-${day}.pdf`;
}

function header(w: Writer) {
  w.row(["Descrizione", "Periodo", "Importo", "Scaduto il", "Codice avviso"], COLS, {
    size: SIZE,
    bold: true,
  });
  w.rule();
}

/** The QR code of each notice of the letter, three a row, with what it pays. */
function qrCodes(w: Writer, ente: LetterEnte, letter: Letter) {
  const codes = letter.rows.map((r) => ({
    r,
    matrix: qrMatrix(qrPayload(r.notice_number, ente.tax_code, r.amount_cents)),
  }));
  w.ensure(QR_SIDE + 60);
  w.text("Codici QR per pagare con l'app della banca, di Poste o con l'app IO:", {
    size: 9,
    bold: true,
    gap: 6,
  });
  const colW = (A4[0] - 2 * MARGIN) / QR_PER_ROW;
  for (let i = 0; i < codes.length; i += QR_PER_ROW) {
    w.ensure(QR_SIDE + 40);
    codes.slice(i, i + QR_PER_ROW).forEach(({ r, matrix }, k) => {
      const x = MARGIN + k * colW;
      drawMatrix(w.page, matrix, x, w.y, QR_SIDE);
      const lines = [
        r.instalment > 0
          ? `Rata ${r.instalment} · ${money(r.amount_cents)}`
          : money(r.amount_cents),
        groupedNotice(r.notice_number),
      ];
      lines.forEach((l, j) =>
        w.page.drawText(winAnsi(l), {
          x,
          y: w.y - QR_SIDE - 10 - j * 10,
          size: 7.5,
          font: j === 0 ? w.bold : w.font,
          color: INK,
        })
      );
    });
    w.y -= QR_SIDE + 34;
  }
}

/** Whether every notice of the letter has a valid QR payload (it needs the Ente's 11 digits). */
function qrFits(ente: LetterEnte, letter: Letter): boolean {
  if (letter.rows.length === 0 || letter.rows.length > LETTER_QR_MAX) return false;
  try {
    for (const r of letter.rows) qrPayload(r.notice_number, ente.tax_code, r.amount_cents);
    return true;
  } catch {
    return false;
  }
}

function letterPages(w: Writer, ente: LetterEnte, letter: Letter, today: string) {
  w.footer();
  // Letterhead.
  w.text(ente.name, { size: 15, bold: true });
  if (ente.address) w.text(ente.address, { size: 9 });
  w.text(`Codice fiscale ${ente.tax_code}`, { size: 9 });
  const office = [ente.office_name?.trim(), ente.office_contact?.trim()].filter(Boolean);
  if (office.length) w.text(office.join(" – "), { size: 9 });
  w.rule();
  // The addressee, where the envelope's window is.
  w.text("", { gap: 16 });
  w.text(letter.payer_name, { x: WINDOW_X, bold: true, size: 11 });
  for (const l of letter.address_lines) w.text(l, { x: WINDOW_X, size: 11 });
  w.text("", { gap: 24 });
  w.text(`${issuePlace(ente)}, ${italianDate(today)}`, { gap: 10 });
  w.text(`Oggetto: ${letter.subject}`, { bold: true, gap: 10 });
  w.text(letter.greeting, { gap: 6 });
  w.text(letter.opening, { gap: 10 });

  header(w);
  w.continued = () => header(w);
  for (const r of letter.rows) w.row(rowCells(r, money), COLS, { size: SIZE });
  w.continued = null;
  w.rule();
  w.row(["Totale da pagare", money(letter.total_cents)], TOTAL, { size: 10, bold: true });
  w.text(`Codice fiscale dell'Ente creditore: ${ente.tax_code}`, { size: 9, gap: 10 });
  const qr = qrFits(ente, letter);
  w.text(howToPay(ente.tax_code, qr), { size: 10, gap: 10 });
  if (qr) qrCodes(w, ente, letter);
  w.ensure(80);
  w.text(letter.closing, { bold: true, gap: 14 });
  for (const s of letter.signature) w.text(s);
  w.text("", { gap: 8 });
  w.text(
    "Per chiarimenti sugli importi rivolgiti all'ufficio indicato. Se ci comunichi un indirizzo " +
      "e-mail, i prossimi avvisi ti arriveranno anche per posta elettronica.",
    { size: 8, color: GREY },
  );
}

/**
 * The letters as one PDF, dated `today` (YYYY-MM-DD, Europe/Rome). Each letter starts on a new
 * page and numbers its own pages.
 *
 * @example const bytes = await lettersPdf(ente, buildLetters(ente, positions, notices), today);
 */
export async function lettersPdf(
  ente: LetterEnte,
  letters: Letter[],
  today: string,
): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const title = letters.length === 1 ? "Sollecito di pagamento" : "Solleciti di pagamento";
  doc.setTitle(title);
  doc.setAuthor(ente.name);
  doc.setSubject(`${title} inviati per posta da ${ente.name}`);
  doc.setLanguage("it-IT");
  doc.setCreator("Piazza");
  doc.setCreationDate(new Date(`${today}T12:00:00Z`));
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const ranges: [number, number][] = [];
  for (const letter of letters) {
    const start = doc.getPageCount();
    letterPages(
      new Writer(doc, font, bold, `Sollecito di pagamento · ${ente.name}`),
      ente,
      letter,
      today,
    );
    ranges.push([start, doc.getPageCount()]);
  }
  if (letters.length === 0) doc.addPage(A4);
  const pages = doc.getPages();
  for (const [start, end] of ranges) {
    for (let i = start; i < end; i++) {
      const t = winAnsi(`Pagina ${i - start + 1} di ${end - start}`);
      pages[i].drawText(t, {
        x: A4[0] - MARGIN - font.widthOfTextAtSize(t, 8),
        y: MARGIN / 2,
        size: 8,
        font,
        color: GREY,
      });
    }
  }
  return await doc.save();
}
