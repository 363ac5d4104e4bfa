/**
 * Web push delivery (RFC 8030, payload encrypted per RFC 8291 aes128gcm, signed with VAPID per
 * RFC 8292): `web-push` builds each request, `fetch` sends it. Call `notify` AFTER the
 * transaction that caused the notification committed (a rolled-back absence must not be
 * announced); it runs as service_role and never throws for a device that fails.
 *
 * @module
 */
import webpush from "web-push";
import type { Db } from "../db/types.ts";
import { vapidKeys, vapidSubject } from "./vapid.ts";

export interface PushMessage {
  tenantId: string;
  userIds: string[];
  title: string;
  body: string;
  /** Opened when the notification is clicked: a path of this site (`/famiglie/…`). */
  url: string;
  /** Notifications with the same tag replace each other on the device. */
  tag?: string;
  urgency?: "very-low" | "low" | "normal" | "high";
}

export interface PushReport {
  sent: number;
  /** Subscriptions the push service reported gone (404/410), deleted. */
  removed: number;
  failed: number;
}

/** What the service worker receives (`static/sw.js`). */
export interface PushPayload {
  title: string;
  body: string;
  url: string;
  tag?: string;
}

const TTL_S = 24 * 3600;
const TIMEOUT_MS = 10_000;

/** Only same-site paths: a notification never sends people to another site. */
export function safeUrl(url: string): string {
  return /^\/(?![/\\])/.test(url) ? url : "/";
}

/** Sends `msg` to every device of `userIds` in the Ente; reports what happened. */
export async function notify(
  db: Db,
  msg: PushMessage,
  opts: { subject?: string } = {},
): Promise<PushReport> {
  const report: PushReport = { sent: 0, removed: 0, failed: 0 };
  if (msg.userIds.length === 0) return report;
  const subs = await db.asService((tx) =>
    tx.query<{ id: string; endpoint: string; p256dh: string; auth: string }>(
      `select id, endpoint, p256dh, auth from public.push_subscriptions
        where tenant_id = $1 and user_id = any ($2::uuid[])`,
      [msg.tenantId, msg.userIds],
    )
  );
  if (subs.length === 0) return report;
  const keys = await vapidKeys(db);
  const payload: PushPayload = {
    title: msg.title.slice(0, 120),
    body: msg.body.slice(0, 500),
    url: safeUrl(msg.url),
    ...(msg.tag ? { tag: msg.tag } : {}),
  };
  const vapidDetails = { subject: opts.subject ?? vapidSubject(), ...keys };
  const gone: string[] = [];
  const delivered: string[] = [];
  await Promise.all(subs.map(async (s) => {
    try {
      const req = webpush.generateRequestDetails(
        { endpoint: s.endpoint, keys: { p256dh: s.p256dh, auth: s.auth } },
        JSON.stringify(payload),
        { vapidDetails, TTL: TTL_S, urgency: msg.urgency ?? "normal" },
      );
      const res = await fetch(req.endpoint, {
        method: req.method,
        headers: req.headers as Record<string, string>,
        body: req.body as Uint8Array<ArrayBuffer>,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      await res.body?.cancel();
      if (res.ok) delivered.push(s.id);
      else if (res.status === 404 || res.status === 410) gone.push(s.id);
      else {
        report.failed++;
        console.warn(`push: ${new URL(s.endpoint).host} answered ${res.status}`);
      }
    } catch (err) {
      report.failed++;
      console.warn(`push: delivery failed: ${(err as Error).message}`);
    }
  }));
  report.sent = delivered.length;
  report.removed = gone.length;
  if (gone.length || delivered.length) {
    await db.asService(async (tx) => {
      if (gone.length) {
        await tx.query("delete from public.push_subscriptions where id = any ($1::uuid[])", [gone]);
      }
      if (delivered.length) {
        await tx.query(
          "update public.push_subscriptions set last_sent_at = now() where id = any ($1::uuid[])",
          [delivered],
        );
      }
    });
  }
  return report;
}
