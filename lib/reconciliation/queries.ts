/**
 * What the office reads: flows with their match and transfer, one flow's payments, treasury
 * movements, and the "Da verificare" list of everything that does not add up. All under RLS.
 *
 * @module
 */

import type { Tx } from "../db/types.ts";

export interface FlowRow {
  id: string;
  flow_ref: string;
  regulation_date: string;
  regulation_ref: string;
  psp_id: string;
  psp_name: string | null;
  declared_count: number;
  declared_cents: number;
  status: "matched" | "differences";
  source: "xml" | "rest";
  imported_at: string;
  matched: number;
  open: number;
  movement_id: string | null;
  movement_status: string | null;
  movement_on: string | null;
}

const FLOW_COLUMNS = `
  f.id, f.flow_ref, f.regulation_date::text, f.regulation_ref, f.psp_id, f.psp_name,
  f.declared_count, f.declared_cents, f.status, f.source, f.imported_at,
  (select count(*)::int from public.fdr_payments p
    where p.tenant_id = f.tenant_id and p.flow_id = f.id and p.match_status = 'matched') as matched,
  (select count(*)::int from public.fdr_payments p
    where p.tenant_id = f.tenant_id and p.flow_id = f.id and p.match_status <> 'matched') as open,
  m.id as movement_id, m.match_status as movement_status, m.booked_on::text as movement_on`;

const MOVEMENT_JOIN = `
  left join lateral (
    select t.id, t.match_status, t.booked_on from public.treasury_movements t
     where t.tenant_id = f.tenant_id and t.fdr_flow_id = f.id
     order by (t.match_status = 'matched') desc, t.booked_on limit 1) m on true`;

/** The Ente's flows, newest settlement first; `status` filters. */
export async function listFlows(
  tx: Tx,
  opts: { limit: number; offset: number; status?: "matched" | "differences" },
): Promise<{ items: FlowRow[]; total: number }> {
  const items = await tx.query<FlowRow>(
    `select ${FLOW_COLUMNS}
       from public.fdr_flows f ${MOVEMENT_JOIN}
      where f.tenant_id = (select app.tenant_id()) and ($3::text is null or f.status = $3)
      order by f.regulation_date desc, f.flow_ref desc
      limit $1 offset $2`,
    [opts.limit, opts.offset, opts.status ?? null],
  );
  const [t] = await tx.query<{ n: number }>(
    `select count(*)::int as n from public.fdr_flows
      where tenant_id = (select app.tenant_id()) and ($1::text is null or status = $1)`,
    [opts.status ?? null],
  );
  return { items, total: t.n };
}

export interface FlowPaymentRow {
  idx: number;
  iuv: string;
  iur: string;
  transfer_index: number | null;
  amount_cents: number;
  outcome_code: number;
  outcome_date: string;
  match_status: string;
  receipt_id: string | null;
  receipt_ref: string | null;
  receipt_cents: number | null;
  notice_number: string | null;
  payer_name: string | null;
  position_description: string | null;
}

/** One flow and its payments with the receipt each matched (and its notice's position). */
export async function getFlow(
  tx: Tx,
  id: string,
): Promise<(FlowRow & { bic: string | null; payments: FlowPaymentRow[] }) | null> {
  const [flow] = await tx.query<FlowRow & { bic: string | null }>(
    `select ${FLOW_COLUMNS}, f.bic
       from public.fdr_flows f ${MOVEMENT_JOIN}
      where f.tenant_id = (select app.tenant_id()) and f.id = $1`,
    [id],
  );
  if (!flow) return null;
  const payments = await tx.query<FlowPaymentRow>(
    `select p.idx, p.iuv, p.iur, p.transfer_index, p.amount_cents, p.outcome_code,
            p.outcome_date::text, p.match_status, p.receipt_id, r.receipt_ref,
            r.amount_cents as receipt_cents, r.notice_number,
            coalesce(d.debtor ->> 'full_name', r.payer_name) as payer_name,
            d.description as position_description
       from public.fdr_payments p
       left join public.payment_receipts r on r.tenant_id = p.tenant_id and r.id = p.receipt_id
       left join public.payment_notices n
         on n.tenant_id = r.tenant_id and n.id = r.payment_notice_id
       left join public.debt_positions d on d.tenant_id = n.tenant_id and d.id = n.debt_position_id
      where p.tenant_id = (select app.tenant_id()) and p.flow_id = $1
      order by p.idx`,
    [id],
  );
  return { ...flow, payments };
}

export interface MovementRow {
  id: string;
  booked_on: string;
  value_date: string | null;
  amount_cents: number;
  causale: string;
  reference: string | null;
  kind: "flow" | "single" | "other";
  flow_ref: string | null;
  iuv: string | null;
  match_status: string;
  fdr_flow_id: string | null;
  flow_cents: number | null;
  source_file: string | null;
  source_line: number | null;
}

