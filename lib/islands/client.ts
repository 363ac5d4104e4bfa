/**
 * Browser boot entry (bundled as `boot.js`): hydrates every server-rendered
 * `<div data-island>` with the component from its `data-island-src` chunk and
 * the props from the `<script type="application/json" data-island-props>` that
 * follows it. Each island is independent: one failing is logged and marked
 * `data-island-state="error"`, the others still hydrate. A hydrated island is
 * marked `data-island-state="hydrated"` (handy for browser tests).
 *
 * @module
 */

import { type ComponentType, h, hydrate } from "preact";

// Chunks are only imported from the folder boot.js was loaded from, so markup
// injected into a page cannot make this script load arbitrary modules.
const CHUNK_BASE = new URL("./", import.meta.url).href;

function readProps(el: Element): Record<string, unknown> {
  const script = el.nextElementSibling;
  if (!script || script.tagName !== "SCRIPT" || !script.hasAttribute("data-island-props")) {
    return {};
  }
  const props = JSON.parse(script.textContent ?? "null");
  if (props === null || typeof props !== "object" || Array.isArray(props)) {
    throw new TypeError("island props must be a JSON object");
  }
  return props;
}

async function hydrateIsland(el: HTMLElement): Promise<void> {
  const name = el.dataset.island ?? "";
  el.dataset.islandState = "loading";
  try {
    const src = new URL(el.dataset.islandSrc ?? "", location.href).href;
    if (!src.startsWith(CHUNK_BASE)) throw new Error(`refusing chunk outside ${CHUNK_BASE}`);
    const props = readProps(el);
    const mod: { default?: ComponentType } = await import(src);
    if (typeof mod.default !== "function") throw new TypeError(`${src} has no default component`);
    hydrate(h(mod.default, props), el);
    el.dataset.islandState = "hydrated";
  } catch (err) {
    el.dataset.islandState = "error";
    console.error(`[islands] failed to hydrate island "${name}"`, err);
  }
}

/** Hydrates all islands under `root`; resolves when every attempt settled. */
export async function hydrateIslands(root: ParentNode = document): Promise<void> {
  const elements = root.querySelectorAll<HTMLElement>("[data-island]:not([data-island-state])");
  await Promise.all(Array.from(elements, hydrateIsland));
}

hydrateIslands();
