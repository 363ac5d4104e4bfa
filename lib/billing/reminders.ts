/**
 * Payment reminders ("solleciti di pagamento") of overdue debt positions, sent in the billing
 * office's transaction (RLS): one position, a list of positions (the API), or one batch of a
 * campaign (every overdue position of a filter of the office's list, `reminder_campaigns.ts`, run
 * by the job as the operator who asked), at most `REMINDER_BATCH_MAX` at a time.
 *
 * Each position is locked and found overdue again inside the transaction (the rule of
 * `positions_read.ts`), skipped when reminded within the Ente's minimum days
 * (`billing_settings.reminder_min_days`) or when its payer can be reached neither by e-mail (the
 * registry's address, as "Pagamento ricevuto") nor by push; the rest get a reminder row, an
 * e-mail and a push through `app.send_payment_reminders`, delivered after commit. Only what was
 * sent is recorded; the rest is reported.
 *
 * A payer without contact gets a paper letter (`reminder_letters_*.ts`); once mailed, the office
 * records it through `recordLetters` (`reminder_letters_record.ts`), which reads the positions
 * the same way and writes a `letter` reminder (no e-mail, no push).
 *
 * @module
 */
import type { Tx } from "../db/types.ts";
import {
  ON_ENFORCED_LIST,
  OVERDUE_DUE,
  OVERDUE_JOIN,
  type PositionFilters,
  positionWhere,
} from "./positions_read.ts";
import { type PayableNotice, reminderMail } from "./reminder_text.ts";

/** Positions reminded by one call, at most (a filter of any size is sent as a campaign). */
export const REMINDER_BATCH_MAX = 5000;

export const REMINDER_OUTCOMES = [
  "sent",
  "recent",
  "not_overdue",
  "no_contact",
  "not_found",
] as const;
export type ReminderOutcome = typeof REMINDER_OUTCOMES[number];

/** The positions named one by one, or every overdue position of the office's filter. */
export type ReminderTarget =
  | { positionIds: string[] }
  | { filters: Pick<PositionFilters, "run_id" | "payer"> };

export interface SendOptions {
  /** Base of the link in the e-mail ("https://servizi.comune.example"). */
  publicUrl?: string;
  /** Decide and count without writing anything (the office's confirmation step). */
  dryRun?: boolean;
}

export interface PositionOutcome {
  position_id: string;
  outcome: ReminderOutcome;
  iupd: string | null;
  payer_name: string | null;
  /** The reminder written (sent only). */
  reminder_id: string | null;
  /** The address the e-mail went to, null when none (sent only). */
  email_to: string | null;
  /** A push was queued to the family's devices (sent only). */
  push: boolean;
}

export interface SendResult {
  /** The batch of the reminders written; null on a dry run or when nothing was sent. */
  batch_id: string | null;
  counts: Record<ReminderOutcome, number>;
  outcomes: PositionOutcome[];
  /** With a filter: overdue positions not yet reminded beyond the cap, left for next time. */
  remaining: number;
  min_days: number;
}

interface Candidate {
  id: string;
  iupd: string;
  payer_id: string;
  payer_name: string;
  description: string;
  overdue_since: string | null;
  overdue_cents: number;
  recent: boolean;
  /** Handed to enforced collection (on a live list): reminded no more. */
  enforced: boolean;
}

/** A reminder sent within `$min` days (Rome calendar days) of today: too recent to repeat. */
const RECENT = (min: string) =>
  `exists (
  select 1 from public.payment_reminders r
   where r.tenant_id = d.tenant_id and r.debt_position_id = d.id
     and (r.sent_at at time zone 'Europe/Rome')::date
         > (now() at time zone 'Europe/Rome')::date - ${min}::int)`;

/** The Ente's minimum days between two reminders of a position (15 until saved). */
export async function reminderMinDays(tx: Tx): Promise<number> {
  const [row] = await tx.query<{ n: number }>(
    `select reminder_min_days as n from public.billing_settings
      where tenant_id = (select app.tenant_id())`,
  );
  return row?.n ?? 15;
}

/**
 * The ids a filter reminds, oldest overdue first, leaving out the ones reminded recently (so the
 * next submit takes the next ones), and how many overdue ones it has in all and recently reminded.
 * Positions handed to enforced collection are not the reminders' any more: not counted at all.
 */
