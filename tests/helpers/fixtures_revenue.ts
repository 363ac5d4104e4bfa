/**
 * A month of receipts for the revenue by service (November 2026, demo Ente): positions with their
 * lines as an issue writes them — one per service, one aggregated with a credit and instalments —
 * paid by pagoPA and at the office, a payment at 00:30 in Rome on the first and on the 1st of
 * the next month, and a payment matching no notice.
 *
 * Positions carry no run (two of one payer and service in a month); their lines name one.
 * Service A (canteen code) and B (transport code) are the demo's first two services by title.
 */
import type { Db, Tx } from "../../lib/db/types.ts";
import { ingestReceipts } from "../../lib/pagopa/receipts.ts";
import { recordManualReceipt } from "../../lib/pagopa/receipts_manual.ts";
import { PEOPLE } from "./fixtures_sites.ts";
import { claimsOf } from "./fixtures_wallets.ts";

export interface RevenueFixture {
  tenantId: string;
  a: { id: string; title: string };
  b: { id: string; title: string };
  iupd: { p1: string; p2: string; p3: string; p4: string };
  /** The operator's name (who recorded the cash payment). */
  operatorName: string;
}

let base = 8_100_000_000_000 + Math.floor(Math.random() * 1_000_000_000);

async function position(
  tx: Tx,
  f: { tenantId: string; runId: string; payerId: string },
  p: { iupd: string; service: string | null; lines: [string, number][]; notices: number[] },
): Promise<{ id: string; notices: { iuv: string; notice: string; cents: number }[] }> {
  const amount = p.lines.reduce((s, [, c]) => s + c, 0);
  const [d] = await tx.query<{ id: string }>(
    `insert into public.debt_positions (tenant_id, iupd, payer_id, service_id,
       period_start, period_end, description, amount_cents, taxonomy_code, debtor, gpd_status,
       published_at, created_at)
     values ($1, $2, $3, $4, '2026-10-01', '2026-10-31', 'Servizi ottobre 2026', $5,
             '9/0107100TS/', '{"fiscal_code": "CLMCHR88M61D612P", "full_name": "Chiara Colombo"}',
             'published', '2026-10-20', '2026-10-20')
     returning id`,
    [f.tenantId, p.iupd, f.payerId, p.service, amount],
  );
  for (const [i, [service, cents]] of p.lines.entries()) {
    await tx.query(
      `insert into public.charge_lines (tenant_id, run_id, service_id, payer_id, period_start,
         period_end, kind, source, amount_cents, description, reason, debt_position_id)
       values ($1, $2, $3, $4, '2026-10-01', '2026-10-31', $5, 'operator', $6, $7,
               'Riga di prova del riepilogo', $8)`,
      [
        f.tenantId,
        f.runId,
        service,
        f.payerId,
        cents < 0 ? "credit" : "debit",
        cents,
        `Riga ${i + 1}`,
        d.id,
      ],
    );
  }
  const notices = [];
  for (const [instalment, cents] of [amount, ...p.notices].entries()) {
    const [n] = await tx.query<{ iuv: string; notice_number: string }>(
      `insert into public.payment_notices (tenant_id, debt_position_id, instalment, notice_number,
         iuv, amount_cents, due_on)
       values ($1, $2, $3, app.notice_number('02', $4::bigint),
               substr(app.notice_number('02', $4::bigint), 2), $5, '2026-11-30')
       returning iuv, notice_number`,
      [f.tenantId, d.id, instalment, base++, cents],
    );
    notices.push({ iuv: n.iuv, notice: n.notice_number, cents });
  }
  return { id: d.id, notices };
}