/** Treasury movements, newest first; `pagopaOnly` leaves out what is not a pagoPA transfer. */
export async function listMovements(
  tx: Tx,
  opts: { limit: number; offset: number; pagopaOnly?: boolean },
): Promise<{ items: MovementRow[]; total: number }> {
  const items = await tx.query<MovementRow>(
    `select t.id, t.booked_on::text, t.value_date::text, t.amount_cents, t.causale, t.reference,
            t.kind, t.flow_ref, t.iuv, t.match_status, t.fdr_flow_id,
            f.declared_cents as flow_cents, t.source_file, t.source_line
       from public.treasury_movements t
       left join public.fdr_flows f on f.tenant_id = t.tenant_id and f.id = t.fdr_flow_id
      where t.tenant_id = (select app.tenant_id()) and (not $3::boolean or t.kind <> 'other')
      order by t.booked_on desc, t.source_line, t.id
      limit $1 offset $2`,
    [opts.limit, opts.offset, opts.pagopaOnly ?? false],
  );
  const [t] = await tx.query<{ n: number }>(
    `select count(*)::int as n from public.treasury_movements
      where tenant_id = (select app.tenant_id()) and (not $1::boolean or kind <> 'other')`,
    [opts.pagopaOnly ?? false],
  );
  return { items, total: t.n };
}

/** Days a receipt may wait for its flow (and a flow for its transfer) before it is flagged. */
export const DEFAULT_WAIT_DAYS = 5;

/** `?giorni=` within 0..365, else the default. */
export function daysOf(raw: string | undefined): number {
  const n = Number.parseInt(raw ?? "");
  return Number.isFinite(n) && n >= 0 && n <= 365 ? n : DEFAULT_WAIT_DAYS;
}

export type IssueKind =
  | "receipt_without_flow"
  | "payment_without_receipt"
  | "payment_amount_different"
  | "payment_duplicate"
  | "payment_revoked"
  | "transfer_without_flow"
  | "transfer_amount_different"
  | "transfer_without_receipt"
  | "flow_without_transfer";

export interface Issue {
  kind: IssueKind;
  day: string;
  amount_cents: number;
  /** What identifies it for people: IUV, flow id, bank reference. */
  reference: string;
  /** The other amount, where two disagree (receipt vs flow, flow vs transfer). */
  other_cents: number | null;
  flow_id: string | null;
  flow_ref: string | null;
}

/** Every difference, unordered; `$1` is the days a flow or transfer may still take. */
const ISSUES_SQL = `
       select 'receipt_without_flow' as kind, (r.paid_at at time zone 'Europe/Rome')::date::text as day,
              r.amount_cents, r.iuv as reference, null::bigint as other_cents,
              null::uuid as flow_id, null::text as flow_ref
         from public.payment_receipts r
        where r.tenant_id = (select app.tenant_id()) and r.source <> 'manual'
          and r.paid_at < now() - make_interval(days => $1::int)
          and not exists (select 1 from public.fdr_payments p
                           where p.tenant_id = r.tenant_id and p.receipt_id = r.id
                             and p.match_status in ('matched', 'amount_different'))
       union all
       select case p.match_status
                when 'receipt_missing' then 'payment_without_receipt'
                when 'amount_different' then 'payment_amount_different'
                when 'duplicate' then 'payment_duplicate'
                else 'payment_revoked' end,
              p.outcome_date::text, p.amount_cents, p.iuv,
              case when p.match_status = 'amount_different' then r.amount_cents end,
              f.id, f.flow_ref
         from public.fdr_payments p
         join public.fdr_flows f on f.tenant_id = p.tenant_id and f.id = p.flow_id
         left join public.payment_receipts r on r.tenant_id = p.tenant_id and r.id = p.receipt_id
        where p.tenant_id = (select app.tenant_id()) and p.match_status <> 'matched'
       union all
       select case t.match_status
                when 'flow_missing' then 'transfer_without_flow'
                when 'receipt_missing' then 'transfer_without_receipt'
                else 'transfer_amount_different' end,
              t.booked_on::text, t.amount_cents,
              coalesce(t.flow_ref, t.iuv, t.reference, ''),
              case when t.match_status = 'amount_different'
                   then coalesce(f.declared_cents, r.amount_cents) end,
              f.id, t.flow_ref
         from public.treasury_movements t
         left join public.fdr_flows f on f.tenant_id = t.tenant_id and f.id = t.fdr_flow_id
         left join public.payment_receipts r on r.tenant_id = t.tenant_id and r.id = t.receipt_id
        where t.tenant_id = (select app.tenant_id())
          and t.match_status in ('flow_missing', 'receipt_missing', 'amount_different')
       union all
       select 'flow_without_transfer', f.regulation_date::text, f.declared_cents, f.flow_ref, null,
              f.id, f.flow_ref
         from public.fdr_flows f
        where f.tenant_id = (select app.tenant_id())
          and f.regulation_date < (now() at time zone 'Europe/Rome')::date - $1::int
          and not exists (select 1 from public.treasury_movements t
                           where t.tenant_id = f.tenant_id and t.fdr_flow_id = f.id)
`;

/**
 * Everything that does not match, oldest first: receipts no flow has reported after `days`
 * days, flow payments without receipt, different amounts, payments reported twice or revoked,
 * transfers without flow (or receipt), flows whose transfer has not arrived after `days` days.
 */
export async function issues(tx: Tx, opts: { days: number; limit?: number }): Promise<Issue[]> {
  return await tx.query<Issue>(
    `select * from (${ISSUES_SQL}) x order by day, kind, reference limit $2`,
    [opts.days, opts.limit ?? 2000],
  );
}

/** How many {@linkcode issues} there are, counting up to `limit`. */
export async function countIssues(tx: Tx, opts: { days: number; limit: number }): Promise<number> {
  const [{ n }] = await tx.query<{ n: number }>(
    `select count(*)::int as n from (select 1 from (${ISSUES_SQL}) x limit $2) y`,
    [opts.days, opts.limit],
  );
  return n;
}
