/**
 * The reminder jobs: work queued reminder campaigns, and resume campaigns whose worker stopped
 * (no heartbeat for a minute). A campaign is claimed with `FOR UPDATE SKIP LOCKED`, so any number
 * of processes may run this loop; each batch locks the campaign and checks the claim is still
 * this worker's, so a worker that lost it writes nothing (see `lib/billing/reminder_campaigns.ts`).
 *
 * The job acts as the operator who asked, with the roles they hold now, read again before every
 * batch: one who is no longer admin or operator of the Ente stops the campaign (failed, with the
 * reason in Italian); the billing office's check of `app.send_payment_reminders` still applies.
 *
 * The office may stop a campaign (`cancelled`, lib/billing/reminder_campaign_control.ts): the stop
 * drops the claim, so the next batch finds no campaign of its own to lock and the worker moves on.
 *
 * @module
 */
import { claimsFor } from "../auth/sessions.ts";
import {
  type BatchOptions,
  beginCampaign,
  CAMPAIGN_EVENT,
  campaignBatch,
  campaignRoom,
  LostClaim,
} from "../billing/reminder_campaigns.ts";
import type { Claims, Db } from "../db/types.ts";
import { emitFor } from "../realtime/emit.ts";
import { type JobLoop, startJobLoop } from "./loop.ts";

const WORKER = `${Deno.hostname?.() ?? "host"}:${Deno.pid}:${crypto.randomUUID().slice(0, 8)}`;
const STALE = "60 seconds";

export interface ClaimedCampaign {
  id: string;
  tenant_id: string;
  requested_by: string | null;
}

/** A campaign that cannot go on (the requester lost the billing office's role). */
export class CampaignError extends Error {}

/** Claims one campaign to work on, or null. */
export async function claimCampaign(
  db: Db,
  worker = WORKER,
): Promise<ClaimedCampaign | null> {
  return await db.asService(async (tx) => {
    const [c] = await tx.query<ClaimedCampaign>(
      `update public.reminder_campaigns c
          set status = 'running', claimed_by = $1, heartbeat_at = now(),
              attempts = c.attempts + 1
        where c.id = (
          select id from public.reminder_campaigns
           where status = 'queued'
              or (status = 'running'
                  and (claimed_by is null or heartbeat_at is null
                       or heartbeat_at < now() - interval '${STALE}'))
           order by created_at
           for update skip locked
           limit 1)
        returning c.id, c.tenant_id, c.requested_by`,
      [worker],
    );
    return c ?? null;
  });
}

/** The requester's claims of now; throws when they may not send reminders any more. */
async function requesterClaims(db: Db, c: ClaimedCampaign): Promise<Claims> {
  const claims = c.requested_by
    ? await db.asService((tx) => claimsFor(tx, c.requested_by!, c.tenant_id))
    : null;
  const roles = claims?.app_metadata.roles ?? [];
  if (!claims || !roles.some((r) => r === "admin" || r === "operator")) {
    throw new CampaignError(
      "Chi ha chiesto la campagna non fa più parte dell'ufficio fatturazione dell'Ente: " +
        "campagna interrotta. Un operatore dell'ufficio può riprenderla: proseguirà a suo nome.",
    );
  }
  return claims;
}

export interface CampaignRunOptions extends BatchOptions {
  worker?: string;
  /** Tests: stop after this many committed batches, as a worker that dies (no cleanup). */
  crashAfterBatches?: number;
}

export class SimulatedCrash extends Error {}

/** Works a claimed campaign to its end, batch after batch. */
export async function runCampaign(
  db: Db,
  c: ClaimedCampaign,
  opts: CampaignRunOptions = {},
): Promise<void> {
  const worker = opts.worker ?? WORKER;
  await db.asUser(await requesterClaims(db, c), (tx) => beginCampaign(tx, c.id, worker));
  for (let batches = 0;; batches++) {
    if (opts.crashAfterBatches !== undefined && batches >= opts.crashAfterBatches) {
      throw new SimulatedCrash(`crash after ${batches} batches`);
    }
    const claims = await requesterClaims(db, c);
    const { finished } = await db.asUser(claims, (tx) => campaignBatch(tx, c.id, worker, opts));
    if (finished) return;
  }
}

async function fail(db: Db, c: ClaimedCampaign, e: unknown, worker: string): Promise<void> {
  const message = (e instanceof Error ? e.message : String(e)).slice(0, 1000);
  await db.asService(async (tx) => {
    const rows = await tx.query(
      `update public.reminder_campaigns
          set status = 'failed', error = $3, claimed_by = null, heartbeat_at = null,
              finished_at = now()
        where id = $1 and claimed_by = $2 and status = 'running' returning id`,
      [c.id, worker, message],
    );
    if (rows.length) {
      await emitFor(tx, c.tenant_id, campaignRoom(c.id), CAMPAIGN_EVENT, {
        status: "failed",
        error: message.slice(0, 300),
      });
    }
  });
}

/** Works until no campaign is left to claim; returns the campaigns it worked on. */
export async function runPendingReminderCampaigns(
  db: Db,
  opts: CampaignRunOptions = {},
): Promise<string[]> {
  const worker = opts.worker ?? WORKER;
  const done: string[] = [];
  while (true) {
    const c = await claimCampaign(db, worker);
    if (!c) return done;
    try {
      await runCampaign(db, c, { ...opts, worker });
    } catch (e) {
      if (e instanceof SimulatedCrash) throw e;
      // Another worker took it over (this one was too slow): it goes on there. Or the office
      // stopped it: the worker moves on, writing nothing more.
      if (!(e instanceof LostClaim)) {
        if (!(e instanceof CampaignError)) {
          console.error(`[solleciti] campagna ${c.id} interrotta:`, e);
        }
        await fail(db, c, e, worker);
      }
    }
    done.push(c.id);
  }
}

export type ReminderJobs = JobLoop<string[]>;

let current: ReminderJobs | null = null;

/** Asks the in-process reminder jobs, when started, to look for work now. */
export function kickReminderJobs(): void {
  current?.kick();
}

export function startReminderJobs(
  db: Db,
  opts: { intervalMs?: number; publicUrl?: string } = {},
): ReminderJobs {
  const jobs: ReminderJobs = startJobLoop(
    "solleciti",
    () => runPendingReminderCampaigns(db, { publicUrl: opts.publicUrl }),
    {
      intervalMs: opts.intervalMs,
      onStop: () => {
        if (current === jobs) current = null;
      },
    },
  );
  current = jobs;
  return jobs;
}
