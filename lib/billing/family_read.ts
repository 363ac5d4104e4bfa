/**
 * What a family reads of its payments, under its own RLS (`db.asUser`): the debt positions of the
 * household's payers (both parents see the same ones), their pagoPA notices (single payment and
 * instalments), the issued charge lines with their explanation, and the receipts that paid them.
 * Every query also asks `app.is_my_payer`, so a staff member calling the "my positions" API sees
 * only what they owe themselves, never the Ente's whole ledger.
 *
 * The pure part (state of a position, ordering, explanation in one language, quantities) is
 * exported for the pages and tested beside this file.
 *
 * @module
 */

import type { Tx } from "../db/types.ts";

/** What a family reads on a badge: "Da pagare", "Scaduto", "Pagato in parte", "Pagato", "Annullato". */
export type FamilyState = "to_pay" | "overdue" | "partially_paid" | "paid" | "cancelled";

export interface FamilyNotice {
  id: string;
  /** 0 = the whole amount in one payment; 1..n = instalments. */
  instalment: number;
  notice_number: string;
  iuv: string;
  amount_cents: number;
  due_on: string;
  status: "unpaid" | "paid" | "cancelled";
  paid_at: string | null;
  receipt_id: string | null;
}

export interface FamilyPosition {
  id: string;
  iupd: string;
  purpose: "charges" | "top_up";
  description: string;
  service_title: string | null;
  period_start: string | null;
  period_end: string | null;
  amount_cents: number;
  paid_cents: number;
  status: "open" | "partially_paid" | "paid" | "cancelled";
  payer_name: string;
  created_at: string;
  paid_at: string | null;
  /** When the Ente last sent a payment reminder about it (ISO), or null. */
  reminded_at: string | null;
  /** The position of the instalment plan that replaced this one (then cancelled), or null. */
  replaced_by?: string | null;
  notices: FamilyNotice[];
}

/** A position as listed, with its state on `today` and the next due date still to pay. */
export interface PositionSummary extends FamilyPosition {
  state: FamilyState;
  /** An unpaid option is past its due date (also for a position paid in part). */
  overdue: boolean;
  next_due_on: string | null;
  /** The calendar year it belongs to (period start, else issue date), for the filter. */
  year: number;
}

export interface ExplanationJson {
  summary?: { it?: string; en?: string } | string;
  steps?: { it?: unknown[]; en?: unknown[] } | unknown[];
  [k: string]: unknown;
}

export interface FamilyLine {
  id: string;
  beneficiary_id: string | null;
  beneficiary_name: string | null;
  service_title: string;
  site_name: string | null;
  period_start: string;
  period_end: string;
  kind: "usage" | "fee" | "one_off" | "adjustment" | "credit" | "debit";
  quantity: string;
  unit: string | null;
  unit_cents: number | null;
  amount_cents: number;
  description: string;
  explanation: ExplanationJson;
}

export interface FamilyReceipt {
  id: string;
  receipt_ref: string;
  iuv: string;
  notice_number: string | null;
  payment_notice_id: string;
  instalment: number;
  amount_cents: number;
  paid_at: string;
  psp_name: string | null;
  psp_id: string | null;
  payment_method: string | null;
  payer_name: string | null;
  payer_fiscal_code: string | null;
  source: string;
}

export interface PositionDetail {
  position: PositionSummary;
  lines: FamilyLine[];
  receipts: FamilyReceipt[];
}

const iso = (v: unknown) => v == null ? null : new Date(v as string).toISOString();

// ---------------------------------------------------------------------------------------------
// Pure rules

/** The date by which the family should pay next: the earliest unpaid instalment, else option 0. */
export function nextDue(notices: FamilyNotice[]): string | null {
  const unpaid = notices.filter((n) => n.status === "unpaid");
  const instalments = unpaid.filter((n) => n.instalment > 0);
  const pool = instalments.length ? instalments : unpaid;
  return pool.map((n) => n.due_on).sort()[0] ?? null;
}

