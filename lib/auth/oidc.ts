/**
 * OpenID Connect sign-in (authorization code + PKCE S256) with the gateway of SPID/CIE the Ente
 * configured (OIDC_ISSUER…). The flow's secrets (PKCE verifier, state, nonce, where to go next)
 * travel in a short-lived HttpOnly cookie signed with the session key, so no table is needed and
 * a tampered or replayed cookie is refused. Discovery is read once per issuer and kept.
 *
 * @module
 */
import { jwtVerify, SignJWT } from "jose";
import * as client from "openid-client";
import type { OidcConfig } from "../config.ts";
import { mergeClaims } from "./oidc_claims.ts";

export const OIDC_FLOW_COOKIE = "piazza_oidc";
export const OIDC_FLOW_MINUTES = 10;
export const OIDC_CALLBACK_PATH = "/accedi/oidc/callback";
const FLOW_AUDIENCE = "piazza-oidc-flow";

export interface Flow {
  verifier: string;
  state: string;
  nonce: string;
  next: string | null;
}

/** Why a sign-in through the provider could not be completed (each has its own page). */
export type OidcFailure =
  | "unavailable" // discovery or token endpoint unreachable / answered an error
  | "denied" // the person cancelled or the provider refused (access_denied…)
  | "expired" // no flow cookie, or older than OIDC_FLOW_MINUTES
  | "state" // state mismatch: a forged or crossed callback
  | "rejected"; // the code exchange or ID token validation failed

export class OidcError extends Error {
  constructor(readonly reason: OidcFailure, message: string) {
    super(message);
  }
}

const configs = new Map<string, Promise<client.Configuration>>();

/** Local development and tests may use a plain-http issuer; anything else must be https. */
function isLocalHttp(issuer: URL): boolean {
  return issuer.protocol === "http:" &&
    ["localhost", "127.0.0.1", "[::1]"].includes(issuer.hostname);
}

/** The provider's metadata (cached per issuer and client; a failure is retried next time). */
export function providerConfig(oidc: OidcConfig): Promise<client.Configuration> {
  const key = `${oidc.issuer}\n${oidc.clientId}`;
  let p = configs.get(key);
  if (!p) {
    const issuer = new URL(oidc.issuer);
    p = client.discovery(
      issuer,
      oidc.clientId,
      oidc.clientSecret ?? undefined,
      oidc.clientSecret ? client.ClientSecretBasic(oidc.clientSecret) : client.None(),
      { execute: isLocalHttp(issuer) ? [client.allowInsecureRequests] : [], timeout: 10 },
    );
    configs.set(key, p);
    p.catch(() => configs.delete(key));
  }
  return p;
}

async function signFlow(flow: Flow, secret: Uint8Array): Promise<string> {
  return await new SignJWT({ ...flow })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt()
    .setAudience(FLOW_AUDIENCE)
    .setExpirationTime(`${OIDC_FLOW_MINUTES}m`)
    .sign(secret);
}

/** The flow in the cookie; null when absent, forged or expired. */
export async function readFlow(
  cookie: string | undefined,
  secret: Uint8Array,
): Promise<Flow | null> {
  if (!cookie) return null;
  try {
    const { payload } = await jwtVerify(cookie, secret, {
      algorithms: ["HS256"],
      audience: FLOW_AUDIENCE,
    });
    const { verifier, state, nonce, next } = payload as Record<string, unknown>;
    if (typeof verifier !== "string" || typeof state !== "string" || typeof nonce !== "string") {
      return null;
    }
    return { verifier, state, nonce, next: typeof next === "string" ? next : null };
  } catch {
    return null;
  }
}

/** Builds the authorization request; returns where to send the browser and the flow cookie. */
export async function startSignIn(
  oidc: OidcConfig,
  publicUrl: string,
  secret: Uint8Array,
  next: string | null,
): Promise<{ url: URL; cookie: string }> {
  let config: client.Configuration;
  try {
    config = await providerConfig(oidc);
  } catch (e) {
    throw new OidcError("unavailable", `discovery of ${oidc.issuer} failed: ${e}`);
  }
  const flow: Flow = {
    verifier: client.randomPKCECodeVerifier(),
    state: client.randomState(),
    nonce: client.randomNonce(),
    next,
  };
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: publicUrl + OIDC_CALLBACK_PATH,
    scope: "openid profile email",
    response_type: "code",
    code_challenge: await client.calculatePKCECodeChallenge(flow.verifier),
    code_challenge_method: "S256",
    state: flow.state,
    nonce: flow.nonce,
  });
  return { url, cookie: await signFlow(flow, secret) };
}

/**
 * Completes the code flow on the callback: checks the provider's answer against the flow cookie,
 * exchanges the code (PKCE verifier), validates the ID token (issuer, audience, nonce, signature,
 * expiry: openid-client) and reads userinfo. Returns the merged claims and where to go next.
 */
export async function finishSignIn(
  oidc: OidcConfig,
  publicUrl: string,
  secret: Uint8Array,
  query: URLSearchParams,
  cookie: string | undefined,
): Promise<{ claims: Record<string, unknown>; next: string | null }> {
  const error = query.get("error");
  if (error) {
    throw new OidcError(
      error === "access_denied" || error === "login_required" ? "denied" : "rejected",
      `provider answered ${error}: ${query.get("error_description") ?? ""}`,
    );
  }
  const flow = await readFlow(cookie, secret);
  if (!flow) throw new OidcError("expired", "no valid flow cookie");
  if (!query.get("state") || query.get("state") !== flow.state) {
    throw new OidcError("state", "state does not match the flow");
  }
  let config: client.Configuration;
  try {
    config = await providerConfig(oidc);
  } catch (e) {
    throw new OidcError("unavailable", `discovery of ${oidc.issuer} failed: ${e}`);
  }
  const current = new URL(publicUrl + OIDC_CALLBACK_PATH);
  for (const [k, v] of query) current.searchParams.append(k, v);
  let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
  try {
    tokens = await client.authorizationCodeGrant(config, current, {
      pkceCodeVerifier: flow.verifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
  } catch (e) {
    if (e instanceof client.AuthorizationResponseError) {
      throw new OidcError(e.error === "access_denied" ? "denied" : "rejected", e.message);
    }
    const unreachable = e instanceof TypeError || (e as Error).name === "TimeoutError";
    throw new OidcError(unreachable ? "unavailable" : "rejected", `code exchange: ${e}`);
  }
  const idClaims = tokens.claims();
  if (!idClaims) throw new OidcError("rejected", "no ID token");
  let userinfo: Record<string, unknown> | null = null;
  try {
    userinfo = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
  } catch (e) {
    // Some gateways put every attribute in the ID token and expose no userinfo endpoint.
    if (config.serverMetadata().userinfo_endpoint) {
      throw new OidcError("rejected", `userinfo: ${e}`);
    }
  }
  return {
    claims: mergeClaims(idClaims as Record<string, unknown>, userinfo),
    next: flow.next,
  };
}
