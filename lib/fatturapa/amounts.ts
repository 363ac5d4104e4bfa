/**
 * Invoice arithmetic in integer cents: the Ente's tariffs are what families pay, VAT included,
 * so each VAT rate's total is split into taxable amount and tax ("scorporo") once per rate, and
 * the taxable amount is spread back over that rate's lines so that the lines add up exactly.
 * The total of the invoice is therefore always the sum of the lines as charged (and the amount
 * of the pagoPA position).
 *
 * @module
 */

/** One line as charged (VAT included) with its VAT treatment. */
export interface LineAmount {
  /** What the payer is charged, VAT included (negative for credits). */
  grossCents: number;
  /** VAT rate in basis points (400 = 4%); 0 with a natura. */
  vatRateBp: number;
  /** Natura of a line without VAT (N1…N7), null when taxed. */
  nature: string | null;
}

/** One DatiRiepilogo: the totals of one rate (or one natura). */
export interface SummaryRow {
  vatRateBp: number;
  nature: string | null;
  taxableCents: number;
  vatCents: number;
}

export interface Totals {
  /** The taxable amount of each line, in the order given. */
  lineNetCents: number[];
  summary: SummaryRow[];
  taxableCents: number;
  vatCents: number;
  totalCents: number;
}

/** Natura codes the SdI accepts since 1 January 2021 (bare N2, N3, N6 are refused). */
export const NATURES = [
  "N1",
  "N2.1",
  "N2.2",
  "N3.1",
  "N3.2",
  "N3.3",
  "N3.4",
  "N3.5",
  "N3.6",
  "N4",
  "N5",
  "N6.1",
  "N6.2",
  "N6.3",
  "N6.4",
  "N6.5",
  "N6.6",
  "N6.7",
  "N6.8",
  "N6.9",
  "N7",
] as const;

/** Natura codes of operations on which the bollo virtuale is due above 77.47 EUR. */
const STAMP_NATURES = new Set(["N1", "N2.1", "N2.2", "N4"]);
export const STAMP_THRESHOLD_CENTS = 7747;
export const STAMP_DUTY_CENTS = 200;

/** Rounds half away from zero (as the SdI and accountants do), for a ratio of integers. */
export function roundDiv(num: number, den: number): number {
  const q = Math.abs(num) / Math.abs(den);
  const r = Math.floor(q + 0.5 + 1e-9);
  return (num < 0) !== (den < 0) ? -r : r;
}

/** The taxable part of a VAT-inclusive amount: round(gross / (1 + rate)). */
export function netOfVat(grossCents: number, vatRateBp: number): number {
  return roundDiv(grossCents * 10000, 10000 + vatRateBp);
}

function key(l: { vatRateBp: number; nature: string | null }): string {
  return l.nature ? `N:${l.nature}` : `R:${l.vatRateBp}`;
}

/**
 * Totals of an invoice whose lines are VAT-inclusive amounts. Summary rows are ordered by rate
 * (highest first), then natura.
 */
export function computeTotals(lines: LineAmount[]): Totals {
  for (const l of lines) {
    if (!Number.isSafeInteger(l.grossCents)) throw new RangeError("grossCents must be an integer");
    if (l.nature === null && !(l.vatRateBp > 0 && l.vatRateBp <= 10000)) {
      throw new RangeError("a line needs a VAT rate or a natura");
    }
    if (l.nature !== null && l.vatRateBp !== 0) {
      throw new RangeError("a line with a natura has no VAT rate");
    }
  }
  const groups = new Map<string, number[]>();
  lines.forEach((l, i) => {
    const k = key(l);
    groups.set(k, [...(groups.get(k) ?? []), i]);
  });
  const lineNetCents = lines.map((l) =>
    l.nature ? l.grossCents : netOfVat(l.grossCents, l.vatRateBp)
  );
  const summary: SummaryRow[] = [];
  for (const idx of groups.values()) {
    const first = lines[idx[0]];
    const gross = idx.reduce((s, i) => s + lines[i].grossCents, 0);
    const taxable = first.nature ? gross : netOfVat(gross, first.vatRateBp);
    // Spread the rounding difference one cent at a time over the largest lines.
    let diff = taxable - idx.reduce((s, i) => s + lineNetCents[i], 0);
    const order = [...idx].sort((a, b) =>
      Math.abs(lines[b].grossCents) - Math.abs(lines[a].grossCents) || a - b
    );
    for (let k = 0; diff !== 0; k = (k + 1) % order.length) {
      const step = diff > 0 ? 1 : -1;
      lineNetCents[order[k]] += step;
      diff -= step;
    }
    summary.push({
      vatRateBp: first.vatRateBp,
      nature: first.nature,
      taxableCents: taxable,
      vatCents: gross - taxable,
    });
  }
  summary.sort((a, b) =>
    b.vatRateBp - a.vatRateBp || (a.nature ?? "").localeCompare(b.nature ?? "")
  );
  const taxableCents = summary.reduce((s, r) => s + r.taxableCents, 0);
  const vatCents = summary.reduce((s, r) => s + r.vatCents, 0);
  return { lineNetCents, summary, taxableCents, vatCents, totalCents: taxableCents + vatCents };
}

/** The bollo virtuale due on an invoice: 2 EUR when its exempt/excluded amount exceeds 77.47. */
export function stampDutyCents(summary: SummaryRow[], enabled: boolean): number {
  if (!enabled) return 0;
  const exempt = summary
    .filter((r) => r.nature && STAMP_NATURES.has(r.nature))
    .reduce((s, r) => s + r.taxableCents, 0);
  return exempt > STAMP_THRESHOLD_CENTS ? STAMP_DUTY_CENTS : 0;
}

/** Cents as the XML wants them: "12.34", "-0.05". */
export function decimal2(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const a = Math.abs(cents);
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, "0")}`;
}

/** A rate in basis points as <AliquotaIVA>: 400 → "4.00". */
export function rate(bp: number): string {
  return decimal2(bp);
}

/** A quantity as <Quantita> (2 to 8 decimals): 18 → "18.00", 2.5 → "2.50", 0.125 → "0.125". */
export function quantity(q: number): string {
  const s = q.toFixed(8).replace(/0+$/, "");
  const [i, d = ""] = s.split(".");
  return `${i}.${d.padEnd(2, "0")}`;
}

/** A unit price as <PrezzoUnitario> (2 to 8 decimals) so that price × quantity = total. */
export function unitPrice(totalCents: number, q: number): string {
  const v = totalCents / 100 / q;
  const s = v.toFixed(8).replace(/0+$/, "");
  const [i, d = ""] = s.split(".");
  return `${i === "-0" ? "-0" : i}.${d.padEnd(2, "0")}`;
}
