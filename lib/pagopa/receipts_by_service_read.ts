/**
 * Revenue by service for a range of payment days, as the office reads it (under its RLS): the
 * receipts that credited a notice, grouped in SQL by position and amount, the positions' lines
 * summed per service, split and summed by `revenueByService`; the receipts that credited nothing
 * (unmatched, amount mismatch, double payments) counted apart per status.
 *
 * @module
 */

import type { Tx } from "../db/types.ts";
import { romeDate } from "../i18n/mod.ts";
import {
  type PositionShare,
  type ReceiptGroup,
  type RevenueByService,
  revenueByService,
} from "./receipts_by_service.ts";
import { receiptConditions } from "./receipts_read.ts";
import type { ReceiptStatus } from "./receipts_rules.ts";

/** Paid from `dal` to `al`, calendar days in Rome, both included. */
export interface DayRange {
  dal: string;
  al: string;
}

/** Receipts of one status that are not revenue (settled ones included, counted too). */
export interface NotRevenue {
  status: ReceiptStatus;
  receipts: number;
  cents: number;
  /** How many of them the office has settled (refunded, credited to a wallet, other). */
  settled: number;
}

export interface RevenueReport extends RevenueByService {
  range: DayRange;
  notRevenue: NotRevenue[];
}

/** The current month in Rome: its first and last day. */
export function currentMonth(today = romeDate()): DayRange {
  const [y, m] = today.split("-").map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const mm = String(m).padStart(2, "0");
  return { dal: `${y}-${mm}-01`, al: `${y}-${mm}-${String(last).padStart(2, "0")}` };
}

const JOINS = `
    from public.payment_receipts r
    left join public.payment_notices n on n.tenant_id = r.tenant_id and n.id = r.payment_notice_id
    left join public.debt_positions d on d.tenant_id = n.tenant_id and d.id = n.debt_position_id`;

/** Revenue: a receipt that credited a notice (matched) of a position. */
const REVENUE = "r.status = 'matched' and d.id is not null";

/**
 * Revenue by service of the receipts paid in `range`, and what was received but is not revenue.
 *
 * @example const report = await db.asUser(claims, (tx) => revenueReport(tx, currentMonth()));
 */
export async function revenueReport(tx: Tx, range: DayRange): Promise<RevenueReport> {
  const { cond, params } = receiptConditions(range);
  const groups = (await tx.query<{
    position_id: string;
    amount_cents: number;
    receipts: number;
    purpose: "charges" | "top_up";
    service_id: string | null;
    title: string | null;
    taxonomy_code: string;
  }>(
    `select d.id as position_id, r.amount_cents, count(*)::int as receipts, d.purpose,
            d.service_id, s.title, coalesce(sb.taxonomy_code, d.taxonomy_code) as taxonomy_code
     ${JOINS}
       left join public.services s on s.tenant_id = d.tenant_id and s.id = d.service_id
       left join public.service_billing sb
              on sb.tenant_id = d.tenant_id and sb.service_id = d.service_id
      where ${cond} and ${REVENUE}
      group by d.id, r.amount_cents, d.purpose, d.service_id, s.title, sb.taxonomy_code,
               d.taxonomy_code`,
    params,
  )).map((g): ReceiptGroup => ({
    positionId: g.position_id,
    amountCents: Number(g.amount_cents),
    receipts: g.receipts,
    purpose: g.purpose,
    serviceId: g.service_id,
    title: g.title,
    taxonomyCode: g.taxonomy_code,
  }));
  const positions = [...new Set(groups.map((g) => g.positionId))];
  const shares = positions.length === 0 ? [] : (await tx.query<{
    position_id: string;
    service_id: string;
    title: string;
    taxonomy_code: string;
    cents: number;
  }>(
    `select l.debt_position_id as position_id, l.service_id, s.title,
            coalesce(sb.taxonomy_code, d.taxonomy_code) as taxonomy_code,
            sum(l.amount_cents)::bigint as cents
       from public.charge_lines l
       join public.debt_positions d on d.tenant_id = l.tenant_id and d.id = l.debt_position_id
       join public.services s on s.tenant_id = l.tenant_id and s.id = l.service_id
       left join public.service_billing sb
              on sb.tenant_id = l.tenant_id and sb.service_id = l.service_id
      where l.tenant_id = (select app.tenant_id()) and l.debt_position_id = any ($1::uuid[])
        and l.deleted_at is null
      group by l.debt_position_id, l.service_id, s.title, sb.taxonomy_code, d.taxonomy_code`,
    [positions],
  )).map((s): PositionShare => ({
    positionId: s.position_id,
    serviceId: s.service_id,
    title: s.title,
    taxonomyCode: s.taxonomy_code,
    cents: Number(s.cents),
  }));
  const notRevenue = (await tx.query<NotRevenue>(
    `select r.status, count(*)::int as receipts, sum(r.amount_cents)::bigint as cents,
            count(r.settlement)::int as settled
     ${JOINS}
      where ${cond} and not (${REVENUE})
      group by r.status
      order by r.status`,
    params,
  )).map((x) => ({ ...x, cents: Number(x.cents) }));
  return { range, ...revenueByService(groups, shares), notRevenue };
}
