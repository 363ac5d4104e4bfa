/**
 * Enforced collection ("riscossione coattiva"), the reads: the overdue positions a new list
 * could take (with their last reminder and whether a live list has them), the lists, one list
 * with its positions as they are now (for the "sgravio" of what got paid since), the live list of
 * one position, the family's notice, and the audit row of the CSV export. Billing office only
 * (RLS: others read nothing); the family's notice goes through `app.my_enforced_collection`.
 *
 * @module
 */
import type { Tx } from "../db/types.ts";
import type {
  CollectionCandidate,
  ListedPosition,
  ReminderChannel,
} from "./enforced_collection.ts";
import { ON_ENFORCED_LIST, OVERDUE_JOIN, positionWhere } from "./positions_read.ts";

export interface Candidate extends CollectionCandidate {
  iupd: string;
}

/**
 * The overdue positions of the Ente (of one billing run when given), with the Rome day of their
 * last reminder of any channel and whether a live list has them. With `lockIds`, only those,
 * locked first in a fixed order (a receipt or a reminder of one of them waits).
 *
 * @example const all = await collectionCandidates(tx, { run_id: null });
 */
export async function collectionCandidates(
  tx: Tx,
  f: { run_id: string | null; lockIds?: readonly string[] },
): Promise<Candidate[]> {
  if (f.lockIds) {
    if (!f.lockIds.length) return [];
    await tx.query(
      `select d.id from public.debt_positions d
        where d.tenant_id = (select app.tenant_id()) and d.id = any ($1::uuid[])
        order by d.id for update of d`,
      [f.lockIds],
    );
  }
  const { where, params } = positionWhere({ run_id: f.run_id, overdue: true });
  const rows = await tx.query<Candidate>(
    `select d.id as position_id, d.payer_id, d.iupd,
            coalesce(o.overdue_cents, 0)::bigint as overdue_cents, o.overdue_since::text,
            (select max((r.sent_at at time zone 'Europe/Rome')::date)::text
               from public.payment_reminders r
              where r.tenant_id = d.tenant_id and r.debt_position_id = d.id) as last_reminder_on,
            ${ON_ENFORCED_LIST} as listed
       from public.debt_positions d
       join public.people p on p.tenant_id = d.tenant_id and p.id = d.payer_id
       ${OVERDUE_JOIN}
      where ${where} and ($6::uuid[] is null or d.id = any ($6::uuid[]))
      order by p.surname, p.name, d.payer_id, o.overdue_since, d.id`,
    [...params, f.lockIds ?? null],
  );
  return rows.map((r) => ({ ...r, overdue_cents: Number(r.overdue_cents) }));
}

export interface Collection {
  id: string;
  reference: string;
  note: string | null;
  min_days_after_reminder: number;
  min_payer_cents: number;
  positions_count: number;
  total_cents: number;
  created_by_name: string | null;
  /** ISO 8601 instant. */
  created_at: string;
  /** Positions taken back from the list since. */
  withdrawn_count: number;
}

const COLLECTION_SELECT = `
  select c.id, c.reference, c.note, c.min_days_after_reminder, c.min_payer_cents,
         c.positions_count, c.total_cents, u.full_name as created_by_name,
         to_json(c.created_at) #>> '{}' as created_at,
         (select count(*) from public.enforced_collection_positions e
           where e.tenant_id = c.tenant_id and e.collection_id = c.id
             and e.withdrawn_at is not null)::int as withdrawn_count
    from public.enforced_collections c
    left join public.users u on u.id = c.created_by`;

const num = (c: Collection): Collection => ({
  ...c,
  min_payer_cents: Number(c.min_payer_cents),
  total_cents: Number(c.total_cents),
});

/** The Ente's lists, newest first, paged. */
export async function listCollections(
  tx: Tx,
  limit: number,
  offset: number,
): Promise<{ items: Collection[]; total: number }> {
  const items = await tx.query<Collection>(
    `${COLLECTION_SELECT} where c.tenant_id = (select app.tenant_id())
      order by c.created_at desc, c.id limit $1 offset $2`,
    [limit, offset],
  );
  const [{ n }] = await tx.query<{ n: number }>(
    `select count(*)::int as n from public.enforced_collections
      where tenant_id = (select app.tenant_id())`,
  );
  return { items: items.map(num), total: n };
}

