import type { Tx } from "../db/types.ts";

export interface OutgoingMail {
  tenantId: string | null;
  to: string;
  subject: string;
  text: string;
}

/**
 * Queues an e-mail in `mail_outbox` inside the caller's transaction, so it exists only if the
 * work that caused it commits. Without SMTP configured it stays there, readable by admins.
 */
export async function enqueueMail(tx: Tx, mail: OutgoingMail): Promise<string> {
  const [row] = await tx.query<{ id: string }>(
    `insert into public.mail_outbox (tenant_id, to_address, subject, body_text)
     values ($1, $2, $3, $4) returning id`,
    [mail.tenantId, mail.to, mail.subject, mail.text],
  );
  return row.id;
}