/**
 * The option a position's card offers to pay in one tap: the whole amount while nothing is paid
 * and the single payment is still open, otherwise the next instalment (pagoPA closes the single
 * payment once an instalment is paid). Other choices are on the position's page.
 */
export function quickPayNotice(
  p: Pick<FamilyPosition, "status" | "notices" | "paid_cents">,
): FamilyNotice | null {
  if (p.status === "paid" || p.status === "cancelled") return null;
  const unpaid = p.notices.filter((n) => n.status === "unpaid");
  const single = unpaid.find((n) => n.instalment === 0) ?? null;
  if (single && p.paid_cents === 0) return single;
  const next = unpaid
    .filter((n) => n.instalment > 0)
    .sort((a, b) => a.due_on.localeCompare(b.due_on) || a.instalment - b.instalment)[0];
  return next ?? single;
}

/** The state a family reads on `today` (a Europe/Rome calendar date, YYYY-MM-DD). */
export function positionState(
  p: Pick<FamilyPosition, "status" | "notices" | "paid_cents">,
  today: string,
): { state: FamilyState; overdue: boolean; next_due_on: string | null } {
  if (p.status === "cancelled") return { state: "cancelled", overdue: false, next_due_on: null };
  if (p.status === "paid") return { state: "paid", overdue: false, next_due_on: null };
  const next = nextDue(p.notices);
  const overdue = next !== null && next < today;
  if (p.status === "partially_paid" || p.paid_cents > 0) {
    return { state: "partially_paid", overdue, next_due_on: next };
  }
  return { state: overdue ? "overdue" : "to_pay", overdue, next_due_on: next };
}

const RANK: Record<FamilyState, number> = {
  overdue: 0,
  partially_paid: 1,
  to_pay: 1,
  paid: 2,
  cancelled: 3,
};

/**
 * To pay first (overdue, then by the next due date), then paid ones (newest first), cancelled
 * last.
 */
export function sortForFamily(list: PositionSummary[]): PositionSummary[] {
  return [...list].sort((a, b) => {
    const r = RANK[a.state] - RANK[b.state];
    if (r) return r;
    if (RANK[a.state] <= 1) {
      const d = (a.next_due_on ?? "9999").localeCompare(b.next_due_on ?? "9999");
      if (d) return d;
    }
    return b.created_at.localeCompare(a.created_at) || a.id.localeCompare(b.id);
  });
}

/** What the family still has to pay: the positions, what is left of them, how many are late. */
export function owed(
  list: PositionSummary[],
): { positions: PositionSummary[]; cents: number; overdue: number } {
  const positions = list.filter((p) => TO_PAY.includes(p.state));
  return {
    positions,
    cents: positions.reduce((s, p) => s + p.amount_cents - p.paid_cents, 0),
    overdue: positions.filter((p) => p.overdue).length,
  };
}

const TO_PAY: FamilyState[] = ["to_pay", "overdue", "partially_paid"];

export function summarize(p: FamilyPosition, today: string): PositionSummary {
  const year = Number((p.period_start ?? p.created_at).slice(0, 4));
  return { ...p, ...positionState(p, today), year };
}

/** A line's explanation in one language: the summary and its steps (strings only). */
export function explanationIn(
  e: ExplanationJson | null | undefined,
  lang: "it" | "en",
): { summary: string | null; steps: string[] } {
  if (!e || typeof e !== "object") return { summary: null, steps: [] };
  const pick = (v: unknown): unknown => {
    if (v && typeof v === "object" && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      return o[lang] ?? o.it ?? o.en;
    }
    return v;
  };
  const s = pick(e.summary);
  const steps = pick(e.steps);
  return {
    summary: typeof s === "string" && s.trim() ? s : null,
    steps: Array.isArray(steps)
      ? steps.filter((x): x is string => typeof x === "string" && x.trim() !== "")
      : [],
  };
}

/** A numeric(12,3) quantity as people read it: "10", "2,5" (it) / "2.5" (en). */
export function formatQuantity(q: string, lang: "it" | "en"): string {
  const t = q.includes(".") ? q.replace(/\.?0+$/, "") : q;
  return lang === "it" ? t.replace(".", ",") : t;
}

