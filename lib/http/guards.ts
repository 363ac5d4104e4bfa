import type { Claims, Role } from "../db/types.ts";
import { HttpError, type Middleware, type State } from "./define.ts";
import { isApi } from "./middleware.ts";

/** Narrows the state to a signed-in caller or throws 401: a page cannot forget the check. */
export function assertSignedIn(state: State): asserts state is State & { claims: Claims } {
  if (!state.claims) {
    throw new HttpError(401, "Authentication required", { code: "unauthenticated" });
  }
}

export function hasAnyRole(state: State, roles: readonly Role[]): boolean {
  return !!state.claims?.app_metadata.roles.some((r) => roles.includes(r));
}

/**
 * Guards a folder: anonymous visitors go to the sign-in page (API callers get 401), signed-in
 * users without one of `roles` get 403.
 */
export function requireRoles(roles: readonly Role[]): Middleware {
  return async (c, next) => {
    const state = c.get("state");
    if (!state.claims) {
      if (isApi(c.req.path)) {
        throw new HttpError(401, "Authentication required", { code: "unauthenticated" });
      }
      const url = new URL(c.req.url);
      const params = new URLSearchParams({ next: url.pathname + url.search });
      if (state.sessionRejected) params.set("scaduta", "1");
      return c.redirect(`/accedi?${params}`, 303);
    }
    if (!hasAnyRole(state, roles)) {
      throw new HttpError(403, "Your role cannot access this resource", { code: "forbidden" });
    }
    await next();
  };
}

/**
 * A local path to go back to after sign-in; anything else (other hosts, `//x`) becomes null.
 * Browsers drop tabs and newlines from a URL and read `\` as `/`, so `/\t/evil.example` would
 * leave the site: the path is judged as the browser will parse it, and returned normalized.
 */
export function safeNext(next: string | null | undefined): string | null {
  if (!next || !next.startsWith("/")) return null;
  const base = "http://piazza.invalid";
  let url: URL;
  try {
    url = new URL(next, base);
  } catch {
    return null;
  }
  if (url.origin !== base) return null;
  return url.pathname + url.search + url.hash;
}
