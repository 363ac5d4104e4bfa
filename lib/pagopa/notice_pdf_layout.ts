/**
 * Layout helpers of the Avviso pagoPA PDF: which options go on which page (as pagoPA's own
 * generator does), text that fits pdf-lib's standard fonts (WinAnsi), wrapping, and 2D codes
 * drawn as vector rectangles (one per dark run), so they stay sharp at any print resolution.
 *
 * @module
 */

import {
  fill,
  type PDFFont,
  type PDFPage,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  setFillingRgbColor,
} from "pdf-lib";
import type { NoticeInput, NoticeOption } from "./notice_data.ts";
import { darkRuns } from "./qr.ts";

/** Instalments per strip: three columns side by side, as the standard's "rate multiple". */
export const INSTALMENTS_PER_PAGE = 3;

export interface PagePlan {
  /** The first page: header, Ente, debtor, "Quanto e quando", "Dove pagare". */
  overview: boolean;
  /** The single payment option shown ("Rata unica"), if any. */
  single: NoticeOption | null;
  /** Instalments shown in columns on this page. */
  instalments: NoticeOption[];
  /** Options that get a "Bollettino postale PA" on this page. */
  postal: NoticeOption[];
}

/**
 * The pages of a notice, matching the reference PDFs: without a postal account the overview,
 * the single payment and the first three instalments fit on one page; with it, the overview
 * carries the single payment and its bollettino, and each three instalments take a page with
 * their bollettini. More than three instalments continue on further pages, three at a time.
 * (With a postal account and no single payment, the overview page carries no payment data.)
 */
export function planPages(
  input: Pick<NoticeInput, "single" | "instalments" | "postal">,
): PagePlan[] {
  const chunks: NoticeOption[][] = [];
  for (let i = 0; i < input.instalments.length; i += INSTALMENTS_PER_PAGE) {
    chunks.push(input.instalments.slice(i, i + INSTALMENTS_PER_PAGE));
  }
  const postal = !!input.postal;
  const first: PagePlan = {
    overview: true,
    single: input.single,
    instalments: [],
    postal: postal && input.single ? [input.single] : [],
  };
  if (!postal && chunks.length) first.instalments = chunks.shift()!;
  const pages = [first];
  for (const c of chunks) {
    pages.push({ overview: false, single: null, instalments: c, postal: postal ? c : [] });
  }
  return pages;
}

const charSets = new WeakMap<PDFFont, Set<number>>();

/** `text` with every character the font cannot encode folded (accents) or replaced by "?". */
export function printable(font: PDFFont, text: string): string {
  let set = charSets.get(font);
  if (!set) charSets.set(font, set = new Set(font.getCharacterSet()));
  let out = "";
  for (const ch of text.replace(/[\r\n\t]+/g, " ")) {
    const cp = ch.codePointAt(0)!;
    if (set.has(cp)) {
      out += ch;
      continue;
    }
    const folded = ch.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    out += folded && [...folded].every((c) => set!.has(c.codePointAt(0)!)) ? folded : "?";
  }
  return out;
}

/** Splits `text` into lines no wider than `width` (long words are cut). */
export function wrap(font: PDFFont, size: number, text: string, width: number): string[] {
  const words = printable(font, text).split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = "";
  const fits = (s: string) => font.widthOfTextAtSize(s, size) <= width;
  for (let w of words) {
    while (!fits(w)) {
      let n = w.length - 1;
      while (n > 1 && !fits(w.slice(0, n))) n--;
      if (line) lines.push(line);
      lines.push(w.slice(0, n));
      line = "";
      w = w.slice(n);
    }
    const next = line ? `${line} ${w}` : w;
    if (fits(next)) line = next;
    else {
      lines.push(line);
      line = w;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** Cuts one line to `width` with an ellipsis. */
export function clip(font: PDFFont, size: number, text: string, width: number): string {
  let t = printable(font, text);
  if (font.widthOfTextAtSize(t, size) <= width) return t;
  while (t.length > 1 && font.widthOfTextAtSize(t + "...", size) > width) t = t.slice(0, -1);
  return t + "...";
}

/**
 * Draws a 2D code (QR, Data Matrix) of side `side` points with its top-left at (x, yTop) in
 * page coordinates (origin bottom-left): one filled rectangle per run of dark modules.
 */
export function drawMatrix(
  page: PDFPage,
  matrix: boolean[][],
  x: number,
  yTop: number,
  side: number,
): void {
  const m = side / matrix.length;
  const ops = [pushGraphicsState(), setFillingRgbColor(0, 0, 0)];
  for (const [r, c, len] of darkRuns(matrix)) {
    ops.push(rectangle(x + c * m, yTop - (r + 1) * m, len * m, m));
  }
  ops.push(fill(), popGraphicsState());
  page.pushOperators(...ops);
}