async function filterIds(
  tx: Tx,
  filters: Pick<PositionFilters, "run_id" | "payer">,
  min: number,
): Promise<{ ids: string[]; overdue: number; recent: number }> {
  const { where, params } = positionWhere({ ...filters, overdue: true });
  const from = `from public.debt_positions d
       join public.people p on p.tenant_id = d.tenant_id and p.id = d.payer_id
       ${OVERDUE_JOIN}
      where ${where} and not ${ON_ENFORCED_LIST}`;
  const [agg] = await tx.query<{ overdue: number; recent: number }>(
    `select count(*)::int as overdue, count(*) filter (where ${RECENT("$6")})::int as recent
       ${from}`,
    [...params, min],
  );
  const rows = await tx.query<{ id: string }>(
    `select d.id ${from} and not ${RECENT("$6")}
      order by o.overdue_since, p.surname, p.name, d.id limit $7`,
    [...params, min, REMINDER_BATCH_MAX],
  );
  return { ids: rows.map((r) => r.id), overdue: agg.overdue, recent: agg.recent };
}

/**
 * Reminds the payers of `target`'s overdue positions, in `tx` (the billing office's transaction;
 * others are refused by the database, 42501). Returns the outcome of every position and counts.
 * A filter takes the oldest overdue first, at most `REMINDER_BATCH_MAX`: the office's pages and
 * the API send a filter as a campaign (`reminder_campaigns.ts`) and use it here for the counts of
 * the confirmation step (`dryRun`).
 */
export async function sendReminders(
  tx: Tx,
  target: ReminderTarget,
  opts: SendOptions = {},
): Promise<SendResult> {
  if ("positionIds" in target) return await remindPositions(tx, target.positionIds, opts);
  await assertCanRemind(tx);
  const min = await reminderMinDays(tx);
  const f = await filterIds(tx, target.filters, min);
  const result = await remindPositions(tx, f.ids, { ...opts, minDays: min });
  result.counts.recent += f.recent;
  result.remaining = Math.max(0, f.overdue - f.recent - f.ids.length);
  return result;
}

/** Only the billing office reminds: anyone else is refused here (42501) before anything is read. */
export async function assertCanRemind(tx: Tx): Promise<void> {
  await tx.query("select 1 from app.payment_reminder_contacts('{}'::uuid[])");
}

/**
 * The positions `ids` as they are now: overdue (the rule of `positions_read.ts`) and reminded
 * recently or not. With `lock`, locked first in a fixed order (a receipt crediting one of them
 * waits, and so does another office user reminding it), then read again: what is overdue now,
 * not what the page showed.
 */
export async function candidates(
  tx: Tx,
  ids: string[],
  min: number,
  lock: boolean,
): Promise<Candidate[]> {
  if (ids.length > REMINDER_BATCH_MAX) {
    throw new RangeError(`at most ${REMINDER_BATCH_MAX} positions at a time`);
  }
  if (!ids.length) return [];
  if (lock) {
    await tx.query(
      `select d.id from public.debt_positions d
        where d.tenant_id = (select app.tenant_id()) and d.id = any ($1::uuid[])
        order by d.id for update of d`,
      [ids],
    );
  }
  return await tx.query<Candidate>(
    `select d.id, d.iupd, d.payer_id, btrim(p.name || ' ' || p.surname) as payer_name,
            d.description, o.overdue_since::text, coalesce(o.overdue_cents, 0)::bigint
              as overdue_cents, ${RECENT("$2")} as recent, ${ON_ENFORCED_LIST} as enforced
       from public.debt_positions d
       join public.people p on p.tenant_id = d.tenant_id and p.id = d.payer_id
       ${OVERDUE_JOIN}
      where d.tenant_id = (select app.tenant_id()) and d.id = any ($1::uuid[])`,
    [ids, min],
  );
}

/**
 * Reminds the positions `ids` (at most `REMINDER_BATCH_MAX`), each locked and checked again in
 * `tx`: the one code path of a single position, of the API's list, of a filter and of each batch
 * of a campaign. `opts.minDays` spares reading the Ente's setting again.
 */
