/**
 * The payment reminders' fixture (`fixtures_reminders.ts`) made ready for enforced collection:
 * reminders by letter sent some days ago, written as `app.record_letter_reminders` writes them.
 * With `remindedAgo(late, 40)`, `remindedAgo(instalments, 10)`, `remindedAgo(other, 35)` and
 * Marco's `unreachable` never reminded, a list of "30 days, 30,00 € per payer" takes Chiara's
 * `late` (40,00 €) only: `instalments` too recent, Roberta's `other` (15,00 €) under the
 * threshold, `unreachable` never reminded; `dueToday` and `paid` are not overdue.
 */
import type { Claims, Db } from "../../lib/db/types.ts";
import type { CollectionInput } from "../../lib/billing/enforced_collection.ts";
import { type ReminderFixture, reminderFixture } from "./fixtures_reminders.ts";

/** A letter reminder of `position` sent `days` days ago (Rome's days, at noon there). */
export async function remindedAgo(db: Db, position: string, days: number): Promise<void> {
  await db.asOwner((tx) =>
    tx.query(
      `insert into public.payment_reminders (tenant_id, batch_id, debt_position_id, payer_id,
         overdue_cents, overdue_since, email_to, mail_id, push, letter, sent_at)
       select d.tenant_id, gen_random_uuid(), d.id, d.payer_id, 1000,
              (now() at time zone 'Europe/Rome')::date - $2::int - 1, null, null, false, true,
              (((now() at time zone 'Europe/Rome')::date - $2::int) + time '12:00')
                at time zone 'Europe/Rome'
         from public.debt_positions d where d.id = $1`,
      [position, days],
    )
  );
}

/** The reminders' fixture with the reminders above. */
export async function enforcedFixture(db: Db): Promise<ReminderFixture> {
  const f = await reminderFixture(db);
  await remindedAgo(db, f.late, 40);
  await remindedAgo(db, f.instalments, 10);
  await remindedAgo(db, f.other, 35);
  return f;
}

/** "30 days, 30,00 € per payer, Det. n. 123/2026", all runs. */
export const RULE: CollectionInput = {
  run_id: null,
  minDays: 30,
  minPayerCents: 3000,
  reference: "Det. n. 123/2026",
  note: null,
};

/** Claims of a user of the demo Ente with `roles`, as the app would sign them. */
export async function claimsOf(db: Db, email: string, roles: string[]): Promise<Claims> {
  const [row] = await db.asOwner((tx) =>
    tx.query<{ tenant_id: string; user_id: string }>(
      `select m.tenant_id, u.id as user_id from public.users u
         join public.memberships m on m.user_id = u.id
        where lower(u.email) = lower($1) order by m.created_at limit 1`,
      [email],
    )
  );
  return {
    sub: row.user_id,
    role: "authenticated",
    app_metadata: { tenant_id: row.tenant_id, roles },
  } as Claims;
}
