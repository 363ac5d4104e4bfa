/**
 * Server side of the islands architecture: marks island components during
 * server rendering so that `client.ts` can hydrate them in the browser.
 *
 * Only Preact's public `options.vnode` hook is used: when a vnode whose type
 * is a registered island is created, its type is swapped for a boundary
 * component that renders the wrapper `<div data-island>` plus the props JSON,
 * unless it already renders inside another island (that island's own bundle
 * contains and hydrates the nested component).
 *
 * @module
 */

import { type ComponentType, createContext, h, options, type VNode } from "preact";
import { useContext } from "preact/hooks";
import { renderToString } from "preact-render-to-string";
import type { IslandManifest } from "./build.ts";
import { escapeAttr, serializeProps } from "./serialize.ts";

// deno-lint-ignore no-explicit-any
type AnyComponent = ComponentType<any>;

interface Island {
  name: string;
  url: string;
  boundary: AnyComponent;
}

const ISLAND_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const InsideIsland = createContext(false);

let registry = new Map<AnyComponent, Island>();
// Set while the boundary creates the real island vnode, so the hook skips it.
let bypass = false;
// Names collected by the `renderToHtml` call currently running (it is sync).
let collector: string[] | null = null;
let hookInstalled = false;

function createIslandVNode(component: AnyComponent, props: Record<string, unknown>): VNode {
  bypass = true;
  try {
    return h(component, props);
  } finally {
    bypass = false;
  }
}

function makeBoundary(name: string, url: string, component: AnyComponent): AnyComponent {
  function IslandBoundary(props: Record<string, unknown>) {
    if (useContext(InsideIsland)) return createIslandVNode(component, props);
    const json = serializeProps(name, props);
    if (collector && !collector.includes(name)) collector.push(name);
    return h(
      InsideIsland.Provider,
      { value: true },
      h(
        "div",
        { "data-island": name, "data-island-src": url, style: "display:contents" },
        createIslandVNode(component, props),
      ),
      h("script", {
        type: "application/json",
        "data-island-props": "",
        dangerouslySetInnerHTML: { __html: json },
      }),
    );
  }
  IslandBoundary.displayName = `Island(${name})`;
  return IslandBoundary;
}

function installHook(): void {
  if (hookInstalled) return;
  hookInstalled = true;
  const previous = options.vnode;
  options.vnode = (vnode) => {
    previous?.(vnode);
    if (!bypass && typeof vnode.type === "function") {
      const island = registry.get(vnode.type);
      if (island) vnode.type = island.boundary;
    }
  };
}

/**
 * Declares which components are islands. Replaces any previous registration.
 * Every name must be a valid identifier and have a chunk URL in `manifest`.
 * Vnodes created before this call (e.g. module-level JSX constants) are not
 * marked, so register at start-up before rendering.
 */
export function registerIslands(
  map: Record<string, AnyComponent>,
  manifest: IslandManifest,
): void {
  const next = new Map<AnyComponent, Island>();
  for (const [name, component] of Object.entries(map)) {
    if (!ISLAND_NAME.test(name)) {
      throw new Error(`Island name "${name}" must match ${ISLAND_NAME}`);
    }
    if (typeof component !== "function") {
      throw new Error(`Island "${name}" is not a component (got ${typeof component})`);
    }
    const url = manifest.islands[name];
    if (!url) throw new Error(`Island "${name}" has no chunk in the manifest; rebuild islands`);
    if (next.has(component)) throw new Error(`Island "${name}" registered twice`);
    next.set(component, { name, url, boundary: makeBoundary(name, url, component) });
  }
  registry = next;
  installHook();
}

/** Result of {@link renderToHtml}. */
export interface RenderResult {
  /** Server-rendered HTML. */
  html: string;
  /** Names of the islands on the page, in order of first use, without duplicates. */
  islands: string[];
}

/**
 * Renders `vnode` to HTML with preact-render-to-string and reports the islands
 * it contains. Throws an `IslandPropsError` when an island gets props that are
 * not plain JSON data.
 */
export function renderToHtml(vnode: VNode): RenderResult {
  const outer = collector;
  const islands: string[] = [];
  collector = islands;
  try {
    return { html: renderToString(vnode), islands };
  } finally {
    collector = outer;
  }
}

/**
 * Tags to inject before `</body>`: a `modulepreload` link for each island
 * chunk used, then the boot module. Returns `""` when no island is used, so
 * pages without islands ship no JavaScript. Nothing is inline, so it works
 * under `script-src 'self'`.
 */
export function islandScripts(names: readonly string[], manifest: IslandManifest): string {
  if (names.length === 0) return "";
  const links = [...new Set(names)].map((name) => {
    const url = manifest.islands[name];
    if (!url) throw new Error(`Island "${name}" has no chunk in the manifest`);
    return `<link rel="modulepreload" href="${escapeAttr(url)}">`;
  });
  return `${links.join("")}<script type="module" src="${escapeAttr(manifest.boot)}"></script>`;
}
