/**
 * The period of a charge as people read it on an invoice: "ottobre 2026" for a whole month,
 * "1° trimestre"-like spans as "dal 01/09/2026 al 31/12/2026", one day as "05/10/2026".
 *
 * @module
 */

const MONTHS = [
  "gennaio",
  "febbraio",
  "marzo",
  "aprile",
  "maggio",
  "giugno",
  "luglio",
  "agosto",
  "settembre",
  "ottobre",
  "novembre",
  "dicembre",
];

/** "2026-10-05" → "05/10/2026". */
export function italianDate(iso: string): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

function lastDayOfMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** A period for an invoice line (Italian: the invoice is an Italian fiscal document). */
export function periodLabel(start: string, end: string): string {
  if (start === end) return italianDate(start);
  const y = Number(start.slice(0, 4));
  const m = Number(start.slice(5, 7));
  if (
    start.slice(0, 7) === end.slice(0, 7) && start.endsWith("-01") &&
    Number(end.slice(8, 10)) === lastDayOfMonth(y, m)
  ) {
    return `${MONTHS[m - 1]} ${y}`;
  }
  return `dal ${italianDate(start)} al ${italianDate(end)}`;
}
