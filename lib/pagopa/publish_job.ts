/**
 * The GPD publication job: debt positions issued with `gpd_status = 'to_publish'` (or `failed`
 * and due again) are created and published on pagoPA GPD; positions marked `to_invalidate` are
 * invalidated there. Positions of every Ente are claimed in batches with `FOR UPDATE SKIP LOCKED`
 * and leased (`gpd_next_attempt_at` a few minutes ahead), so any number of processes may run it
 * and a crashed worker's positions are retried after the lease.
 *
 * Idempotent: a create answered 409 is "already published" when a GET shows the same options and
 * amounts (a retry of a create that had succeeded). Transient failures (network, timeout, 5xx)
 * are retried with a doubling back-off and given up after `maxAttempts`; refusals that need a
 * person (no IBAN, a payer without CF, a key not enabled…) are given up at once. Either way the
 * position shows `gpd_status = 'failed'` with `gpd_error` in Italian for the office, which can
 * retry through the `pagopa` edge function.
 *
 * @module
 */

import type { Db, Tx } from "../db/types.ts";
import { GpdError, type GpdGateway } from "./gpd_client.ts";
import {
  type Debtor,
  type EnteForGpd,
  type NoticeForGpd,
  sameOptions,
  toGpdPosition,
} from "./gpd_mapping.ts";

export const MAX_ATTEMPTS = 8;
const LEASE = "5 minutes";

/** Seconds to wait after the `attempts`-th failure: 1, 2, 4… minutes, at most 6 hours. */
export function backoffSeconds(attempts: number): number {
  return Math.min(60 * 2 ** Math.max(0, attempts - 1), 6 * 3600);
}

export type PublishResult =
  | "published"
  | "invalidated"
  | "retry"
  | "gave_up"
  | "skipped";

export interface PublishOutcome {
  id: string;
  tenant_id: string;
  iupd: string;
  action: "publish" | "invalidate";
  result: PublishResult;
  error?: string;
  code?: string;
}

interface Claimed {
  id: string;
  tenant_id: string;
  iupd: string;
  gpd_status: "to_publish" | "failed" | "to_invalidate";
  status: string;
  description: string;
  amount_cents: number;
  taxonomy_code: string;
  debtor: Debtor;
  gpd_attempts: number;
  tenant_cf: string;
  tenant_name: string;
  office_name: string | null;
  iban: string | null;
  postal_iban: string | null;
}

const CLAIMED_COLUMNS = `d.id, d.tenant_id, d.iupd, d.gpd_status, d.status, d.description,
  d.amount_cents, d.taxonomy_code, d.debtor, d.gpd_attempts, t.tax_code as tenant_cf,
  t.name as tenant_name, s.office_name, s.iban, s.postal_iban`;

/**
 * Claims up to `limit` positions due for GPD (one Ente, or all when `tenantId` is null) and
 * leases them; `ids` claims those positions only, whatever their back-off (the office's retry).
 */
export async function claimPositions(
  db: Db,
  opts: {
    limit?: number;
    now?: Date;
    maxAttempts?: number;
    ids?: string[];
    tenantId?: string | null;
  } = {},
): Promise<{ claimed: Claimed[]; notices: Map<string, NoticeForGpd[]> }> {
  const now = (opts.now ?? new Date()).toISOString();
  return await db.asService(async (tx) => {
    const claimed = await tx.query<Claimed>(
      `with due as (
         select id from public.debt_positions
          where gpd_status in ('to_publish', 'failed', 'to_invalidate')
            and ($5::uuid is null or tenant_id = $5::uuid)
            and ($4::uuid[] is not null and id = any ($4::uuid[])
                 or $4::uuid[] is null and gpd_attempts < $2
                    and (gpd_next_attempt_at is null or gpd_next_attempt_at <= $1::timestamptz))
          order by gpd_next_attempt_at nulls first, created_at, id
          limit $3
          for update skip locked)
       update public.debt_positions d
          set gpd_attempts = d.gpd_attempts + 1,
              gpd_next_attempt_at = $1::timestamptz + interval '${LEASE}'
         from due, public.tenants t
         left join public.billing_settings s on s.tenant_id = t.id
        where d.id = due.id and t.id = d.tenant_id
       returning ${CLAIMED_COLUMNS}`,
      [
        now,
        opts.maxAttempts ?? MAX_ATTEMPTS,
        opts.limit ?? 50,
        opts.ids ?? null,
        opts.tenantId ?? null,
      ],
    );
    const notices = new Map<string, NoticeForGpd[]>();
    if (claimed.length) {
      const rows = await tx.query<NoticeForGpd & { debt_position_id: string }>(
        `select debt_position_id, instalment, notice_number, iuv, amount_cents, due_on::text
           from public.payment_notices
          where debt_position_id = any ($1::uuid[]) and status <> 'cancelled'
          order by debt_position_id, instalment`,
        [claimed.map((c) => c.id)],
      );
      for (const r of rows) {
        const list = notices.get(r.debt_position_id) ?? [];
        const { debt_position_id: _, ...n } = r;
        list.push(n);
        notices.set(r.debt_position_id, list);
      }
    }
    return { claimed, notices };
  });
}

