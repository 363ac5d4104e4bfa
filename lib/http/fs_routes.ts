import type { ComponentType } from "preact";
import type { ErrorProps, Handlers, LayoutProps, Middleware, PageProps } from "./define.ts";

/** What a file in `routes/` may export, as in Fresh. */
export interface RouteModule {
  handler?: Handlers;
  default?: ComponentType<PageProps>;
}

export interface Route {
  /** Hono path, e.g. `/operatore/utenti/:id`. */
  path: string;
  file: string;
  module: RouteModule;
  /** Layouts from the outermost folder inward. */
  layouts: ComponentType<LayoutProps>[];
}

export interface RouteTree {
  app: ComponentType<LayoutProps> | null;
  error: ComponentType<ErrorProps> | null;
  /** Folder middlewares, outermost first, with the path prefix they guard. */
  middlewares: { prefix: string; handlers: Middleware[] }[];
  routes: Route[];
}

const ROUTE_FILE = /\.(tsx?|jsx?)$/;

/** `operatore/[id].tsx` → `/operatore/:id`; `index` is the folder; `(group)` adds nothing. */
export function fileToPath(rel: string): string {
  const segments = rel.replace(ROUTE_FILE, "").split("/")
    .filter((s) => !/^\(.*\)$/.test(s))
    .map((s) => {
      const rest = /^\[\.\.\.(\w+)\]$/.exec(s);
      if (rest) return "*";
      return s.replace(/\[(\w+)\]/g, ":$1");
    });
  if (segments.at(-1) === "index") segments.pop();
  return "/" + segments.join("/");
}

/** Static segments win over parameters, parameters over catch-alls; then longer paths first. */
export function compareRoutes(a: string, b: string): number {
  const rank = (s: string) => s === "*" ? 2 : s.startsWith(":") ? 1 : 0;
  const as = a.split("/"), bs = b.split("/");
  for (let i = 0; i < Math.min(as.length, bs.length); i++) {
    const d = rank(as[i]) - rank(bs[i]);
    if (d !== 0) return d;
  }
  return bs.length - as.length || a.localeCompare(b);
}

async function walk(dir: URL, rel = ""): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(new URL(rel, dir))) {
    if (e.isDirectory) {
      if (e.name.startsWith("(_")) continue; // `(_islands)` and the like hold no routes
      out.push(...await walk(dir, `${rel}${e.name}/`));
    } else if (ROUTE_FILE.test(e.name) && !/_test\.tsx?$/.test(e.name)) {
      out.push(rel + e.name);
    }
  }
  return out.sort();
}

/** Imports every route module under `dir` and arranges them for the router. */
export async function loadRoutes(dir: URL): Promise<RouteTree> {
  const files = await walk(dir);
  const load = (f: string) => import(new URL(f, dir).href);
  const layouts = new Map<string, ComponentType<LayoutProps>>();
  const tree: RouteTree = { app: null, error: null, middlewares: [], routes: [] };
  for (const f of files) {
    const folder = f.includes("/") ? f.slice(0, f.lastIndexOf("/") + 1) : "";
    const base = f.slice(folder.length).replace(ROUTE_FILE, "");
    if (base === "_app") tree.app = (await load(f)).default;
    else if (base === "_error") tree.error = (await load(f)).default;
    else if (base === "_layout") layouts.set(folder, (await load(f)).default);
    else if (base === "_middleware") {
      const h = (await load(f)).handler;
      tree.middlewares.push({
        prefix: fileToPath(folder + "index.ts"),
        handlers: Array.isArray(h) ? h : [h],
      });
    }
  }
  for (const f of files) {
    const base = f.slice(f.lastIndexOf("/") + 1).replace(ROUTE_FILE, "");
    if (base.startsWith("_")) continue;
    const chain: ComponentType<LayoutProps>[] = [];
    const parts = f.split("/").slice(0, -1);
    for (let i = 0; i <= parts.length; i++) {
      const folder = parts.slice(0, i).map((p) => p + "/").join("");
      const layout = layouts.get(folder);
      if (layout) chain.push(layout);
    }
    tree.routes.push({ path: fileToPath(f), file: f, module: await load(f), layouts: chain });
  }
  tree.middlewares.sort((a, b) => a.prefix.length - b.prefix.length);
  tree.routes.sort((a, b) => compareRoutes(a.path, b.path));
  return tree;
}
