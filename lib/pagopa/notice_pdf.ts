/**
 * The Avviso pagoPA (standard 3.5) as a PDF, with pdf-lib and its standard fonts: A4, one notice
 * per debt position. Sections and fixed texts follow the standard (`NOTICE_TEXTS`, the Italian
 * strings of `avviso_3.5_stringhe_it.json`); pages follow pagoPA's reference PDFs (`planPages`).
 * Every payment option carries its QR code (vector); with a postal account, each also gets a
 * "Bollettino postale PA" with the Poste Data Matrix.
 *
 * @module
 */

import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from "pdf-lib";
import { formatAmount, formatDueDate } from "./amount.ts";
import { dataMatrixMatrix, dataMatrixPayload } from "./datamatrix.ts";
import type { NoticeInput, NoticeOption } from "./notice_data.ts";
import { clip, drawMatrix, planPages, printable, wrap } from "./notice_pdf_layout.ts";
import { formatNoticeNumber } from "./notice_number.ts";
import { qrMatrix, qrPayload } from "./qr.ts";

/** Fixed texts of the Avviso pagoPA 3.5 (pagoPA-avvisi-350-stringhe-it.json). */
export const NOTICE_TEXTS = {
  title: "Avviso di pagamento",
  creditor: "Ente Creditore",
  recipient: "Destinatario",
  howMuch: "Quanto e quando pagare?",
  amount: "Importo",
  dueBy: "entro il",
  euro: "Euro",
  instalments: (n: number) => `Puoi pagare per intero o in ${n} rate`,
  onlyInstalments: (n: number) => `Puoi pagare in ${n} rate`,
  legal: "In fase di pagamento l’importo potrebbe subire aumenti (per sanzioni, interessi, " +
    "costi di notifica o altri fattori) o riduzioni (per sgravi o note di credito).",
  where: "Dove pagare?",
  cta: "vai su pagopa.gov.it",
  appTitle: "Paga con l’app IO",
  appSite: (ente: string) =>
    `oppure sul sito di ${ente}, dal tuo Home Banking, con la tua app di pagamento o con gli ` +
    "altri canali abilitati.",
  appNoSite: "oppure dal tuo Home Banking, con la tua app di pagamento o con gli altri canali " +
    "abilitati.",
  territoryTitle: "Paga sul territorio",
  territory: "presso Banche e Sportelli ATM, negli Uffici Postali e Punti Postali, nei Bar, " +
    "Edicole, Ricevitorie, Supermercati, Tabaccherie e altri Esercenti Convenzionati.",
  paymentData: "Dati per il pagamento",
  single: "Rata unica",
  instalment: (n: number) => `Rata ${n}`,
  qrSingle: "Inquadra il codice QR con la tua app di pagamento o usa i dati accanto.",
  qrInstalments: "Inquadra il codice QR con la tua app di pagamento o usa i dati sopra.",
  subject: "Oggetto del pagamento",
  cbill: "Cod. CBILL",
  nav: "Cod. Avviso",
  enteCf: "Cod. Fiscale Ente",
} as const;

/** Texts of the Poste section (Bollettino postale PA), as pagoPA's generator prints them. */
export const POSTE_TEXTS = {
  title: "BOLLETTINO POSTALE PA",
  payable: "Bollettino Postale pagabile in tutti gli Uffici Postali e sui canali fisici o " +
    "digitali abilitati di Poste Italiane e dell’Ente Creditore",
  account: "sul C/C n.",
  holder: "Intestato a",
  subject: "Oggetto pagamento",
  type: "Tipo",
  enteCf: "Cod. Fiscale Ente Creditore",
} as const;

const A4 = { w: 595.28, h: 841.89 };
const M = 34;
const QR_SIDE = 70.87; // 25 mm, as the standard prints it
const BLUE = rgb(0, 0.4, 0.8);
const INK = rgb(0.1, 0.14, 0.2);
const GREY = rgb(0.36, 0.4, 0.45);
const BAND = rgb(0.94, 0.95, 0.97);

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
  mono: PDFFont;
}

