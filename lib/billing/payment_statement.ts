/**
 * The yearly statement of payments (attestazione dei pagamenti): what a payer paid in a calendar
 * year, per child and service, for the nursery bonus, tax deductions and school expenses.
 *
 * Pure rules over plain rows (the queries are in `payment_statement_read.ts`):
 *
 * - a receipt belongs to the year of its payment's Europe/Rome date;
 * - a receipt of a position of charges is shared among the position's children × services in
 *   proportion to the net of their lines (credits included), by largest remainder, so the cents
 *   of each receipt add up exactly. Only groups with a positive net take a share: a group whose
 *   lines net zero or less (a credit given back to one child) has already lowered what was asked,
 *   and a statement never shows a negative payment. Lines without a child go to "Altri importi";
 *   a position whose lines net zero or less (or that has none) goes there whole;
 * - instalments are receipts like the others: each is shared by the same proportions;
 * - wallet top-ups have no lines: they are listed apart ("Ricariche del borsellino");
 * - the grand total is the sum of the receipts, top-ups included.
 *
 * @module
 */

import { paymentMethodLabel } from "../pagopa/receipts_rules.ts";
import { romeDate } from "../i18n/mod.ts";

/** A receipt that credited a position (status matched), with what the statement prints of it. */
export interface StatementReceipt {
  id: string;
  debt_position_id: string;
  purpose: "charges" | "top_up";
  amount_cents: number;
  /** ISO instant of the payment. */
  paid_at: string;
  notice_number: string | null;
  iuv: string;
  instalment: number;
  source: string;
  payment_method: string | null;
  /** The position's service (null for an aggregated position) and period. */
  service_title: string | null;
  period_start: string | null;
  period_end: string | null;
}

/** An issued, not deleted charge line of a position paid by one of the receipts. */
export interface StatementLine {
  debt_position_id: string;
  beneficiary_id: string | null;
  beneficiary_name: string | null;
  beneficiary_tax_code: string | null;
  service_id: string;
  service_title: string;
  period_start: string;
  period_end: string;
  amount_cents: number;
}

export interface StatementEntry {
  receipt_id: string;
  /** Europe/Rome date of the payment, YYYY-MM-DD. */
  paid_on: string;
  amount_cents: number;
  period_start: string | null;
  period_end: string | null;
  notice_number: string | null;
  iuv: string;
  /** 0 = single payment, 1..n = instalment. */
  instalment: number;
  /** How it was paid, in Italian ("Carta di pagamento", "Contanti (fuori pagoPA)"). */
  method: string;
}

export interface StatementService {
  service: string;
  entries: StatementEntry[];
  total_cents: number;
}

export interface StatementChild {
  /** null: "Altri importi" (lines about no child, positions with nothing to share). */
  beneficiary_id: string | null;
  name: string;
  tax_code: string | null;
  services: StatementService[];
  total_cents: number;
}

export interface Statement {
  year: number;
  children: StatementChild[];
  /** Wallet top-ups (prepaid meals), per service. */
  top_ups: StatementService[];
  top_ups_cents: number;
  /** The sum of the receipts: children's totals plus top-ups, to the cent. */
  total_cents: number;
  receipts: number;
}

export const OTHER_AMOUNTS = "Altri importi";
export const OTHER_SERVICES = "Servizi diversi";

/**
 * `amount` shared in proportion to positive integer `weights` by largest remainder: the shares
 * add up to `amount` exactly; ties in the remainder go to the larger weight, then the first.
 *
 * @example allocate(100, [1, 1, 1]) // [34, 33, 33]
 */
export function allocate(amount: number, weights: number[]): number[] {
  if (!Number.isSafeInteger(amount) || amount < 0) {
    throw new RangeError(`amount must be whole cents ≥ 0: ${amount}`);
  }
  if (!weights.length) throw new RangeError("nothing to allocate to");
  if (weights.some((w) => !Number.isSafeInteger(w) || w <= 0)) {
    throw new RangeError(`weights must be positive whole cents: ${weights}`);
  }
  const total = weights.reduce((a, w) => a + BigInt(w), 0n);
  const a = BigInt(amount);
  const shares = weights.map((w) => (a * BigInt(w)) / total);
  const rest = weights.map((w, i) => ({ i, w, r: (a * BigInt(w)) % total }));
  let left = amount - shares.reduce((s, x) => s + Number(x), 0);
  rest.sort((x, y) => (x.r === y.r ? y.w - x.w || x.i - y.i : x.r > y.r ? -1 : 1));
  for (const { i } of rest) {
    if (left <= 0) break;
    shares[i] += 1n;
    left--;
  }
  return shares.map(Number);
}

/** The calendar year of an instant in Europe/Rome. */
export const romeYear = (iso: string): number => Number(romeDate(new Date(iso)).slice(0, 4));

interface Group {
  beneficiary_id: string | null;
  name: string;
  tax_code: string | null;
  service_id: string | null;
  service: string;
  net: number;
  period_start: string | null;
  period_end: string | null;
}

/** A position's lines as groups child × service, with their net and the span of their periods. */
export function positionGroups(lines: StatementLine[]): Group[] {
  const by = new Map<string, Group>();
  for (const l of lines) {
    const key = `${l.beneficiary_id ?? "-"}|${l.service_id}`;
    const g = by.get(key) ?? {
      beneficiary_id: l.beneficiary_id,
      name: l.beneficiary_id ? l.beneficiary_name ?? OTHER_AMOUNTS : OTHER_AMOUNTS,
      tax_code: l.beneficiary_id ? l.beneficiary_tax_code : null,
      service_id: l.service_id,
      service: l.service_title,
      net: 0,
      period_start: l.period_start,
      period_end: l.period_end,
    };
    g.net += l.amount_cents;
    if (l.period_start < g.period_start!) g.period_start = l.period_start;
    if (l.period_end > g.period_end!) g.period_end = l.period_end;
    by.set(key, g);
  }
  return [...by.values()].sort((a, b) =>
    (a.beneficiary_id ?? "").localeCompare(b.beneficiary_id ?? "") ||
    (a.service_id ?? "").localeCompare(b.service_id ?? "")
  );
}

