import { setCookie } from "hono/cookie";
import { homeFor } from "../../../lib/auth/sessions.ts";
import {
  OIDC_FLOW_COOKIE,
  OIDC_FLOW_MINUTES,
  OidcError,
  startSignIn,
} from "../../../lib/auth/oidc.ts";
import { define, HttpError, page } from "../../../lib/http/define.ts";
import { safeNext } from "../../../lib/http/guards.ts";
import {
  OidcProblem,
  type OidcProblemData,
  PROBLEM_STATUS,
} from "../(_components)/OidcProblem.tsx";

/** Starts sign-in with SPID/CIE: the browser goes to the provider with a PKCE challenge. */
export const handler = define.handlers<OidcProblemData>({
  async GET(c) {
    const { config, claims } = c.get("state");
    if (!config.oidc) throw new HttpError(404);
    const next = safeNext(c.req.query("next"));
    if (claims) return c.redirect(next ?? homeFor(claims.app_metadata.roles), 303);
    try {
      const { url, cookie } = await startSignIn(
        config.oidc,
        config.publicUrl,
        config.jwtSecret,
        next,
      );
      setCookie(c, OIDC_FLOW_COOKIE, cookie, {
        path: "/accedi/oidc",
        httpOnly: true,
        // Lax: the provider brings the browser back with a top-level GET from another site.
        sameSite: "Lax",
        secure: config.secureCookies,
        maxAge: OIDC_FLOW_MINUTES * 60,
      });
      return c.redirect(url.href, 303);
    } catch (e) {
      if (!(e instanceof OidcError)) throw e;
      console.warn(`oidc start: ${e.message}`);
      return page({ reason: e.reason, office: null }, { status: PROBLEM_STATUS[e.reason] });
    }
  },
});

export default define.page<OidcProblemData>(function OidcStart({ data, state }) {
  return <OidcProblem data={data} state={state} />;
});
