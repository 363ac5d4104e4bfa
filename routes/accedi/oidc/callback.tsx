import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { getConnInfo } from "hono/deno";
import { finishSignIn, OIDC_FLOW_COOKIE, OidcError } from "../../../lib/auth/oidc.ts";
import { officeFor, signInWithFiscalNumber } from "../../../lib/auth/oidc_accounts.ts";
import { emailFrom, fiscalNumberFrom } from "../../../lib/auth/oidc_claims.ts";
import { SESSION_COOKIE, SESSION_HOURS } from "../../../lib/auth/tokens.ts";
import { type Ctx, define, HttpError, page } from "../../../lib/http/define.ts";
import { safeNext } from "../../../lib/http/guards.ts";
import {
  OidcProblem,
  type OidcProblemData,
  type OidcProblemReason,
  PROBLEM_STATUS,
} from "../(_components)/OidcProblem.tsx";

function clientIp(c: Ctx): string | null {
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    return null; // in-process requests (tests) have no socket
  }
}

/**
 * The provider sends the browser back here with a code (or an error). The flow cookie is used
 * once and dropped whatever happens; on success a normal Piazza session starts.
 */
export const handler = define.handlers<OidcProblemData>({
  async GET(c) {
    const state = c.get("state");
    const { config, db } = state;
    if (!config.oidc) throw new HttpError(404);
    const flowCookie = getCookie(c, OIDC_FLOW_COOKIE);
    deleteCookie(c, OIDC_FLOW_COOKIE, { path: "/accedi/oidc", secure: config.secureCookies });
    const problem = async (reason: OidcProblemReason, tenantId: string | null = null) =>
      page({ reason, office: await officeFor(db, tenantId) }, { status: PROBLEM_STATUS[reason] });

    let result: Awaited<ReturnType<typeof finishSignIn>>;
    try {
      result = await finishSignIn(
        config.oidc,
        config.publicUrl,
        config.jwtSecret,
        new URL(c.req.url).searchParams,
        flowCookie,
      );
    } catch (e) {
      if (!(e instanceof OidcError)) throw e;
      console.warn(`oidc callback: ${e.reason}: ${e.message}`);
      return await problem(e.reason);
    }
    const cf = fiscalNumberFrom(result.claims);
    if (!cf.ok) return await problem(cf.reason === "missing" ? "missing_cf" : "invalid_cf");
    const signed = await signInWithFiscalNumber(db, {
      code: cf.value,
      canonical: cf.canonical,
      email: emailFrom(result.claims),
      issuer: config.oidc.issuer,
      tenantRef: config.oidc.tenant,
      ip: clientIp(c),
      userAgent: c.req.header("user-agent") ?? null,
    }, config.jwtSecret);
    if (!signed.ok) return await problem(signed.reason, signed.tenantId);
    setCookie(c, SESSION_COOKIE, signed.token, {
      path: "/",
      httpOnly: true,
      sameSite: "Lax",
      secure: config.secureCookies,
      maxAge: SESSION_HOURS * 3600,
    });
    return c.redirect(safeNext(result.next) ?? signed.home, 303);
  },
});

export default define.page<OidcProblemData>(function OidcCallback({ data, state }) {
  return <OidcProblem data={data} state={state} />;
});
