import type { Tx } from "../db/types.ts";

export interface OutgoingMail {
  tenantId: string | null;
  to: string;
  subject: string;
  text: string;
  /** Files sent with the mail (the meal counts' CSV and PDF). */
  attachments?: MailAttachment[];
}

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: string | Uint8Array;
}

function toBase64(c: string | Uint8Array): string {
  const bytes = typeof c === "string" ? new TextEncoder().encode(c) : c;
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(bin);
}

/**
 * Queues an e-mail in `mail_outbox` inside the caller's transaction, so it exists only if the
 * work that caused it commits. Without SMTP configured it stays there, readable by admins.
 */
export async function enqueueMail(tx: Tx, mail: OutgoingMail): Promise<string> {
  // Users write only the four basic columns (column grants); attachments come from system jobs.
  const attachments = (mail.attachments ?? []).map((a) => ({
    filename: a.filename,
    content_type: a.contentType,
    base64: toBase64(a.content),
  }));
  const [row] = attachments.length
    ? await tx.query<{ id: string }>(
      `insert into public.mail_outbox (tenant_id, to_address, subject, body_text, attachments)
       values ($1, $2, $3, $4, $5) returning id`,
      [mail.tenantId, mail.to, mail.subject, mail.text, attachments],
    )
    : await tx.query<{ id: string }>(
      `insert into public.mail_outbox (tenant_id, to_address, subject, body_text)
       values ($1, $2, $3, $4) returning id`,
      [mail.tenantId, mail.to, mail.subject, mail.text],
    );
  return row.id;
}

/** A queued e-mail as admins see it on the outbox page. */
export interface OutboxMail {
  id: string;
  to_address: string;
  subject: string;
  created_at: Date;
  sent_at: Date | null;
  error: string | null;
  attempts: number;
  next_attempt_at: Date;
}

export interface OutboxMailWithBody extends OutboxMail {
  body_text: string;
}

/** After this many failed attempts the sender gives up on a mail (it stays listed, with its error). */
export const MAX_ATTEMPTS = 8;

const COLUMNS = "id, to_address, subject, created_at, sent_at, error, attempts, next_attempt_at";

/**
 * One page of the caller's Ente's outbox, newest first, and how many mails it holds in all
 * (RLS: admins only). `await listOutbox(tx, { limit: 25, offset: 0 })`
 */
export async function listOutbox(
  tx: Tx,
  page: { limit: number; offset: number },
): Promise<{ mails: OutboxMail[]; total: number }> {
  const mails = await tx.query<OutboxMail>(
    `select ${COLUMNS} from public.mail_outbox where tenant_id = app.tenant_id()
      order by created_at desc, id limit $1 offset $2`,
    [page.limit, page.offset],
  );
  const [{ n }] = await tx.query<{ n: number }>(
    "select count(*)::int as n from public.mail_outbox where tenant_id = app.tenant_id()",
  );
  return { mails, total: n };
}

/** One mail of the caller's Ente with its body, or null (unknown, another Ente's, or no admin). */
export async function getOutboxMail(tx: Tx, id: string): Promise<OutboxMailWithBody | null> {
  const [row] = await tx.query<OutboxMailWithBody>(
    `select ${COLUMNS}, body_text from public.mail_outbox
      where id = $1 and tenant_id = app.tenant_id()`,
    [id],
  );
  return row ?? null;
}
