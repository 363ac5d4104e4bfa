import type { Claims, Db, Role, Tx } from "../db/types.ts";
import { randomToken, sha256Hex } from "./tokens.ts";

export type ApiScope = "read" | "write";
const TOKEN_RE = /^pzk_([A-Za-z0-9]{10})_([A-Za-z0-9_-]{43})$/;

/**
 * Creates a key for the caller's Ente (the caller's transaction: RLS allows admins only).
 * The secret is returned once; only its SHA-256 is stored.
 */
export async function createApiKey(
  tx: Tx,
  input: {
    tenantId: string;
    name: string;
    scopes: ApiScope[];
    createdBy: string;
    expiresAt?: string | null;
  },
): Promise<{ id: string; token: string; prefix: string }> {
  const prefix = randomToken(16).replace(/[^A-Za-z0-9]/g, "").slice(0, 10).padEnd(10, "0");
  const token = `pzk_${prefix}_${randomToken(32)}`;
  const [row] = await tx.query<{ id: string }>(
    `insert into public.api_keys (tenant_id, name, prefix, key_hash, scopes, created_by, expires_at)
     values ($1, $2, $3, $4, $5, $6, $7) returning id`,
    [
      input.tenantId,
      input.name,
      prefix,
      await sha256Hex(token),
      input.scopes,
      input.createdBy,
      input.expiresAt ?? null,
    ],
  );
  return { id: row.id, token, prefix };
}

/** Claims for a valid, unrevoked, unexpired key; null otherwise. Marks the key as used. */
export async function authenticateApiKey(db: Db, token: string): Promise<Claims | null> {
  if (!TOKEN_RE.test(token)) return null;
  const hash = await sha256Hex(token);
  const [key] = await db.asService((tx) =>
    tx.query<{ id: string; tenant_id: string; scopes: string[] }>(
      // "Last used" to the minute: writing it on every call would make each request of an
      // e-register a write on one hot row.
      `with k as (
         select id, tenant_id, scopes, last_used_at from public.api_keys
          where key_hash = $1 and revoked_at is null and (expires_at is null or expires_at > now())
       ), touched as (
         update public.api_keys a set last_used_at = now() from k
          where a.id = k.id and (k.last_used_at is null or k.last_used_at < now() - interval '1 minute')
       )
       select id, tenant_id, scopes from k`,
      [hash],
    )
  );
  if (!key) return null;
  const roles: Role[] = ["api_read"];
  if (key.scopes.includes("write")) roles.push("api_write");
  return { sub: key.id, role: "authenticated", app_metadata: { tenant_id: key.tenant_id, roles } };
}

/** A key as admins see it: never the hash, never the secret. */
export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiScope[];
  created_by: string | null;
  created_by_name: string | null;
  created_at: Date;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export type ApiKeyStatus = "active" | "expired" | "revoked";

const KEY_COLUMNS = `k.id, k.name, k.prefix, k.scopes, k.created_by, u.full_name as created_by_name,
  k.created_at, k.expires_at, k.last_used_at, k.revoked_at`;

/** The displayed form of a key: `pzk_<prefix>_…` (the secret part is never stored). */
export function maskedToken(prefix: string): string {
  return `pzk_${prefix}_…`;
}

/** Revoked beats expired: a revoked key stays revoked whatever its expiry. */
export function apiKeyStatus(key: Pick<ApiKey, "expires_at" | "revoked_at">, now = new Date()) {
  if (key.revoked_at) return "revoked" as const;
  if (key.expires_at && key.expires_at.getTime() <= now.getTime()) return "expired" as const;
  return "active" as const;
}

/**
 * The keys of the caller's Ente, newest first (RLS: admins only; others get `[]`).
 * `await db.asUser(claims, (tx) => listApiKeys(tx))`
 */
export async function listApiKeys(tx: Tx): Promise<ApiKey[]> {
  return await tx.query<ApiKey>(
    `select ${KEY_COLUMNS}
       from public.api_keys k left join public.users u on u.id = k.created_by
      where k.tenant_id = app.tenant_id()
      order by k.created_at desc, k.name`,
  );
}

/** One key of the caller's Ente, or null (unknown, another Ente's, or the caller is no admin). */
export async function getApiKey(tx: Tx, id: string): Promise<ApiKey | null> {
  const [row] = await tx.query<ApiKey>(
    `select ${KEY_COLUMNS}
       from public.api_keys k left join public.users u on u.id = k.created_by
      where k.id = $1 and k.tenant_id = app.tenant_id()`,
    [id],
  );
  return row ?? null;
}

/**
 * Revokes a key at once (the next call with it gets 401). Idempotent: revoking a revoked key keeps
 * its first revocation time and writes no second audit row. Null when the key is not visible.
 */
export async function revokeApiKey(tx: Tx, id: string): Promise<ApiKey | null> {
  const [row] = await tx.query<{ id: string }>(
    `update public.api_keys set revoked_at = coalesce(revoked_at, now())
      where id = $1 and tenant_id = app.tenant_id() returning id`,
    [id],
  );
  return row ? await getApiKey(tx, row.id) : null;
}

/**
 * The instant a key chosen "valid until <date>" stops working: the midnight that ends that day in
 * Europe/Rome. `romeEndOfDay("2027-03-31") // "2027-03-31T22:00:00.000Z"`
 */
export function romeEndOfDay(date: string): string {
  const [y, m, d] = date.split("-").map(Number);
  const midnightUtc = Date.UTC(y, m - 1, d + 1);
  // Rome's offset at that instant ("GMT+01:00" or "GMT+02:00"); an hour of DST slack is harmless.
  const name = new Intl.DateTimeFormat("en-US", {
    timeZone: "Europe/Rome",
    timeZoneName: "longOffset",
  }).formatToParts(new Date(midnightUtc)).find((p) => p.type === "timeZoneName")?.value ?? "";
  const o = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  const offsetMin = o ? (o[1] === "-" ? -1 : 1) * (Number(o[2]) * 60 + Number(o[3])) : 0;
  return new Date(midnightUtc - offsetMin * 60_000).toISOString();
}