async function actFor(tx: Tx, tenantId: string): Promise<void> {
  await tx.query("select set_config('request.jwt.claims', $1, true)", [
    JSON.stringify({ role: "service_role", app_metadata: { tenant_id: tenantId, roles: [] } }),
  ]);
}

async function record(
  db: Db,
  c: Claimed,
  outcome: {
    gpd_status: string;
    error: string | null;
    next: Date | null;
    published?: boolean;
    /** Out of the automatic rounds until the office retries. */
    giveUpAt?: number;
  },
): Promise<void> {
  await db.asService(async (tx) => {
    await actFor(tx, c.tenant_id);
    await tx.query(
      `update public.debt_positions
          set gpd_status = $2, gpd_error = $3, gpd_next_attempt_at = $4::timestamptz,
              published_at = case when $5 then coalesce(published_at, now()) else published_at end,
              gpd_attempts = case when $3::text is null then 0
                                  else greatest(gpd_attempts, coalesce($6::int, 0)) end,
              updated_at = now()
        where id = $1`,
      [
        c.id,
        outcome.gpd_status,
        outcome.error,
        outcome.next?.toISOString() ?? null,
        outcome.published ?? false,
        outcome.giveUpAt ?? null,
      ],
    );
  });
}

class Refusal extends Error {
  constructor(readonly code: string, readonly it: string, readonly transient = false) {
    super(it);
  }
}

async function publishOne(gw: GpdGateway, c: Claimed, notices: NoticeForGpd[]): Promise<void> {
  const ente: EnteForGpd = {
    fiscalCode: c.tenant_cf,
    name: c.tenant_name,
    officeName: c.office_name,
    iban: c.iban,
    postalIban: c.postal_iban,
  };
  const mapped = toGpdPosition(c, notices, ente);
  if (!mapped.ok) throw new Refusal(mapped.code, mapped.it);
  try {
    await gw.client.createAndPublish(c.tenant_cf, mapped.body);
    return;
  } catch (e) {
    if (!(e instanceof GpdError) || e.code !== "already_exists") throw e;
  }
  const remote = await gw.client.get(c.tenant_cf, c.iupd);
  if (!remote) {
    throw new Refusal(
      "iuv_taken",
      "Su pagoPA uno degli IUV di questa posizione appartiene a un'altra posizione.",
    );
  }
  if (!sameOptions(mapped.body, remote)) {
    throw new Refusal(
      "different_on_gpd",
      "Su pagoPA esiste già questa posizione con avvisi o importi diversi: verificare prima di " +
        "ripubblicarla.",
    );
  }
  if (remote.status === "DRAFT") await gw.client.publish(c.tenant_cf, c.iupd);
  else if (remote.status === "INVALID" || remote.status === "EXPIRED") {
    throw new Refusal("invalid_on_gpd", "Su pagoPA questa posizione risulta annullata o scaduta.");
  }
}

async function invalidateOne(gw: GpdGateway, c: Claimed): Promise<void> {
  try {
    await gw.client.invalidate(c.tenant_cf, c.iupd);
    return;
  } catch (e) {
    if (!(e instanceof GpdError)) throw e;
    if (e.code === "not_found") return; // never reached GPD: nothing to invalidate
    if (e.code !== "conflict") throw e;
  }
  const remote = await gw.client.get(c.tenant_cf, c.iupd);
  if (!remote || remote.status === "INVALID" || remote.status === "EXPIRED") return;
  if (remote.status === "DRAFT") {
    await gw.client.delete(c.tenant_cf, c.iupd);
    return;
  }
  throw new Refusal(
    "paid_on_gpd",
    "La posizione risulta già pagata (anche in parte) su pagoPA: non può essere annullata.",
  );
}

