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
      `update public.api_keys set last_used_at = now()
        where key_hash = $1 and revoked_at is null and (expires_at is null or expires_at > now())
        returning id, tenant_id, scopes`,
      [hash],
    )
  );
  if (!key) return null;
  const roles: Role[] = ["api_read"];
  if (key.scopes.includes("write")) roles.push("api_write");
  return { sub: key.id, role: "authenticated", app_metadata: { tenant_id: key.tenant_id, roles } };
}
