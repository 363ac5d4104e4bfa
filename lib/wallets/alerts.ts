/**
 * Delivery of low-balance alerts. The database raises one `wallet_alerts` row each time a
 * wallet's balance moves to a worse band (under the threshold, under zero, beyond the grace), in
 * the transaction of the movement — so an alert exists only if the movement committed, and a
 * wallet staying low day after day raises nothing more. This module is the alerts' outbox
 * reader: it claims undelivered rows with SKIP LOCKED (any number of processes), queues the
 * e-mail to the payer in the same transaction that marks them delivered, and sends the push
 * after that commit.
 *
 * @module
 */
import type { Db } from "../db/types.ts";
import { enqueueMail } from "../mail/outbox.ts";
import { notify } from "../push/send.ts";
import { alertMessage, type Level } from "./rules.ts";

interface Pending {
  id: string;
  tenant_id: string;
  wallet_id: string;
  level: Exclude<Level, "ok">;
  balance_cents: number;
  threshold_cents: number;
  grace_cents: number;
  child: string | null;
  email: string | null;
  user_id: string | null;
  locale: "it" | "en";
}

export interface AlertReport {
  alerts: number;
  mails: number;
  pushes: number;
}

/**
 * Delivers up to `limit` pending alerts; returns what it did. `publicUrl` (config.publicUrl)
 * makes the link in the e-mail absolute.
 */
export async function deliverWalletAlerts(
  db: Db,
  opts: { publicUrl?: string; limit?: number } = {},
): Promise<AlertReport> {
  const link = `${opts.publicUrl ?? ""}/famiglie/borsellino`;
  const report: AlertReport = { alerts: 0, mails: 0, pushes: 0 };
  const claimed = await db.asService(async (tx) => {
    const rows = await tx.query<Pending>(
      `select a.id, a.tenant_id, a.wallet_id, a.level, a.balance_cents, a.threshold_cents,
              a.grace_cents, b.name || ' ' || b.surname as child,
              coalesce(p.email, u.email) as email, p.user_id, coalesce(u.locale, 'it') as locale
         from public.wallet_alerts a
         join public.wallets w on w.tenant_id = a.tenant_id and w.id = a.wallet_id
         join public.people p on p.tenant_id = w.tenant_id and p.id = w.payer_id
         left join public.users u on u.id = p.user_id
         left join public.people b on b.tenant_id = w.tenant_id and b.id = w.beneficiary_id
        where a.delivered_at is null
        order by a.created_at
        limit $1
        for update of a skip locked`,
      [opts.limit ?? 200],
    );
    for (const a of rows) {
      const msg = alertMessage(a, a.locale);
      if (a.email) {
        await enqueueMail(tx, {
          tenantId: a.tenant_id,
          to: a.email,
          subject: msg.title,
          text: `${msg.body}\n\n${
            a.locale === "it" ? "Movimenti e ricarica" : "Movements and top-up"
          }: ${link}`,
        });
      }
      await tx.query(
        `update public.wallet_alerts set delivered_at = now(), mails = $2,
                pushes = $3 where id = $1`,
        [a.id, a.email ? 1 : 0, a.user_id ? 1 : 0],
      );
    }
    return rows;
  });
  report.alerts = claimed.length;
  report.mails = claimed.filter((a) => a.email).length;
  for (const a of claimed) {
    if (!a.user_id) continue;
    const msg = alertMessage(a, a.locale);
    const r = await notify(db, {
      tenantId: a.tenant_id,
      userIds: [a.user_id],
      title: msg.title,
      body: msg.body,
      url: "/famiglie/borsellino",
      tag: `wallet-${a.wallet_id}`,
    });
    report.pushes += r.sent;
  }
  return report;
}
