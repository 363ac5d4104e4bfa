import { deleteCookie } from "hono/cookie";
import { revokeSession } from "../lib/auth/sessions.ts";
import { SESSION_COOKIE } from "../lib/auth/tokens.ts";
import { define } from "../lib/http/define.ts";

/** Sign-out: the session is revoked server-side, so a copied cookie stops working too. */
export const handler = define.handlers({
  async POST(c) {
    const state = c.get("state");
    if (state.claims?.session_id) await revokeSession(state.db, state.claims.session_id);
    deleteCookie(c, SESSION_COOKIE, { path: "/", secure: state.config.secureCookies });
    return c.redirect("/accedi?uscito=1", 303);
  },
});
