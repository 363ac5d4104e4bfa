/**
 * Finds island modules in a folder: every `*.tsx` file directly inside it is
 * an island named after its basename, whose default export is the component.
 *
 * @module
 */

import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { ComponentType } from "preact";

/** Island file found on disk. */
export interface IslandFile {
  /** Island name: the file basename without `.tsx`. */
  name: string;
  /** Absolute path of the module. */
  path: string;
}

const ISLAND_FILE = /^([A-Za-z][A-Za-z0-9_]*)\.tsx$/;

/**
 * Lists the island files of `dir`, sorted by name. Test files (`*_test.tsx`)
 * and files whose name is not a valid identifier (e.g. `_helpers.tsx`) are
 * skipped; sub-folders are not searched.
 */
export async function listIslandFiles(dir: string): Promise<IslandFile[]> {
  const files: IslandFile[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const match = ISLAND_FILE.exec(entry.name);
    if (!entry.isFile || !match || match[1].endsWith("_test")) continue;
    files.push({ name: match[1], path: resolve(dir, entry.name) });
  }
  return files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Imports every island of `dir` and returns `{ Name: Component }`, ready for
 * `registerIslands`. Throws if a module has no function default export.
 */
export async function discoverIslands(
  dir: string,
  // deno-lint-ignore no-explicit-any
): Promise<Record<string, ComponentType<any>>> {
  // deno-lint-ignore no-explicit-any
  const islands: Record<string, ComponentType<any>> = {};
  for (const file of await listIslandFiles(dir)) {
    const mod = await import(pathToFileURL(file.path).href);
    if (typeof mod.default !== "function") {
      throw new Error(`Island ${file.path} must default-export a Preact component`);
    }
    islands[file.name] = mod.default;
  }
  return islands;
}