/** Works one claimed position and records the outcome. */
export async function processClaimed(
  db: Db,
  gw: GpdGateway,
  c: Claimed,
  notices: NoticeForGpd[],
  opts: { now?: Date; maxAttempts?: number } = {},
): Promise<PublishOutcome> {
  const action = c.gpd_status === "to_invalidate" ? "invalidate" : "publish";
  const base = { id: c.id, tenant_id: c.tenant_id, iupd: c.iupd, action } as const;
  // Cancelled, or paid by other means, before it was ever published: nothing to send.
  if (action === "publish" && (c.status === "cancelled" || c.status === "paid")) {
    await record(db, c, { gpd_status: "none", error: null, next: null });
    return { ...base, result: "skipped" };
  }
  try {
    if (action === "publish") await publishOne(gw, c, notices);
    else await invalidateOne(gw, c);
    await record(db, c, {
      gpd_status: action === "publish" ? "published" : "invalidated",
      error: null,
      next: null,
      published: action === "publish",
    });
    return { ...base, result: action === "publish" ? "published" : "invalidated" };
  } catch (e) {
    if (!(e instanceof GpdError) && !(e instanceof Refusal)) throw e;
    const max = opts.maxAttempts ?? MAX_ATTEMPTS;
    const transient = e.transient && c.gpd_attempts < max;
    const now = opts.now ?? new Date();
    const prefix = action === "publish" ? "Pubblicazione su pagoPA" : "Annullamento su pagoPA";
    const error = transient
      ? `${prefix} non riuscita (tentativo ${c.gpd_attempts} di ${max}): ${e.it}`
      : `${prefix} sospesa dopo ${c.gpd_attempts} tentativ${
        c.gpd_attempts === 1 ? "o" : "i"
      }: ${e.it}`;
    await record(db, c, {
      // An invalidation that failed stays queued as one; a publication becomes `failed`.
      gpd_status: action === "publish" ? "failed" : "to_invalidate",
      error: error.slice(0, 1000),
      next: transient ? new Date(now.getTime() + backoffSeconds(c.gpd_attempts) * 1000) : null,
      giveUpAt: transient ? undefined : max,
    });
    return {
      ...base,
      result: transient ? "retry" : "gave_up",
      error,
      code: e instanceof GpdError ? e.code : e.code,
    };
  }
}

/** One round: claims batches until none is due; returns what was done. */
export async function publishDue(
  db: Db,
  gw: GpdGateway,
  opts: {
    batch?: number;
    now?: Date;
    maxAttempts?: number;
    maxBatches?: number;
    /** One Ente only (the office's "publish now"); all by default. */
    tenantId?: string | null;
  } = {},
): Promise<PublishOutcome[]> {
  const out: PublishOutcome[] = [];
  for (let i = 0; i < (opts.maxBatches ?? 100); i++) {
    const { claimed, notices } = await claimPositions(db, {
      limit: opts.batch ?? 50,
      now: opts.now,
      maxAttempts: opts.maxAttempts,
      tenantId: opts.tenantId,
    });
    if (!claimed.length) break;
    for (const c of claimed) {
      out.push(await processClaimed(db, gw, c, notices.get(c.id) ?? [], opts));
    }
  }
  return out;
}

/** Publishes or invalidates the given positions now (the office's retry), whatever the back-off. */
export async function processNow(
  db: Db,
  gw: GpdGateway,
  ids: string[],
  opts: { maxAttempts?: number } = {},
): Promise<PublishOutcome[]> {
  const { claimed, notices } = await claimPositions(db, { ids, limit: ids.length });
  const out: PublishOutcome[] = [];
  for (const c of claimed) out.push(await processClaimed(db, gw, c, notices.get(c.id) ?? [], opts));
  return out;
}

export interface PublishJob {
  runOnce(): Promise<PublishOutcome[]>;
  stop(): Promise<void>;
}

/** Starts the job (main.ts): a round now, then every `intervalMs`; rounds never overlap. */
export function startPublishJob(
  db: Db,
  gateway: () => Promise<GpdGateway>,
  opts: { intervalMs?: number } = {},
): PublishJob {
  let running: Promise<PublishOutcome[]> | null = null;
  let stopped = false;
  const round = () =>
    running ??= gateway().then((gw) => publishDue(db, gw)).finally(() => running = null);
  const tick = async () => {
    try {
      const done = await round();
      const failed = done.filter((o) => o.result === "gave_up").length;
      if (failed) console.error(`[pagoPA] ${failed} posizioni non pubblicate su GPD`);
    } catch (e) {
      console.error("[pagoPA] pubblicazione delle posizioni su GPD non riuscita:", e);
    }
    if (!stopped) {
      timer = setTimeout(tick, opts.intervalMs ?? 30_000);
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
