import type { Hono } from "hono";
import { type AppEnv, type Ctx, HttpError, isPageResult, type Method } from "./define.ts";
import type { Route, RouteTree } from "./fs_routes.ts";
import { renderRoute } from "./render.ts";

const METHODS: Method[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

function allowed(route: Route): string[] {
  const h = route.module.handler ?? {};
  const m: string[] = METHODS.filter((x) => h[x]);
  if (!m.includes("GET") && route.module.default) m.unshift("GET");
  if (m.includes("GET")) m.push("HEAD");
  return m;
}

async function dispatch(c: Ctx, tree: RouteTree, route: Route): Promise<Response> {
  const method = (c.req.method === "HEAD" ? "GET" : c.req.method) as Method;
  const fn = route.module.handler?.[method];
  if (!fn) {
    if (method === "GET" && route.module.default) return renderRoute(c, tree, route, undefined);
    throw new HttpError(405, `Method ${c.req.method} not allowed`, { allow: allowed(route) });
  }
  const result = await fn(c);
  if (result instanceof Response) return result;
  if (isPageResult(result)) {
    if (!route.module.default) {
      throw new Error(`${route.file} returned a page but has no component`);
    }
    return renderRoute(c, tree, route, result.data, result.status, result.headers);
  }
  throw new Error(`${route.file}: a handler must return a Response or page(data)`);
}

/** Registers folder middlewares and routes of the tree on `app`, most specific routes first. */
export function mountRoutes(app: Hono<AppEnv>, tree: RouteTree): void {
  for (const mw of tree.middlewares) {
    if (mw.prefix === "/") app.use("*", ...mw.handlers);
    else app.use(mw.prefix, ...mw.handlers).use(`${mw.prefix}/*`, ...mw.handlers);
  }
  for (const route of tree.routes) {
    app.all(route.path, (c) => dispatch(c, tree, route));
  }
}
