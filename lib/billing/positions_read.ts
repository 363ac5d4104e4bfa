/**
 * Debt positions for the office: the list with filters (run, payer, status, GPD status) and one
 * position with its notices, lines (with their explanations) and receipts. Reads only; issue and
 * GPD publication live elsewhere.
 *
 * @module
 */
import type { Tx } from "../db/types.ts";
import { type Line, LINE_SELECT } from "./review.ts";

export const POSITION_STATUSES = ["open", "partially_paid", "paid", "cancelled"] as const;
export type PositionStatus = typeof POSITION_STATUSES[number];
export const POSITION_STATUS_LABELS: Record<
  PositionStatus,
  { it: string; en: string; badge: string }
> = {
  open: { it: "Da pagare", en: "Open", badge: "warning" },
  partially_paid: { it: "Pagata in parte", en: "Partially paid", badge: "info" },
  paid: { it: "Pagata", en: "Paid", badge: "success" },
  cancelled: { it: "Annullata", en: "Cancelled", badge: "dark" },
};

export const GPD_STATUSES = [
  "none",
  "to_publish",
  "published",
  "failed",
  "to_invalidate",
  "invalidated",
] as const;
export type GpdStatus = typeof GPD_STATUSES[number];
export const GPD_STATUS_LABELS: Record<GpdStatus, { it: string; en: string }> = {
  none: { it: "Non usata", en: "Not used" },
  to_publish: { it: "Da pubblicare", en: "To publish" },
  published: { it: "Pubblicata", en: "Published" },
  failed: { it: "Errore", en: "Failed" },
  to_invalidate: { it: "Da invalidare", en: "To invalidate" },
  invalidated: { it: "Invalidata", en: "Invalidated" },
};

export interface Position {
  id: string;
  run_id: string | null;
  run_label: string | null;
  iupd: string;
  payer_id: string;
  payer_name: string;
  payer_tax_code: string | null;
  service_id: string | null;
  service_title: string | null;
  purpose: "charges" | "top_up";
  period_start: string | null;
  period_end: string | null;
  description: string;
  amount_cents: number;
  paid_cents: number;
  taxonomy_code: string;
  status: PositionStatus;
  gpd_status: GpdStatus;
  gpd_error: string | null;
  published_at: string | null;
  paid_at: string | null;
  created_at: string;
  notice_count: number;
  /** The earliest due date passed without payment; null when nothing is overdue. */
  overdue_since: string | null;
  /** What was due by yesterday and is not paid (0 when nothing is overdue). */
  overdue_cents: number;
  /** On a live list of enforced collection (false for readers who cannot see the lists). */
  enforced: boolean;
  /** A rateizzazione: the position this one replaces. */
  replaces_position_id: string | null;
  /** Replaced by a rateizzazione (then cancelled). */
  replaced: boolean;
  /** Carries a rateizzazione declared lapsed (decadenza): its whole residual is due at once. */
  lapsed: boolean;
}

/**
 * The day notice `n` of position `d` falls due, for what is overdue: its due date, or the day
 * the position's instalment plan lapsed when earlier (a lapsed plan owes its whole residual at
 * once; readers who cannot see the plans get the due date).
 */
export const OVERDUE_DUE = `least(n.due_on, (
         select (ip.lapsed_at at time zone 'Europe/Rome')::date from public.instalment_plans ip
          where ip.tenant_id = d.tenant_id and ip.position_id = d.id))`;

/**
 * A notice `n` of position `d` is overdue (Europe/Rome): the position is still open, the notice
 * unpaid past its due date (`OVERDUE_DUE`); with instalments only the instalments count (paying
 * the whole amount instead pays the position); without, the single notice. Due today is not
 * overdue yet.
 */
export const OVERDUE_NOTICE = `n.tenant_id = d.tenant_id and n.debt_position_id = d.id
         and d.status in ('open', 'partially_paid') and n.status = 'unpaid'
         and ${OVERDUE_DUE} < (now() at time zone 'Europe/Rome')::date
         and (n.instalment > 0 or not exists (
               select 1 from public.payment_notices i
                where i.tenant_id = n.tenant_id and i.debt_position_id = n.debt_position_id
                  and i.instalment > 0))`;

/** What a position still open has left unpaid past its due dates, as `o` (`OVERDUE_NOTICE`). */
export const OVERDUE_JOIN = `
    left join lateral (
      select min(${OVERDUE_DUE}) as overdue_since, sum(n.amount_cents) as overdue_cents
        from public.payment_notices n
       where ${OVERDUE_NOTICE}
      having count(*) > 0) o on true`;