/**
 * How one receipt is shared: one part per group with a positive net, in proportion to it; the
 * whole amount to "Altri importi" when the position's lines net zero or less (or it has none).
 */
export function shareReceipt(
  r: StatementReceipt,
  lines: StatementLine[],
): { group: Group; cents: number }[] {
  const groups = positionGroups(lines);
  const positive = groups.filter((g) => g.net > 0);
  const net = groups.reduce((s, g) => s + g.net, 0);
  if (net <= 0 || !positive.length) {
    return [{
      group: {
        beneficiary_id: null,
        name: OTHER_AMOUNTS,
        tax_code: null,
        service_id: null,
        service: r.service_title ?? OTHER_SERVICES,
        net,
        period_start: r.period_start,
        period_end: r.period_end,
      },
      cents: r.amount_cents,
    }];
  }
  const shares = allocate(r.amount_cents, positive.map((g) => g.net));
  return positive.map((group, i) => ({ group, cents: shares[i] })).filter((s) => s.cents > 0);
}

function entryOf(r: StatementReceipt, cents: number, g?: Group): StatementEntry {
  return {
    receipt_id: r.id,
    paid_on: romeDate(new Date(r.paid_at)),
    amount_cents: cents,
    period_start: g ? g.period_start : r.period_start,
    period_end: g ? g.period_end : r.period_end,
    notice_number: r.notice_number,
    iuv: r.iuv,
    instalment: r.instalment,
    method: paymentMethodLabel(r.source, r.payment_method, "it"),
  };
}

const byEntry = (a: StatementEntry, b: StatementEntry) =>
  a.paid_on.localeCompare(b.paid_on) ||
  (a.period_start ?? "").localeCompare(b.period_start ?? "") ||
  (a.notice_number ?? a.iuv).localeCompare(b.notice_number ?? b.iuv);

function services(map: Map<string, StatementEntry[]>): StatementService[] {
  return [...map.entries()]
    .map(([service, entries]) => ({
      service,
      entries: entries.sort(byEntry),
      total_cents: entries.reduce((s, e) => s + e.amount_cents, 0),
    }))
    .sort((a, b) => a.service.localeCompare(b.service, "it"));
}

/**
 * The statement of `year` from the receipts (those of other years are left out) and the lines
 * of their positions: per child, per service, each payment's share, with subtotals and the
 * grand total (= the sum of the receipts of the year).
 *
 * @example const s = buildStatement(2026, receipts, lines); s.total_cents
 */
export function buildStatement(
  year: number,
  receipts: StatementReceipt[],
  lines: StatementLine[],
): Statement {
  const inYear = receipts.filter((r) => romeYear(r.paid_at) === year);
  const linesOf = new Map<string, StatementLine[]>();
  for (const l of lines) {
    const list = linesOf.get(l.debt_position_id) ?? [];
    list.push(l);
    linesOf.set(l.debt_position_id, list);
  }
  const children = new Map<string, {
    child: Omit<StatementChild, "services" | "total_cents">;
    services: Map<string, StatementEntry[]>;
  }>();
  const topUps = new Map<string, StatementEntry[]>();
  for (const r of inYear) {
    if (r.purpose === "top_up") {
      const key = r.service_title ?? OTHER_SERVICES;
      topUps.set(key, [...topUps.get(key) ?? [], entryOf(r, r.amount_cents)]);
      continue;
    }
    for (const { group, cents } of shareReceipt(r, linesOf.get(r.debt_position_id) ?? [])) {
      const key = group.beneficiary_id ?? "-";
      const c = children.get(key) ?? {
        child: { beneficiary_id: group.beneficiary_id, name: group.name, tax_code: group.tax_code },
        services: new Map<string, StatementEntry[]>(),
      };
      c.services.set(group.service, [
        ...c.services.get(group.service) ?? [],
        entryOf(r, cents, group),
      ]);
      children.set(key, c);
    }
  }
  const list: StatementChild[] = [...children.values()]
    .map(({ child, services: s }) => {
      const svc = services(s);
      return { ...child, services: svc, total_cents: svc.reduce((t, x) => t + x.total_cents, 0) };
    })
    .sort((a, b) =>
      Number(a.beneficiary_id === null) - Number(b.beneficiary_id === null) ||
      a.name.localeCompare(b.name, "it") ||
      (a.beneficiary_id ?? "").localeCompare(b.beneficiary_id ?? "")
    );
  const top_ups = services(topUps);
  const top_ups_cents = top_ups.reduce((t, x) => t + x.total_cents, 0);
  const total_cents = inYear.reduce((t, r) => t + r.amount_cents, 0);
  const shared = list.reduce((t, c) => t + c.total_cents, 0) + top_ups_cents;
  if (shared !== total_cents) {
    throw new Error(`statement does not add up: ${shared} ≠ ${total_cents}`);
  }
  return { year, children: list, top_ups, top_ups_cents, total_cents, receipts: inYear.length };
}

/** The year asked for (`anno`, 4 digits) if a statement can exist for it: 2000 to this year. */
export function statementYear(raw: string | undefined, today: string): number | null {
  if (!raw || !/^\d{4}$/.test(raw)) return null;
  const y = Number(raw);
  return y >= 2000 && y <= Number(today.slice(0, 4)) ? y : null;
}
