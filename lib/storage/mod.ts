/**
 * File storage behind one small interface, keyed by `<tenant_id>/<uuid>`: the embedded default
 * keeps files on local disk (`local.ts`); an object store (S3, Supabase Storage) can take its
 * place without touching callers. Storage never decides who may read a file: the database row
 * that names the key does (see `routes/files/`).
 *
 * @module
 */

import type { Config } from "../config.ts";
import { LocalStorage } from "./local.ts";

export { assertStorageKey, isStorageKey, newStorageKey } from "./keys.ts";

export interface Storage {
  /** Stores `bytes` under `key`, replacing what was there. */
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** The bytes under `key`, or null when there are none. */
  get(key: string): Promise<Uint8Array<ArrayBuffer> | null>;
  /** Removes `key`; a missing key is not an error. */
  delete(key: string): Promise<void>;
}

const adapters = new Map<string, Storage>();

/** The storage the configuration names (local files under `config.storageDir`). */
export function storageFor(config: Pick<Config, "storageDir">): Storage {
  let s = adapters.get(config.storageDir);
  if (!s) adapters.set(config.storageDir, s = new LocalStorage(config.storageDir));
  return s;
}