/**
 * Position `d` is on a list handed to enforced collection that has not withdrawn it: the
 * reminders leave it alone (readable by the billing office only, RLS).
 */
export const ON_ENFORCED_LIST = `exists (
  select 1 from public.enforced_collection_positions ecp
   where ecp.tenant_id = d.tenant_id and ecp.debt_position_id = d.id
     and ecp.withdrawn_at is null)`;

const POSITION_SELECT = `
  select d.id, d.run_id, r.label as run_label, d.iupd, d.payer_id,
         btrim(p.surname || ' ' || p.name) as payer_name, p.tax_code as payer_tax_code,
         d.service_id, s.title as service_title, d.purpose, d.period_start::text,
         d.period_end::text, d.description, d.amount_cents, d.paid_cents, d.taxonomy_code,
         d.status, d.gpd_status, d.gpd_error, d.published_at::text, d.paid_at::text,
         d.created_at::text,
         (select count(*) from public.payment_notices n
           where n.tenant_id = d.tenant_id and n.debt_position_id = d.id)::int as notice_count,
         o.overdue_since::text, coalesce(o.overdue_cents, 0)::bigint as overdue_cents,
         ${ON_ENFORCED_LIST} as enforced, d.replaces_position_id,
         exists (select 1 from public.debt_positions x
                  where x.tenant_id = d.tenant_id and x.replaces_position_id = d.id) as replaced,
         exists (select 1 from public.instalment_plans ip
                  where ip.tenant_id = d.tenant_id and ip.position_id = d.id
                    and ip.lapsed_at is not null) as lapsed
    from public.debt_positions d
    join public.people p on p.tenant_id = d.tenant_id and p.id = d.payer_id
    left join public.services s on s.tenant_id = d.tenant_id and s.id = d.service_id
    left join public.billing_runs r on r.tenant_id = d.tenant_id and r.id = d.run_id
    ${OVERDUE_JOIN}`;

export interface PositionFilters {
  run_id?: string | null;
  payer?: string | null;
  status?: PositionStatus | null;
  gpd_status?: GpdStatus | null;
  /** Only positions with something unpaid past its due date, the oldest first. */
  overdue?: boolean | null;
  /** Only positions handed to enforced collection (on a live list). */
  enforced?: boolean | null;
}

/**
 * The filters as SQL over `d` (debt_positions), `p` (the payer, people) and `o` (OVERDUE_JOIN),
 * with parameters $1..$5: shared by the list and by the reminders of a filter.
 */
export function positionWhere(f: PositionFilters): { where: string; params: unknown[] } {
  const payer = f.payer?.trim() ? `%${f.payer.trim().replace(/[\\%_]/g, (m) => `\\${m}`)}%` : null;
  const where = `d.tenant_id = (select app.tenant_id())
    and ($1::uuid is null or d.run_id = $1)
    and ($2::text is null or (p.surname || ' ' || p.name) ilike $2
         or (p.name || ' ' || p.surname) ilike $2 or p.tax_code ilike $2 or d.iupd ilike $2)
    and ($3::text is null or d.status = $3)
    and ($4::text is null or d.gpd_status = $4)
    and ($5::boolean is not true or o.overdue_since is not null)${
    f.enforced ? `\n    and ${ON_ENFORCED_LIST}` : ""
  }`;
  const params = [f.run_id ?? null, payer, f.status ?? null, f.gpd_status ?? null, !!f.overdue];
  return { where, params };
}

/** Positions of the Ente, newest first, filtered and paged. */
export async function listPositions(
  tx: Tx,
  f: PositionFilters,
  limit: number,
  offset: number,
): Promise<
  { items: Position[]; total: number; total_cents: number; overdue_cents: number | null }
> {
  const { where, params } = positionWhere(f);
  // The totals read the notices of every position only when asked for the overdue ones.
  const order = f.overdue
    ? "o.overdue_since, p.surname, p.name, d.id"
    : "d.created_at desc, p.surname, p.name, d.id";
  const items = limit > 0
    ? await tx.query<Position>(
      `${POSITION_SELECT} where ${where} order by ${order} limit $6 offset $7`,
      [...params, limit, offset],
    )
    : [];
  const [agg] = await tx.query<{ n: number; cents: number; overdue_cents: number | null }>(
    `select count(*)::int as n, coalesce(sum(d.amount_cents), 0)::bigint as cents,
            ${f.overdue ? "coalesce(sum(o.overdue_cents), 0)::bigint" : "null::bigint"}
              as overdue_cents
       from public.debt_positions d
       join public.people p on p.tenant_id = d.tenant_id and p.id = d.payer_id
       ${f.overdue ? OVERDUE_JOIN : "cross join (select null::date as overdue_since) o"}
      where ${where}`,
    params,
  );
  return { items, total: agg.n, total_cents: agg.cents, overdue_cents: agg.overdue_cents };
}