class Pen {
  constructor(readonly page: PDFPage, readonly f: Fonts) {}
  /** Draws one line with its baseline `size` below `top` (page coordinates from the top). */
  text(s: string, x: number, top: number, size: number, font = this.f.regular, color = INK) {
    this.page.drawText(printable(font, s), { x, y: A4.h - top - size, size, font, color });
  }
  /** Wrapped text; returns the height used. */
  para(s: string, x: number, top: number, width: number, size: number, font = this.f.regular) {
    const lines = wrap(font, size, s, width);
    lines.forEach((l, i) => this.text(l, x, top + i * size * 1.25, size, font));
    return lines.length * size * 1.25;
  }
  /** Small grey label above a value. */
  field(label: string, value: string, x: number, top: number, width: number, size = 9) {
    this.text(label, x, top, 7, this.f.regular, GREY);
    this.text(clip(this.f.bold, size, value, width), x, top + 9, size, this.f.bold);
  }
  band(title: string, top: number) {
    this.page.drawRectangle({
      x: M,
      y: A4.h - top - 18,
      width: A4.w - 2 * M,
      height: 18,
      color: BAND,
    });
    this.text(title.toUpperCase(), M + 6, top + 5, 9, this.f.bold, BLUE);
  }
  rule(top: number) {
    this.page.drawLine({
      start: { x: M, y: A4.h - top },
      end: { x: A4.w - M, y: A4.h - top },
      thickness: 0.5,
      color: GREY,
    });
  }
}

const due = (o: NoticeOption | null) => o?.dueOn ? formatDueDate(o.dueOn) : null;

async function header(pen: Pen, input: NoticeInput, doc: PDFDocument, compact: boolean) {
  pen.text(NOTICE_TEXTS.title.toUpperCase(), M, M, 9, pen.f.bold, BLUE);
  if (compact) {
    pen.text(clip(pen.f.bold, 12, input.subject, A4.w - 2 * M), M, M + 14, 12, pen.f.bold);
    return M + 36;
  }
  let logoW = 0;
  if (input.ente.logo) {
    try {
      const img = input.ente.logo.type === "png"
        ? await doc.embedPng(input.ente.logo.bytes)
        : await doc.embedJpg(input.ente.logo.bytes);
      const s = img.scaleToFit(90, 48);
      pen.page.drawImage(img, { x: A4.w - M - s.width, y: A4.h - M - s.height, ...s });
      logoW = s.width + 12;
    } catch {
      // An unreadable logo must not stop the notice: it is printed without it.
    }
  }
  const used = pen.para(input.subject, M, M + 14, A4.w - 2 * M - logoW, 15, pen.f.bold);
  return M + 14 + Math.max(used, 34) + 10;
}

function parties(pen: Pen, input: NoticeInput, top: number) {
  const col = (A4.w - 2 * M) / 2;
  const e = input.ente;
  const d = input.debtor;
  pen.text(NOTICE_TEXTS.creditor.toUpperCase(), M, top, 8, pen.f.bold, BLUE);
  pen.text(e.taxCode, M, top + 12, 9, pen.f.mono);
  pen.text(clip(pen.f.bold, 10, e.name, col - 12), M, top + 24, 10, pen.f.bold);
  let y = top + 37;
  for (const extra of [e.office, e.contact]) {
    if (extra) y += pen.para(extra, M, y, col - 12, 8);
  }
  const x = M + col;
  pen.text(NOTICE_TEXTS.recipient.toUpperCase(), x, top, 8, pen.f.bold, BLUE);
  pen.text(d.taxCode, x, top + 12, 9, pen.f.mono);
  pen.text(clip(pen.f.bold, 10, d.fullName, col), x, top + 24, 10, pen.f.bold);
  let yd = top + 37;
  if (d.address) {
    pen.text(clip(pen.f.regular, 8, d.address, col), x, yd, 8);
    yd += 10;
  }
  const place = [d.postalCode, d.city, d.province ? `(${d.province})` : ""].filter(Boolean).join(
    " ",
  );
  if (place) {
    pen.text(clip(pen.f.regular, 8, place, col), x, yd, 8);
    yd += 10;
  }
  return Math.max(y, yd) + 8;
}

