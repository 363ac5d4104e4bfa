import { getCookie, setCookie } from "hono/cookie";
import { authenticateApiKey } from "../auth/api_keys.ts";
import { sessionIsLive } from "../auth/sessions.ts";
import { randomToken, SESSION_COOKIE, verifySession } from "../auth/tokens.ts";
import type { Config } from "../config.ts";
import type { Db } from "../db/types.ts";
import { isLang, type Lang, translator } from "../i18n/mod.ts";
import { HttpError, type Middleware } from "./define.ts";

export const LANG_COOKIE = "piazza_lang";
export const CSRF_COOKIE = "piazza_csrf";
const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function isApi(path: string): boolean {
  return path === "/api" || path.startsWith("/api/");
}

/** Language (query `?lang=`, then cookie, then Italian), translator, CSRF token, db and config. */
export function stateMiddleware(db: Db, config: Config): Middleware {
  return async (c, next) => {
    const query = c.req.query("lang");
    let lang: Lang = "it";
    if (isLang(query)) {
      lang = query;
      setCookie(c, LANG_COOKIE, lang, {
        path: "/",
        sameSite: "Lax",
        maxAge: 31536000,
        secure: config.secureCookies,
      });
    } else {
      const cookie = getCookie(c, LANG_COOKIE);
      if (isLang(cookie)) lang = cookie;
    }
    let csrfToken = getCookie(c, CSRF_COOKIE);
    if (!csrfToken || !/^[A-Za-z0-9_-]{43}$/.test(csrfToken)) {
      csrfToken = randomToken();
      setCookie(c, CSRF_COOKIE, csrfToken, {
        path: "/",
        httpOnly: true,
        sameSite: "Lax",
        secure: config.secureCookies,
      });
    }
    c.set("state", {
      db,
      config,
      lang,
      t: translator(lang),
      tr: (it: string, en: string) => lang === "en" ? en : it,
      claims: null,
      auth: null,
      sessionRejected: false,
      csrfToken,
    });
    await next();
  };
}

/**
 * Session cookie → claims (verified signature and expiry, session not revoked); on the API also
 * `Authorization: Bearer pzk_…` API keys. A bad cookie makes the visitor anonymous, never an error.
 */
export function authMiddleware(db: Db, config: Config): Middleware {
  return async (c, next) => {
    const state = c.get("state");
    const bearer = c.req.header("authorization");
    if (bearer && isApi(c.req.path)) {
      const m = /^Bearer\s+(\S+)$/i.exec(bearer);
      const claims = m ? await authenticateApiKey(db, m[1]) : null;
      if (!claims) {
        throw new HttpError(401, "The API key is missing, malformed, revoked or expired", {
          code: "invalid_api_key",
        });
      }
      state.claims = claims;
      state.auth = "api_key";
      return await next();
    }
    const token = getCookie(c, SESSION_COOKIE);
    if (token) {
      const claims = await verifySession(token, config.jwtSecret);
      if (claims?.session_id && await sessionIsLive(db, claims.session_id)) {
        state.claims = claims;
        state.auth = "session";
      } else {
        state.sessionRejected = true;
      }
    }
    await next();
  };
}

/**
 * Double-submit CSRF check on every unsafe request made with the session cookie: forms send the
 * token as `_csrf`, scripts as the `x-csrf-token` header. API-key calls carry no cookie and skip it.
 */
export function csrfMiddleware(): Middleware {
  return async (c, next) => {
    const state = c.get("state");
    const anonymousApi = isApi(c.req.path) && state.auth !== "session";
    if (!UNSAFE.has(c.req.method) || state.auth === "api_key" || anonymousApi) return await next();
    const cookie = getCookie(c, CSRF_COOKIE);
    let sent = c.req.header("x-csrf-token");
    const type = c.req.header("content-type") ?? "";
    if (
      !sent &&
      (type.startsWith("application/x-www-form-urlencoded") ||
        type.startsWith("multipart/form-data"))
    ) {
      const body = await c.req.parseBody();
      sent = typeof body._csrf === "string" ? body._csrf : undefined;
    }
    if (!cookie || !sent || sent !== cookie) {
      throw new HttpError(403, "CSRF token missing or invalid", { code: "csrf" });
    }
    await next();
  };
}
