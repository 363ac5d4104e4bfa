/**
 * Revenue by service ("riepilogo incassi per servizio") for the ragioneria, which records each
 * receipt on the budget chapter of its service and pagoPA taxonomy code. A receipt pays a notice
 * of a position (the whole amount or one instalment); the position's lines name the services.
 * Each receipt is split across those services in proportion to each service's net share of the
 * position (its lines' sum, credits included), in integer cents by the largest-remainder method,
 * so the parts always add up to the receipt; then the parts are summed per service.
 *
 * Pure: the query (`receipts_by_service_read.ts`) groups receipts of the same position and amount
 * (they split the same way) and sums lines per position and service in SQL.
 *
 * @module
 */

/** One service's net part of a position: the sum of its (not deleted) lines, signed. */
export interface PositionShare {
  positionId: string;
  serviceId: string;
  title: string;
  taxonomyCode: string;
  cents: number;
}

/** Revenue receipts of one position with the same amount (they all split the same way). */
export interface ReceiptGroup {
  positionId: string;
  amountCents: number;
  receipts: number;
  /** 'top_up': a prepaid wallet top-up (no lines). */
  purpose: "charges" | "top_up";
  /** The position's own service and code: where a receipt goes when no line splits it. */
  serviceId: string | null;
  title: string | null;
  taxonomyCode: string;
}

export type ServiceRowKind = "service" | "top_up" | "unattributed";

export interface ServiceTotal {
  /** `serviceId|taxonomyCode`, or `top_up|code` / `none|code` for the rows without a service. */
  key: string;
  kind: ServiceRowKind;
  serviceId: string | null;
  /** The service's title; null for the rows without a service (the page names them). */
  title: string | null;
  taxonomyCode: string;
  /** Receipts with a part (not zero) on this row; a split receipt counts on each of its rows. */
  receipts: number;
  cents: number;
}

export interface RevenueByService {
  rows: ServiceTotal[];
  /** Receipts and cents of all groups: the sum of the rows' cents, by construction. */
  receipts: number;
  cents: number;
}

const floorDiv = (a: bigint, b: bigint) => {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
};

/**
 * `amount` split in proportion to `weights` (signed integers whose sum is positive), in integers
 * that add up exactly to `amount`: each part is the floor of its exact share, and the cents left
 * go one each to the largest remainders; equal remainders go to the earlier weight. Exact for
 * any safe integers (BigInt arithmetic).
 *
 * @example splitCents(100, [1, 1, 1]) // [34, 33, 33]
 */
export function splitCents(amount: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`amount ${amount} is not an integer`);
  if (weights.some((w) => !Number.isSafeInteger(w))) throw new RangeError("weights not integers");
  const total = weights.reduce((s, w) => s + BigInt(w), 0n);
  if (total <= 0n) throw new RangeError("the weights must add up to more than zero");
  const a = BigInt(amount);
  const parts = weights.map((w) => floorDiv(a * BigInt(w), total));
  const rest = weights.map((w, i) => a * BigInt(w) - parts[i] * total);
  let left = a - parts.reduce((s, p) => s + p, 0n);
  const order = weights.map((_, i) => i).sort((i, j) =>
    rest[j] > rest[i] ? 1 : rest[j] < rest[i] ? -1 : i - j
  );
  for (const i of order) {
    if (left <= 0n) break;
    parts[i] += 1n;
    left -= 1n;
  }
  return parts.map(Number);
}

const RANK: Record<ServiceRowKind, number> = { service: 0, top_up: 1, unattributed: 2 };

/** Services by title (then id), then the top-ups, then what no service takes. */
const byTitle = (
  a: { kind: ServiceRowKind; title: string | null; key: string },
  b: typeof a,
) =>
  RANK[a.kind] - RANK[b.kind] || (a.title ?? "").localeCompare(b.title ?? "", "it") ||
  (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * Revenue receipts summed per service and taxonomy code. A position whose lines add up to zero or
 * less, or that has none (a wallet top-up, a position written by hand), gives each receipt whole
 * to its own service; with no service, to the "top-ups" or the "not attributed" row.
 */
export function revenueByService(
  groups: readonly ReceiptGroup[],
  shares: readonly PositionShare[],
): RevenueByService {
  const byPosition = new Map<string, PositionShare[]>();
  for (const s of shares) {
    if (s.cents === 0) continue;
    const list = byPosition.get(s.positionId) ?? [];
    list.push(s);
    byPosition.set(s.positionId, list);
  }
  const asRow = (s: PositionShare) => ({
    kind: "service" as const,
    title: s.title,
    key: s.serviceId,
  });
  for (const list of byPosition.values()) list.sort((a, b) => byTitle(asRow(a), asRow(b)));
  const rows = new Map<string, ServiceTotal>();
  const add = (row: Omit<ServiceTotal, "receipts" | "cents">, cents: number, receipts: number) => {
    if (cents === 0) return;
    const r = rows.get(row.key) ?? { ...row, receipts: 0, cents: 0 };
    r.receipts += receipts;
    r.cents += cents * receipts;
    rows.set(row.key, r);
  };
  let receipts = 0;
  let cents = 0;
  for (const g of groups) {
    receipts += g.receipts;
    cents += g.amountCents * g.receipts;
    const list = byPosition.get(g.positionId) ?? [];
    if (list.reduce((s, x) => s + x.cents, 0) > 0) {
      const parts = splitCents(g.amountCents, list.map((x) => x.cents));
      list.forEach((x, i) =>
        add(
          {
            key: `${x.serviceId}|${x.taxonomyCode}`,
            kind: "service",
            serviceId: x.serviceId,
            title: x.title,
            taxonomyCode: x.taxonomyCode,
          },
          parts[i],
          g.receipts,
        )
      );
    } else if (g.serviceId) {
      add(
        {
          key: `${g.serviceId}|${g.taxonomyCode}`,
          kind: "service",
          serviceId: g.serviceId,
          title: g.title,
          taxonomyCode: g.taxonomyCode,
        },
        g.amountCents,
        g.receipts,
      );
    } else {
      const kind = g.purpose === "top_up" ? "top_up" : "unattributed";
      add(
        {
          key: `${kind === "top_up" ? "top_up" : "none"}|${g.taxonomyCode}`,
          kind,
          serviceId: null,
          title: null,
          taxonomyCode: g.taxonomyCode,
        },
        g.amountCents,
        g.receipts,
      );
    }
  }
  return { rows: [...rows.values()].sort(byTitle), receipts, cents };
}