/** The month described above; receipts stored as pagoPA and the office would store them. */
export async function revenueMonth(db: Db): Promise<RevenueFixture> {
  const tag = crypto.randomUUID().slice(0, 8).toUpperCase();
  const iupd = { p1: `RV-${tag}-1`, p2: `RV-${tag}-2`, p3: `RV-${tag}-3`, p4: `RV-${tag}-4` };
  const set = await db.asOwner(async (tx) => {
    const [t] = await tx.query<{ tenant_id: string; payer_id: string }>(
      "select tenant_id, id as payer_id from public.people where tax_code = 'CLMCHR88M61D612P' limit 1",
    );
    const [a, b] = await tx.query<{ id: string; title: string }>(
      "select id, title from public.services where tenant_id = $1 order by title, id limit 2",
      [t.tenant_id],
    );
    for (const [s, code] of [[a, "9/0107101TS/"], [b, "9/0107102SP/"]] as const) {
      await tx.query(
        `insert into public.service_billing (tenant_id, service_id, mode, taxonomy_code)
         values ($1, $2, 'notice', $3)
         on conflict (tenant_id, service_id) do update set taxonomy_code = excluded.taxonomy_code`,
        [t.tenant_id, s.id, code],
      );
    }
    const [run] = await tx.query<{ id: string }>(
      `insert into public.billing_runs (tenant_id, number, period_start, period_end, label,
         service_ids, status, computed_at, approved_at, issued_at)
       select $1, coalesce(max(number), 0) + 1, '2026-10-01', '2026-10-31', 'Ottobre 2026',
              array[$2::uuid, $3::uuid], 'issued', now(), now(), now()
         from public.billing_runs where tenant_id = $1
       returning id`,
      [t.tenant_id, a.id, b.id],
    );
    const f = { tenantId: t.tenant_id, runId: run.id, payerId: t.payer_id };
    const p1 = await position(tx, f, {
      iupd: iupd.p1,
      service: a.id,
      lines: [[a.id, 4500]],
      notices: [],
    });
    // Aggregated: A 3000 with a credit of 500 (net 2500), B 1000; three instalments.
    const p2 = await position(tx, f, {
      iupd: iupd.p2,
      service: null,
      lines: [[a.id, 3000], [b.id, 1000], [a.id, -500]],
      notices: [1166, 1167, 1167],
    });
    const p3 = await position(tx, f, {
      iupd: iupd.p3,
      service: b.id,
      lines: [[b.id, 2000]],
      notices: [],
    });
    const p4 = await position(tx, f, {
      iupd: iupd.p4,
      service: a.id,
      lines: [[a.id, 2500], [b.id, 0]],
      notices: [],
    });
    return { tenantId: t.tenant_id, a, b, p1, p2, p3, p4 };
  });
  const paid = (n: { iuv: string; notice: string; cents: number }, paidAt: string) => ({
    tenantId: set.tenantId,
    receiptRef: `RV-${n.iuv}`,
    iuv: n.iuv,
    noticeNumber: n.notice,
    amountCents: n.cents,
    paidAt,
    source: "gpd" as const,
    pspName: "Banca Demo",
    paymentMethod: "CP",
    payerFiscalCode: "CLMCHR88M61D612P",
    payerName: "Chiara Colombo",
  });
  const results = await db.asService((tx) =>
    ingestReceipts(tx, [
      paid(set.p1.notices[0], "2026-11-05T10:00:00+01:00"),
      // The second instalment of the aggregated position.
      paid(set.p2.notices[2], "2026-11-12T09:00:00+01:00"),
      // 00:30 on 1 November in Rome.
      paid(set.p3.notices[0], "2026-10-31T23:30:00Z"),
      // 00:30 on 1 December in Rome: not November.
      paid(set.p4.notices[0], "2026-11-30T23:30:00Z"),
      {
        tenantId: set.tenantId,
        receiptRef: `RV-STRAY-${tag}`,
        iuv: `0299${String(base++).slice(-13)}`,
        amountCents: 1234,
        paidAt: "2026-11-20T11:00:00+01:00",
        source: "gpd",
        pspName: "Banca Demo",
        payerName: "Mario Bianchi",
      },
    ])
  );
  for (const r of results) {
    if (!r.ok) throw new Error(`receipt not stored: ${r.messageEn}`);
  }
  // The first instalment paid in cash at the office.
  const claims = await claimsOf(db, PEOPLE.operator, "operator", set.tenantId);
  const [op] = await db.asUser(claims, async (tx) => {
    const [n] = await tx.query<{ id: string }>(
      "select id from public.payment_notices where debt_position_id = $1 and instalment = 1",
      [set.p2.id],
    );
    await recordManualReceipt(
      tx,
      {
        noticeId: n.id,
        amountCents: 1166,
        paidOn: "2026-11-15",
        method: "cash",
        reference: `SCONTRINO ${tag}`,
      },
      claims.sub,
      { today: "2026-11-29" },
    );
    return await tx.query<{ full_name: string }>(
      "select full_name from public.users where id = $1",
      [claims.sub],
    );
  });
  return { tenantId: set.tenantId, a: set.a, b: set.b, iupd, operatorName: op.full_name };
}
