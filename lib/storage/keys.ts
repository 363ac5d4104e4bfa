/** Storage keys: `<tenant_id>/<uuid>`, lowercase. */

import { isUuid, UUID_PATTERN } from "../codes/uuid.ts";

const KEY = new RegExp(`^${UUID_PATTERN}/${UUID_PATTERN}$`);

/** `<tenant_id>/<uuid>` with lowercase UUIDs: nothing else (no dots, no slashes) is a key. */
export function isStorageKey(key: string): boolean {
  return KEY.test(key);
}

/** A fresh key in the Ente's space: `newStorageKey(tenantId) // "9f0c…/3b2e…"`. */
export function newStorageKey(tenantId: string): string {
  const tenant = tenantId.toLowerCase();
  if (!isUuid(tenant)) throw new Error(`not a tenant id: ${tenantId}`);
  return `${tenant}/${crypto.randomUUID()}`;
}

/** Throws unless `key` is a storage key: adapters call it before touching anything. */
export function assertStorageKey(key: string): void {
  if (!isStorageKey(key)) throw new Error(`not a storage key: ${JSON.stringify(key)}`);
}