export async function remindPositions(
  tx: Tx,
  positionIds: readonly string[],
  opts: SendOptions & { minDays?: number } = {},
): Promise<SendResult> {
  await assertCanRemind(tx);
  const min = opts.minDays ?? await reminderMinDays(tx);
  const ids = [...new Set(positionIds)];
  const rows = await candidates(tx, ids, min, !opts.dryRun);
  const found = new Map(rows.map((r) => [r.id, r]));
  const overdue = rows.filter((r) => r.overdue_since && !r.recent && !r.enforced);
  const contacts = overdue.length
    ? await tx.query<{ payer_id: string; email: string | null; push: boolean }>(
      "select payer_id, email, push from app.payment_reminder_contacts($1::uuid[])",
      [[...new Set(overdue.map((r) => r.payer_id))]],
    )
    : [];
  const reachable = new Set(contacts.filter((c) => c.email || c.push).map((c) => c.payer_id));
  const toSend = overdue.filter((r) => reachable.has(r.payer_id));

  let batch: string | null = null;
  const written = new Map<
    string,
    { reminder_id: string; email_to: string | null; push: boolean }
  >();
  if (!opts.dryRun && toSend.length) {
    batch = crypto.randomUUID();
    const items = await mailItems(tx, toSend, opts.publicUrl);
    const out = await tx.query<
      { debt_position_id: string; reminder_id: string; email_to: string | null; push: boolean }
    >(
      `select debt_position_id, reminder_id, email_to, push
         from app.send_payment_reminders($1::uuid, $2::jsonb -> 'i')`,
      [batch, { i: items }],
    );
    for (const o of out) written.set(o.debt_position_id, o);
  }

  const outcomes: PositionOutcome[] = ids.map((id) => {
    const r = found.get(id);
    const w = written.get(id);
    const outcome: ReminderOutcome = !r
      ? "not_found"
      // On a list for enforced collection: nothing for the reminders to chase, as if paid.
      : !r.overdue_since || r.enforced
      ? "not_overdue"
      : r.recent
      ? "recent"
      : !reachable.has(r.payer_id)
      ? "no_contact"
      : opts.dryRun || w
      ? "sent"
      // Locked and checked above: the database found it reminded meanwhile.
      : "recent";
    return {
      position_id: id,
      outcome,
      iupd: r?.iupd ?? null,
      payer_name: r?.payer_name ?? null,
      reminder_id: w?.reminder_id ?? null,
      email_to: w?.email_to ?? null,
      push: w?.push ?? false,
    };
  });
  const counts = Object.fromEntries(REMINDER_OUTCOMES.map((o) => [o, 0])) as Record<
    ReminderOutcome,
    number
  >;
  for (const o of outcomes) counts[o.outcome]++;
  return { batch_id: written.size ? batch : null, counts, outcomes, remaining: 0, min_days: min };
}

/** The e-mail of each position to remind (its unpaid notices, the Ente and its office). */
async function mailItems(tx: Tx, list: Candidate[], publicUrl?: string) {
  const [ente] = await tx.query<
    { name: string; office_name: string | null; office_contact: string | null; today: string }
  >(
    `select t.name, s.office_name, s.office_contact,
            ((now() at time zone 'Europe/Rome')::date)::text as today
       from public.tenants t
       left join public.billing_settings s on s.tenant_id = t.id
      where t.id = (select app.tenant_id())`,
  );
  const notices = await tx.query<PayableNotice & { debt_position_id: string }>(
    // A lapsed plan's instalments are due since the lapse, as the overdue amount counts them.
    `select n.debt_position_id, n.instalment, n.notice_number, n.amount_cents,
            (${OVERDUE_DUE})::text as due_on
       from public.payment_notices n
       join public.debt_positions d on d.tenant_id = n.tenant_id and d.id = n.debt_position_id
      where n.tenant_id = (select app.tenant_id()) and n.debt_position_id = any ($1::uuid[])
        and n.status = 'unpaid'
      order by n.debt_position_id, n.instalment`,
    [list.map((r) => r.id)],
  );
  const byPosition = Map.groupBy(notices, (n) => n.debt_position_id);
  return list.map((r) => {
    const mail = reminderMail({
      tenantName: ente.name,
      officeName: ente.office_name,
      officeContact: ente.office_contact,
      payerName: r.payer_name,
      positionId: r.id,
      description: r.description,
      overdueCents: Number(r.overdue_cents),
      overdueSince: r.overdue_since!,
      notices: (byPosition.get(r.id) ?? []).map((n) => ({
        ...n,
        amount_cents: Number(n.amount_cents),
      })),
      today: ente.today,
      publicUrl,
    });
    return {
      position_id: r.id,
      overdue_cents: Number(r.overdue_cents),
      overdue_since: r.overdue_since,
      subject: mail.subject,
      body: mail.body,
    };
  });
}

/** A reminder as the office's and the family's pages list it. */
