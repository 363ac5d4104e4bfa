/**
 * The receipt of a submitted application (ricevuta di presentazione), as a PDF: the Ente, the
 * protocol number and the server's receipt time, the applicant, each child with the service
 * asked for, and the declarations as accepted. Built with pdf-lib's standard fonts (WinAnsi, which
 * covers Italian), A4, wrapped lines, new pages as needed.
 *
 * @module
 */

import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from "pdf-lib";
import { DECLARATIONS, type Lang } from "./portal.ts";
import type { ApplicationRow } from "./schemas.ts";

export interface ReceiptTenant {
  name: string;
  address?: string | null;
  email?: string | null;
  pec?: string | null;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;

/** The receipt's words in Italian and English. */
const WORDS = {
  it: {
    kind: { new: "Nuova iscrizione", renewal: "Rinnovo (riconferma)" },
    title: (p: string) => `Ricevuta domanda ${p}`,
    heading: "Ricevuta di presentazione della domanda di iscrizione",
    protocol: (p: string) => `Protocollo n. ${p}`,
    received: (t: string) => `Ricevuta il ${t} (ora del server del Comune)`,
    year: (y: string) => `Anno scolastico ${y}`,
    applicant: "Richiedente (intestatario dei pagamenti)",
    taxCode: "codice fiscale",
    email: "e-mail",
    mobile: "cellulare",
    address: "Indirizzo",
    children: "Bambini e servizi richiesti",
    born: (d: string) => `, nato/a il ${d}`,
    service: "Servizio",
    declarations: "Dichiarazioni",
    accepted: (t: string) => `accettata il ${t}`,
    footer: "La domanda è registrata con il numero di protocollo e l'ora di ricezione indicati, " +
      "che ne stabiliscono l'ordine di arrivo. L'esito sarà comunicato nell'area Servizi online e " +
      "per e-mail. Conserva questa ricevuta.",
  },
  en: {
    kind: { new: "New enrollment", renewal: "Renewal (re-confirmation)" },
    title: (p: string) => `Application receipt ${p}`,
    heading: "Receipt of the enrollment application",
    protocol: (p: string) => `Protocol no. ${p}`,
    received: (t: string) => `Received on ${t} (the Comune's server time)`,
    year: (y: string) => `School year ${y}`,
    applicant: "Applicant (payer)",
    taxCode: "codice fiscale",
    email: "e-mail",
    mobile: "mobile",
    address: "Address",
    children: "Children and services requested",
    born: (d: string) => `, born ${d}`,
    service: "Service",
    declarations: "Declarations",
    accepted: (t: string) => `accepted on ${t}`,
    footer: "The application is registered with the protocol number and receipt time shown, " +
      "which fix its order of arrival. The outcome will be communicated in the Online services " +
      "area and by e-mail. Keep this receipt.",
  },
} as const;

function romeDateTime(isoInstant: string, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === "en" ? "en-GB" : "it-IT", {
    dateStyle: "long",
    timeStyle: "medium",
    timeZone: "Europe/Rome",
  }).format(new Date(isoInstant));
}

function romeDate(isoDate: string): string {
  const [y, m, d] = isoDate.split("-");
  return `${d}/${m}/${y}`;
}

/** Drops characters the standard fonts cannot draw instead of failing the whole receipt. */
function winAnsi(s: string): string {
  return s.replace(/[“”]/g, '"').replace(/[‘’]/g, "'").replace(
    /[^\x20-\x7e\u00a0-\u00ff€–—…«»•]/g,
    "?",
  );
}

class Writer {
  page: PDFPage;
  y: number;
  constructor(readonly doc: PDFDocument, readonly font: PDFFont, readonly bold: PDFFont) {
    this.page = doc.addPage(A4);
    this.y = A4[1] - MARGIN;
  }

  private ensure(h: number) {
    if (this.y - h < MARGIN) {
      this.page = this.doc.addPage(A4);
      this.y = A4[1] - MARGIN;
    }
  }

