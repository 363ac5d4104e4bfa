/**
 * The Poste Italiane Data Matrix of the "Bollettino postale PA" section, printed only when the
 * Ente collects on a postal account. 256 characters, fixed fields (layout of pagoPA's own notice
 * generator; Poste's "Manuale della stampa in proprio"):
 *
 *   codfase=NBPA; 18 NAV(18) 12 c/c(12) 10 importo cents(10) 3 896 1P1 CF ente(11)
 *   CF debitore(16, space padded) nome(40) oggetto(110) 12 spaces A
 *
 * The symbol comes from bwip-js (`datamatrix`, square, automatic size) as a module matrix.
 *
 * @module
 */

import bwipjs from "bwip-js";
import { parseNoticeNumber } from "./notice_number.ts";

export const DATAMATRIX_LENGTH = 256;

export interface DataMatrixFields {
  nav: string;
  postalAccount: string;
  cents: number;
  enteTaxCode: string;
  debtorTaxCode: string;
  debtorName: string;
  subject: string;
}

/** Fits text to a fixed-width field: ASCII only (accents folded), padded or cut at `width`. */
export function fixedField(text: string, width: number): string {
  const ascii = text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\x20-\x7e]/g, " ");
  return ascii.slice(0, width).padEnd(width, " ");
}

/** The 256-character payload; throws with an Italian message when a field cannot be encoded. */
export function dataMatrixPayload(f: DataMatrixFields): string {
  const p = parseNoticeNumber(f.nav);
  if (!p.ok) throw new RangeError(p.message);
  if (!/^[0-9]{1,12}$/.test(f.postalAccount)) {
    throw new RangeError("Il conto corrente postale deve avere al massimo 12 cifre.");
  }
  if (!Number.isSafeInteger(f.cents) || f.cents <= 0 || f.cents > 9_999_999_999) {
    throw new RangeError("Importo non valido per il bollettino postale.");
  }
  if (!/^[0-9]{11}$/.test(f.enteTaxCode)) {
    throw new RangeError("Il codice fiscale dell'Ente deve avere 11 cifre.");
  }
  const payload = "codfase=NBPA;" +
    "18" + p.nav +
    "12" + f.postalAccount.padStart(12, "0") +
    "10" + String(f.cents).padStart(10, "0") +
    "3" + "896" +
    "1P1" + f.enteTaxCode +
    fixedField(f.debtorTaxCode.toUpperCase(), 16) +
    fixedField(f.debtorName, 40) +
    fixedField(f.subject, 110) +
    " ".repeat(12) + "A";
  return payload;
}

export type DataMatrixRead =
  | { ok: true; nav: string; postalAccount: string; cents: number; enteTaxCode: string }
  | { ok: false; message: string };

/** Reads the fixed fields back (what Poste's and pagoPA's scanners read). */
export function parseDataMatrixPayload(text: string): DataMatrixRead {
  if (!text.startsWith("codfase=NBPA;18")) {
    return { ok: false, message: "Non è un Data Matrix di un bollettino PA." };
  }
  const nav = text.slice(15, 33);
  const cc = text.slice(35, 47);
  const amount = text.slice(49, 59);
  const cf = text.slice(66, 77);
  if (!/^[0-9]{18}$/.test(nav) || !/^[0-9]{12}$/.test(cc) || !/^[0-9]{10}$/.test(amount)) {
    return { ok: false, message: "Campi numerici non validi nel Data Matrix." };
  }
  if (!/^[0-9]{11}$/.test(cf)) {
    return { ok: false, message: "Codice fiscale dell'Ente non valido nel Data Matrix." };
  }
  return { ok: true, nav, postalAccount: cc, cents: Number(amount), enteTaxCode: cf };
}

/** The Data Matrix symbol as rows of booleans (true = dark). */
export function dataMatrixMatrix(payload: string): boolean[][] {
  const [sym] = bwipjs.raw({ bcid: "datamatrix", text: payload }) as {
    pixs: number[];
    pixx: number;
    pixy: number;
  }[];
  const rows: boolean[][] = [];
  for (let r = 0; r < sym.pixy; r++) {
    const row: boolean[] = [];
    for (let c = 0; c < sym.pixx; c++) row.push(sym.pixs[r * sym.pixx + c] === 1);
    rows.push(row);
  }
  return rows;
}
