/**
 * Delivers `mail_outbox` over SMTP when SMTP_URL is set (production); the embedded default leaves
 * mail in the outbox, where admins read it (`/operatore/posta`). Any number of nodes may run a
 * sender: each claims due rows with `for update skip locked` and pushes `next_attempt_at` ahead
 * as a lease, so the SMTP conversation happens outside any transaction (PGlite has one
 * connection: a transaction held open during a send would stall every request).
 */
import nodemailer from "nodemailer";
import type { Config } from "../config.ts";
import type { Db } from "../db/types.ts";
import { MAX_ATTEMPTS } from "./outbox.ts";

/** The part of a nodemailer transport the sender uses. */
export interface MailTransport {
  sendMail(message: {
    from: string;
    to: string;
    subject: string;
    text: string;
    headers?: Record<string, string>;
    attachments?: { filename: string; content: string; encoding: "base64"; contentType: string }[];
  }): Promise<unknown>;
  close(): void;
}

interface Claimed {
  id: string;
  to_address: string;
  subject: string;
  body_text: string;
  attempts: number;
  attachments: { filename: string; content_type: string; base64: string }[] | null;
}

/** How long a claimed mail is left to its sender before another node may try it. */
const LEASE_MINUTES = 10;

/** Minutes to wait after the n-th failed attempt: 1, 2, 4 … up to 6 hours. */
export function retryDelayMinutes(attempts: number): number {
  return Math.min(2 ** Math.max(0, attempts - 1), 360);
}

/** A nodemailer SMTP transport from `smtp://user:pass@host:587` or `smtps://…:465`. */
export function smtpTransport(smtpUrl: string): MailTransport {
  return nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: 20_000,
    greetingTimeout: 20_000,
    socketTimeout: 60_000,
  }) as MailTransport;
}

async function claim(db: Db, batch: number): Promise<Claimed[]> {
  return await db.asService((tx) =>
    tx.query<Claimed>(
      `with due as (
         select id from public.mail_outbox
          where sent_at is null and attempts < $2 and next_attempt_at <= now()
          order by next_attempt_at, created_at
          limit $1
          for update skip locked
       )
       update public.mail_outbox m
          set attempts = m.attempts + 1,
              next_attempt_at = now() + make_interval(mins => $3)
         from due where m.id = due.id
       returning m.id, m.to_address, m.subject, m.body_text, m.attempts, m.attachments`,
      [batch, MAX_ATTEMPTS, LEASE_MINUTES],
    )
  );
}

async function markSent(db: Db, id: string): Promise<void> {
  await db.asService((tx) =>
    tx.query("update public.mail_outbox set sent_at = now(), error = null where id = $1", [id])
  );
}

async function markFailed(db: Db, mail: Claimed, error: string): Promise<void> {
  await db.asService((tx) =>
    tx.query(
      `update public.mail_outbox
          set error = $2, next_attempt_at = now() + make_interval(mins => $3)
        where id = $1 and sent_at is null`,
      [mail.id, error.slice(0, 1000), retryDelayMinutes(mail.attempts)],
    )
  );
}

/**
 * Sends the mail that is due, one batch after another until none is left. Each mail is recorded
 * as sent or failed on its own, so one bad address never holds up the others.
 * Returns how many were sent and how many failed.
 */
export async function deliverDue(
  db: Db,
  transport: MailTransport,
  from: string,
  batch = 20,
): Promise<{ sent: number; failed: number }> {
  let sent = 0, failed = 0;
  while (true) {
    const mails = await claim(db, batch);
    if (mails.length === 0) return { sent, failed };
    for (const mail of mails) {
      try {
        await transport.sendMail({
          from,
          to: mail.to_address,
          subject: mail.subject,
          text: mail.body_text,
          headers: { "X-Piazza-Outbox-Id": mail.id },
          ...(mail.attachments?.length
            ? {
              attachments: mail.attachments.map((a) => ({
                filename: a.filename,
                content: a.base64,
                encoding: "base64" as const,
                contentType: a.content_type,
              })),
            }
            : {}),
        });
        await markSent(db, mail.id);
        sent++;
      } catch (e) {
        await markFailed(db, mail, (e as Error).message || String(e));
        failed++;
      }
    }
  }
}

export interface SmtpSender {
  /** One delivery round now (the timer keeps running). */
  runOnce(): Promise<{ sent: number; failed: number }>;
  /** Stops the timer, waits for the round in progress and closes the SMTP transport. */
  stop(): Promise<void>;
}

/**
 * Starts delivering the outbox every `intervalMs` (main.ts calls it only when SMTP_URL is set).
 * Rounds never overlap; an error in a round is logged and the next round tries again.
 */
export function startSmtpSender(
  db: Db,
  config: Pick<Config, "smtpUrl" | "mailFrom">,
  opts: { intervalMs?: number; transport?: MailTransport } = {},
): SmtpSender {
  if (!config.smtpUrl && !opts.transport) throw new Error("SMTP_URL non impostato");
  const transport = opts.transport ?? smtpTransport(config.smtpUrl!);
  let running: Promise<{ sent: number; failed: number }> | null = null;
  let stopped = false;

  const round = () => {
    running ??= deliverDue(db, transport, config.mailFrom).finally(() => running = null);
    return running;
  };
  const tick = async () => {
    try {
      await round();
    } catch (e) {
      console.error("[smtp] consegna della posta non riuscita:", e);
    }
    if (!stopped) {
      timer = setTimeout(tick, opts.intervalMs ?? 15_000);
      Deno.unrefTimer(timer);
    }
  };
  let timer = setTimeout(tick, 0);
  Deno.unrefTimer(timer);

  return {
    async runOnce() {
      // A round already under way may have looked before the caller's mail was queued.
      await running?.catch(() => {});
      return await round();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running?.catch(() => {});
      transport.close();
    },
  };
}
