/**
 * The push "Sollecito di pagamento" queued by `app.send_payment_reminders` (event
 * `push.reminder`, room `push:<reminder id>`), resolved at delivery by `lib/push/events.ts`: the
 * family users of the payer (`app.payer_family_users`), if the position is still overdue — a
 * payment that arrived between the reminder and the delivery makes it moot.
 *
 * @module
 */
import type { Db } from "../db/types.ts";
import { OVERDUE_JOIN } from "./positions_read.ts";
import { reminderPush } from "./reminder_text.ts";
import type { PushNotice } from "../push/events.ts";

export async function reminderPushNotice(
  db: Db,
  reminderId: string,
): Promise<PushNotice | null> {
  const [row] = await db.asService((tx) =>
    tx.query<{
      tenant_id: string;
      position_id: string;
      description: string;
      overdue_cents: number;
      overdue_since: string | null;
      users: string[];
    }>(
      `select r.tenant_id, d.id as position_id, d.description, r.overdue_cents,
              o.overdue_since::text, app.payer_family_users(d.tenant_id, d.payer_id) as users
         from public.payment_reminders r
         join public.debt_positions d on d.tenant_id = r.tenant_id and d.id = r.debt_position_id
         ${OVERDUE_JOIN}
        where r.id = $1 and r.push and not r.letter`,
      [reminderId],
    )
  );
  if (!row?.overdue_since) return null;
  const text = reminderPush({
    positionId: row.position_id,
    description: row.description,
    overdueCents: Number(row.overdue_cents),
    overdueSince: row.overdue_since,
  });
  return { tenantId: row.tenant_id, userIds: row.users, ...text, tag: `reminder-${reminderId}` };
}
