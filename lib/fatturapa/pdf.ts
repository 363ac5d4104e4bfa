/**
 * The courtesy copy of an invoice (copia di cortesia) as PDF: what the Comune must give the
 * citizen besides the XML sent to the SdI. It says plainly that it has no fiscal value, shows the
 * invoice data, every line with its VAT treatment, the totals per rate, and the pagoPA payment
 * reference (numero avviso, IUV, due date). Italian: it is a copy of an Italian fiscal document.
 * pdf-lib's standard fonts, A4, wrapped lines, new pages as needed.
 *
 * @module
 */

import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from "pdf-lib";
import { formatEuro } from "../tariffs/money.ts";
import type { SummaryRow } from "./amounts.ts";
import { italianDate } from "./period.ts";

export const A4: [number, number] = [595.28, 841.89];
export const MARGIN = 48;
export const GREY = rgb(0.35, 0.35, 0.35);
export const INK = rgb(0.1, 0.1, 0.1);

/** The invoice as stored (the columns the copy needs). */
export interface InvoiceForPdf {
  /** TD04: a credit note, printed as such with the invoice it reverses. */
  document_type?: "TD01" | "TD04";
  reverses?: { numero: string; issued_on: string } | null;
  /** A credit note giving back a carried credit: its settlement and the invoices it names. */
  carried_settlement_id?: string | null;
  related_invoices?: { numero: string; issued_on: string }[];
  numero: string;
  issued_on: string;
  file_name: string;
  description: string;
  notice_number: string | null;
  due_on: string | null;
  taxable_cents: number;
  vat_cents: number;
  total_cents: number;
  stamp_duty_cents: number;
  customer: {
    fiscal_code: string;
    name: string;
    surname: string;
    address?: {
      street: string;
      number: string | null;
      postalCode: string;
      municipality: string;
      province: string | null;
    };
  };
  lines: {
    description: string;
    amountCents: number;
    netCents: number;
    quantity: number | null;
    vatRateBp: number;
    nature: string | null;
  }[];
  summary: SummaryRow[];
}

export interface SupplierForPdf {
  name: string;
  vat_number: string;
  tax_code: string;
  address: string;
  street_number: string | null;
  postal_code: string;
  municipality: string;
  province: string | null;
}

export const COURTESY_NOTICE = "Copia di cortesia — non valida ai fini fiscali";

/** Characters the standard fonts cannot draw become "?" instead of failing the document. */
export function winAnsi(s: string): string {
  return s.replace(/[“”]/g, '"').replace(/[‘’]/g, "'").replace(/\u2212/g, "-").replace(
    /[^\x20-\x7e\u00a0-\u00ff€–—…«»•]/g,
    "?",
  );
}

const money = (c: number) => winAnsi(formatEuro(c, "it"));
const pct = (bp: number) => `${(bp / 100).toLocaleString("it-IT")}%`;

/**
 * Writes top to bottom on A4 pages with pdf-lib's standard fonts: wrapped text, table rows and
 * rules, a new page (with `footerText` at its foot) when the next item does not fit. Shared by
 * the other plain documents (e.g. the yearly statement of payments).
 */
export class Writer {
  page: PDFPage;
  y: number;
  /** Drawn at the top of each new page while set: a table's column headings, repeated. */
  continued: (() => void) | null = null;
  constructor(
    readonly doc: PDFDocument,
    readonly font: PDFFont,
    readonly bold: PDFFont,
    readonly footerText: string = COURTESY_NOTICE,
  ) {
    this.page = doc.addPage(A4);
    this.y = A4[1] - MARGIN;
  }

  ensure(h: number) {
    if (this.y - h < MARGIN) {
      this.page = this.doc.addPage(A4);
      this.y = A4[1] - MARGIN;
      this.footer();
      const heading = this.continued;
      if (heading) {
        // The heading itself calls ensure(): unset while it draws.
        this.continued = null;
        heading();
        this.continued = heading;
      }
    }
  }

  footer() {
    this.page.drawText(winAnsi(this.footerText), {
      x: MARGIN,
      y: MARGIN / 2,
      size: 8,
      font: this.font,
      color: GREY,
    });
  }

