/**
 * The yearly statement of payments (attestazione dei pagamenti) as a PDF: the Ente, the payers,
 * per child a table of what was paid for each service (servizio, periodo, pagato il, importo,
 * codice avviso) with subtotals, the wallet top-ups apart, the grand total, the place and date
 * of issue and a neutral closing sentence. Italian only: it is a document of the Comune. It
 * states facts, it gives no tax advice. Built with the invoice copy's writer (A4, pdf-lib's
 * standard fonts, wrapped lines, new pages as needed); every page says "Pagina n di m".
 *
 * @module
 */

import { PDFDocument, StandardFonts } from "pdf-lib";
import { A4, GREY, MARGIN, winAnsi, Writer } from "../fatturapa/pdf.ts";
import { italianDate, periodLabel } from "../fatturapa/period.ts";
import { parseAddress } from "../fatturapa/text.ts";
import { formatEuro } from "../tariffs/money.ts";
import type { StatementEntry, StatementService } from "./payment_statement.ts";
import type { StatementData } from "./payment_statement_read.ts";

export const CLOSING =
  "Si rilascia su richiesta dell'interessato per gli usi consentiti dalla legge.";

/** "Attestazione dei pagamenti – anno 2026": the title on the page and in the metadata. */
export const statementTitle = (year: number) => `Attestazione dei pagamenti – anno ${year}`;

/** `attestazione-pagamenti-2026.pdf`. */
export const statementFileName = (year: number) => `attestazione-pagamenti-${year}.pdf`;

const money = (c: number) => formatEuro(c, "it");
const nav = (n: string | null, iuv: string) =>
  n ? n.replace(/(\d{4})(?=\d)/g, "$1 ") : `IUV ${iuv}`;
const periodOf = (e: StatementEntry) =>
  e.period_start && e.period_end ? periodLabel(e.period_start, e.period_end) : "—";

/** The town of the Ente's address ("…, 50099 Valdiponte (FI)"), else its name ("Comune di" left out). */
export function issuePlace(ente: StatementData["ente"]): string {
  return parseAddress(ente.address)?.municipality ??
    ente.name.replace(/^Comune\s+(di|del|della|dei|degli)\s+/i, "");
}

// Columns: the first (service) wraps, the others end at the next column's start.
const COLS = [0, 150, 266, 318, 388];
/** A subtotal: the label, then the amount under "Importo". */
const TOTAL = [0, 318, 388];
const SIZE = 8.5;

function serviceRows(w: Writer, s: StatementService) {
  for (const e of s.entries) {
    const what = e.instalment > 0
      ? `${s.service} · rata ${e.instalment} · ${e.method}`
      : `${s.service} · ${e.method}`;
    w.row(
      [
        what,
        periodOf(e),
        italianDate(e.paid_on),
        money(e.amount_cents),
        nav(e.notice_number, e.iuv),
      ],
      COLS,
      { size: SIZE },
    );
  }
  w.row([`Totale ${s.service}`, money(s.total_cents)], TOTAL, { size: SIZE, bold: true });
}

function header(w: Writer) {
  w.row(["Servizio", "Periodo", "Pagato il", "Importo", "Codice avviso"], COLS, {
    size: SIZE,
    bold: true,
  });
  w.rule();
}

/**
 * The statement as PDF bytes, issued on `issuedOn` (YYYY-MM-DD, Europe/Rome).
 *
 * @example const bytes = await statementPdf(await loadStatement(tx, 2026, scope), romeDate());
 */
export async function statementPdf(data: StatementData, issuedOn: string): Promise<Uint8Array> {
  const { ente, payers, statement: s } = data;
  const doc = await PDFDocument.create();
  const title = statementTitle(s.year);
  doc.setTitle(title);
  doc.setAuthor(ente.name);
  doc.setSubject(`Pagamenti ricevuti da ${ente.name} nell'anno ${s.year}`);
  doc.setLanguage("it-IT");
  doc.setCreator("Piazza");
  doc.setCreationDate(new Date(`${issuedOn}T12:00:00Z`));
  const w = new Writer(
    doc,
    await doc.embedFont(StandardFonts.Helvetica),
    await doc.embedFont(StandardFonts.HelveticaBold),
    `${title} · ${ente.name}`,
  );
  w.footer();
  w.text(ente.name, { size: 15, bold: true });
  if (ente.address) w.text(ente.address, { size: 9 });
  w.text(`Codice fiscale ${ente.tax_code}`, { size: 9, gap: 4 });
  w.rule();
  w.text(title, { size: 14, bold: true, gap: 6 });
  w.text(
    `Pagamenti ricevuti dall'Ente nell'anno ${s.year} (secondo la data del pagamento) per i ` +
      "servizi a domanda individuale, intestati a:",
    { size: 10 },
  );
  for (const p of payers) {
    w.text(`${p.name}${p.tax_code ? ` – codice fiscale ${p.tax_code}` : ""}`, {
      bold: true,
      x: 12,
    });
  }
  w.text(
    "Quando un avviso riguarda più bambini o servizi, ogni pagamento è ripartito in proporzione " +
      "agli importi addebitati a ciascuno, al netto di eventuali accrediti.",
    { size: 8, color: GREY, gap: 10 },
  );

  for (const c of s.children) {
    w.ensure(80);
    w.text(
      c.beneficiary_id
        ? `${c.name}${c.tax_code ? ` – codice fiscale ${c.tax_code}` : ""}`
        : `${c.name} (non riferiti a un bambino)`,
      { size: 11, bold: true, gap: 4 },
    );
    header(w);
    w.continued = () => header(w);
    for (const svc of c.services) serviceRows(w, svc);
    w.continued = null;
    w.rule();
    w.row([`Totale ${c.name}`, money(c.total_cents)], TOTAL, { size: 10, bold: true });
    w.text("", { gap: 10 });
  }
  if (s.top_ups.length) {
    w.ensure(80);
    w.text("Ricariche del borsellino", { size: 11, bold: true });
    w.text("Somme versate in anticipo sul borsellino elettronico (servizi prepagati).", {
      size: 8,
      color: GREY,
      gap: 4,
    });
    header(w);
    w.continued = () => header(w);
    for (const svc of s.top_ups) serviceRows(w, svc);
    w.continued = null;
    w.rule();
    w.row(["Totale ricariche", money(s.top_ups_cents)], TOTAL, { size: 10, bold: true });
    w.text("", { gap: 10 });
  }
  w.rule();
  w.row([`Totale pagato nell'anno ${s.year}`, money(s.total_cents)], TOTAL, {
    size: 11,
    bold: true,
  });
  w.text(
    `${s.receipts} ${s.receipts === 1 ? "pagamento" : "pagamenti"} registrati dal Comune.`,
    { size: 8, color: GREY, gap: 16 },
  );
  w.ensure(60);
  w.text(`${issuePlace(ente)}, ${italianDate(issuedOn)}`, { gap: 8 });
  w.text(CLOSING, { size: 10 });

  const pages = doc.getPages();
  pages.forEach((page, i) => {
    const t = winAnsi(`Pagina ${i + 1} di ${pages.length}`);
    page.drawText(t, {
      x: A4[0] - MARGIN - w.font.widthOfTextAtSize(t, 8),
      y: MARGIN / 2,
      size: 8,
      font: w.font,
      color: GREY,
    });
  });
  return await doc.save();
}