export interface Notice {
  id: string;
  instalment: number;
  notice_number: string;
  iuv: string;
  amount_cents: number;
  due_on: string;
  status: "unpaid" | "paid" | "cancelled";
  paid_at: string | null;
}

export interface Receipt {
  id: string;
  receipt_ref: string;
  iuv: string;
  notice_number: string | null;
  amount_cents: number;
  paid_at: string;
  psp_name: string | null;
  payment_method: string | null;
  source: string;
  status: string;
}

/** An invoice of the position, or the credit note that reversed it. */
export interface PositionDocument {
  id: string;
  document_type: "TD01" | "TD04";
  numero: string;
  issued_on: string;
  total_cents: number;
}

export interface PositionDetail extends Position {
  debtor: Record<string, unknown>;
  cancel_reason: string | null;
  notices: Notice[];
  lines: Line[];
  receipts: Receipt[];
  invoices: PositionDocument[];
  reminders: ReminderRow[];
}

/** One position with notices, lines and receipts (null when not readable). */
export async function getPosition(tx: Tx, id: string): Promise<PositionDetail | null> {
  const [row] = await tx.query<
    Position & { debtor: Record<string, unknown>; cancel_reason: string | null }
  >(
    `${
      POSITION_SELECT.replace(
        "d.created_at::text,",
        "d.created_at::text, d.debtor, d.cancel_reason,",
      )
    }
      where d.id = $1`,
    [id],
  );
  if (!row) return null;
  const notices = await tx.query<Notice>(
    `select id, instalment, notice_number, iuv, amount_cents, due_on::text, status, paid_at::text
       from public.payment_notices
      where tenant_id = (select app.tenant_id()) and debt_position_id = $1
      order by instalment`,
    [id],
  );
  const lines = await tx.query<Line>(
    `${LINE_SELECT} where c.tenant_id = (select app.tenant_id()) and c.debt_position_id = $1
       and c.deleted_at is null
      order by b.surname nulls first, b.name, s.title, c.period_start, c.created_at, c.id`,
    [id],
  );
  const receipts = await tx.query<Receipt>(
    `select r.id, r.receipt_ref, r.iuv, r.notice_number, r.amount_cents, r.paid_at::text,
            r.psp_name, r.payment_method, r.source, r.status
       from public.payment_receipts r
       join public.payment_notices n on n.tenant_id = r.tenant_id and n.id = r.payment_notice_id
      where r.tenant_id = (select app.tenant_id()) and n.debt_position_id = $1
      order by r.paid_at`,
    [id],
  );
  const invoices = await tx.query<PositionDocument>(
    `select i.id, i.document_type, i.numero, i.issued_on::text, i.total_cents
       from public.invoices i
      where i.tenant_id = (select app.tenant_id()) and i.debt_position_id = $1
      order by i.year, i.number`,
    [id],
  );
  return { ...row, notices, lines, receipts, invoices, reminders: await listReminders(tx, id) };
}

export interface ReminderRow {
  id: string;
  /** ISO 8601 instant. */
  sent_at: string;
  overdue_cents: number;
  overdue_since: string;
  email_to: string | null;
  push: boolean;
  /** A letter by post, recorded by the office (no e-mail, no push). */
  letter: boolean;
  /** Who sent it (the office only; null for families or a removed user). */
  sent_by_name: string | null;
}

/** The reminders of one position the caller may read (RLS), newest first. */
export async function listReminders(tx: Tx, positionId: string): Promise<ReminderRow[]> {
  const rows = await tx.query<ReminderRow>(
    `select r.id, to_json(r.sent_at) #>> '{}' as sent_at, r.overdue_cents, r.overdue_since::text, r.email_to, r.push,
            r.letter,
            case when (select app.is_staff()) then
              (select u.full_name
                 from public.users u where u.id = r.sent_by) end as sent_by_name
       from public.payment_reminders r
      where r.tenant_id = (select app.tenant_id()) and r.debt_position_id = $1
      order by r.sent_at desc, r.id`,
    [positionId],
  );
  return rows.map((r) => ({ ...r, overdue_cents: Number(r.overdue_cents) }));
}