  wrap(text: string, size: number, width: number, font: PDFFont): string[] {
    const lines: string[] = [];
    let line = "";
    for (const w of winAnsi(text).split(/\s+/)) {
      const next = line ? `${line} ${w}` : w;
      if (font.widthOfTextAtSize(next, size) > width && line) {
        lines.push(line);
        line = w;
      } else line = next;
    }
    if (line) lines.push(line);
    return lines;
  }

  text(
    text: string,
    o: {
      size?: number;
      bold?: boolean;
      x?: number;
      width?: number;
      gap?: number;
      color?: typeof INK;
    } = {},
  ) {
    const size = o.size ?? 10;
    const font = o.bold ? this.bold : this.font;
    for (const l of this.wrap(text, size, o.width ?? A4[0] - 2 * MARGIN - (o.x ?? 0), font)) {
      this.ensure(size * 1.4);
      this.page.drawText(l, {
        x: MARGIN + (o.x ?? 0),
        y: this.y - size,
        size,
        font,
        color: o.color ?? INK,
      });
      this.y -= size * 1.4;
    }
    this.y -= o.gap ?? 2;
  }

  /** A table row: cells at x offsets, the first wrapped to its width, the others right-aligned. */
  row(cells: string[], cols: number[], o: { bold?: boolean; size?: number } = {}) {
    const size = o.size ?? 9;
    const font = o.bold ? this.bold : this.font;
    const first = this.wrap(cells[0], size, cols[1] - cols[0] - 8, font);
    const h = first.length * size * 1.35 + 4;
    this.ensure(h);
    first.forEach((l, i) =>
      this.page.drawText(l, {
        x: MARGIN + cols[0],
        y: this.y - size - i * size * 1.35,
        size,
        font,
        color: INK,
      })
    );
    cells.slice(1).forEach((c, i) => {
      const right = MARGIN + (cols[i + 2] ?? A4[0] - 2 * MARGIN) - 4;
      const t = winAnsi(c);
      this.page.drawText(t, {
        x: right - font.widthOfTextAtSize(t, size),
        y: this.y - size,
        size,
        font,
        color: INK,
      });
    });
    this.y -= h;
  }

  rule() {
    this.ensure(10);
    this.page.drawLine({
      start: { x: MARGIN, y: this.y - 3 },
      end: { x: A4[0] - MARGIN, y: this.y - 3 },
      thickness: 0.5,
      color: rgb(0.6, 0.6, 0.6),
    });
    this.y -= 10;
  }
}

