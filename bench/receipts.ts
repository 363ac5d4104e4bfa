/**
 * Receipt ingestion at the scale of a city's month (issue 6 target: ≥ 500 receipts/s,
 * idempotent), in a scratch database on the DATABASE_URL server: N published positions with their
 * notice (set-based), then N receipts through `ingestReceipts` in batches, as the GPD poll and a
 * burst of paSendRTV2 would deliver them; then the same receipts again (must credit nothing), and
 * a check that every position is paid exactly once.
 *
 * Standalone: `DATABASE_URL=postgres://… deno run -A bench/receipts.ts` (skipped when unset).
 * Knobs: RCPT_N (20,000 receipts), RCPT_BATCH (500 per transaction), RCPT_UNMATCHED (2 % with an
 * unknown IUV).
 */
import { migrate } from "../lib/db/migrate.ts";
import { openPostgres } from "../lib/db/postgres.ts";
import { ingestReceipts, type ReceiptInput } from "../lib/pagopa/receipts.ts";
import { seedDemo } from "../lib/seed/demo.ts";
import { createScratchDb, redact } from "./postgres.ts";

export const RECEIPTS_TARGET_PER_S = 500;

export interface ReceiptsBench {
  receipts: number;
  batch: number;
  seconds: number;
  perSecond: number;
  replaySeconds: number;
  replayPerSecond: number;
  target: number;
  ok: boolean;
  checks: { paidPositions: number; matched: number; unmatched: number; stored: number };
}

const num = (name: string, fallback: number) => Number(Deno.env.get(name) ?? fallback);

export async function benchReceipts(
  serverUrl: string,
  log: (line: string) => void,
): Promise<ReceiptsBench> {
  const n = num("RCPT_N", 20_000);
  const batch = num("RCPT_BATCH", 500);
  const strayShare = num("RCPT_UNMATCHED", 0.02);
  const scratch = await createScratchDb(serverUrl);
  log(`Receipts: ${n} in batches of ${batch} (scratch database ${redact(scratch.url)})`);
  const db = openPostgres(scratch.url, { max: 4 });
  try {
    await migrate(db);
    await seedDemo(db);
    const notices = await db.asOwner(async (tx) => {
      const [t] = await tx.query<{ tenant_id: string; payer_id: string }>(
        `select p.tenant_id, p.id as payer_id from public.people p
          where p.tax_code = 'CLMCHR88M61D612P'`,
      );
      await tx.query(
        `insert into public.debt_positions (tenant_id, iupd, payer_id, description, amount_cents,
           taxonomy_code, debtor, gpd_status, published_at)
         select $1, 'BENCH-' || g, $2, 'Mensa ottobre 2026', 1000 + g % 5000, '9/0107101TS/',
                '{"fiscal_code": "CLMCHR88M61D612P", "full_name": "Chiara Colombo"}', 'published', now()
           from generate_series(1, $3::int) g`,
        [t.tenant_id, t.payer_id, n],
      );
      await tx.query(
        `insert into public.payment_notices (tenant_id, debt_position_id, instalment, notice_number,
           iuv, amount_cents, due_on)
         select d.tenant_id, d.id, 0, app.notice_number('02', 5000000000000 + x.g),
                substr(app.notice_number('02', 5000000000000 + x.g), 2), d.amount_cents, '2026-12-31'
           from public.debt_positions d
           join lateral (select substr(d.iupd, 7)::bigint as g) x on true
          where d.iupd like 'BENCH-%'`,
      );
      return await tx.query<{ iuv: string; notice_number: string; amount_cents: number }>(
        `select n.iuv, n.notice_number, n.amount_cents from public.payment_notices n
          where n.tenant_id = $1 order by n.iuv`,
        [t.tenant_id],
      ).then((rows) => ({ tenantId: t.tenant_id, rows }));
    });
    const receipts: ReceiptInput[] = notices.rows.map((r, i) => {
      const stray = i % Math.max(1, Math.round(1 / strayShare)) === 0;
      return {
        tenantId: notices.tenantId,
        receiptRef: `bench-${i}`,
        iuv: stray ? `09${String(i).padStart(15, "0")}` : r.iuv,
        noticeNumber: stray ? null : r.notice_number,
        amountCents: Number(r.amount_cents),
        paidAt: "2026-11-20T10:22:31+01:00",
        source: "gpd",
        pspId: "88888888888",
        pspName: "PSP di test",
        payerFiscalCode: "CLMCHR88M61D612P",
        payerName: "Chiara Colombo",
        raw: `<receipt><receiptId>bench-${i}</receiptId></receipt>`,
      };
    });
    const run = async () => {
      const t0 = performance.now();
      for (let i = 0; i < receipts.length; i += batch) {
        const slice = receipts.slice(i, i + batch);
        await db.asService((tx) => ingestReceipts(tx, slice, { publicUrl: "http://localhost" }));
      }
      return (performance.now() - t0) / 1000;
    };
    const seconds = await run();
    const replaySeconds = await run();
    const [checks] = await db.asOwner((tx) =>
      tx.query<ReceiptsBench["checks"]>(
        `select (select count(*)::int from public.debt_positions
                  where iupd like 'BENCH-%' and status = 'paid' and paid_cents = amount_cents) as "paidPositions",
                count(*) filter (where status = 'matched')::int as matched,
                count(*) filter (where status = 'unmatched')::int as unmatched,
                count(*)::int as stored
           from public.payment_receipts where receipt_ref like 'bench-%'`,
      )
    );
    const perSecond = receipts.length / seconds;
    const result: ReceiptsBench = {
      receipts: receipts.length,
      batch,
      seconds,
      perSecond,
      replaySeconds,
      replayPerSecond: receipts.length / replaySeconds,
      target: RECEIPTS_TARGET_PER_S,
      ok: perSecond >= RECEIPTS_TARGET_PER_S && checks.stored === receipts.length &&
        checks.paidPositions === checks.matched,
      checks,
    };
    log(toText(result));
    return result;
  } finally {
    await db.close();
    await scratch.drop();
  }
}

export function toText(r: ReceiptsBench): string {
  return `receipts: ${r.receipts} in ${r.seconds.toFixed(2)} s = ${Math.round(r.perSecond)}/s ` +
    `(target ≥ ${r.target}/s), replay ${Math.round(r.replayPerSecond)}/s credited nothing; ` +
    `stored ${r.checks.stored}, matched ${r.checks.matched}, unmatched ${r.checks.unmatched}, ` +
    `positions paid once ${r.checks.paidPositions} — ${r.ok ? "OK" : "FAILED"}`;
}

if (import.meta.main) {
  const url = Deno.env.get("DATABASE_URL");
  if (!url) console.log("receipts: skipped (DATABASE_URL not set)");
  else {
    const r = await benchReceipts(url, console.log);
    console.log(`BENCH_JSON ${JSON.stringify({ receipts: r })}`);
    Deno.exit(r.ok ? 0 : 1);
  }
}
