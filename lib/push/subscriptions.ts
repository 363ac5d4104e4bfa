/**
 * A user's devices enabled for web push: the browser's `PushSubscription.toJSON()` saved through
 * `app.push_subscribe` (a device belongs to whoever enabled it last), listed and removed under RLS
 * (each user sees only their own). Schemas double as the API's.
 *
 * @module
 */
import { z } from "zod";
import type { Tx } from "../db/types.ts";

const B64URL = /^[A-Za-z0-9_-]+={0,2}$/;

/** `PushSubscription.toJSON()`, plus the device's description. */
export const PushSubscriptionBody = z.object({
  endpoint: z.url({ protocol: /^https?$/ }).max(2000)
    .describe("Push service URL of the browser (PushSubscription.endpoint)"),
  expirationTime: z.number().nullable().optional().describe("Ignored; sent by browsers"),
  keys: z.object({
    p256dh: z.string().regex(B64URL).min(80).max(100)
      .describe("The browser's P-256 public key, base64url (RFC 8291 ua_public)"),
    auth: z.string().regex(B64URL).min(16).max(30)
      .describe("The browser's 16-byte auth secret, base64url"),
  }).strict(),
  user_agent: z.string().max(500).optional()
    .describe("Device description shown in the list; defaults to the User-Agent header"),
}).strict();
export type PushSubscriptionInput = z.infer<typeof PushSubscriptionBody>;

export const PushSubscriptionJson = z.object({
  id: z.uuid(),
  endpoint_host: z.string().describe(
    "Host of the push service (the endpoint itself stays private)",
  ),
  user_agent: z.string().nullable(),
  created_at: z.iso.datetime({ offset: true }),
  last_sent_at: z.iso.datetime({ offset: true }).nullable(),
});
export type PushSubscriptionJson = z.infer<typeof PushSubscriptionJson>;

interface Row {
  id: string;
  endpoint: string;
  user_agent: string | null;
  created_at: Date | string;
  last_sent_at: Date | string | null;
}

const iso = (d: Date | string) => new Date(d).toISOString();

function toJson(r: Row): PushSubscriptionJson {
  return {
    id: r.id,
    endpoint_host: new URL(r.endpoint).host,
    user_agent: r.user_agent,
    created_at: iso(r.created_at),
    last_sent_at: r.last_sent_at ? iso(r.last_sent_at) : null,
  };
}

/** Saves (or refreshes) this device for the caller. */
export async function saveSubscription(
  tx: Tx,
  input: PushSubscriptionInput,
  userAgent: string | null,
): Promise<PushSubscriptionJson> {
  const [row] = await tx.query<Row>(
    `select id, endpoint, user_agent, created_at, last_sent_at
       from app.push_subscribe($1, $2, $3, $4)`,
    [input.endpoint, input.keys.p256dh, input.keys.auth, input.user_agent ?? userAgent],
  );
  return toJson(row);
}

/** The caller's devices, newest first. */
export async function listSubscriptions(tx: Tx): Promise<PushSubscriptionJson[]> {
  const rows = await tx.query<Row>(
    `select id, endpoint, user_agent, created_at, last_sent_at from public.push_subscriptions
      order by created_at desc, id`,
  );
  return rows.map(toJson);
}

/** Removes one of the caller's devices (by id or endpoint); false when it was not theirs. */
export async function deleteSubscription(
  tx: Tx,
  by: { id: string } | { endpoint: string },
): Promise<boolean> {
  const rows = "id" in by
    ? await tx.query("delete from public.push_subscriptions where id = $1 returning id", [by.id])
    : await tx.query("delete from public.push_subscriptions where endpoint = $1 returning id", [
      by.endpoint,
    ]);
  return rows.length > 0;
}
