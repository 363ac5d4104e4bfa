/**
 * What the yearly statement of payments reads, under the caller's RLS (`db.asUser`): the
 * receipts that credited a position in a calendar year (Europe/Rome) and the charge lines of
 * those positions, for the household's payers (a family, `app.is_my_payer`) or for one payer
 * (the office, staff read policies).
 *
 * "Credited" is a receipt with status `matched`: the one that paid its notice, whether it came
 * from pagoPA or was recorded by the office (manual receipts go through the same ingestion and
 * are `matched` too). Unmatched receipts, amount mismatches and double payments paid nothing:
 * the office refunds them or moves them to a wallet (`settlement`), and they are not listed.
 * Top-ups of a wallet are positions of their own (purpose `top_up`): listed apart.
 *
 * @module
 */

import type { Tx } from "../db/types.ts";
import {
  buildStatement,
  type Statement,
  type StatementLine,
  type StatementReceipt,
} from "./payment_statement.ts";

/** Whose payments: the signed-in family's household, or one payer (the office). */
export type StatementScope = { household: true } | { payerId: string };

export interface StatementEnte {
  name: string;
  tax_code: string;
  address: string | null;
}

export interface StatementPayer {
  id: string;
  name: string;
  tax_code: string | null;
}

export interface StatementData {
  ente: StatementEnte;
  payers: StatementPayer[];
  statement: Statement;
}

function scopeSql(scope: StatementScope, n: number): [string, unknown[]] {
  return "household" in scope
    ? ["app.is_my_payer(d.payer_id)", []]
    : [`d.payer_id = $${n}::uuid`, [scope.payerId]];
}

const FROM = `from public.payment_receipts r
  join public.payment_notices n on n.tenant_id = r.tenant_id and n.id = r.payment_notice_id
  join public.debt_positions d on d.tenant_id = n.tenant_id and d.id = n.debt_position_id`;

/**
 * The years with a credited receipt, newest first: the statements there are to ask for.
 *
 * @example const years = await statementYears(tx, { household: true });
 */
export async function statementYears(tx: Tx, scope: StatementScope): Promise<number[]> {
  const [cond, args] = scopeSql(scope, 1);
  const rows = await tx.query<{ year: number }>(
    `select distinct extract(year from r.paid_at at time zone 'Europe/Rome')::int as year
       ${FROM}
      where r.tenant_id = (select app.tenant_id()) and r.status = 'matched' and ${cond}
      order by 1 desc`,
    args,
  );
  return rows.map((r) => Number(r.year));
}

type ReceiptRow = Omit<StatementReceipt, "paid_at"> & {
  paid_at: string | Date;
  payer_id: string;
  payer_name: string;
  payer_tax_code: string | null;
};

/**
 * The statement of `year` with the Ente and the payers it is about, or null when no receipt of
 * theirs credited anything that year.
 *
 * @example const data = await loadStatement(tx, 2026, { payerId });
 */
export async function loadStatement(
  tx: Tx,
  year: number,
  scope: StatementScope,
): Promise<StatementData | null> {
  const [cond, args] = scopeSql(scope, 2);
  const receipts = await tx.query<ReceiptRow>(
    `select r.id, d.id as debt_position_id, d.purpose, r.amount_cents, r.paid_at,
            coalesce(r.notice_number, n.notice_number) as notice_number, r.iuv, n.instalment,
            r.source, r.payment_method, s.title as service_title,
            d.period_start::text as period_start, d.period_end::text as period_end,
            d.payer_id,
            coalesce(nullif(btrim(coalesce(p.name, '') || ' ' || coalesce(p.surname, '')), ''),
                     d.debtor ->> 'full_name', '') as payer_name,
            coalesce(p.tax_code, d.debtor ->> 'fiscal_code') as payer_tax_code
       ${FROM}
       left join public.services s on s.tenant_id = d.tenant_id and s.id = d.service_id
       left join public.people p on p.tenant_id = d.tenant_id and p.id = d.payer_id
      where r.tenant_id = (select app.tenant_id()) and r.status = 'matched' and ${cond}
        and r.paid_at >= make_timestamp($1::int, 1, 1, 0, 0, 0) at time zone 'Europe/Rome'
        and r.paid_at < make_timestamp($1::int + 1, 1, 1, 0, 0, 0) at time zone 'Europe/Rome'
      order by r.paid_at, r.id
      limit 5000`,
    [year, ...args],
  );
  if (!receipts.length) return null;
  const positions = [...new Set(receipts.map((r) => r.debt_position_id))];
  const lines = await tx.query<StatementLine>(
    `select l.debt_position_id, l.beneficiary_id,
            nullif(btrim(coalesce(b.name, '') || ' ' || coalesce(b.surname, '')), '') as beneficiary_name,
            b.tax_code as beneficiary_tax_code, l.service_id, s.title as service_title,
            l.period_start::text as period_start, l.period_end::text as period_end, l.amount_cents
       from public.charge_lines l
       join public.services s on s.tenant_id = l.tenant_id and s.id = l.service_id
       left join public.people b on b.tenant_id = l.tenant_id and b.id = l.beneficiary_id
      where l.tenant_id = (select app.tenant_id()) and l.debt_position_id = any ($1::uuid[])
        and l.deleted_at is null`,
    [positions],
  );
  const [ente] = await tx.query<StatementEnte>(
    `select name, tax_code, address from public.tenants where id = (select app.tenant_id())`,
  );
  const payers = new Map<string, StatementPayer>();
  for (const r of receipts) {
    if (!payers.has(r.payer_id)) {
      payers.set(r.payer_id, { id: r.payer_id, name: r.payer_name, tax_code: r.payer_tax_code });
    }
  }
  const statement = buildStatement(
    year,
    receipts.map(({ payer_id: _p, payer_name: _n, payer_tax_code: _t, ...r }) => ({
      ...r,
      amount_cents: Number(r.amount_cents),
      paid_at: new Date(r.paid_at).toISOString(),
    })),
    lines.map((l) => ({ ...l, amount_cents: Number(l.amount_cents) })),
  );
  return {
    ente,
    payers: [...payers.values()].sort((a, b) => a.name.localeCompare(b.name, "it")),
    statement,
  };
}

/**
 * The statement of `year` of payer `payerId` as the office exports it (its page's PDF, the API's
 * JSON): read and written to the audit log (`export`, `payment_statement`, the payer's id) in the
 * caller's transaction, as any export of personal data. Null when that year has no payment.
 */
export async function exportStatement(
  tx: Tx,
  year: number,
  payerId: string,
): Promise<StatementData | null> {
  const data = await loadStatement(tx, year, { payerId });
  if (!data) return null;
  await tx.query(
    "select app.audit_event(app.tenant_id(), 'export', 'payment_statement', $1, $2)",
    [payerId, {
      year,
      receipts: data.statement.receipts,
      total_cents: data.statement.total_cents,
    }],
  );
  return data;
}
