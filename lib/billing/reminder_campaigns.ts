/**
 * Reminder campaigns ("campagne di solleciti"): every overdue position of a filter of the
 * office's list, reminded by the job (`lib/jobs/reminders.ts`) in batches, as the operator who
 * asked (their transaction, RLS and the billing office's check of `app.send_payment_reminders`).
 *
 * Positions are walked in the order of their id, a keyset that no payment, reminder or change of
 * the registry can reorder: each batch takes the overdue positions of the filter after the
 * campaign's cursor, reminds them through `remindPositions` (the one code path of every
 * reminder), and writes its counts, what was not sent and the new cursor in the same
 * transaction. A batch lost in a crash is done again from the last committed cursor; nothing
 * committed is walked twice, so a payer without contact (never recorded, so still overdue and
 * not recent) is reported once and never loops.
 *
 * @module
 */
import type { Tx } from "../db/types.ts";
import { emit } from "../realtime/emit.ts";
import { ON_ENFORCED_LIST, OVERDUE_JOIN, positionWhere } from "./positions_read.ts";
import { REMINDER_OUTCOMES, type ReminderOutcome, remindPositions } from "./reminders.ts";

/** Positions reminded per transaction of a campaign. */
export const CAMPAIGN_BATCH = 500;

export const CAMPAIGN_STATUSES = ["queued", "running", "done", "failed", "cancelled"] as const;
export type CampaignStatus = typeof CAMPAIGN_STATUSES[number];

/** The outcomes kept per position for the office (the rest are only counted). */
export const CAMPAIGN_ITEM_OUTCOMES = ["no_contact", "not_overdue", "not_found"] as const;

export const campaignRoom = (id: string) => `reminder_campaign:${id}`;
export const CAMPAIGN_EVENT = "reminder_campaign.progress";

export interface CampaignFilters {
  run_id: string | null;
  payer: string | null;
}

