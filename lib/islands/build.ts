/**
 * Builds the browser code of the islands with `deno bundle` (code splitting,
 * so Preact lands once in a shared chunk) into `<outDir>/<contentHash>/`,
 * whose URLs can be cached forever. A build whose inputs did not change is
 * reused without running the bundler.
 *
 * CLI: `deno run -A lib/islands/build.ts [--force]` builds `islands/` into
 * `_build/islands` for `/_islands`.
 *
 * @module
 */

import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { listIslandFiles } from "./discover.ts";
import { fingerprintDir, fingerprintInputs, listFiles } from "./fingerprint.ts";

/** Where the browser finds the islands code. All URLs are absolute paths. */
export interface IslandManifest {
  /** URL of the hashed output folder, e.g. `/_islands/0123456789ab`. */
  base: string;
  /** URL of the boot module, `<base>/boot.js`. */
  boot: string;
  /** URL of each island chunk by island name, `<base>/<Name>.js`. */
  islands: Record<string, string>;
}

/** Options of {@link build}. */
export interface BuildOptions {
  /** Folder of the island modules (`*.tsx`), e.g. `islands`. */
  islandsDir: string;
  /** Output folder, e.g. `_build/islands`; hashed builds go in sub-folders. */
  outDir: string;
  /** URL prefix the output folder is served at, e.g. `/_islands`. */
  urlBase: string;
  /** Project root holding `deno.json` and `deno.lock`; default: cwd. */
  root?: string;
  /** Rebuild even if the inputs did not change. */
  force?: boolean;
}

/** Result of {@link build}. */
export interface BuildResult {
  manifest: IslandManifest;
  /** Content hash naming the output folder (12 hex digits). */
  hash: string;
  /** Absolute path of the output folder. */
  dir: string;
  /** True when a previous build was reused without running `deno bundle`. */
  cached: boolean;
}

interface BuildRecord {
  format: number;
  inputHash: string;
  hash: string;
  islands: string[];
  previous?: string;
}

const FORMAT = 1;
const RECORD_FILE = "build.json";
const HASH_DIR = /^[0-9a-f]{12}$/;
const CLIENT_ENTRY = fileURLToPath(new URL("./client.ts", import.meta.url));

function manifestFor(urlBase: string, hash: string, islands: string[]): IslandManifest {
  const base = `${urlBase.replace(/\/+$/, "")}/${hash}`;
  return {
    base,
    boot: `${base}/boot.js`,
    islands: Object.fromEntries(islands.map((name) => [name, `${base}/${name}.js`])),
  };
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return false;
    throw err;
  }
}

async function readRecord(outDir: string): Promise<BuildRecord | null> {
  try {
    const record = JSON.parse(await Deno.readTextFile(join(outDir, RECORD_FILE)));
    return record?.format === FORMAT ? record : null;
  } catch {
    return null;
  }
}

