/**
 * The frozen meal counts as a one-or-more-page A4 PDF for the caterer's kitchen: per site, one
 * row per class with meals, standard, pasto in bianco and each diet, then the site's and the
 * day's totals. pdf-lib standard fonts (WinAnsi covers Italian).
 *
 * @module
 */
import { PDFDocument, type PDFFont, type PDFPage, StandardFonts } from "pdf-lib";
import type { Counts, MealCounts } from "../attendance/meal_counts.ts";

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 40;

/** PDF bytes of `c` for `service` on `day` (frozen at `frozenAt`, Rome time as text). */
export async function countsPdf(
  c: MealCounts,
  meta: { tenant: string; service: string; day: string; frozenAt: string },
): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`Conteggio pasti ${meta.service} ${meta.day}`);
  doc.setLanguage("it-IT");
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const codes = Object.keys(c.diet_names).sort();
  const cols = ["Classe", "Pasti", "Std", "Bianco", ...codes, "Disd.", "Ass."];
  const width = A4[0] - 2 * MARGIN;
  const first = Math.min(150, width / 3);
  const step = (width - first) / (cols.length - 1);
  let page: PDFPage = doc.addPage(A4);
  let y = A4[1] - MARGIN;
  const text = (s: string, x: number, f: PDFFont, size = 9) => {
    // WinAnsi cannot draw every character: replace what it cannot encode.
    const safe = s.replace(/[^\x20-\x7E\u00A0-\u00FF€]/g, "?");
    page.drawText(safe, { x, y, size, font: f });
  };
  const line = (h = 13) => {
    y -= h;
    if (y < MARGIN) {
      page = doc.addPage(A4);
      y = A4[1] - MARGIN;
    }
  };
  text(meta.tenant, MARGIN, bold, 12);
  line(16);
  text(
    `Conteggio pasti - ${meta.service} - ${meta.day.split("-").reverse().join("/")}`,
    MARGIN,
    bold,
    11,
  );
  line();
  text(
    `Congelato alle ${meta.frozenAt}${c.closed ? " - GIORNATA CHIUSA DALL'ENTE" : ""}`,
    MARGIN,
    font,
  );
  line();
  if (codes.length) {
    text(
      `Diete: ${codes.map((k) => `${k} = ${c.diet_names[k]}`).join("; ")}`.slice(0, 140),
      MARGIN,
      font,
      8,
    );
    line();
  }
  const row = (label: string, n: Counts, f: PDFFont) => {
    const cells = [
      n.meals,
      n.standard,
      n.white,
      ...codes.map((k) => n.diets[k] ?? 0),
      n.cancelled,
      n.absent,
    ];
    text(label.slice(0, 30), MARGIN, f);
    cells.forEach((v, i) => text(String(v), MARGIN + first + i * step, f));
    line();
  };
  for (const s of c.sites) {
    line(6);
    text(s.site_name ?? "Senza plesso", MARGIN, bold, 10);
    line();
    cols.forEach((h, i) => text(h, i === 0 ? MARGIN : MARGIN + first + (i - 1) * step, bold, 8));
    line();
    for (const k of s.classes) row(k.class_name ?? "-", k, font);
    row("Totale plesso", s, bold);
  }
  line(6);
  row("TOTALE GIORNATA", c.totals, bold);
  return await doc.save();
}