/** A listed position with the payer's name now (the snapshot keeps the one at hand-over). */
export interface CollectionPosition extends ListedPosition {
  withdrawn_by_name: string | null;
}

/** One list and its positions (payers in order of surname), or null when not readable. */
export async function getCollection(
  tx: Tx,
  id: string,
): Promise<{ collection: Collection; positions: CollectionPosition[] } | null> {
  const [collection] = await tx.query<Collection>(
    `${COLLECTION_SELECT} where c.tenant_id = (select app.tenant_id()) and c.id = $1`,
    [id],
  );
  if (!collection) return null;
  const positions = await tx.query<CollectionPosition>(
    `select e.debt_position_id, d.iupd, d.description, d.period_start::text, d.period_end::text,
            e.payer_id, e.debtor, e.overdue_cents, e.overdue_since::text,
            e.paid_cents as paid_cents_then, d.paid_cents as paid_cents_now, d.status,
            to_json(e.last_reminder_at) #>> '{}' as last_reminder_at, e.last_reminder_channel,
            array(select n.notice_number from public.payment_notices n
                   where n.tenant_id = d.tenant_id and n.debt_position_id = d.id
                     and n.status = 'unpaid'
                   order by n.instalment) as notice_numbers,
            to_json(e.withdrawn_at) #>> '{}' as withdrawn_at, e.withdrawn_reason,
            w.full_name as withdrawn_by_name
       from public.enforced_collection_positions e
       join public.debt_positions d on d.tenant_id = e.tenant_id and d.id = e.debt_position_id
       left join public.users w on w.id = e.withdrawn_by
      where e.tenant_id = (select app.tenant_id()) and e.collection_id = $1
      order by e.debtor ->> 'name', e.payer_id, e.overdue_since, d.iupd`,
    [id],
  );
  return {
    collection: num(collection),
    positions: positions.map((p) => ({
      ...p,
      overdue_cents: Number(p.overdue_cents),
      paid_cents_then: Number(p.paid_cents_then),
      paid_cents_now: Number(p.paid_cents_now),
      last_reminder_channel: p.last_reminder_channel as ReminderChannel,
    })),
  };
}

/** The live list a position is on, for its page (null when none, or not the billing office). */
export async function positionCollection(
  tx: Tx,
  positionId: string,
): Promise<{ id: string; reference: string; created_at: string } | null> {
  const [row] = await tx.query<{ id: string; reference: string; created_at: string }>(
    `select c.id, c.reference, to_json(c.created_at) #>> '{}' as created_at
       from public.enforced_collection_positions e
       join public.enforced_collections c on c.tenant_id = e.tenant_id and c.id = e.collection_id
      where e.tenant_id = (select app.tenant_id()) and e.debt_position_id = $1
        and e.withdrawn_at is null`,
    [positionId],
  );
  return row ?? null;
}

export interface FamilyCollectionNotice {
  /** Rome day of the hand-over. */
  handed_on: string;
  office_name: string | null;
  office_contact: string | null;
}

/** A family's own position handed to enforced collection: when, and whom to contact. */
export async function myEnforcedCollection(
  tx: Tx,
  positionId: string,
): Promise<FamilyCollectionNotice | null> {
  const [row] = await tx.query<FamilyCollectionNotice>(
    `select handed_on::text, office_name, office_contact
       from app.my_enforced_collection($1::uuid)`,
    [positionId],
  );
  return row ?? null;
}

/**
 * The download of a list, written to the audit log in the caller's transaction (it names
 * debtors, addresses and debts): `export`, `enforced_collection_positions`, the list's id.
 */
export async function auditCollectionExport(tx: Tx, id: string, rows: number): Promise<void> {
  await tx.query(
    "select app.audit_event(app.tenant_id(), 'export', 'enforced_collection_positions', $1, $2)",
    [id, { rows }],
  );
}