/** Lines grouped by child (null for lines about no child) and period, in reading order. */
export function groupLines(lines: FamilyLine[]): {
  beneficiary: string | null;
  period_start: string;
  period_end: string;
  lines: FamilyLine[];
  total_cents: number;
}[] {
  const groups = new Map<string, ReturnType<typeof groupLines>[number]>();
  const sorted = [...lines].sort((a, b) =>
    Number(a.beneficiary_name === null) - Number(b.beneficiary_name === null) ||
    (a.beneficiary_name ?? "").localeCompare(b.beneficiary_name ?? "") ||
    a.period_start.localeCompare(b.period_start) || a.service_title.localeCompare(b.service_title)
  );
  for (const l of sorted) {
    const key = `${l.beneficiary_id ?? "-"}|${l.period_start}|${l.period_end}`;
    let g = groups.get(key);
    if (!g) {
      g = {
        beneficiary: l.beneficiary_name,
        period_start: l.period_start,
        period_end: l.period_end,
        lines: [],
        total_cents: 0,
      };
      groups.set(key, g);
    }
    g.lines.push(l);
    g.total_cents += l.amount_cents;
  }
  return [...groups.values()];
}

// ---------------------------------------------------------------------------------------------
// Queries (under the caller's RLS)

const POSITION_COLUMNS = `d.id, d.iupd, d.purpose, d.description, s.title as service_title,
  d.period_start, d.period_end, d.amount_cents, d.paid_cents, d.status, d.created_at, d.paid_at,
  coalesce(nullif(btrim(coalesce(p.name, '') || ' ' || coalesce(p.surname, '')), ''),
           d.debtor ->> 'full_name', '') as payer_name,
  (select max(r.sent_at) from public.payment_reminders r
    where r.tenant_id = d.tenant_id and r.debt_position_id = d.id) as reminded_at,
  (select ip.position_id from public.instalment_plans ip
    where ip.tenant_id = d.tenant_id and ip.replaced_position_id = d.id) as replaced_by`;

const POSITION_FROM = `from public.debt_positions d
  left join public.services s on s.tenant_id = d.tenant_id and s.id = d.service_id
  left join public.people p on p.tenant_id = d.tenant_id and p.id = d.payer_id`;

type PositionRow = Omit<FamilyPosition, "notices">;

async function withNotices(tx: Tx, rows: PositionRow[]): Promise<FamilyPosition[]> {
  if (!rows.length) return [];
  const notices = await tx.query<FamilyNotice & { debt_position_id: string }>(
    `select n.id, n.debt_position_id, n.instalment, n.notice_number, n.iuv, n.amount_cents,
            n.due_on, n.status, n.paid_at, n.receipt_id
       from public.payment_notices n
      where n.tenant_id = app.tenant_id() and n.debt_position_id = any ($1::uuid[])
      order by n.debt_position_id, n.instalment`,
    [rows.map((r) => r.id)],
  );
  const by = new Map<string, FamilyNotice[]>();
  for (const { debt_position_id, ...n } of notices) {
    const list = by.get(debt_position_id) ?? [];
    list.push({ ...n, paid_at: iso(n.paid_at) });
    by.set(debt_position_id, list);
  }
  return rows.map((r) => ({
    ...r,
    created_at: iso(r.created_at)!,
    paid_at: iso(r.paid_at),
    reminded_at: iso(r.reminded_at),
    notices: by.get(r.id) ?? [],
  }));
}

/**
 * The household's positions in the order a family reads them, optionally of one `year`, with the
 * years that have any (for the filter).
 *
 * @example const { positions, years } = await myPositions(tx, { today: romeDate() });
 */
export async function myPositions(
  tx: Tx,
  opts: { today: string; year?: number },
): Promise<{ positions: PositionSummary[]; years: number[] }> {
  const rows = await tx.query<PositionRow>(
    `select ${POSITION_COLUMNS} ${POSITION_FROM}
      where d.tenant_id = app.tenant_id() and app.is_my_payer(d.payer_id)
      order by d.created_at desc, d.id
      limit 2000`,
  );
  const all = (await withNotices(tx, rows)).map((p) => summarize(p, opts.today));
  const years = [...new Set(all.map((p) => p.year))].sort((a, b) => b - a);
  const positions = opts.year ? all.filter((p) => p.year === opts.year) : all;
  return { positions: sortForFamily(positions), years };
}

