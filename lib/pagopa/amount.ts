/**
 * Amounts and dates as the Avviso pagoPA prints them: Italian grouping ("1.234,56"), followed
 * by "Euro" in the standard's texts ("1.234,56 Euro") or by the symbol on screens ("1.234,56 €");
 * due dates as `dd/mm/yyyy`. Money is always integer cents.
 *
 * @module
 */

function assertCents(cents: number): void {
  if (!Number.isSafeInteger(cents)) {
    throw new RangeError(`Importo non valido: ${cents} non è un numero intero di centesimi.`);
  }
}

/** "1.234,56" for 123456 cents; negatives keep their sign ("-0,50"). */
export function formatAmount(cents: number): string {
  assertCents(cents);
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  const euros = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  return `${sign}${euros},${String(abs % 100).padStart(2, "0")}`;
}

/** "1.234,56 Euro", the notice's form. */
export const formatEuroText = (cents: number) => `${formatAmount(cents)} Euro`;

/** "1.234,56 €", the screens' form. */
export const formatEuroSymbol = (cents: number) => `${formatAmount(cents)} €`;

/** The amount field of the QR and of pagoPA messages: "8550" → cents as digits, no padding. */
export function qrAmount(cents: number): string {
  assertCents(cents);
  if (cents <= 0 || cents > 9_999_999_999) {
    throw new RangeError("L'importo di un avviso deve essere tra 0,01 e 99.999.999,99 euro.");
  }
  return String(cents);
}

/** "31/12/2026" for the calendar date "2026-12-31" (no time zone involved). */
export function formatDueDate(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) throw new RangeError(`Data non valida: "${isoDate}" (atteso AAAA-MM-GG).`);
  return `${m[3]}/${m[2]}/${m[1]}`;
}

/** Parses "1.234,56", "1234,56", "1234.56" or "12" into cents, or null when it is not money. */
export function parseAmount(text: string): number | null {
  const t = text.replace(/\s|€|euro/gi, "");
  let m = /^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?$/.exec(t);
  if (m) return Number(m[1].replaceAll(".", "")) * 100 + Number((m[2] ?? "0").padEnd(2, "0"));
  m = /^(\d+)\.(\d{1,2})$/.exec(t);
  if (m) return Number(m[1]) * 100 + Number(m[2].padEnd(2, "0"));
  return null;
}
