/**
 * Receipts as the office reads them (under its RLS): a filtered list where what needs attention
 * (unmatched, amount mismatch, double payments) is counted apart and never hidden, and one
 * receipt with its raw message, its notice and position.
 *
 * @module
 */

import { z } from "zod";
import type { Tx } from "../db/types.ts";
import { RECEIPT_STATUSES, type ReceiptStatus } from "./receipts_rules.ts";

/** "Da verificare": receipts that paid nothing and whose outcome the office has not recorded. */
export const TO_CHECK = "da_verificare";

export const ReceiptFilters = z.object({
  stato: z.enum([...RECEIPT_STATUSES, TO_CHECK]).optional(),
  dal: z.iso.date().optional(),
  al: z.iso.date().optional(),
  iuv: z.string().trim().regex(/^[0-9A-Za-z]{1,35}$/).optional(),
  pagina: z.coerce.number().int().min(1).max(100_000).default(1),
});
export type ReceiptFilters = z.infer<typeof ReceiptFilters>;

export interface ReceiptRow {
  id: string;
  receipt_ref: string;
  iuv: string;
  notice_number: string | null;
  amount_cents: number;
  paid_at: Date;
  received_at: Date;
  source: string;
  status: ReceiptStatus;
  psp_name: string | null;
  payer_fiscal_code: string | null;
  payer_name: string | null;
  position_id: string | null;
  position_description: string | null;
  notice_amount_cents: number | null;
  payment_method: string | null;
  /** Who in the office recorded a manual receipt (source 'manual'). */
  recorded_by_name: string | null;
  /** What the office did with a receipt that paid nothing (null: not settled). */
  settlement: "refunded" | "wallet_credit" | "other" | null;
}

export interface ReceiptDetail extends ReceiptRow {
  psp_id: string | null;
  raw: string | null;
  instalment: number | null;
  notice_status: string | null;
  position_status: string | null;
  position_amount_cents: number | null;
  position_paid_cents: number | null;
  settled_at: Date | null;
  settled_by_name: string | null;
  settlement_ref: string | null;
  settlement_on: string | null;
  settlement_note: string | null;
  settlement_wallet_id: string | null;
  settlement_wallet_name: string | null;
}

const SELECT = `
  select r.id, r.receipt_ref, r.iuv, r.notice_number, r.amount_cents, r.paid_at, r.received_at,
         r.source, r.status, r.psp_name, r.payer_fiscal_code, r.payer_name,
         d.id as position_id, d.description as position_description,
         n.amount_cents as notice_amount_cents, r.payment_method, u.full_name as recorded_by_name,
         r.settlement`;
const FROM = `
    from public.payment_receipts r
    left join public.payment_notices n on n.tenant_id = r.tenant_id and n.id = r.payment_notice_id
    left join public.debt_positions d on d.tenant_id = n.tenant_id and d.id = n.debt_position_id
    left join public.users u on u.id = r.recorded_by`;

/**
 * The conditions on receipts `r` of the list's filters (paid between `dal` and `al`, calendar
 * days in Rome, both included) and their parameters: shared by the list and its exports.
 */
export function receiptConditions(
  f: Omit<ReceiptFilters, "pagina">,
): { cond: string; params: unknown[] } {
  const where: string[] = ["r.tenant_id = (select app.tenant_id())"];
  const params: unknown[] = [];
  const add = (sql: string, v: unknown) => {
    params.push(v);
    where.push(sql.replace("?", `$${params.length}`));
  };
  if (f.stato === TO_CHECK) where.push("r.status <> 'matched' and r.settlement is null");
  else if (f.stato) add("r.status = ?", f.stato);
  if (f.dal) add("r.paid_at >= (?::date::timestamp at time zone 'Europe/Rome')", f.dal);
  if (f.al) add("r.paid_at < ((?::date + 1)::timestamp at time zone 'Europe/Rome')", f.al);
  if (f.iuv) {
    params.push(f.iuv);
    const n = `$${params.length}`;
    where.push(`(r.iuv like ${n} || '%' or r.notice_number like ${n} || '%')`);
  }
  return { cond: where.join(" and "), params };
}

/** Receipts matching `f` (newest first), the total, and how many of each status need attention. */
export async function listReceipts(
  tx: Tx,
  f: ReceiptFilters,
  perPage = 50,
  offset = (f.pagina - 1) * perPage,
) {
  const { cond, params } = receiptConditions(f);
  const limit = params.length + 1;
  const rows = await tx.query<ReceiptRow>(
    `${SELECT} ${FROM} where ${cond} order by r.paid_at desc, r.id limit $${limit} offset $${
      limit + 1
    }`,
    [...params, perPage, offset],
  );
  const [{ total }] = await tx.query<{ total: number }>(
    `select count(*)::int as total ${FROM} where ${cond}`,
    params,
  );
  return {
    rows,
    total,
    pages: Math.max(1, Math.ceil(total / perPage)),
    attention: await receiptsNeedingAttention(tx),
  };
}

/** How many receipts of each status the office has still to check (not matched, not settled). */
export async function receiptsNeedingAttention(
  tx: Tx,
): Promise<Partial<Record<ReceiptStatus, number>>> {
  const rows = await tx.query<{ status: ReceiptStatus; n: number }>(
    `select status, count(*)::int as n from public.payment_receipts
      where tenant_id = (select app.tenant_id()) and status <> 'matched' and settlement is null
      group by status`,
  );
  return Object.fromEntries(rows.map((a) => [a.status, a.n]));
}

/** One receipt with its raw message; null when not visible. */
export async function getReceipt(tx: Tx, id: string): Promise<ReceiptDetail | null> {
  const [row] = await tx.query<ReceiptDetail>(
    `${SELECT}, r.psp_id, r.raw, n.instalment, n.status as notice_status,
            d.status as position_status, d.amount_cents as position_amount_cents,
            d.paid_cents as position_paid_cents, r.settled_at, su.full_name as settled_by_name,
            r.settlement_ref, r.settlement_on::text, r.settlement_note,
            m.wallet_id as settlement_wallet_id,
            wp.surname || ' ' || wp.name || coalesce(' (' || wb.name || ' ' || wb.surname || ')', '')
              as settlement_wallet_name
     ${FROM}
     left join public.users su on su.id = r.settled_by
     left join public.wallet_movements m on m.tenant_id = r.tenant_id and m.id = r.wallet_movement_id
     left join public.wallets w on w.tenant_id = m.tenant_id and w.id = m.wallet_id
     left join public.people wp on wp.tenant_id = w.tenant_id and wp.id = w.payer_id
     left join public.people wb on wb.tenant_id = w.tenant_id and wb.id = w.beneficiary_id
     where r.id = $1`,
    [id],
  );
  return row ?? null;
}
