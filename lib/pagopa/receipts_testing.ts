/**
 * Test rows for receipts: a debt position of the demo family's payer with its notices, created
 * directly in the tables (as the issue step would), so receipt paths can be exercised on their
 * own. Used by tests and by `bench/receipts.ts`; never by the app.
 *
 * @module
 */

import type { Db, Tx } from "../db/types.ts";
import { ingestReceipts } from "./receipts.ts";

export interface TestPosition {
  tenantId: string;
  tenantTaxCode: string;
  positionId: string;
  payerId: string;
  /** Instalment 0 (the single payment) first, then 1..n. */
  notices: {
    id: string;
    instalment: number;
    noticeNumber: string;
    iuv: string;
    amountCents: number;
  }[];
}

let nextBase = 7_000_000_000_000 + Math.floor(Math.random() * 1_000_000_000);

/**
 * A published position of `amountCents` for the demo payer (Chiara Colombo), with the single
 * payment and, when `instalments` is given, one notice per instalment amount.
 */
export async function createTestPosition(
  tx: Tx,
  opts: { amountCents?: number; instalments?: number[]; payerTaxCode?: string } = {},
): Promise<TestPosition> {
  const amount = opts.amountCents ?? 4500;
  const [row] = await tx.query<
    { tenant_id: string; tax_code: string; payer_id: string; service_id: string }
  >(
    `select t.id as tenant_id, t.tax_code, p.id as payer_id,
            (select s.id from public.services s where s.tenant_id = t.id order by s.created_at limit 1)
              as service_id
       from public.people p join public.tenants t on t.id = p.tenant_id
      where p.tax_code = $1 limit 1`,
    [opts.payerTaxCode ?? "CLMCHR88M61D612P"],
  );
  if (!row) throw new Error("demo payer not found");
  const [pos] = await tx.query<{ id: string }>(
    `insert into public.debt_positions (tenant_id, iupd, payer_id, service_id, period_start,
       period_end, description, amount_cents, taxonomy_code, debtor, gpd_status, published_at)
     values ($1, $2, $3, $4, '2026-10-01', '2026-10-31', 'Mensa ottobre 2026 - Sofia Ricci',
             $5, '9/0107101TS/', $6, 'published', now())
     returning id`,
    [
      row.tenant_id,
      `PZT-${crypto.randomUUID().slice(0, 18)}`,
      row.payer_id,
      row.service_id,
      amount,
      { fiscal_code: opts.payerTaxCode ?? "CLMCHR88M61D612P", full_name: "Chiara Colombo" },
    ],
  );
  const amounts = [amount, ...(opts.instalments ?? [])];
  const notices: TestPosition["notices"] = [];
  for (const [instalment, cents] of amounts.entries()) {
    const base = nextBase++;
    const [n] = await tx.query<{ id: string; notice_number: string; iuv: string }>(
      `insert into public.payment_notices (tenant_id, debt_position_id, instalment, notice_number,
         iuv, amount_cents, due_on)
       values ($1, $2, $3, app.notice_number('02', $4::bigint),
               substr(app.notice_number('02', $4::bigint), 2), $5, date '2026-11-30' + $3 * 30)
       returning id, notice_number, iuv`,
      [row.tenant_id, pos.id, instalment, base, cents],
    );
    notices.push({
      id: n.id,
      instalment,
      noticeNumber: n.notice_number,
      iuv: n.iuv,
      amountCents: cents,
    });
  }
  return {
    tenantId: row.tenant_id,
    tenantTaxCode: row.tax_code,
    positionId: pos.id,
    payerId: row.payer_id,
    notices,
  };
}

/** As `createTestPosition`, in its own owner transaction. */
export function createTestPositionIn(
  db: Db,
  opts: Parameters<typeof createTestPosition>[1] = {},
): Promise<TestPosition> {
  return db.asOwner((tx) => createTestPosition(tx, opts));
}

/**
 * One receipt stored as pagoPA would send it (GPD, from the demo payer Chiara Colombo, paid on
 * 20/11/2026); returns its id and status.
 */
export async function ingestTestReceipt(
  db: Db,
  r: { tenantId: string; iuv: string; noticeNumber?: string; amountCents: number; ref?: string },
): Promise<{ id: string; status: string }> {
  const [res] = await db.asService((tx) =>
    ingestReceipts(tx, [{
      tenantId: r.tenantId,
      receiptRef: r.ref ?? `RT-${crypto.randomUUID().slice(0, 20)}`,
      iuv: r.iuv,
      noticeNumber: r.noticeNumber ?? null,
      amountCents: r.amountCents,
      paidAt: "2026-11-20T10:00:00+01:00",
      source: "gpd",
      pspName: "Banca Demo",
      payerFiscalCode: "CLMCHR88M61D612P",
      payerName: "Chiara Colombo",
    }])
  );
  if (!res.ok) throw new Error(`test receipt not stored: ${res.messageEn}`);
  return { id: res.receiptId, status: res.status };
}