/** The courtesy copy of `inv`, issued by `s`, as PDF bytes. */
export async function invoicePdf(inv: InvoiceForPdf, s: SupplierForPdf): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const kind = inv.document_type === "TD04" ? "Nota di credito" : "Fattura";
  doc.setTitle(`${kind} ${inv.numero} - copia di cortesia`);
  doc.setAuthor(s.name);
  doc.setSubject(COURTESY_NOTICE);
  doc.setLanguage("it-IT");
  doc.setCreationDate(new Date(`${inv.issued_on}T12:00:00Z`));
  const w = new Writer(
    doc,
    await doc.embedFont(StandardFonts.Helvetica),
    await doc.embedFont(StandardFonts.HelveticaBold),
  );
  w.footer();
  w.text(COURTESY_NOTICE, { size: 11, bold: true, color: rgb(0.6, 0.1, 0.1), gap: 8 });
  w.text(s.name, { size: 15, bold: true });
  w.text(
    `${s.address}${
      s.street_number ? ` ${s.street_number}` : ""
    }, ${s.postal_code} ${s.municipality}${s.province ? ` (${s.province})` : ""}`,
    { size: 9 },
  );
  w.text(`Partita IVA ${s.vat_number} · Codice fiscale ${s.tax_code}`, { size: 9, gap: 4 });
  w.rule();
  w.text(`${kind} n. ${inv.numero} del ${italianDate(inv.issued_on)}`, { size: 13, bold: true });
  if (inv.reverses) {
    w.text(
      `Storno totale della fattura n. ${inv.reverses.numero} del ${
        italianDate(inv.reverses.issued_on)
      }: gli importi indicati sono a credito dell'intestatario.`,
      { size: 10, bold: true },
    );
  }
  if (inv.carried_settlement_id) {
    const related = inv.related_invoices ?? [];
    w.text(
      "Restituzione di un credito riportato: gli importi indicati sono a credito " +
        "dell'intestatario (una riga negativa è un addebito compensato nel credito).",
      { size: 10, bold: true },
    );
    if (related.length > 0) {
      w.text(
        `Fatture collegate: ${
          related.map((r) => `n. ${r.numero} del ${italianDate(r.issued_on)}`).join(", ")
        }.`,
        { size: 9 },
      );
    }
  }
  w.text(`Documento elettronico trasmesso al Sistema di Interscambio: ${inv.file_name}`, {
    size: 8,
    color: GREY,
    gap: 8,
  });
  const c = inv.customer;
  w.text("Intestatario", { bold: true, size: 10 });
  w.text(`${c.name} ${c.surname} · Codice fiscale ${c.fiscal_code}`);
  if (c.address) {
    const a = c.address;
    w.text(
      `${a.street}${a.number ? ` ${a.number}` : ""}, ${a.postalCode} ${a.municipality}${
        a.province ? ` (${a.province})` : ""
      }`,
    );
  }
  w.text(`Causale: ${inv.description}`, { gap: 8 });

  const cols = [0, 300, 360, 420];
  w.row(["Descrizione", "Quantità", "IVA", "Importo"], cols, { bold: true });
  w.rule();
  for (const l of inv.lines) {
    w.row(
      [
        l.description,
        l.quantity && l.quantity > 0 ? l.quantity.toLocaleString("it-IT") : "",
        l.nature ?? pct(l.vatRateBp),
        money(l.amountCents),
      ],
      cols,
    );
  }
  w.rule();
  w.text("Riepilogo IVA", { bold: true, size: 10 });
  const scols = [0, 300, 420];
  w.row(["Aliquota o natura", "Imponibile", "Imposta"], scols, { bold: true });
  for (const r of inv.summary) {
    w.row([
      r.nature ? `Natura ${r.nature}` : `IVA ${pct(r.vatRateBp)}`,
      money(r.taxableCents),
      money(r.vatCents),
    ], scols);
  }
  w.rule();
  w.row(["Totale imponibile", money(inv.taxable_cents)], [0, 420]);
  w.row(["Totale IVA", money(inv.vat_cents)], [0, 420]);
  w.row(["Totale documento", money(inv.total_cents)], [0, 420], { bold: true, size: 11 });
  if (inv.stamp_duty_cents > 0) {
    w.text(
      `Imposta di bollo assolta in modo virtuale: ${
        money(inv.stamp_duty_cents)
      } (a carico dell'Ente).`,
      {
        size: 8,
        color: GREY,
      },
    );
  }
  w.text("", { gap: 8 });
  if (inv.document_type === "TD04") {
    w.text(
      inv.carried_settlement_id
        ? "Nulla è dovuto per questo documento: documenta il credito restituito all'intestatario."
        : "Nulla è dovuto per questo documento: annulla gli importi della fattura stornata.",
      { size: 9 },
    );
  } else {
    paymentSection(w, inv);
  }
  w.text("", { gap: 8 });
  w.text(
    `L'originale ${
      inv.document_type === "TD04" ? "della nota di credito" : "della fattura"
    } è il file XML trasmesso al Sistema di Interscambio ed è ` +
      "consultabile nell'area riservata \"Fatture e Corrispettivi\" del sito dell'Agenzia delle Entrate.",
    { size: 8, color: GREY },
  );
  return await doc.save();
}

function paymentSection(w: Writer, inv: InvoiceForPdf): void {
  w.text("Pagamento con pagoPA", { bold: true, size: 11 });
  if (inv.notice_number) {
    w.text(`Codice avviso: ${inv.notice_number.replace(/(\d{4})(?=\d)/g, "$1 ")}`);
    w.text(`IUV: ${inv.notice_number.slice(1)}`);
    if (inv.due_on) {
      w.text(`Da pagare entro il ${italianDate(inv.due_on)}: ${money(inv.total_cents)}`);
    }
    w.text(
      "Paga online dall'area Servizi online del Comune (pulsante \"Paga con pagoPA\"), dall'app IO, " +
        "oppure presso banche, uffici postali, tabaccherie e altri prestatori aderenti a pagoPA " +
        "indicando il codice avviso.",
      { size: 9 },
    );
  } else {
    w.text("Nessun avviso pagoPA collegato a questa fattura.", { size: 9 });
  }
}