function howAndWhere(pen: Pen, input: NoticeInput, top: number) {
  const col = (A4.w - 2 * M) / 2;
  pen.rule(top);
  top += 10;
  pen.text(NOTICE_TEXTS.howMuch.toUpperCase(), M, top, 9, pen.f.bold, BLUE);
  pen.text(NOTICE_TEXTS.amount, M, top + 16, 8, pen.f.regular, GREY);
  pen.text(`${formatAmount(input.totalCents)} ${NOTICE_TEXTS.euro}`, M, top + 27, 16, pen.f.bold);
  let y = top + 50;
  const firstDue = due(input.single ?? input.instalments[0] ?? null);
  if (firstDue) {
    pen.text(`${NOTICE_TEXTS.dueBy} ${firstDue}`, M, y, 10, pen.f.bold);
    y += 16;
  }
  const n = input.instalments.length;
  if (n) {
    const s = input.single ? NOTICE_TEXTS.instalments(n) : NOTICE_TEXTS.onlyInstalments(n);
    pen.text(s, M, y, 9, pen.f.bold, BLUE);
    y += 14;
  }
  y += pen.para(NOTICE_TEXTS.legal, M, y, col - 16, 7);
  const x = M + col;
  pen.text(NOTICE_TEXTS.where.toUpperCase(), x, top, 9, pen.f.bold, BLUE);
  pen.text(NOTICE_TEXTS.cta, x + 110, top + 1, 8, pen.f.regular, BLUE);
  let r = top + 16;
  pen.text(NOTICE_TEXTS.appTitle.toUpperCase(), x, r, 8, pen.f.bold);
  r += 11;
  const app = input.ente.website ? NOTICE_TEXTS.appSite(input.ente.name) : NOTICE_TEXTS.appNoSite;
  r += pen.para(app, x, r, col, 8) + 5;
  pen.text(NOTICE_TEXTS.territoryTitle.toUpperCase(), x, r, 8, pen.f.bold);
  r += 11;
  r += pen.para(NOTICE_TEXTS.territory, x, r, col, 8);
  return Math.max(y, r) + 10;
}

function singleOption(pen: Pen, input: NoticeInput, o: NoticeOption, top: number) {
  const d = due(o);
  pen.text(
    d ? `${NOTICE_TEXTS.single} ${NOTICE_TEXTS.dueBy} ${d}` : NOTICE_TEXTS.single,
    M,
    top,
    10,
    pen.f.bold,
  );
  top += 16;
  drawMatrix(
    pen.page,
    qrMatrix(qrPayload(o.nav, input.ente.taxCode, o.cents)),
    M,
    A4.h - top,
    QR_SIDE,
  );
  pen.para(NOTICE_TEXTS.qrSingle, M, top + QR_SIDE + 6, QR_SIDE + 30, 7);
  const x1 = M + QR_SIDE + 40;
  const w1 = 190;
  pen.field(NOTICE_TEXTS.recipient, input.debtor.fullName, x1, top, w1);
  pen.field(NOTICE_TEXTS.creditor, input.ente.name, x1, top + 26, w1);
  pen.text(NOTICE_TEXTS.subject, x1, top + 52, 7, pen.f.regular, GREY);
  const subj = wrap(pen.f.bold, 8, input.subject, w1).slice(0, 3);
  subj.forEach((l, i) => pen.text(l, x1, top + 61 + i * 10, 8, pen.f.bold));
  const x2 = x1 + w1 + 20;
  const w2 = A4.w - M - x2;
  pen.text(NOTICE_TEXTS.euro, x2, top, 7, pen.f.regular, GREY);
  pen.text(formatAmount(o.cents), x2, top + 9, 14, pen.f.bold);
  let y = top + 30;
  if (input.cbill) {
    pen.field(NOTICE_TEXTS.cbill, input.cbill, x2, y, w2);
    y += 24;
  }
  pen.text(NOTICE_TEXTS.nav, x2, y, 7, pen.f.regular, GREY);
  pen.text(formatNoticeNumber(o.nav), x2, y + 9, 10, pen.f.mono);
  pen.field(NOTICE_TEXTS.enteCf, input.ente.taxCode, x2, y + 26, w2);
  return top + QR_SIDE + 40;
}

function instalmentStrip(pen: Pen, input: NoticeInput, options: NoticeOption[], top: number) {
  const colW = (A4.w - 2 * M) / 3;
  const side = 62;
  options.forEach((o, i) => {
    const x = M + i * colW;
    const w = colW - 12;
    if (i > 0) {
      pen.page.drawLine({
        start: { x: x - 6, y: A4.h - top },
        end: { x: x - 6, y: A4.h - top - 225 },
        thickness: 0.5,
        color: GREY,
      });
    }
    pen.text(NOTICE_TEXTS.instalment(o.instalment), x, top, 10, pen.f.bold, BLUE);
    pen.text(NOTICE_TEXTS.euro, x, top + 15, 7, pen.f.regular, GREY);
    pen.text(formatAmount(o.cents), x, top + 24, 12, pen.f.bold);
    const d = due(o);
    if (d) pen.field(NOTICE_TEXTS.dueBy, d, x + 80, top + 15, w - 80, 10);
    pen.text(NOTICE_TEXTS.nav, x, top + 42, 7, pen.f.regular, GREY);
    pen.text(formatNoticeNumber(o.nav), x, top + 51, 9, pen.f.mono);
    pen.field(NOTICE_TEXTS.enteCf, input.ente.taxCode, x, top + 64, w, 8);
    let y = top + 84;
    if (input.cbill) {
      pen.field(NOTICE_TEXTS.cbill, input.cbill, x, y, w, 8);
      y += 20;
    }
    pen.field(NOTICE_TEXTS.subject, input.subject, x, y, w, 8);
    pen.field(NOTICE_TEXTS.creditor, input.ente.name, x, y + 20, w, 8);
    y += 44;
    drawMatrix(
      pen.page,
      qrMatrix(qrPayload(o.nav, input.ente.taxCode, o.cents)),
      x,
      A4.h - y,
      side,
    );
    pen.para(NOTICE_TEXTS.qrInstalments, x + side + 6, y + 4, w - side - 6, 7);
  });
  return top + 235;
}

