import { romeDateOf } from "../../lib/calendar/dates.ts";

const ROOT = new URL("../../", import.meta.url);
/**
 * What a test database is made of: the migrations, the seed and the code it calls, the lockfile,
 * and how the templates are built.
 */
const INPUTS = [
  "supabase/migrations",
  "lib",
  "deno.json",
  "deno.lock",
  "tests/helpers/db.ts",
  "tests/helpers/template_key.ts",
];

async function collect(path: string, out: string[]): Promise<void> {
  const url = new URL(path, ROOT);
  const info = await Deno.stat(url);
  if (info.isFile) {
    out.push(path);
    return;
  }
  for await (const entry of Deno.readDir(url)) {
    if (entry.isFile || entry.isDirectory) await collect(`${path}/${entry.name}`, out);
  }
}

let key: Promise<string> | undefined;

/**
 * A digest of everything a migrated, seeded test database depends on, and of today's date in
 * Rome (timestamps the seed writes, e.g. `created_at`, stay within the day). Cached templates
 * are named by it, so a change to a migration or to the seed's code builds a new one.
 */
export function templateKey(): Promise<string> {
  return key ??= (async () => {
    const files: string[] = [];
    for (const input of INPUTS) await collect(input, files);
    files.sort();
    const parts: Uint8Array[] = [new TextEncoder().encode(romeDateOf())];
    for (const file of files) {
      parts.push(new TextEncoder().encode(`\0${file}\0`));
      parts.push(await Deno.readFile(new URL(file, ROOT)));
    }
    const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      all.set(p, at);
      at += p.length;
    }
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", all));
    return [...digest.slice(0, 8)].map((b) => b.toString(16).padStart(2, "0")).join("");
  })();
}
