import { type ComponentType, h, type VNode } from "preact";
import type { Ctx, ErrorProps, LayoutProps, PageProps } from "./define.ts";
import type { Route, RouteTree } from "./fs_routes.ts";
import { type IslandManifest, islandScripts, renderToHtml } from "../islands/mod.ts";

let manifest: IslandManifest | null = null;

/** Set once at start-up with the result of the islands build. */
export function setIslandManifest(m: IslandManifest | null): void {
  manifest = m;
}

const SLOT = "<piazza-slot></piazza-slot>";

/** The page's title is its first `<h1>`, so the two never disagree (WCAG 2.4.2). */
export function titleOf(html: string): string | undefined {
  const m = /<h1\b[^>]*>([\s\S]*?)<\/h1>/.exec(html);
  if (!m) return undefined;
  const text = m[1].replace(/<[^>]+>/g, "").replace(/\s+/g, " ").trim();
  return text || undefined;
}

/**
 * Renders the page (inside its layouts) first, then `_app` around it: `_app` receives the title
 * taken from the page, and islands from both parts get their scripts before `</body>`.
 */
function toDocument(
  app: ComponentType<LayoutProps> | null,
  // deno-lint-ignore no-explicit-any
  inner: VNode<any>,
  props: PageProps,
): string {
  const page = renderToHtml(inner);
  let html = page.html;
  const islands = [...page.islands];
  if (app) {
    props.state.title ??= titleOf(page.html);
    const Slot = () => h("piazza-slot", null);
    const outer = renderToHtml(h(app, { ...props, Component: Slot }) as VNode);
    html = outer.html.replace(SLOT, () => page.html);
    islands.push(...outer.islands);
  }
  const scripts = islands.length && manifest ? islandScripts(islands, manifest) : "";
  if (scripts) html = html.replace(/<\/body>(?![\s\S]*<\/body>)/, () => `${scripts}</body>`);
  return "<!DOCTYPE html>" + html;
}

/** Built through the context, so cookies and headers set earlier by middleware are kept. */
function htmlResponse(c: Ctx, html: string, status: number, headers?: HeadersInit): Response {
  const h = new Headers(headers);
  h.set("content-type", "text/html; charset=utf-8");
  if (!h.has("cache-control")) h.set("cache-control", "no-store");
  // deno-lint-ignore no-explicit-any
  return c.body(html, status as any, Object.fromEntries(h));
}

function withLayouts(
  layouts: ComponentType<LayoutProps>[],
  inner: ComponentType,
  props: PageProps,
) {
  let Component: ComponentType = inner;
  for (const Layout of [...layouts].reverse()) {
    const Inner = Component;
    Component = () => h(Layout, { ...props, Component: Inner });
  }
  return h(Component, null);
}

/** Renders a route's page inside its layouts and `_app`, with the islands it uses. */
export function renderRoute(
  c: Ctx,
  tree: RouteTree,
  route: Route,
  data: unknown,
  status = 200,
  headers?: HeadersInit,
): Response {
  const props: PageProps = {
    data,
    url: new URL(c.req.url),
    params: c.req.param() as Record<string, string>,
    state: c.get("state"),
  };
  const Page = route.module.default!;
  const inner = withLayouts(route.layouts, () => h(Page, props), props);
  return htmlResponse(c, toDocument(tree.app, inner, props), status, headers);
}

/** Renders `_error.tsx` (inside `_app`) for a status; a plain page if the tree has none. */
export function renderError(c: Ctx, tree: RouteTree, status: number, message?: string): Response {
  const state = c.get("state");
  const url = new URL(c.req.url);
  if (!tree.error || !state) {
    return htmlResponse(
      c,
      `<!DOCTYPE html><html lang="it"><title>Errore ${status}</title><h1>Errore ${status}</h1></html>`,
      status,
    );
  }
  const Err = tree.error;
  const errProps: ErrorProps = { status, message, url, state };
  const props: PageProps = { data: undefined, url, params: {}, state };
  return htmlResponse(c, toDocument(tree.app, h(Err, errProps), props), status);
}