function bollettino(pen: Pen, input: NoticeInput, o: NoticeOption, top: number) {
  const postal = input.postal!;
  const h = 138;
  pen.page.drawRectangle({
    x: M,
    y: A4.h - top - h,
    width: A4.w - 2 * M,
    height: h,
    borderColor: GREY,
    borderWidth: 0.5,
  });
  const x = M + 8;
  const label = o.instalment === 0 ? NOTICE_TEXTS.single : NOTICE_TEXTS.instalment(o.instalment);
  pen.text(POSTE_TEXTS.title, x, top + 8, 10, pen.f.bold, BLUE);
  const d = due(o);
  pen.text(d ? `${label} entro ${d}` : label, x, top + 22, 8, pen.f.bold);
  let y = top + 36 + pen.para(POSTE_TEXTS.payable, x, top + 36, 150, 7);
  if (postal.authorization) pen.para(postal.authorization, x, y + 4, 150, 6);
  const x1 = M + 175;
  const w1 = 200;
  pen.field(POSTE_TEXTS.account, postal.account, x1, top + 8, 110, 10);
  pen.field(NOTICE_TEXTS.euro, formatAmount(o.cents), x1 + 120, top + 8, 80, 10);
  pen.field(POSTE_TEXTS.holder, postal.holder, x1, top + 32, w1, 8);
  pen.field(NOTICE_TEXTS.recipient, input.debtor.fullName, x1, top + 54, w1, 8);
  pen.field(POSTE_TEXTS.subject, input.subject, x1, top + 76, w1, 8);
  pen.text(NOTICE_TEXTS.nav, x1, top + 98, 7, pen.f.regular, GREY);
  pen.text(formatNoticeNumber(o.nav), x1, top + 107, 9, pen.f.mono);
  pen.field(POSTE_TEXTS.type, "P1", x1 + 140, top + 98, 40, 9);
  pen.field(POSTE_TEXTS.enteCf, input.ente.taxCode, x1, top + 120, w1, 8);
  const payload = dataMatrixPayload({
    nav: o.nav,
    postalAccount: postal.account,
    cents: o.cents,
    enteTaxCode: input.ente.taxCode,
    debtorTaxCode: input.debtor.taxCode,
    debtorName: input.debtor.fullName,
    subject: input.subject,
  });
  drawMatrix(pen.page, dataMatrixMatrix(payload), A4.w - M - 8 - QR_SIDE, A4.h - top - 8, QR_SIDE);
  y = top + h + 8;
  return y;
}

/** The notice of one debt position as PDF bytes. */
export async function noticePdf(input: NoticeInput): Promise<Uint8Array> {
  if (!input.single && input.instalments.length === 0) {
    throw new RangeError("La posizione non ha avvisi da pagare.");
  }
  const doc = await PDFDocument.create({ updateMetadata: false });
  const nav = (input.single ?? input.instalments[0]).nav;
  doc.setTitle(`${NOTICE_TEXTS.title} ${nav}`);
  doc.setSubject(input.subject);
  doc.setAuthor(input.ente.name);
  doc.setCreator("Piazza");
  doc.setProducer("Piazza (pdf-lib)");
  doc.setLanguage("it-IT");
  const f: Fonts = {
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
    mono: await doc.embedFont(StandardFonts.CourierBold),
  };
  for (const plan of planPages(input)) {
    const pen = new Pen(doc.addPage([A4.w, A4.h]), f);
    let top = await header(pen, input, doc, !plan.overview);
    if (plan.overview) {
      top = parties(pen, input, top);
      top = howAndWhere(pen, input, top);
    }
    if (plan.single || plan.instalments.length) {
      pen.band(NOTICE_TEXTS.paymentData, top);
      top += 26;
    }
    if (plan.single) top = singleOption(pen, input, plan.single, top);
    if (plan.instalments.length) top = instalmentStrip(pen, input, plan.instalments, top);
    for (const o of plan.postal) top = bollettino(pen, input, o, top);
  }
  return await doc.save({ useObjectStreams: false, objectsPerTick: Infinity });
}
