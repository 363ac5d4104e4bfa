/**
 * Storage of prepaid wallets, run as the user (RLS: families read their payers' wallets, the
 * office writes thresholds and adjustments). Uses, refunds and top-up credits are written by the
 * deduction job and the database triggers, never here.
 *
 * @module
 */
import type { Tx } from "../db/types.ts";
import type { Level, MovementKind, Scope } from "./rules.ts";

export interface Wallet {
  id: string;
  payer_id: string;
  payer_name: string;
  payer_tax_code: string | null;
  beneficiary_id: string | null;
  beneficiary_name: string | null;
  balance_cents: number;
  low_balance_threshold_cents: number;
  grace_cents: number;
  alert_level: Level;
  updated_at: string;
}

export interface Movement {
  id: string;
  kind: MovementKind;
  amount_cents: number;
  day: string;
  description: string;
  explanation: { summary?: { it: string; en: string } } & Record<string, unknown>;
  reason: string | null;
  beneficiary_name: string | null;
  enrollment_id: string | null;
  debt_position_id: string | null;
  refund_of: string | null;
  created_at: string;
  /** The balance right after this movement. */
  balance_after_cents: number;
}

export interface TopUp {
  debt_position_id: string;
  wallet_id: string;
  amount_cents: number;
  status: "open" | "partially_paid" | "paid" | "cancelled";
  notice_number: string | null;
  due_on: string | null;
  created_at: string;
}

export interface WalletSettings {
  scope: Scope;
  default_threshold_cents: number;
  default_grace_cents: number;
  min_top_up_cents: number;
  max_top_up_cents: number;
  lookback_days: number;
}

export const DEFAULT_SETTINGS: WalletSettings = {
  scope: "payer",
  default_threshold_cents: 1000,
  default_grace_cents: 0,
  min_top_up_cents: 500,
  max_top_up_cents: 50000,
  lookback_days: 31,
};

const WALLET = `
  select w.id, w.payer_id, pp.surname || ' ' || pp.name as payer_name, pp.tax_code as payer_tax_code,
         w.beneficiary_id, b.name || ' ' || b.surname as beneficiary_name, w.balance_cents,
         w.low_balance_threshold_cents, w.grace_cents, w.alert_level, w.updated_at::text
    from public.wallets w
    join public.people pp on pp.tenant_id = w.tenant_id and pp.id = w.payer_id
    left join public.people b on b.tenant_id = w.tenant_id and b.id = w.beneficiary_id`;

export type WalletFilter = "all" | "low" | "negative" | "over_grace";
export const WALLET_FILTERS: WalletFilter[] = ["all", "low", "negative", "over_grace"];

/**
 * The Ente's wallets, worst first: `low` is every wallet under its threshold, `negative` under
 * zero, `over_grace` beyond its grace. `q` matches the payer's or the child's name or CF.
 */
export async function listWallets(
  tx: Tx,
  opts: { filter: WalletFilter; q: string | null; limit: number; offset: number },
): Promise<{ items: Wallet[]; total: number }> {
  const levels = {
    all: ["ok", "low", "negative", "over_grace"],
    low: ["low", "negative", "over_grace"],
    negative: ["negative", "over_grace"],
    over_grace: ["over_grace"],
  }[opts.filter];
  const where = `where w.tenant_id = (select app.tenant_id()) and w.alert_level = any ($1::text[])
      and ($2::text is null or (pp.surname || ' ' || pp.name || ' ' || coalesce(pp.tax_code, '') || ' '
           || coalesce(b.surname || ' ' || b.name, '')) ilike '%' || $2 || '%')`;
  const q = opts.q?.trim() || null;
  const items = await tx.query<Wallet>(
    `${WALLET} ${where} order by w.balance_cents, pp.sort_key, w.id limit $3 offset $4`,
    [levels, q, opts.limit, opts.offset],
  );
  const [{ n }] = await tx.query<{ n: number }>(
    `select count(*)::int as n from public.wallets w
       join public.people pp on pp.tenant_id = w.tenant_id and pp.id = w.payer_id
       left join public.people b on b.tenant_id = w.tenant_id and b.id = w.beneficiary_id ${where}`,
    [levels, q],
  );
  return { items, total: n };
}

/** One wallet, if the caller may read it. */
export async function getWallet(tx: Tx, id: string): Promise<Wallet | null> {
  const [w] = await tx.query<Wallet>(`${WALLET} where w.id = $1`, [id]);
  return w ?? null;
}

/**
 * The caller's family wallets (their payers'), created first for every current prepaid
 * enrollment so a family can top up before the first meal.
 */
export async function myWallets(tx: Tx): Promise<Wallet[]> {
  await tx.query("select app.ensure_wallets()");
  return await tx.query<Wallet>(
    `${WALLET} where w.tenant_id = (select app.tenant_id()) and app.is_my_payer(w.payer_id)
      order by pp.sort_key, b.sort_key nulls first, w.id`,
  );
}

/** Movements of a wallet, newest first, each with the balance right after it. */
export async function listMovements(
  tx: Tx,
  walletId: string,
  page: { limit: number; offset: number },
): Promise<{ items: Movement[]; total: number }> {
  const items = await tx.query<Movement>(
    `select * from (
       select m.id, m.kind, m.amount_cents, m.day::text, m.description, m.explanation, m.reason,
              b.name || ' ' || b.surname as beneficiary_name, m.enrollment_id, m.debt_position_id,
              m.refund_of, m.created_at::text,
              (sum(m.amount_cents) over (order by m.created_at, m.id))::bigint as balance_after_cents
         from public.wallet_movements m
         left join public.people b on b.tenant_id = m.tenant_id and b.id = m.beneficiary_id
        where m.tenant_id = (select app.tenant_id()) and m.wallet_id = $1) x
      order by x.created_at desc, x.id desc limit $2 offset $3`,
    [walletId, page.limit, page.offset],
  );
  const [{ n }] = await tx.query<{ n: number }>(
    `select count(*)::int as n from public.wallet_movements
      where tenant_id = (select app.tenant_id()) and wallet_id = $1`,
    [walletId],
  );
  return { items, total: n };
}

