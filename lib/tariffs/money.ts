/**
 * Exact money arithmetic for tariffs: amounts are rationals of cents (bigint numerator and
 * denominator), so a linear formula or a 30 % reduction never drifts; only the declared rounding
 * rule turns them into integer cents. Percentages are basis points (3000 = 30 %).
 */

/** A non-normalised rational number of cents: `n / d`, `d > 0`. */
export interface Q {
  readonly n: bigint;
  readonly d: bigint;
}

export const ROUNDING_MODES = ["half_up", "half_even", "down", "up"] as const;
/**
 * How an exact amount becomes whole cents: `half_up` (0,5 away from zero, the common "per
 * eccesso da mezzo centesimo"), `half_even` (banker's), `down` (truncate), `up` (to the next cent).
 */
export type Rounding = typeof ROUNDING_MODES[number];

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  while (b) [a, b] = [b, a % b];
  return a;
}

function norm(n: bigint, d: bigint): Q {
  if (d < 0n) [n, d] = [-n, -d];
  if (d === 1n) return { n, d };
  const g = gcd(n, d);
  return g > 1n ? { n: n / g, d: d / g } : { n, d };
}

export const q = (n: number | bigint, d: number | bigint = 1): Q => norm(BigInt(n), BigInt(d));
export const ZERO: Q = { n: 0n, d: 1n };

export const add = (a: Q, b: Q): Q =>
  a.d === b.d ? norm(a.n + b.n, a.d) : norm(a.n * b.d + b.n * a.d, a.d * b.d);
export const sub = (a: Q, b: Q): Q =>
  a.d === b.d ? norm(a.n - b.n, a.d) : norm(a.n * b.d - b.n * a.d, a.d * b.d);
export const mul = (a: Q, b: Q): Q => norm(a.n * b.n, a.d * b.d);
export const div = (a: Q, b: Q): Q => {
  if (b.n === 0n) throw new RangeError("division by zero");
  return norm(a.n * b.d, a.d * b.n);
};
export const cmp = (a: Q, b: Q): number => {
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
};
export const max = (a: Q, b: Q): Q => cmp(a, b) >= 0 ? a : b;
export const min = (a: Q, b: Q): Q => cmp(a, b) <= 0 ? a : b;
export const isInteger = (a: Q): boolean => a.n % a.d === 0n;

/** `amount × (10000 − bp) / 10000`: what is left after a reduction of `bp` basis points. */
export const reduceBp = (a: Q, bp: number): Q => mul(a, q(10_000 - bp, 10_000));
/** `amount × (10000 + bp) / 10000`. */
export const surchargeBp = (a: Q, bp: number): Q => mul(a, q(10_000 + bp, 10_000));

/** Whole cents by the declared rule. */
export function round(a: Q, mode: Rounding): number {
  const { n, d } = a;
  const neg = n < 0n;
  const abs = neg ? -n : n;
  let whole = abs / d;
  const rest = abs % d;
  if (rest !== 0n) {
    const twice = rest * 2n;
    if (mode === "up") whole += 1n;
    else if (mode === "half_up") whole += twice >= d ? 1n : 0n;
    else if (mode === "half_even") {
      whole += twice > d || (twice === d && whole % 2n === 1n) ? 1n : 0n;
    }
  }
  const out = neg ? -whole : whole;
  if (out > BigInt(Number.MAX_SAFE_INTEGER) || out < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError("amount out of range");
  }
  return Number(out);
}

/** A decimal string of `a` cents expressed in euro with `digits` decimals (truncated toward 0). */
function decimalEuro(a: Q, digits: number): { int: string; frac: string; exact: boolean } {
  const neg = a.n < 0n;
  const abs = neg ? -a.n : a.n;
  const scale = 10n ** BigInt(digits);
  // cents → euro is another factor 100
  const scaled = (abs * scale) / (a.d * 100n);
  const exact = (abs * scale) % (a.d * 100n) === 0n;
  const s = scaled.toString().padStart(digits + 1, "0");
  return {
    int: (neg ? "-" : "") + s.slice(0, s.length - digits),
    frac: s.slice(s.length - digits),
    exact,
  };
}

