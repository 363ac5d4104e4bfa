/**
 * Edge functions in-process: every `supabase/functions/<name>/index.ts` (default export
 * `(req, { db, config }) => Response`) answers at `/functions/v1/<name>`, as Supabase serves them.
 * Mounted before the app's cookie/CSRF middleware: functions authenticate with a Bearer token.
 *
 * @module
 */

import type { Hono } from "hono";
import type { Config } from "../config.ts";
import type { Db } from "../db/types.ts";

export interface FunctionContext {
  db: Db;
  config: Config;
}
export type EdgeFunction = (req: Request, ctx: FunctionContext) => Response | Promise<Response>;

const DIR = new URL("../../supabase/functions/", import.meta.url);

/** The functions found on disk: name → handler (folders starting with `_` are shared code). */
export async function discoverFunctions(): Promise<Map<string, EdgeFunction>> {
  const found = new Map<string, EdgeFunction>();
  let entries: Deno.DirEntry[] = [];
  try {
    entries = [...Deno.readDirSync(DIR)].sort((a, b) => a.name.localeCompare(b.name));
  } catch {
    return found;
  }
  for (const e of entries) {
    if (!e.isDirectory || e.name.startsWith("_") || !/^[a-z0-9-]+$/.test(e.name)) continue;
    const url = new URL(`${e.name}/index.ts`, DIR);
    try {
      Deno.statSync(url);
    } catch {
      continue;
    }
    const mod = await import(url.href);
    if (typeof mod.default === "function") found.set(e.name, mod.default);
  }
  return found;
}

let discovered: Promise<Map<string, EdgeFunction>> | undefined;

// deno-lint-ignore no-explicit-any
export async function mountFunctions(app: Hono<any>, db: Db, config: Config): Promise<void> {
  const fns = await (discovered ??= discoverFunctions());
  for (const [name, fn] of fns) {
    app.all(`/functions/v1/${name}`, (c) => fn(c.req.raw, { db, config }));
  }
}
