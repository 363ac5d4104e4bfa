/**
 * The push "Pagamento ricevuto" queued by `ingestReceipts` (event `push.payment`, room
 * `push:<receipt id>`), resolved at delivery by `lib/push/events.ts`: the family users of the
 * payer's household (both parents) and the payer, if the receipt still pays its notice.
 *
 * @module
 */

import type { Db } from "../db/types.ts";
import { formatEuro } from "../tariffs/money.ts";
import type { PushNotice } from "../push/events.ts";

export async function paymentPushNotice(db: Db, receiptId: string): Promise<PushNotice | null> {
  const [row] = await db.asService((tx) =>
    tx.query<
      {
        tenant_id: string;
        amount_cents: number;
        description: string;
        position_id: string;
        users: string[];
      }
    >(
      `select r.tenant_id, r.amount_cents, d.description, d.id as position_id,
              array(select distinct x.user_id from (
                      select pay.user_id from public.people pay
                       where pay.tenant_id = d.tenant_id and pay.id = d.payer_id
                      union all
                      select pp.user_id from public.household_members mine
                        join public.household_members hm on hm.tenant_id = mine.tenant_id
                         and hm.household_id = mine.household_id
                         and hm.role in ('parent', 'legal_guardian')
                        join public.people pp on pp.tenant_id = hm.tenant_id and pp.id = hm.person_id
                       where mine.tenant_id = d.tenant_id and mine.person_id = d.payer_id
                         and pp.merged_into is null) x
                     join public.memberships m on m.tenant_id = d.tenant_id
                      and m.user_id = x.user_id and m.role = 'family'
                    where x.user_id is not null) as users
         from public.payment_receipts r
         join public.payment_notices n on n.tenant_id = r.tenant_id and n.id = r.payment_notice_id
         join public.debt_positions d on d.tenant_id = n.tenant_id and d.id = n.debt_position_id
        where r.id = $1 and r.status = 'matched'`,
      [receiptId],
    )
  );
  if (!row) return null;
  return {
    tenantId: row.tenant_id,
    userIds: row.users,
    title: "Pagamento ricevuto",
    body: `Abbiamo ricevuto ${formatEuro(Number(row.amount_cents))} per "${row.description}".`,
    url: `/famiglie/pagamenti/${row.position_id}`,
    tag: `payment-${receiptId}`,
  };
}
