/**
 * Paper reminder letters recorded as sent: once the office has mailed the letters of payers
 * without e-mail or push (`reminder_letters_pdf.ts`), each position gets a `letter` reminder
 * through `app.record_letter_reminders`, read and checked as `remindPositions` reads them, so the
 * Ente's minimum days between two reminders apply across channels.
 *
 * @module
 */
import type { Tx } from "../db/types.ts";
import { assertCanRemind, candidates, reminderMinDays } from "./reminders.ts";

export const LETTER_OUTCOMES = ["recorded", "recent", "not_overdue", "not_found"] as const;
export type LetterOutcome = typeof LETTER_OUTCOMES[number];

export interface LetterResult {
  /** The batch of the letters recorded; null when none was. */
  batch_id: string | null;
  counts: Record<LetterOutcome, number>;
  outcomes: { position_id: string; outcome: LetterOutcome; reminder_id: string | null }[];
  min_days: number;
}

/**
 * Records that the office mailed a reminder letter for each of the positions `ids` (at most
 * `REMINDER_BATCH_MAX`), in `tx` (the billing office's; others are refused, 42501): each locked
 * and found overdue again as `remindPositions` does, skipped when reminded (by any channel)
 * within the Ente's minimum days. `app.record_letter_reminders` writes a `letter` reminder per
 * position, no e-mail and no push.
 *
 * @example const r = await db.asUser(claims, (tx) => recordLetters(tx, [positionId]));
 */
export async function recordLetters(
  tx: Tx,
  positionIds: readonly string[],
): Promise<LetterResult> {
  await assertCanRemind(tx);
  const min = await reminderMinDays(tx);
  const ids = [...new Set(positionIds)];
  const rows = await candidates(tx, ids, min, true);
  const found = new Map(rows.map((r) => [r.id, r]));
  const due = rows.filter((r) => r.overdue_since && !r.recent && !r.enforced);
  const batch = crypto.randomUUID();
  const written = new Map<string, string>();
  if (due.length) {
    const items = due.map((r) => ({
      position_id: r.id,
      overdue_cents: Number(r.overdue_cents),
      overdue_since: r.overdue_since,
    }));
    const out = await tx.query<{ debt_position_id: string; reminder_id: string }>(
      `select debt_position_id, reminder_id
         from app.record_letter_reminders($1::uuid, $2::jsonb -> 'i')`,
      [batch, { i: items }],
    );
    for (const o of out) written.set(o.debt_position_id, o.reminder_id);
  }
  const outcomes = ids.map((id) => {
    const r = found.get(id);
    const w = written.get(id) ?? null;
    const outcome: LetterOutcome = !r
      ? "not_found"
      // On a list for enforced collection: no letter to record, as if paid.
      : !r.overdue_since || r.enforced
      ? "not_overdue"
      : w
      ? "recorded"
      // Recent, or found reminded by the database meanwhile.
      : "recent";
    return { position_id: id, outcome, reminder_id: w };
  });
  const counts = Object.fromEntries(LETTER_OUTCOMES.map((o) => [o, 0])) as Record<
    LetterOutcome,
    number
  >;
  for (const o of outcomes) counts[o.outcome]++;
  return { batch_id: written.size ? batch : null, counts, outcomes, min_days: min };
}

/**
 * Whether the billing office can reach `payerId` by e-mail or push (else it is "senza recapito"
 * and gets a letter). Only the billing office asks (others are refused, 42501).
 */
export async function payerReachable(tx: Tx, payerId: string): Promise<boolean> {
  const [c] = await tx.query<{ email: string | null; push: boolean }>(
    "select email, push from app.payment_reminder_contacts($1::uuid[])",
    [[payerId]],
  );
  return !!(c?.email || c?.push);
}
