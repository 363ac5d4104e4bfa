/**
 * The Ente's logo: uploaded by an administrator, stored through the storage adapter under a key
 * of the Ente (`tenants.logo_key`), served at `/files/<key>` to every member of the Ente and shown
 * in the page header. Replacing or removing it deletes the old bytes after the change committed.
 *
 * The header is rendered synchronously, so the logo's address is kept per Ente in memory for a
 * few seconds (`loadTenantLogo` before rendering, `tenantLogoUrl` while rendering): a change made
 * on this node shows at once, on other nodes within LOGO_CACHE_MS.
 *
 * @module
 */

import type { Claims, Db, Tx } from "../db/types.ts";
import type { Problem } from "../tenancy/rules.ts";
import { checkImage, type ImageType, MAX_LOGO_BYTES } from "./images.ts";
import { isStorageKey, newStorageKey, type Storage } from "./mod.ts";

export const LOGO_CACHE_MS = 5_000;

/** Per database (tests run several in one process), per Ente: the logo's URL or null. */
const cache = new WeakMap<Db, Map<string, { url: string | null; until: number }>>();

function cacheOf(db: Db) {
  let m = cache.get(db);
  if (!m) cache.set(db, m = new Map());
  return m;
}

/** `/files/<key>`, the address the logo is served at. */
export const logoUrlOf = (key: string) => `/files/${key}`;

/** The caller's Ente's logo key, or null (under RLS: the caller's own Ente only). */
async function currentLogoKey(tx: Tx): Promise<string | null> {
  const [row] = await tx.query<{ logo_key: string | null }>(
    "select logo_key from public.tenants where id = app.tenant_id()",
  );
  return row?.logo_key ?? null;
}

/** The URL of the caller's Ente's logo, or null: `await currentLogoUrl(tx) // "/files/…"`. */
export async function currentLogoUrl(tx: Tx): Promise<string | null> {
  const key = await currentLogoKey(tx);
  return key ? logoUrlOf(key) : null;
}

/**
 * Makes sure the logo of the caller's Ente is in the cache (one query every LOGO_CACHE_MS at
 * most). Called before a page is rendered for a signed-in member of an Ente.
 */
export async function loadTenantLogo(db: Db, claims: Claims): Promise<void> {
  const tenantId = claims.app_metadata.tenant_id;
  if (!tenantId) return;
  const entries = cacheOf(db);
  const hit = entries.get(tenantId);
  if (hit && hit.until > Date.now()) return;
  const key = await db.asUser(claims, currentLogoKey);
  entries.set(tenantId, { url: key ? logoUrlOf(key) : null, until: Date.now() + LOGO_CACHE_MS });
}

/** The logo URL of Ente `tenantId` as last loaded, or null (none, or not loaded). */
export function tenantLogoUrl(db: Db, tenantId: string | null | undefined): string | null {
  return tenantId ? cacheOf(db).get(tenantId)?.url ?? null : null;
}

function remember(db: Db, tenantId: string, key: string | null) {
  cacheOf(db).set(tenantId, {
    url: key ? logoUrlOf(key) : null,
    until: Date.now() + LOGO_CACHE_MS,
  });
}

/** What a logo upload may be refused for, or the proven image type. */
export function checkLogo(bytes: Uint8Array): { ok: true; value: ImageType } | {
  ok: false;
  problem: Problem;
} {
  return checkImage(bytes, { maxBytes: MAX_LOGO_BYTES, what: "logo" });
}

/**
 * Stores `bytes` as the logo of the caller's Ente (administrators: RLS refuses others, 42501 or
 * no row), replacing the previous one, whose bytes are deleted after the change committed.
 * Refusals of the file come back as `{ ok: false, problem }` with nothing stored.
 */
export async function setTenantLogo(
  db: Db,
  claims: Claims,
  storage: Storage,
  bytes: Uint8Array,
): Promise<{ ok: true; url: string } | { ok: false; problem: Problem }> {
  const image = checkLogo(bytes);
  if (!image.ok) return image;
  const tenantId = claims.app_metadata.tenant_id!;
  const key = newStorageKey(tenantId);
  await storage.put(key, bytes);
  let old: string | null;
  try {
    old = await db.asUser(claims, async (tx) => {
      const previous = await currentLogoKey(tx);
      const rows = await tx.query(
        `update public.tenants
            set logo_key = $1, logo_content_type = $2, logo_url = $3, updated_at = now()
          where id = app.tenant_id() returning id`,
        [key, image.value, logoUrlOf(key)],
      );
      if (rows.length === 0) throw new Error("the Ente's row was not updated");
      return previous;
    });
  } catch (e) {
    await storage.delete(key);
    throw e;
  }
  remember(db, tenantId, key);
  if (old && isStorageKey(old)) await storage.delete(old);
  return { ok: true, url: logoUrlOf(key) };
}

/** Removes the logo of the caller's Ente (administrators); false when there was none. */
export async function removeTenantLogo(
  db: Db,
  claims: Claims,
  storage: Storage,
): Promise<boolean> {
  const old = await db.asUser(claims, async (tx) => {
    const previous = await currentLogoKey(tx);
    if (!previous) return null;
    const rows = await tx.query(
      `update public.tenants
          set logo_key = null, logo_content_type = null, logo_url = null, updated_at = now()
        where id = app.tenant_id() returning id`,
    );
    if (rows.length === 0) throw new Error("the Ente's row was not updated");
    return previous;
  });
  remember(db, claims.app_metadata.tenant_id!, null);
  if (!old) return false;
  if (isStorageKey(old)) await storage.delete(old);
  return true;
}

/**
 * The content type of `storageKey` when it is the logo of the caller's Ente, else null: every
 * member of the Ente may read the logo, whatever their role.
 */
export async function logoByKey(
  tx: Tx,
  storageKey: string,
): Promise<{ content_type: string } | null> {
  const [row] = await tx.query<{ content_type: string }>(
    `select logo_content_type as content_type from public.tenants
      where id = app.tenant_id() and logo_key = $1`,
    [storageKey],
  );
  return row ?? null;
}
