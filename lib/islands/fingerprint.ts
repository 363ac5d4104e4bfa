/**
 * Content hashes for the islands build: one over the build inputs (to reuse a
 * previous build) and one over the bundler output (to name the immutable
 * output folder).
 *
 * @module
 */

import { createHash, type Hash } from "node:crypto";
import { dirname, join, relative, resolve } from "node:path";

// Any import/export `from "x"`, side-effect `import "x"` or `import("x")`.
// A match inside a comment only makes the hash cover one file too many.
const SPECIFIER = /(?:\bfrom|\bimport)\s*\(?\s*["']([^"'\n]+)["']/g;

function update(hash: Hash, label: string, data: Uint8Array | string): void {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  hash.update(`${label}\0${bytes.length}\0`);
  hash.update(bytes);
}

async function readOrNull(path: string): Promise<Uint8Array | null> {
  try {
    return await Deno.readFile(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound || err instanceof Deno.errors.IsADirectory) {
      return null;
    }
    throw err;
  }
}

/** Import-map entries of `configPath` that point at local files, made absolute. */
async function localAliases(configPath: string): Promise<Map<string, string>> {
  const aliases = new Map<string, string>();
  const bytes = await readOrNull(configPath);
  if (!bytes) return aliases;
  let imports: Record<string, unknown> = {};
  try {
    imports = JSON.parse(new TextDecoder().decode(bytes)).imports ?? {};
  } catch {
    return aliases; // deno.jsonc with comments: fall back to relative imports only
  }
  for (const [key, target] of Object.entries(imports)) {
    if (typeof target === "string" && /^\.{1,2}\//.test(target)) {
      aliases.set(key, resolve(dirname(configPath), target));
    }
  }
  return aliases;
}

function resolveLocal(spec: string, from: string, aliases: Map<string, string>): string | null {
  spec = spec.replace(/[?#].*$/, "");
  if (/^\.{1,2}\//.test(spec)) return resolve(dirname(from), spec);
  if (spec.startsWith("file://")) return decodeURIComponent(new URL(spec).pathname);
  const exact = aliases.get(spec);
  if (exact) return exact;
  for (const [key, target] of aliases) {
    if (key.endsWith("/") && spec.startsWith(key)) return join(target, spec.slice(key.length));
  }
  return null; // npm:, jsr:, bare package names: pinned by deno.lock
}

/** Options of {@link fingerprintInputs}. */
export interface InputOptions {
  /** Entry modules; their local import graph is followed. */
  entries: string[];
  /** `deno.json` whose local import-map aliases are followed; hashed too. */
  configPath: string;
  /** Other files hashed as-is (e.g. `deno.lock`); missing files count as empty. */
  extraFiles: string[];
  /** Mixed into the hash (build format version, Deno version, …). */
  salt: string;
  /** Paths are hashed relative to this folder, so moving the checkout is free. */
  root: string;
}

/**
 * Hashes the entries plus every local module they import (relative paths,
 * `file:` URLs and import-map aliases to local paths), the config, the extra
 * files and the salt. Remote and npm dependencies are covered by `deno.lock`.
 */
export async function fingerprintInputs(opts: InputOptions): Promise<string> {
  const aliases = await localAliases(opts.configPath);
  const seen = new Set<string>();
  const queue = opts.entries.map((entry) => resolve(entry));
  const sources = new Map<string, Uint8Array>();
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const bytes = await readOrNull(file);
    if (!bytes) continue;
    sources.set(file, bytes);
    for (const match of new TextDecoder().decode(bytes).matchAll(SPECIFIER)) {
      const dep = resolveLocal(match[1], file, aliases);
      if (dep && !seen.has(dep)) queue.push(dep);
    }
  }
  const hash = createHash("sha256");
  update(hash, "salt", opts.salt);
  for (const file of [opts.configPath, ...opts.extraFiles]) {
    update(hash, `extra:${relative(opts.root, file)}`, (await readOrNull(file)) ?? "");
  }
  for (const file of [...sources.keys()].sort()) {
    update(hash, `source:${relative(opts.root, file)}`, sources.get(file)!);
  }
  return hash.digest("hex");
}

/** Relative paths (with `/`) of all files below `dir`, sorted. */
export async function listFiles(dir: string, prefix = ""): Promise<string[]> {
  const files: string[] = [];
  for await (const entry of Deno.readDir(join(dir, prefix))) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory) files.push(...await listFiles(dir, rel));
    else if (entry.isFile) files.push(rel);
  }
  return files.sort();
}

/** SHA-256 (hex) over the relative paths and contents of all files below `dir`. */
export async function fingerprintDir(dir: string): Promise<string> {
  const hash = createHash("sha256");
  for (const rel of await listFiles(dir)) {
    update(hash, rel, await Deno.readFile(join(dir, rel)));
  }
  return hash.digest("hex");
}
