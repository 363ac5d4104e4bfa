/**
 * Writing CSV files the way the office opens them: Excel in Italian reads `;` as the separator,
 * `,` as the decimal mark and UTF-8 only with a BOM. Text that a spreadsheet would run as a
 * formula (=, +, -, @ at the start; a negative amount is left a number) is defused with a
 * leading apostrophe.
 *
 * @module
 */

/** "-3,20": a negative amount, not a formula (what `csvEuro` writes). */
const NEGATIVE_NUMBER = /^-\d+(,\d+)?$/;

/** One cell: quoted when it holds a separator, a quote or a line break, or was defused. */
export function csvCell(v: string | number | null | undefined): string {
  const s = v === null || v === undefined ? "" : String(v);
  const formula = /^[=+@\t\r]/.test(s) || (/^-/.test(s) && !NEGATIVE_NUMBER.test(s));
  const safe = typeof v === "string" && formula ? `'${s}` : s;
  return /[";\n\r]/.test(safe) || safe !== s ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Cents as the decimal Italian spreadsheets read: 12550 → "125,50", -320 → "-3,20". */
export function csvEuro(cents: number | null): string {
  if (cents === null) return "";
  const abs = Math.abs(cents);
  return `${cents < 0 ? "-" : ""}${Math.trunc(abs / 100)},${String(abs % 100).padStart(2, "0")}`;
}

/** A whole file: the header, then the rows, CRLF line ends; with a BOM when `bom` is set. */
export function csvText(
  head: readonly string[],
  rows: readonly (readonly (string | number | null | undefined)[])[],
  opts: { bom?: boolean } = {},
): string {
  const text = [head, ...rows].map((r) => r.map(csvCell).join(";")).join("\r\n") + "\r\n";
  return opts.bom ? `\uFEFF${text}` : text;
}