export interface Campaign extends CampaignFilters, Record<ReminderOutcome, number> {
  id: string;
  status: CampaignStatus;
  run_label: string | null;
  total: number;
  done: number;
  min_days: number | null;
  requested_by: string | null;
  requested_by_name: string | null;
  error: string | null;
  attempts: number;
  /** Who of the billing office stopped it (status `cancelled`), and when. */
  cancelled_by: string | null;
  cancelled_by_name: string | null;
  cancelled_at: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export interface CampaignItem {
  debt_position_id: string;
  outcome: typeof CAMPAIGN_ITEM_OUTCOMES[number];
  iupd: string | null;
  payer_name: string | null;
}

const COLUMNS = `c.id, c.status, c.run_id, r.label as run_label, c.payer, c.total, c.done,
  c.sent, c.recent, c.not_overdue, c.no_contact, c.not_found, c.min_days, c.requested_by,
  u.full_name as requested_by_name, c.error, c.attempts, c.cancelled_by,
  x.full_name as cancelled_by_name, to_json(c.cancelled_at) #>> '{}' as cancelled_at,
  to_json(c.created_at) #>> '{}' as created_at, to_json(c.started_at) #>> '{}' as started_at,
  to_json(c.finished_at) #>> '{}' as finished_at
  from public.reminder_campaigns c
  left join public.billing_runs r on r.tenant_id = c.tenant_id and r.id = c.run_id
  left join public.users u on u.id = c.requested_by
  left join public.users x on x.id = c.cancelled_by`;

/**
 * Queues a campaign of the filter, asked by `userId` (the billing office's transaction; others
 * are refused, 42501), or returns the one of the same filter still queued or running (a second
 * click, a page sent twice). Kick the job after commit (`kickReminderJobs`).
 */
export async function createCampaign(
  tx: Tx,
  filters: CampaignFilters,
  userId: string,
): Promise<string> {
  const args = [filters.run_id, filters.payer?.trim() || null];
  const pending = async () =>
    (await tx.query<{ id: string }>(
      `select id from public.reminder_campaigns
        where tenant_id = (select app.tenant_id()) and status in ('queued', 'running')
          and run_id is not distinct from $1::uuid and payer is not distinct from $2::text
        order by created_at limit 1`,
      args,
    ))[0]?.id;
  const known = await pending();
  if (known) return known;
  // Two requests at once: the one-pending-per-filter index lets one in; the other takes it.
  const [row] = await tx.query<{ id: string }>(
    `insert into public.reminder_campaigns (tenant_id, requested_by, run_id, payer)
     values ((select app.tenant_id()), $3, $1, $2)
     on conflict (tenant_id, coalesce(run_id, '00000000-0000-0000-0000-000000000000'::uuid),
                  coalesce(payer, ''))
       where status in ('queued', 'running') do nothing
     returning id`,
    [...args, userId],
  );
  return row?.id ?? (await pending())!;
}

/** One campaign of the caller's Ente, or null. */
export async function getCampaign(tx: Tx, id: string): Promise<Campaign | null> {
  const [row] = await tx.query<Campaign>(`select ${COLUMNS} where c.id = $1`, [id]);
  return row ?? null;
}

/** The Ente's campaigns, newest first. */
export async function listCampaigns(
  tx: Tx,
  limit: number,
  offset: number,
): Promise<{ items: Campaign[]; total: number }> {
  const items = await tx.query<Campaign>(
    `select ${COLUMNS} order by c.created_at desc, c.id limit $1 offset $2`,
    [limit, offset],
  );
  const [{ n }] = await tx.query<{ n: number }>(
    "select count(*)::int as n from public.reminder_campaigns",
  );
  return { items, total: n };
}

/** What a campaign did not send, by payer. */
export async function campaignItems(tx: Tx, id: string): Promise<CampaignItem[]> {
  return await tx.query<CampaignItem>(
    `select debt_position_id, outcome, iupd, payer_name from public.reminder_campaign_items
      where campaign_id = $1 order by outcome, payer_name, iupd, debt_position_id`,
    [id],
  );
}

/**
 * The claimed campaign, locked for this batch; null when another worker took it meanwhile or the
 * office stopped it (`cancelled` drops the claim): the worker then writes nothing more.
 */
async function lockClaimed(tx: Tx, id: string, worker: string) {
  const [c] = await tx.query<
    {
      run_id: string | null;
      payer: string | null;
      cursor_position: string | null;
      done: number;
      min_days: number | null;
    }
  >(
    `select run_id, payer, cursor_position, done, min_days from public.reminder_campaigns
      where id = $1 and claimed_by = $2 and status = 'running' for update`,
    [id, worker],
  );
  return c ?? null;
}

/**
 * Overdue positions of the filter after the cursor, by id: the candidates of a campaign (not
 * those handed to enforced collection).
 */
function candidates(run_id: string | null, payer: string | null) {
  const { where, params } = positionWhere({ run_id, payer, overdue: true });
  return {
    sql: `from public.debt_positions d
       join public.people p on p.tenant_id = d.tenant_id and p.id = d.payer_id
       ${OVERDUE_JOIN}
      where ${where} and not ${ON_ENFORCED_LIST} and ($6::uuid is null or d.id > $6)`,
    params,
  };
}

/**
 * A campaign's worker lost its claim (stale, taken by another, stopped by the office): it stops
 * without writing.
 */
export class LostClaim extends Error {}

/**
 * Starts (or resumes) the claimed campaign in the requester's transaction: the total is what was
 * walked plus the overdue positions of the filter still ahead of the cursor.
 */
export async function beginCampaign(tx: Tx, id: string, worker: string): Promise<void> {
  const c = await lockClaimed(tx, id, worker);
  if (!c) throw new LostClaim(id);
  const q = candidates(c.run_id, c.payer);
  const [{ n }] = await tx.query<{ n: number }>(
    `select count(*)::int as n ${q.sql}`,
    [...q.params, c.cursor_position],
  );
  const [row] = await tx.query<{ total: number; done: number; status: string }>(
    `update public.reminder_campaigns
        set total = done + $2, started_at = coalesce(started_at, now()), heartbeat_at = now()
      where id = $1 returning total, done, status`,
    [id, n],
  );
  await emit(tx, campaignRoom(id), CAMPAIGN_EVENT, row);
}

export interface BatchOptions {
  batchSize?: number;
  publicUrl?: string;
}

/**
 * Reminds the next batch of the claimed campaign and records it, in the requester's transaction.
 * Returns whether the campaign is done (no candidate left after this batch).
 */
export async function campaignBatch(
  tx: Tx,
  id: string,
  worker: string,
  opts: BatchOptions = {},
): Promise<{ finished: boolean; walked: number }> {
  const c = await lockClaimed(tx, id, worker);
  if (!c) throw new LostClaim(id);
  const size = opts.batchSize ?? CAMPAIGN_BATCH;
  const q = candidates(c.run_id, c.payer);
  const ids = (await tx.query<{ id: string }>(
    `select d.id ${q.sql} order by d.id limit $7`,
    [...q.params, c.cursor_position, size],
  )).map((r) => r.id);
  const result = await remindPositions(tx, ids, {
    publicUrl: opts.publicUrl,
    minDays: c.min_days ?? undefined,
  });
  const kept = result.outcomes.filter((o) =>
    (CAMPAIGN_ITEM_OUTCOMES as readonly string[]).includes(o.outcome)
  );
  if (kept.length) {
    await tx.query(
      `insert into public.reminder_campaign_items (tenant_id, campaign_id, debt_position_id,
         outcome, iupd, payer_name)
       select (select app.tenant_id()), $1, x.position_id, x.outcome, x.iupd, x.payer_name
         from jsonb_to_recordset($2::jsonb -> 'k')
           as x(position_id uuid, outcome text, iupd text, payer_name text)
       on conflict do nothing`,
      [id, { k: kept }],
    );
  }
  const finished = ids.length < size;
  const n = result.counts;
  const [row] = await tx.query<Record<string, number | string>>(
    `update public.reminder_campaigns
        set done = done + $2, total = greatest(total, done + $2),
            sent = sent + $3, recent = recent + $4, not_overdue = not_overdue + $5,
            no_contact = no_contact + $6, not_found = not_found + $7,
            cursor_position = coalesce($8, cursor_position), min_days = $9,
            heartbeat_at = now(),
            status = case when $10 then 'done' else status end,
            finished_at = case when $10 then now() end
      where id = $1
      returning status, total, done, ${REMINDER_OUTCOMES.join(", ")}`,
    [
      id,
      ids.length,
      n.sent,
      n.recent,
      n.not_overdue,
      n.no_contact,
      n.not_found,
      ids.at(-1) ?? null,
      result.min_days,
      finished,
    ],
  );
  await emit(tx, campaignRoom(id), CAMPAIGN_EVENT, row);
  return { finished, walked: ids.length };
}