async function writeAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.${crypto.randomUUID()}.tmp`;
  await Deno.writeTextFile(tmp, text);
  await Deno.rename(tmp, path);
}

async function hasOutputs(dir: string, islands: string[]): Promise<boolean> {
  for (const name of ["boot", ...islands]) {
    if (!await exists(join(dir, `${name}.js`))) return false;
  }
  return true;
}

/**
 * Runs `deno bundle` on small generated entry files, all in one folder, so
 * the output names are flat and predictable: `boot.js`, `<Name>.js`, and
 * `chunk-*.js` for shared code.
 */
async function runBundler(
  root: string,
  islands: { name: string; path: string }[],
  staging: string,
): Promise<void> {
  const tmp = await Deno.makeTempDir({ prefix: "islands-entries-" });
  try {
    const entries = [join(tmp, "boot.ts")];
    await Deno.writeTextFile(
      entries[0],
      `import ${JSON.stringify(pathToFileURL(CLIENT_ENTRY).href)};\n`,
    );
    for (const island of islands) {
      const entry = join(tmp, `${island.name}.ts`);
      const href = JSON.stringify(pathToFileURL(island.path).href);
      await Deno.writeTextFile(entry, `export { default } from ${href};\n`);
      entries.push(entry);
    }
    const config = join(root, "deno.json");
    const args = [
      "bundle",
      ...(await exists(config) ? ["--config", config] : []),
      "--platform=browser",
      "--code-splitting",
      "--minify",
      "--format=esm",
      "--outdir",
      staging,
      ...entries,
    ];
    const out = await new Deno.Command(Deno.execPath(), {
      args,
      cwd: root,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).output();
    if (!out.success) {
      const stderr = new TextDecoder().decode(out.stderr).trim();
      throw new Error(`deno bundle failed (exit ${out.code}):\n${stderr}`);
    }
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
}

/** Removes hashed output folders other than those in `keep`. */
async function prune(outDir: string, keep: Set<string>): Promise<void> {
  for await (const entry of Deno.readDir(outDir)) {
    if (entry.isDirectory && HASH_DIR.test(entry.name) && !keep.has(entry.name)) {
      await Deno.remove(join(outDir, entry.name), { recursive: true });
    }
  }
}

/**
 * Bundles the boot entry (`client.ts`) and every island of `islandsDir`, or
 * reuses the previous build when the inputs are unchanged: the island
 * sources and the local modules they import, `client.ts`, `deno.json`,
 * `deno.lock` and the Deno version. Keeps the current and the previous
 * output folders (pages rendered just before a restart still load), prunes
 * older ones.
 */
export async function build(opts: BuildOptions): Promise<BuildResult> {
  const root = resolve(opts.root ?? Deno.cwd());
  const outDir = resolve(root, opts.outDir);
  const files = await listIslandFiles(resolve(root, opts.islandsDir));
  const names = files.map((file) => file.name);
  if (names.includes("boot")) throw new Error(`An island cannot be named "boot"`);

  const inputHash = await fingerprintInputs({
    entries: [CLIENT_ENTRY, ...files.map((file) => file.path)],
    configPath: join(root, "deno.json"),
    extraFiles: [join(root, "deno.lock")],
    salt: `islands-build-${FORMAT} deno-${Deno.version.deno} ${names.join(",")}`,
    root,
  });
  const record = await readRecord(outDir);
  if (!opts.force && record?.inputHash === inputHash) {
    const dir = join(outDir, record.hash);
    if (await hasOutputs(dir, names)) {
      return {
        manifest: manifestFor(opts.urlBase, record.hash, names),
        hash: record.hash,
        dir,
        cached: true,
      };
    }
  }

  await Deno.mkdir(outDir, { recursive: true });
  const staging = join(outDir, `.staging-${crypto.randomUUID()}`);
  try {
    await runBundler(root, files, staging);
    if (!await hasOutputs(staging, names)) {
      const produced = (await listFiles(staging)).join(", ");
      throw new Error(`deno bundle output is missing expected entry files; got: ${produced}`);
    }
    const hash = (await fingerprintDir(staging)).slice(0, 12);
    const dir = join(outDir, hash);
    // Same hash means same bytes, so an existing folder (e.g. from a concurrent build) is kept.
    if (!await exists(dir)) {
      await Deno.rename(staging, dir).catch(async (err) => {
        if (!await exists(dir)) throw err;
      });
    }
    const previous = record && record.hash !== hash ? record.hash : record?.previous;
    const next: BuildRecord = { format: FORMAT, inputHash, hash, islands: names, previous };
    await writeAtomic(join(outDir, RECORD_FILE), JSON.stringify(next, null, 2) + "\n");
    await prune(outDir, new Set([hash, ...(previous ? [previous] : [])]));
    return { manifest: manifestFor(opts.urlBase, hash, names), hash, dir, cached: false };
  } finally {
    await Deno.remove(staging, { recursive: true }).catch(() => {});
  }
}

if (import.meta.main) {
  const started = performance.now();
  const result = await build({
    islandsDir: "islands",
    outDir: "_build/islands",
    urlBase: "/_islands",
    force: Deno.args.includes("--force"),
  });
  const ms = Math.round(performance.now() - started);
  console.log(`islands ${result.cached ? "reused" : "built"} in ${ms} ms: ${result.dir}`);
  console.log(JSON.stringify(result.manifest, null, 2));
}
