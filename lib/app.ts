import { Hono, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { serveStatic } from "hono/deno";
import { secureHeaders } from "hono/secure-headers";
import type { Config } from "./config.ts";
import type { Db } from "./db/types.ts";
import { type AppEnv, type Ctx, HttpError } from "./http/define.ts";
import { loadRoutes, type RouteTree } from "./http/fs_routes.ts";
import { FONTS_CSS } from "./http/fonts.ts";
import { authMiddleware, csrfMiddleware, isApi, stateMiddleware } from "./http/middleware.ts";
import { problem } from "./http/problem.ts";
import { renderError, setIslandManifest } from "./http/render.ts";
import { mountRoutes } from "./http/router.ts";
import type { IslandsSetup } from "./islands/mod.ts";
import { UPLOAD_BODY_BYTES } from "./storage/images.ts";
import { mapConnectSources, MAPLIBRE_BASE } from "./transport/map_style.ts";

export const MAX_BODY_BYTES = 1024 * 1024;
/**
 * Paths that take larger bodies (file uploads): path prefix → max bytes. The longest matching
 * prefix wins; every other request keeps MAX_BODY_BYTES.
 */
export const BODY_LIMITS: Record<string, number> = {
  "/operatore/plessi/": UPLOAD_BODY_BYTES,
  // Photos of sites through the API (`/api/v1/sites/{id}/photos`), and the Ente's logo.
  "/api/v1/sites/": UPLOAD_BODY_BYTES,
  "/operatore/ente": UPLOAD_BODY_BYTES,
  // An anagrafe extract of a mid-sized Comune's children (tens of thousands of rows).
  "/operatore/anagrafiche/importa": UPLOAD_BODY_BYTES,
  // A spreadsheet of applications (one row per child × service) for a whole school year.
  "/operatore/domande/importa": UPLOAD_BODY_BYTES,
  // Diet certificates and the services' own file fields (5 MB each) on the families' portal.
  "/famiglie/domande/": UPLOAD_BODY_BYTES,
  // Photos attached to a diary post by a teacher (each at most 5 MB).
  "/docenti/diario/": UPLOAD_BODY_BYTES,
  "/api/v1/diary/posts": UPLOAD_BODY_BYTES,
  // Attendance files (a term of marks for a whole service), as a form and through the API.
  "/operatore/presenze/importa": UPLOAD_BODY_BYTES,
  "/api/v1/attendance/files": UPLOAD_BODY_BYTES,
};

/** The body limit of a request path: `bodyLimitFor("/accedi") // MAX_BODY_BYTES`. */
export function bodyLimitFor(path: string): number {
  let best = "";
  for (const prefix of Object.keys(BODY_LIMITS)) {
    if (path.startsWith(prefix) && prefix.length > best.length) best = prefix;
  }
  return best ? BODY_LIMITS[best] : MAX_BODY_BYTES;
}

const ROOT = new URL("../", import.meta.url);
export const BOOTSTRAP_ITALIA_VERSION = "2.18.3";

/**
 * Database refusals that reach the top are the caller's fault, not the server's: a uniqueness or
 * foreign-key conflict, a row-level-security refusal, a value of the wrong type.
 */
export function fromPostgresError(
  err: unknown,
): { status: number; message: string; code: string } | null {
  const code = (err as { code?: unknown })?.code;
  if (typeof code !== "string" || !/^[0-9A-Z]{5}$/.test(code)) return null;
  if (code === "23505") {
    return {
      status: 409,
      message: "A record with the same unique values already exists",
      code: "conflict",
    };
  }
  if (code === "23503") {
    return {
      status: 409,
      message: "The record refers to, or is referred by, another record",
      code: "reference_conflict",
    };
  }
  if (code === "42501") {
    return { status: 403, message: "Not allowed by the access policy", code: "forbidden" };
  }
  if (code === "55000") {
    // A trigger refusing a change the record's state no longer allows (a published tariff, a
    // settled receipt): the request came too late, it is not the server's fault.
    return {
      status: 409,
      message: "The record's state does not allow this change",
      code: "state_conflict",
    };
  }
  if (code.startsWith("22") || code === "23514" || code === "23502") {
    return { status: 422, message: "A value is not valid for its field", code: "invalid_value" };
  }
  return null;
}

let routeTree: Promise<RouteTree> | undefined;

/** The routes of `routes/`, imported once per process. */
export function appRoutes(): Promise<RouteTree> {
  return routeTree ??= loadRoutes(new URL("routes/", ROOT));
}

function errorResponse(
  c: Ctx,
  tree: RouteTree,
  status: number,
  message?: string,
  extra: Record<string, unknown> = {},
) {
  if (isApi(c.req.path) || !c.get("state")) {
    const headers: Record<string, string> = {};
    if (Array.isArray(extra.allow)) headers.allow = extra.allow.join(", ");
    return problem(status, message, extra.allow ? { ...extra, allow: undefined } : extra, headers);
  }
  const res = renderError(c, tree, status, message);
  if (Array.isArray(extra.allow)) res.headers.set("allow", extra.allow.join(", "));
  return res;
}

/**
 * The whole web app: static files, state/auth/CSRF middleware, then the file-system routes.
 * Without `islands` (handler tests) pages render fully but nothing hydrates.
 */
export async function createApp(
  db: Db,
  config: Config,
  opts: { islands?: IslandsSetup } = {},
): Promise<Hono<AppEnv>> {
  const tree = await appRoutes();
  const app = new Hono<AppEnv>({ strict: false });
  setIslandManifest(opts.islands?.manifest ?? null);

  app.use(
    "*",
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:", "blob:"],
        fontSrc: ["'self'", "data:"],
        connectSrc: ["'self'", ...mapConnectSources(config.mapStyleUrl)],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
      },
      referrerPolicy: "same-origin",
    }),
  );

  if (opts.islands) {
    const serve = opts.islands.handler;
    app.get("/_islands/*", (c) => serve(c.req.raw));
  }

  const vendor = `/static/vendor/bootstrap-italia@${BOOTSTRAP_ITALIA_VERSION}`;
  app.use(`${vendor}/*`, async (c, next) => {
    await next();
    if (c.res.ok) c.res.headers.set("cache-control", "public, max-age=31536000, immutable");
  });
  app.get(
    `${vendor}/css/fonts.css`,
    (c) => c.body(FONTS_CSS, 200, { "content-type": "text/css; charset=utf-8" }),
  );
  app.use(
    `${vendor}/*`,
    serveStatic({
      root: new URL("node_modules/bootstrap-italia/dist/", ROOT).pathname,
      rewriteRequestPath: (p) => p.slice(vendor.length),
    }),
  );
  // MapLibre's stylesheet and worker for the transport maps, versioned like Bootstrap Italia.
  app.use(`${MAPLIBRE_BASE}/*`, async (c, next) => {
    await next();
    if (c.res.ok) c.res.headers.set("cache-control", "public, max-age=31536000, immutable");
  });
  app.use(
    `${MAPLIBRE_BASE}/*`,
    serveStatic({
      root: new URL("node_modules/maplibre-gl/dist/", ROOT).pathname,
      rewriteRequestPath: (p) => p.slice(MAPLIBRE_BASE.length),
    }),
  );
  app.use("/static/*", async (c, next) => {
    await next();
    // The service worker (push, offline pages) controls the whole site and must update promptly.
    if (c.res.ok && c.req.path === "/static/sw.js") {
      c.res.headers.set("service-worker-allowed", "/");
      c.res.headers.set("cache-control", "no-cache");
    }
    if (c.res.ok && !c.res.headers.has("cache-control")) {
      c.res.headers.set("cache-control", "public, max-age=3600");
    }
  });
  app.use(
    "/static/*",
    serveStatic({ root: new URL("static/", ROOT).pathname, rewriteRequestPath: (p) => p.slice(7) }),
  );

  await (await import("./functions/mount.ts")).mountFunctions(app, db, config);
  await (await import("./pagopa/checkout.ts")).mountCheckoutSimulator(app, db, config);
  app.use("*", stateMiddleware(db, config));
  const limiters = new Map<number, MiddlewareHandler<AppEnv>>();
  app.use("*", (c, next) => {
    const maxSize = bodyLimitFor(c.req.path);
    let limiter = limiters.get(maxSize);
    if (!limiter) {
      limiter = bodyLimit({
        maxSize,
        onError: () => {
          throw new HttpError(413, `The request body exceeds ${maxSize} bytes`, {
            code: "body_too_large",
          });
        },
      });
      limiters.set(maxSize, limiter);
    }
    return limiter(c, next);
  });
  app.use("*", authMiddleware(db, config));
  app.use("*", csrfMiddleware());

  mountRoutes(app, tree);

  app.notFound((c) =>
    errorResponse(c as Ctx, tree, 404, "No such resource", { code: "not_found" })
  );
  app.onError((err, c) => {
    if (err instanceof HttpError) {
      return errorResponse(c as Ctx, tree, err.status, err.message, err.extra);
    }
    console.error(`[${c.req.method} ${c.req.path}]`, err);
    return errorResponse(c as Ctx, tree, 500, "Unexpected server error", { code: "internal" });
  });
  return app;
}
