/**
 * # Islands
 *
 * Fresh-style islands on plain Preact: pages are rendered on the server, and
 * only the components in `islands/` ship JavaScript and hydrate in the browser.
 *
 * ## Writing an island
 *
 * One component per file, `islands/<Name>.tsx`, default-exported; `Name` must
 * be an identifier (`[A-Za-z][A-Za-z0-9_]*`, not `boot`). Use it in any page
 * like a normal component. Its props travel to the browser as JSON, so they
 * must be plain data: strings, finite numbers, booleans, null, arrays and
 * plain objects (`undefined` members are dropped). Functions, class instances
 * (`Date`, `Map`, …) and JSX children throw an `IslandPropsError` at render
 * time. Render the island's first paint from props only (no `window`, no
 * effects): the server HTML must match the first client render. Forms must
 * work without JavaScript; enhance in `useEffect`.
 *
 * An island used inside another island is a plain component there: only the
 * outermost one is marked and hydrated.
 *
 * ## Markup
 *
 * ```html
 * <div data-island="Name" data-island-src="/_islands/<hash>/Name.js" style="display:contents">…SSR…</div>
 * <script type="application/json" data-island-props>{"label":"\u003cb\u003e"}</script>
 * ```
 *
 * `boot.js` (from `client.ts`) hydrates each marked element; a failing island
 * is logged and gets `data-island-state="error"`, the others carry on
 * (`data-island-state="hydrated"` when done). No inline script is emitted, so
 * it runs under `script-src 'self'`.
 *
 * ## App wiring
 *
 * ```tsx ignore
 * import { islandScripts, renderToHtml, setupIslands } from "./lib/islands/mod.ts";
 *
 * const { manifest, handler } = await setupIslands({
 *   islandsDir: "islands",
 *   outDir: "_build/islands",
 *   urlBase: "/_islands",
 * }); // bundles, or reuses the cached build
 * app.get("/_islands/*", (c) => handler(c.req.raw));
 *
 * const { html, islands } = renderToHtml(<Page />);
 * const page = html.replace("</body>", islandScripts(islands, manifest) + "</body>");
 * ```
 *
 * ## Build
 *
 * `deno task build` (`deno run -A lib/islands/build.ts`) or `build()` at
 * start-up runs `deno bundle --code-splitting` on `client.ts` and every
 * island, into `_build/islands/<content hash>/` (`boot.js`, `<Name>.js`,
 * shared `chunk-*.js` holding the single copy of Preact). Files are served
 * with `Cache-Control: immutable`. If the inputs (island sources and their
 * local imports, `client.ts`, `deno.json`, `deno.lock`, Deno version) did not
 * change, the previous build is reused without spawning the bundler.
 * The first build on a machine fetches esbuild from the npm registry.
 *
 * @module
 */

import { resolve } from "node:path";
import { build, type BuildOptions, type IslandManifest } from "./build.ts";
import { discoverIslands } from "./discover.ts";
import { registerIslands } from "./render.ts";
import { islandsHandler } from "./static.ts";

export { build, type BuildOptions, type BuildResult, type IslandManifest } from "./build.ts";
export { discoverIslands, type IslandFile, listIslandFiles } from "./discover.ts";
export { islandScripts, registerIslands, type RenderResult, renderToHtml } from "./render.ts";
export { IslandPropsError, serializeProps, stringifyForHtml } from "./serialize.ts";
export { islandsHandler, serveIslandFile, type StaticOptions } from "./static.ts";

/** Result of {@link setupIslands}. */
export interface IslandsSetup {
  /** URLs for {@link islandScripts}. */
  manifest: IslandManifest;
  /** Serves the build output under `urlBase`; see {@link islandsHandler}. */
  handler: (req: Request) => Promise<Response>;
}

/**
 * Start-up helper: builds (or reuses) the islands bundle, imports and
 * registers the island components, and returns the manifest plus the static
 * handler for `urlBase`.
 */
export async function setupIslands(opts: BuildOptions): Promise<IslandsSetup> {
  const root = resolve(opts.root ?? Deno.cwd());
  const { manifest } = await build(opts);
  registerIslands(await discoverIslands(resolve(root, opts.islandsDir)), manifest);
  const handler = islandsHandler({ outDir: resolve(root, opts.outDir), urlBase: opts.urlBase });
  return { manifest, handler };
}
