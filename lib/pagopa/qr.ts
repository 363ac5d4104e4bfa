/**
 * The pagoPA QR code of a payment option (Avviso pagoPA, SANP "Utilizzo del QR code"):
 * payload `PAGOPA|002|<NAV 18>|<CF ente 11>|<importo in centesimi>`, ISO/IEC 18004 version 4
 * (33×33 modules), error correction M, printed as vectors. The symbol is returned as a module
 * matrix; `notice_pdf.ts` draws it with one path per row run.
 *
 * @module
 */

import qrcode from "qrcode-generator";
import { qrAmount } from "./amount.ts";
import { parseNoticeNumber } from "./notice_number.ts";

export const QR_VERSION = 4;
export const QR_MODULES = 17 + 4 * QR_VERSION;

/** `PAGOPA|002|302032002700000251|03334231200|8550`. */
export function qrPayload(nav: string, enteTaxCode: string, cents: number): string {
  const p = parseNoticeNumber(nav);
  if (!p.ok) throw new RangeError(p.message);
  if (!/^[0-9]{11}$/.test(enteTaxCode)) {
    throw new RangeError("Il codice fiscale dell'Ente deve avere 11 cifre.");
  }
  return `PAGOPA|002|${p.nav}|${enteTaxCode}|${qrAmount(cents)}`;
}

export type QrParse =
  | { ok: true; nav: string; enteTaxCode: string; cents: number }
  | { ok: false; code: string; message: string };

/** Reads a scanned payload as pagoPA apps do (amount 1..10 digits, zero padding allowed). */
export function parseQrPayload(text: string): QrParse {
  const parts = text.split("|");
  if (parts.length !== 5 || parts[0] !== "PAGOPA") {
    return { ok: false, code: "identifier", message: "Non è un codice QR pagoPA." };
  }
  if (parts[1] !== "002") {
    return {
      ok: false,
      code: "version",
      message: `Versione del codice QR pagoPA non supportata (${parts[1]}).`,
    };
  }
  if (!/^[0-9]{18}$/.test(parts[2]) || Number(parts[2][0]) > 3) {
    return { ok: false, code: "notice_number", message: "Codice avviso non valido nel QR." };
  }
  if (!/^[0-9]{11}$/.test(parts[3])) {
    return {
      ok: false,
      code: "tax_code",
      message: "Codice fiscale dell'Ente non valido nel QR (11 cifre).",
    };
  }
  if (!/^[0-9]{1,10}$/.test(parts[4])) {
    return { ok: false, code: "amount", message: "Importo non valido nel QR." };
  }
  return { ok: true, nav: parts[2], enteTaxCode: parts[3], cents: Number(parts[4]) };
}

/** The QR symbol as rows of booleans (true = dark), version 4, ECC M, byte mode. */
export function qrMatrix(payload: string): boolean[][] {
  const qr = qrcode(QR_VERSION, "M");
  qr.addData(payload, "Byte");
  qr.make();
  const n = qr.getModuleCount();
  const rows: boolean[][] = [];
  for (let r = 0; r < n; r++) {
    const row: boolean[] = [];
    for (let c = 0; c < n; c++) row.push(qr.isDark(r, c));
    rows.push(row);
  }
  return rows;
}

/** Runs of dark modules per row, `[row, firstColumn, length]`: what a vector renderer fills. */
export function darkRuns(matrix: boolean[][]): [number, number, number][] {
  const runs: [number, number, number][] = [];
  matrix.forEach((row, r) => {
    let start = -1;
    for (let c = 0; c <= row.length; c++) {
      const dark = c < row.length && row[c];
      if (dark && start < 0) start = c;
      else if (!dark && start >= 0) {
        runs.push([r, start, c - start]);
        start = -1;
      }
    }
  });
  return runs;
}