  /** Writes `text` wrapped to the page width. */
  text(text: string, o: { size?: number; bold?: boolean; indent?: number; gap?: number } = {}) {
    const size = o.size ?? 10;
    const font = o.bold ? this.bold : this.font;
    const width = A4[0] - 2 * MARGIN - (o.indent ?? 0);
    const words = winAnsi(text).split(/\s+/);
    let line = "";
    const lines: string[] = [];
    for (const w of words) {
      const next = line ? `${line} ${w}` : w;
      if (font.widthOfTextAtSize(next, size) > width && line) {
        lines.push(line);
        line = w;
      } else line = next;
    }
    if (line) lines.push(line);
    for (const l of lines) {
      this.ensure(size * 1.4);
      this.page.drawText(l, {
        x: MARGIN + (o.indent ?? 0),
        y: this.y - size,
        size,
        font,
        color: rgb(0.1, 0.1, 0.1),
      });
      this.y -= size * 1.4;
    }
    this.y -= o.gap ?? 2;
  }

  rule() {
    this.ensure(12);
    this.page.drawLine({
      start: { x: MARGIN, y: this.y - 4 },
      end: { x: A4[0] - MARGIN, y: this.y - 4 },
      thickness: 0.5,
      color: rgb(0.6, 0.6, 0.6),
    });
    this.y -= 14;
  }
}

/** The receipt of `a` (a submitted application) as PDF bytes, in `lang` (Italian by default). */
export async function receiptPdf(
  a: ApplicationRow,
  tenant: ReceiptTenant,
  lang: Lang = "it",
): Promise<Uint8Array> {
  if (!a.protocol_number || !a.submitted_at) throw new Error("not a submitted application");
  const t = WORDS[lang];
  const doc = await PDFDocument.create();
  doc.setTitle(t.title(a.protocol_number));
  doc.setAuthor(tenant.name);
  doc.setLanguage(lang === "en" ? "en-GB" : "it-IT");
  doc.setCreationDate(new Date(a.submitted_at));
  const w = new Writer(
    doc,
    await doc.embedFont(StandardFonts.Helvetica),
    await doc.embedFont(StandardFonts.HelveticaBold),
  );
  w.text(tenant.name, { size: 16, bold: true });
  const contacts = [tenant.address, tenant.email, tenant.pec && `PEC ${tenant.pec}`]
    .filter(Boolean).join(" · ");
  if (contacts) w.text(contacts, { size: 9 });
  w.rule();
  w.text(t.heading, { size: 13, bold: true, gap: 8 });
  w.text(t.protocol(a.protocol_number), { size: 12, bold: true });
  w.text(t.received(romeDateTime(a.submitted_at, lang)));
  w.text(`${t.year(a.school_year_label)} · ${t.kind[a.kind]}`, { gap: 10 });

  const ap = a.applicant as Record<string, string | boolean | undefined>;
  w.text(t.applicant, { bold: true, size: 11 });
  w.text(`${ap.name ?? ""} ${ap.surname ?? ""} – ${t.taxCode} ${ap.tax_code ?? ""}`);
  const reach = [ap.email && `${t.email} ${ap.email}`, ap.mobile && `${t.mobile} ${ap.mobile}`]
    .filter(Boolean).join(", ");
  if (reach) w.text(reach);
  if (ap.address) w.text(`${t.address}: ${ap.address}`);
  w.text("", { gap: 6 });

  w.text(t.children, { bold: true, size: 11 });
  for (const i of a.items) {
    const c = i.child as Record<string, string | undefined>;
    const born = c.birth_date ? t.born(romeDate(c.birth_date)) : "";
    w.text(`• ${c.name ?? ""} ${c.surname ?? ""} (${i.child_tax_code ?? ""}${born})`, {
      indent: 8,
    });
    w.text(`${t.service}: ${i.service_title}`, { indent: 20 });
  }
  w.text("", { gap: 6 });

  w.text(t.declarations, { bold: true, size: 11 });
  const decl = a.declarations as Record<string, string>;
  for (const d of DECLARATIONS) {
    if (!decl[d.code]) continue;
    w.text(`• ${d[lang]} (${t.accepted(romeDateTime(decl[d.code], lang))})`, {
      indent: 8,
      size: 9,
    });
  }
  w.rule();
  w.text(t.footer, { size: 9 });
  return await doc.save();
}