/** One position of the household with its lines and receipts, or null (not there or not theirs). */
export async function myPosition(
  tx: Tx,
  id: string,
  today: string,
): Promise<PositionDetail | null> {
  const rows = await tx.query<PositionRow>(
    `select ${POSITION_COLUMNS} ${POSITION_FROM}
      where d.tenant_id = app.tenant_id() and d.id = $1 and app.is_my_payer(d.payer_id)`,
    [id],
  );
  if (!rows.length) return null;
  const [position] = await withNotices(tx, rows);
  const lines = await tx.query<FamilyLine>(
    `select l.id, l.beneficiary_id,
            nullif(btrim(coalesce(b.name, '') || ' ' || coalesce(b.surname, '')), '') as beneficiary_name,
            s.title as service_title, si.name as site_name, l.period_start, l.period_end, l.kind,
            l.quantity::text as quantity, l.unit, l.unit_cents, l.amount_cents, l.description,
            l.explanation
       from public.charge_lines l
       join public.services s on s.tenant_id = l.tenant_id and s.id = l.service_id
       left join public.people b on b.tenant_id = l.tenant_id and b.id = l.beneficiary_id
       left join public.sites si on si.tenant_id = l.tenant_id and si.id = l.site_id
      where l.tenant_id = app.tenant_id() and l.debt_position_id = $1 and l.deleted_at is null
      order by l.period_start, l.created_at, l.id`,
    [id],
  );
  const receipts = await receiptsOf(tx, { position: id });
  return { position: summarize(position, today), lines, receipts };
}

const RECEIPT_SELECT = `select r.id, r.receipt_ref, r.iuv, r.notice_number, r.payment_notice_id,
       n.instalment, r.amount_cents, r.paid_at, r.psp_name, r.psp_id, r.payment_method,
       r.payer_name, r.payer_fiscal_code, r.source
  from public.payment_receipts r
  join public.payment_notices n on n.tenant_id = r.tenant_id and n.id = r.payment_notice_id
  join public.debt_positions d on d.tenant_id = n.tenant_id and d.id = n.debt_position_id
 where r.tenant_id = app.tenant_id() and r.status = 'matched' and app.is_my_payer(d.payer_id)`;

async function receiptsOf(
  tx: Tx,
  by: { position: string } | { receipt: string },
): Promise<FamilyReceipt[]> {
  const [cond, arg] = "position" in by ? ["d.id = $1", by.position] : ["r.id = $1", by.receipt];
  const rows = await tx.query<FamilyReceipt>(
    `${RECEIPT_SELECT} and ${cond} order by r.paid_at, r.id`,
    [arg],
  );
  return rows.map((r) => ({ ...r, paid_at: iso(r.paid_at)! }));
}

/** One receipt of the household with the position it paid, or null. */
export async function myReceipt(
  tx: Tx,
  receiptId: string,
  today: string,
): Promise<{ receipt: FamilyReceipt; detail: PositionDetail } | null> {
  const [receipt] = await receiptsOf(tx, { receipt: receiptId });
  if (!receipt) return null;
  const [{ position_id }] = await tx.query<{ position_id: string }>(
    `select debt_position_id as position_id from public.payment_notices
      where tenant_id = app.tenant_id() and id = $1`,
    [receipt.payment_notice_id],
  );
  const detail = await myPosition(tx, position_id, today);
  return detail ? { receipt, detail } : null;
}

/** The option a family wants to pay: it must be theirs, unpaid, and its position payable. */
export function payableNotice(p: FamilyPosition, noticeId: string): FamilyNotice | null {
  if (p.status === "paid" || p.status === "cancelled") return null;
  const n = p.notices.find((x) => x.id === noticeId);
  return n && n.status === "unpaid" ? n : null;
}