function group(int: string, sep: string): string {
  const neg = int.startsWith("-");
  const digits = neg ? int.slice(1) : int;
  const out = digits.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
  return (neg ? "−" : "") + out;
}

/**
 * Euro as a family reads it, with grouping even for four digits ("1.234,50 €", "€1,234.50"),
 * which `Intl` omits for Italian. Exact rationals that are not whole cents show up to four
 * decimals with an ellipsis ("107,4509… €"), so every intermediate step stays checkable.
 */
export function formatEuro(cents: number | Q, lang: "it" | "en" = "it"): string {
  if (typeof cents === "number" || cents.d === 1n) {
    // whole cents (the common case): plain number arithmetic, exact below 2^53
    const n = typeof cents === "number" ? cents : Number(cents.n);
    const abs = Math.abs(n);
    const int = group(String(Math.trunc(abs / 100)), lang === "it" ? "." : ",");
    const frac = String(abs % 100).padStart(2, "0");
    const sign = n < 0 ? "−" : "";
    return lang === "it" ? `${sign}${int},${frac} €` : `${sign}€${int}.${frac}`;
  }
  const value = cents;
  let { int, frac, exact } = decimalEuro(value, 2);
  let tail = "";
  if (!exact) {
    const four = decimalEuro(value, 4);
    frac = four.frac.replace(/0+$/, "").padEnd(2, "0");
    int = four.int;
    tail = four.exact ? "" : "…";
  }
  return lang === "it"
    ? `${group(int, ".")},${frac}${tail} €`
    : `${int.startsWith("-") ? "−" : ""}€${group(int.replace("-", ""), ",")}.${frac}${tail}`;
}

/** "30 %", "12,5 %" / "30%", "12.5%" from basis points. */
export function formatBp(bp: number, lang: "it" | "en" = "it"): string {
  const whole = Math.trunc(bp / 100);
  const rest = Math.abs(bp % 100);
  const frac = rest
    ? (lang === "it" ? "," : ".") + String(rest).padStart(2, "0").replace(/0$/, "")
    : "";
  return lang === "it" ? `${whole}${frac} %` : `${whole}${frac}%`;
}

/**
 * Parses euro as typed in a form ("12.400,00", "12400,5", "12400.50", "12,400.50") into integer
 * cents; null when it is not an amount with at most two decimals.
 */
export function parseEuro(text: string): number | null {
  const s = text.trim().replace(/\s|€/g, "");
  if (!s) return null;
  let normalized: string;
  if (/^\d{1,3}(\.\d{3})+(,\d{1,2})?$/.test(s) || /^\d+(,\d{1,2})?$/.test(s)) {
    normalized = s.replaceAll(".", "").replace(",", ".");
  } else if (/^\d{1,3}(,\d{3})+\.\d{1,2}$/.test(s) || /^\d+(\.\d{1,2})?$/.test(s)) {
    // "1,234" alone is ambiguous (Italian decimals or English thousands): refused
    normalized = s.replaceAll(",", "");
  } else return null;
  const [int, frac = ""] = normalized.split(".");
  const cents = BigInt(int) * 100n + BigInt(frac.padEnd(2, "0"));
  return cents > BigInt(Number.MAX_SAFE_INTEGER) ? null : Number(cents);
}

/** "30", "12,5", "12.25" (percent) → basis points; null when not a percentage with ≤ 2 decimals. */
export function parsePercent(text: string): number | null {
  const s = text.trim().replace(/\s|%/g, "").replace(",", ".");
  if (!/^\d{1,5}(\.\d{1,2})?$/.test(s)) return null;
  const [int, frac = ""] = s.split(".");
  return Number(int) * 100 + Number(frac.padEnd(2, "0"));
}

/** Cents as the plain "1234,50" a form field shows (no grouping, no symbol). */
export function centsToInput(cents: number | null | undefined): string {
  if (cents === null || cents === undefined) return "";
  return `${Math.trunc(cents / 100)},${String(cents % 100).padStart(2, "0")}`;
}