/** Top-ups asked for on a wallet, newest first, with their notice and whether they were paid. */
export async function listTopUps(tx: Tx, walletId: string, limit = 20): Promise<TopUp[]> {
  return await tx.query<TopUp>(
    `select t.debt_position_id, t.wallet_id, t.amount_cents, d.status, n.notice_number,
            n.due_on::text, t.created_at::text
       from public.wallet_top_ups t
       join public.debt_positions d on d.tenant_id = t.tenant_id and d.id = t.debt_position_id
       left join public.payment_notices n
         on n.tenant_id = t.tenant_id and n.debt_position_id = t.debt_position_id and n.instalment = 0
      where t.tenant_id = (select app.tenant_id()) and t.wallet_id = $1
      order by t.created_at desc limit $2`,
    [walletId, limit],
  );
}

/** A top-up of `cents` on the wallet: the new debt position's id (refusals: 'wallet:<code>'). */
export async function requestTopUp(tx: Tx, walletId: string, cents: number): Promise<string> {
  const [{ id }] = await tx.query<{ id: string }>("select app.wallet_top_up($1, $2) as id", [
    walletId,
    cents,
  ]);
  return id;
}

/** The office's adjustment (signed cents) with its reason; audited by the table's trigger. */
export async function adjustWallet(
  tx: Tx,
  walletId: string,
  adj: { cents: number; reason: string; userId: string | null; day: string },
): Promise<Movement | null> {
  const rows = await tx.query<{ id: string }>(
    `insert into public.wallet_movements (tenant_id, wallet_id, kind, amount_cents, day,
       description, explanation, reason, created_by)
     select w.tenant_id, w.id, 'adjustment', $2, $3, left('Rettifica: ' || $4, 300),
            jsonb_build_object('summary', jsonb_build_object(
              'it', 'Rettifica dell''ufficio di ' || app.wallet_euro($2, 'it') || ': ' || $4,
              'en', 'Office adjustment of ' || app.wallet_euro($2, 'en') || ': ' || $4)),
            $4, $5
       from public.wallets w where w.tenant_id = (select app.tenant_id()) and w.id = $1
     returning id`,
    [walletId, adj.cents, adj.day, adj.reason, adj.userId],
  );
  if (!rows.length) return null;
  const { items } = await listMovements(tx, walletId, { limit: 1, offset: 0 });
  return items.find((m) => m.id === rows[0].id) ?? null;
}

/** The office changes a wallet's threshold and grace (audited); null when not found. */
export async function updateWalletLimits(
  tx: Tx,
  walletId: string,
  limits: { threshold_cents: number; grace_cents: number },
): Promise<Wallet | null> {
  const rows = await tx.query<{ id: string }>(
    `update public.wallets set low_balance_threshold_cents = $2, grace_cents = $3
      where tenant_id = (select app.tenant_id()) and id = $1 returning id`,
    [walletId, limits.threshold_cents, limits.grace_cents],
  );
  return rows.length ? await getWallet(tx, walletId) : null;
}

/** The Ente's wallet rules (defaults when never saved). */
export async function getWalletSettings(tx: Tx): Promise<WalletSettings> {
  const [s] = await tx.query<WalletSettings>(
    `select scope, default_threshold_cents, default_grace_cents, min_top_up_cents,
            max_top_up_cents, lookback_days
       from public.wallet_settings where tenant_id = (select app.tenant_id())`,
  );
  return s ?? DEFAULT_SETTINGS;
}

/**
 * Saves the Ente's rules. Switching between one wallet per payer and one per child is refused
 * once wallets hold movements (balances would be split arbitrarily): returns false then.
 */
export async function saveWalletSettings(
  tx: Tx,
  s: WalletSettings,
  userId: string | null,
): Promise<boolean> {
  const current = await getWalletSettings(tx);
  if (current.scope !== s.scope) {
    const [{ used }] = await tx.query<{ used: boolean }>(
      `select exists (select 1 from public.wallet_movements
                       where tenant_id = (select app.tenant_id())) as used`,
    );
    if (used) return false;
    await tx.query(
      `delete from public.wallets where tenant_id = (select app.tenant_id())
          and not exists (select 1 from public.wallet_top_ups t
                           where t.tenant_id = wallets.tenant_id and t.wallet_id = wallets.id)`,
    );
  }
  await tx.query(
    `insert into public.wallet_settings (tenant_id, scope, default_threshold_cents,
       default_grace_cents, min_top_up_cents, max_top_up_cents, lookback_days, updated_by, updated_at)
     values ((select app.tenant_id()), $1, $2, $3, $4, $5, $6, $7, now())
     on conflict (tenant_id) do update set scope = excluded.scope,
       default_threshold_cents = excluded.default_threshold_cents,
       default_grace_cents = excluded.default_grace_cents,
       min_top_up_cents = excluded.min_top_up_cents, max_top_up_cents = excluded.max_top_up_cents,
       lookback_days = excluded.lookback_days, updated_by = excluded.updated_by,
       updated_at = excluded.updated_at`,
    [
      s.scope,
      s.default_threshold_cents,
      s.default_grace_cents,
      s.min_top_up_cents,
      s.max_top_up_cents,
      s.lookback_days,
      userId,
    ],
  );
  return true;
}
