/**
 * The installation's VAPID key pair (RFC 8292), generated on first use and kept in
 * `private.vapid_keys` so every app process signs with the same key (a browser's subscription is
 * bound to the public key it was made with). Per installation, not per Ente: see the migration.
 *
 * @module
 */
import webpush from "web-push";
import type { Db } from "../db/types.ts";

export interface VapidKeys {
  /** Uncompressed P-256 point, base64url: the browser's `applicationServerKey`. */
  publicKey: string;
  privateKey: string;
}

let cached: { db: Db; keys: Promise<VapidKeys> } | null = null;

/** The key pair, creating it once (concurrent first starts agree on the row that won). */
export function vapidKeys(db: Db): Promise<VapidKeys> {
  if (cached?.db === db) return cached.keys;
  const keys = db.asService(async (tx) => {
    const fresh = webpush.generateVAPIDKeys();
    await tx.query(
      `insert into private.vapid_keys (id, public_key, private_key) values (1, $1, $2)
       on conflict (id) do nothing`,
      [fresh.publicKey, fresh.privateKey],
    );
    const [row] = await tx.query<{ public_key: string; private_key: string }>(
      "select public_key, private_key from private.vapid_keys where id = 1",
    );
    return { publicKey: row.public_key, privateKey: row.private_key };
  });
  cached = { db, keys };
  keys.catch(() => cached = null);
  return keys;
}

/**
 * VAPID `sub`: how a push service contacts the operator of this server. `PUSH_SUBJECT` when set,
 * else the public URL when it is https, else the sender address of e-mails.
 */
export function vapidSubject(env: Record<string, string | undefined> = Deno.env.toObject()) {
  if (env.PUSH_SUBJECT) return env.PUSH_SUBJECT;
  if (env.PUBLIC_URL?.startsWith("https://")) return env.PUBLIC_URL.replace(/\/$/, "");
  const address = /<([^>]+@[^>]+)>/.exec(env.MAIL_FROM ?? "")?.[1] ??
    (env.MAIL_FROM?.includes("@") ? env.MAIL_FROM.trim() : "noreply@piazza.invalid");
  return `mailto:${address}`;
}
