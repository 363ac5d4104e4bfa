/**
 * Enforced collection ("riscossione coattiva"), the writes: a new hand-over list and a position
 * taken back from one, in the billing office's transaction. The database decides last
 * (`app.create_enforced_collection`, `app.withdraw_enforced_collection_position`: billing office
 * only, 42501); here the positions are locked and found overdue again first (the rule of
 * `positions_read.ts`), as the reminders do.
 *
 * @module
 */
import type { Tx } from "../db/types.ts";
import { sqlState } from "../tenancy/errors.ts";
import {
  COLLECTION_MAX_POSITIONS,
  type CollectionInput,
  type CollectionSelection,
  selectForCollection,
} from "./enforced_collection.ts";
import { type Candidate, collectionCandidates } from "./enforced_collection_read.ts";

/** Today in Rome, as the database counts it. */
export async function romeToday(tx: Tx): Promise<string> {
  const [{ today }] = await tx.query<{ today: string }>(
    "select ((now() at time zone 'Europe/Rome')::date)::text as today",
  );
  return today;
}

/** Only the billing office hands positions over: anyone else is refused (42501). */
export async function assertCanCollect(tx: Tx): Promise<void> {
  await tx.query("select 1 from app.payment_reminder_contacts('{}'::uuid[])");
}

/**
 * What a new list of `input` would take on `today` (Rome; the database's today by default), and
 * what it would leave out and why (the confirmation step: nothing is written).
 */
export async function previewCollection(
  tx: Tx,
  input: Pick<CollectionInput, "run_id" | "minDays" | "minPayerCents">,
  today?: string,
): Promise<CollectionSelection<Candidate>> {
  await assertCanCollect(tx);
  const candidates = await collectionCandidates(tx, { run_id: input.run_id });
  return selectForCollection(candidates, {
    today: today ?? await romeToday(tx),
    minDays: input.minDays,
    minPayerCents: input.minPayerCents,
  });
}

export type CreateResult =
  | { id: string; selection: CollectionSelection<Candidate> }
  | { error: "empty" | "too_many"; selection: CollectionSelection<Candidate> };

/**
 * Creates the list of `input`: the positions the preview takes, locked and read again, handed to
 * `app.create_enforced_collection`, which checks them once more. Nothing to hand over, or more
 * than `maxPositions` (`COLLECTION_MAX_POSITIONS`; tests pass fewer): nothing is written and the
 * reason comes back.
 *
 * @example const r = await db.asUser(claims, (tx) => createCollection(tx, input));
 */
export async function createCollection(
  tx: Tx,
  input: CollectionInput,
  maxPositions = COLLECTION_MAX_POSITIONS,
): Promise<CreateResult> {
  // One day for both selections, so that the locked read judges as the first one did.
  const today = await romeToday(tx);
  const first = await previewCollection(tx, input, today);
  if (!first.included.length) return { error: "empty", selection: first };
  if (first.included.length > maxPositions) {
    return { error: "too_many", selection: first };
  }
  const locked = await collectionCandidates(tx, {
    run_id: input.run_id,
    lockIds: first.included.map((c) => c.position_id),
  });
  const selection = selectForCollection(locked, {
    today,
    minDays: input.minDays,
    minPayerCents: input.minPayerCents,
  });
  if (!selection.included.length) return { error: "empty", selection };
  const items = selection.included.map((c) => ({
    position_id: c.position_id,
    overdue_cents: c.overdue_cents,
    overdue_since: c.overdue_since,
  }));
  try {
    const [{ id }] = await tx.savepoint((sp) =>
      sp.query<{ id: string }>(
        `select app.create_enforced_collection($1, $2, $3::int, $4::bigint, $5::jsonb -> 'i')
                  as id`,
        [input.reference, input.note, input.minDays, input.minPayerCents, { i: items }],
      )
    );
    return { id, selection };
  } catch (e) {
    // The database's own check found nothing left (a reminder recorded meanwhile): the same
    // answer as the selection's, with the selection read again so that it says why.
    if (sqlState(e) !== "22023" || !/^enforced_collection_empty:/.test((e as Error).message)) {
      throw e;
    }
    return { error: "empty", selection: await previewCollection(tx, input, today) };
  }
}

/**
 * Takes position `positionId` back from list `collectionId` with `reason` (5 to 1000
 * characters, else 22023): it is reminded again and may go on a later list. False when the list
 * does not have it (any more).
 */
export async function withdrawPosition(
  tx: Tx,
  collectionId: string,
  positionId: string,
  reason: string,
): Promise<boolean> {
  const [{ ok }] = await tx.query<{ ok: boolean }>(
    "select app.withdraw_enforced_collection_position($1, $2, $3) as ok",
    [collectionId, positionId, reason],
  );
  return ok;
}
