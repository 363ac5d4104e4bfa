import { dirname, join, resolve, sep } from "node:path";
import { assertStorageKey } from "./keys.ts";
import type { Storage } from "./mod.ts";

/**
 * Files under a root folder, one subfolder per Ente: `<root>/<tenant_id>/<uuid>`. Keys are
 * checked against the strict key format before any path is built, and the resolved path must stay
 * inside the root, so no key can reach another file. Writes go to a temporary file first and are
 * renamed into place, so a reader never sees half a file.
 */
export class LocalStorage implements Storage {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** The file of `key` (exported for tests). */
  pathOf(key: string): string {
    assertStorageKey(key);
    const path = resolve(join(this.root, ...key.split("/")));
    if (!path.startsWith(this.root + sep)) throw new Error(`key outside storage: ${key}`);
    return path;
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const path = this.pathOf(key);
    await Deno.mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const tmp = `${path}.${crypto.randomUUID()}.tmp`;
    try {
      await Deno.writeFile(tmp, bytes, { mode: 0o600 });
      await Deno.rename(tmp, path);
    } catch (e) {
      await Deno.remove(tmp).catch(() => {});
      throw e;
    }
  }

  async get(key: string): Promise<Uint8Array<ArrayBuffer> | null> {
    try {
      return await Deno.readFile(this.pathOf(key));
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return null;
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await Deno.remove(this.pathOf(key));
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
  }
}
