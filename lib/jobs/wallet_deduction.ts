/**
 * The daily wallet deduction: once a day for each prepaid service (`service_billing.mode =
 * 'prepaid'`) of every Ente, deducts the uses of the past days not deducted yet and refunds the
 * uses voided after they were charged, looking back `wallet_settings.lookback_days` (late
 * changes), up to yesterday (Europe/Rome). Then, every round, it delivers the low-balance alerts
 * the movements raised (lib/wallets/alerts.ts).
 *
 * A service is deducted from the first day the job found it prepaid, never retroactively (its
 * earlier days were billed by notice).
 *
 * Any number of processes may run it: the day's row of `private.wallet_deduction_runs` is
 * claimed in the deduction's own transaction (a crash rolls both back, and the next round does
 * the day), and the movements are unique per (enrollment, day) and per refunded use anyway.
 *
 * @module
 */
import { addDays, romeDateOf } from "../calendar/dates.ts";
import type { Db } from "../db/types.ts";
import { type AlertReport, deliverWalletAlerts } from "../wallets/alerts.ts";
import { type DeductionResult, deductService } from "../wallets/deduction.ts";

interface PrepaidService {
  tenant_id: string;
  service_id: string;
  lookback_days: number;
}

export interface Deducted extends DeductionResult {
  tenant_id: string;
  service_id: string;
  from: string;
  to: string;
}

/** Deducts one service's days in one transaction as service_role naming the Ente; null if done. */
export async function deductServiceDay(
  db: Db,
  s: PrepaidService,
  today: string,
): Promise<Deducted | null> {
  const to = addDays(today, -1);
  return await db.asService(async (tx) => {
    await tx.query("select set_config('request.jwt.claims', $1, true)", [
      JSON.stringify({ role: "service_role", app_metadata: { tenant_id: s.tenant_id, roles: [] } }),
    ]);
    const claimed = await tx.query(
      `insert into private.wallet_deduction_runs (tenant_id, service_id, run_on)
       values ($1, $2, $3) on conflict do nothing returning run_on`,
      [s.tenant_id, s.service_id, today],
    );
    if (!claimed.length) return null;
    // Never before the service's first deduction day: days of a service billed by notice until
    // it turned prepaid were billed already.
    const [{ first }] = await tx.query<{ first: string }>(
      `select min(run_on)::text as first from private.wallet_deduction_runs
        where tenant_id = $1 and service_id = $2`,
      [s.tenant_id, s.service_id],
    );
    const lookback = addDays(today, -s.lookback_days);
    const from = first > lookback ? first : lookback;
    // Wallets of enrollments with no use yet, so families can top up before the first meal.
    await tx.query("select app.ensure_wallets()");
    const r = await deductService(tx, s.tenant_id, s.service_id, from, to);
    await tx.query(
      `update private.wallet_deduction_runs set uses = $4, refunds = $5, done_at = now()
        where tenant_id = $1 and service_id = $2 and run_on = $3`,
      [s.tenant_id, s.service_id, today, r.uses, r.refunds],
    );
    if (r.uses || r.refunds) {
      await tx.query("select app.audit_event($1, 'wallet.deduction', 'services', $2, $3)", [
        s.tenant_id,
        s.service_id,
        { from, to, ...r },
      ]);
    }
    return { tenant_id: s.tenant_id, service_id: s.service_id, from, to, ...r };
  });
}

/** One round: today's deduction of every prepaid service not done yet, then the alerts. */
export async function deductDue(
  db: Db,
  opts: { now?: Date; publicUrl?: string } = {},
): Promise<{ deducted: Deducted[]; alerts: AlertReport }> {
  const today = romeDateOf(opts.now ?? new Date());
  const services = await db.asService((tx) =>
    tx.query<PrepaidService>(
      `select sb.tenant_id, sb.service_id, coalesce(ws.lookback_days, 31) as lookback_days
         from public.service_billing sb
         join public.services s on s.tenant_id = sb.tenant_id and s.id = sb.service_id
         left join public.wallet_settings ws on ws.tenant_id = sb.tenant_id
        where sb.mode = 'prepaid'
          and not exists (select 1 from private.wallet_deduction_runs r
                           where r.tenant_id = sb.tenant_id and r.service_id = sb.service_id
                             and r.run_on = $1)
        order by sb.tenant_id, sb.service_id`,
      [today],
    )
  );
  const deducted: Deducted[] = [];
  for (const s of services) {
    try {
      const r = await deductServiceDay(db, s, today);
      if (r) deducted.push(r);
    } catch (e) {
      console.error(`[borsellino] scalatura del servizio ${s.service_id} non riuscita:`, e);
    }
  }
  const alerts = await deliverWalletAlerts(db, { publicUrl: opts.publicUrl });
  return { deducted, alerts };
}

export interface WalletJob {
  runOnce(): Promise<{ deducted: Deducted[]; alerts: AlertReport }>;
  stop(): Promise<void>;
}

/** Starts the job (main.ts): a round now, then every `intervalMs` (a minute); rounds never overlap. */
export function startWalletDeductionJob(
  db: Db,
  opts: { intervalMs?: number; publicUrl?: string } = {},
): WalletJob {
  type Round = { deducted: Deducted[]; alerts: AlertReport };
  let running: Promise<Round> | null = null;
  let stopped = false;
  const round = () =>
    running ??= deductDue(db, { publicUrl: opts.publicUrl }).finally(() => running = null);
  const tick = async () => {
    try {
      await round();
    } catch (e) {
      console.error("[borsellino] giro del borsellino non riuscito:", e);
    }
    if (!stopped) {
      timer = setTimeout(tick, opts.intervalMs ?? 60_000);
      Deno.unrefTimer(timer);
    }
  };
  let timer = setTimeout(tick, 0);
  Deno.unrefTimer(timer);
  return {
    runOnce: round,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running?.catch(() => {});
    },
  };
}
