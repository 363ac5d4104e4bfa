/**
 * Serves the hashed islands build. Only `<12-hex hash>/<file>.js` (and
 * `.js.map`) below the output folder can be reached; everything else,
 * including `build.json`, staging folders and any path traversal attempt,
 * is a 404.
 *
 * @module
 */

import { join, resolve, sep } from "node:path";

/** Options of {@link islandsHandler}. */
export interface StaticOptions {
  /** The build output folder, e.g. `_build/islands`. */
  outDir: string;
  /** URL prefix to strip, e.g. `/_islands`. Requests without it are taken as already relative. */
  urlBase: string;
}

const CONTENT_TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".map": "application/json; charset=utf-8",
};
// A hash folder, then one file name made of safe characters only.
const SAFE_PATH = /^\/([0-9a-f]{12})\/([A-Za-z0-9_][A-Za-z0-9_.-]*\.(?:js|js\.map))$/;
const IMMUTABLE = "public, max-age=31536000, immutable";

function notFound(): Response {
  return new Response("Not Found", {
    status: 404,
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
  });
}

function relativePath(pathname: string, urlBase: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  const base = urlBase.replace(/\/+$/, "");
  if (base && path.startsWith(`${base}/`)) path = path.slice(base.length);
  return path;
}

/**
 * Returns the response for `pathname` (URL-encoded, as in `URL.pathname`):
 * the file with its content type and an immutable cache header, or a 404.
 */
export async function serveIslandFile(
  opts: StaticOptions,
  pathname: string,
  method = "GET",
): Promise<Response> {
  if (method !== "GET" && method !== "HEAD") {
    return new Response("Method Not Allowed", { status: 405, headers: { allow: "GET, HEAD" } });
  }
  const path = relativePath(pathname, opts.urlBase);
  const match = path === null ? null : SAFE_PATH.exec(path);
  if (!match || match[2].includes("..")) return notFound();

  const root = resolve(opts.outDir);
  const file = join(root, match[1], match[2]);
  if (!file.startsWith(root + sep)) return notFound();
  let body: Uint8Array<ArrayBuffer>;
  try {
    body = await Deno.readFile(file);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound || err instanceof Deno.errors.IsADirectory) {
      return notFound();
    }
    throw err;
  }
  const ext = match[2].endsWith(".map") ? ".map" : ".js";
  const headers = {
    "content-type": CONTENT_TYPES[ext],
    "content-length": String(body.byteLength),
    "cache-control": IMMUTABLE,
    "x-content-type-options": "nosniff",
  };
  return new Response(method === "HEAD" ? null : body, { status: 200, headers });
}

/**
 * A `(req) => Response` handler for the islands output. In Hono:
 * `app.get("/_islands/*", (c) => handler(c.req.raw))`; it works the same
 * mounted with the prefix stripped (`app.mount("/_islands", handler)`).
 */
export function islandsHandler(opts: StaticOptions): (req: Request) => Promise<Response> {
  return (req) => serveIslandFile(opts, new URL(req.url).pathname, req.method);
}
