/**
 * PDND Interoperabilità vouchers: the Ente signs a client assertion (RS256 with the private key
 * whose public half it uploaded to its PDND client) and trades it at the authorization server's
 * `/token.oauth2` (form fields as `pdnd-auth-server-token-api.yaml`) for a voucher, which is
 * reused until shortly before it expires.
 *
 * @module
 */

import { importPKCS8, type KeyObject, SignJWT } from "jose";
import { InpsError } from "./errors.ts";

export const CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/** Lifetime of our client assertions: PDND accepts short-lived ones only. */
export const ASSERTION_SECONDS = 120;
/** A voucher is renewed this long before its expiry, so a call never starts with a dying one. */
export const VOUCHER_MARGIN_SECONDS = 30;

export interface PdndSettings {
  tokenUrl: string;
  clientId: string;
  kid: string;
  purposeId: string;
  /** `aud` of the client assertion (`auth.interop.pagopa.it/client-assertion`). */
  audience: string;
  /** PKCS#8 PEM, or an already imported key. */
  privateKey: string | CryptoKey | KeyObject;
}

/** The audience PDND expects for a token URL (collaudo has its own). */
export function assertionAudience(tokenUrl: string): string {
  const u = new URL(tokenUrl);
  return `${u.host}/client-assertion`;
}

/** The claims of a client assertion, as the PDND manual lists them. */
export function assertionClaims(
  s: Pick<PdndSettings, "clientId" | "audience" | "purposeId">,
  now = Math.floor(Date.now() / 1000),
  jti: string = crypto.randomUUID(),
) {
  return {
    iss: s.clientId,
    sub: s.clientId,
    aud: s.audience,
    jti,
    iat: now,
    exp: now + ASSERTION_SECONDS,
    purposeId: s.purposeId,
  };
}

async function signingKey(key: PdndSettings["privateKey"]): Promise<CryptoKey | KeyObject> {
  return typeof key === "string" ? await importPKCS8(key, "RS256") : key;
}

/** A signed client assertion (header `kid`, `alg` RS256, `typ` JWT). */
export async function clientAssertion(s: PdndSettings, now?: number): Promise<string> {
  const claims = assertionClaims(s, now);
  return await new SignJWT({ purposeId: claims.purposeId })
    .setProtectedHeader({ alg: "RS256", kid: s.kid, typ: "JWT" })
    .setIssuer(claims.iss)
    .setSubject(claims.sub)
    .setAudience(claims.aud)
    .setJti(claims.jti)
    .setIssuedAt(claims.iat)
    .setExpirationTime(claims.exp)
    .sign(await signingKey(s.privateKey));
}

/** The form body of a token request (`AccessTokenRequest`). */
export function tokenRequestBody(clientId: string, assertion: string): URLSearchParams {
  return new URLSearchParams({
    client_id: clientId,
    client_assertion: assertion,
    client_assertion_type: CLIENT_ASSERTION_TYPE,
    grant_type: "client_credentials",
  });
}

export interface Voucher {
  token: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

export type FetchFn = (input: Request | URL | string, init?: RequestInit) => Promise<Response>;

/**
 * Fetches and caches vouchers. `get()` returns the cached one while it has more than
 * VOUCHER_MARGIN_SECONDS left; concurrent callers share one token request.
 */
export class VoucherSource {
  #cached: Voucher | null = null;
  #pending: Promise<Voucher> | null = null;
  #key: Promise<CryptoKey | KeyObject> | null = null;

  constructor(
    private settings: PdndSettings,
    private fetchFn: FetchFn = fetch,
    private clock: () => number = Date.now,
  ) {}

  async get(signal?: AbortSignal): Promise<string> {
    const c = this.#cached;
    if (c && c.expiresAt - VOUCHER_MARGIN_SECONDS * 1000 > this.clock()) return c.token;
    this.#pending ??= this.#fetch(signal).finally(() => this.#pending = null);
    return (await this.#pending).token;
  }

  /** Drops the cached voucher (the e-service refused it). */
  invalidate(): void {
    this.#cached = null;
  }

  async #fetch(signal?: AbortSignal): Promise<Voucher> {
    this.#key ??= signingKey(this.settings.privateKey);
    const assertion = await clientAssertion(
      { ...this.settings, privateKey: await this.#key },
      Math.floor(this.clock() / 1000),
    );
    let res: Response;
    try {
      res = await this.fetchFn(this.settings.tokenUrl, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          accept: "application/json",
        },
        body: tokenRequestBody(this.settings.clientId, assertion),
        signal,
      });
    } catch (e) {
      if (signal?.aborted) throw new InpsError("timeout");
      throw new InpsError("pdnd_unreachable", { cause: e });
    }
    const body = await res.json().catch(() => null) as Record<string, unknown> | null;
    if (res.status === 429 || res.status >= 500) {
      throw new InpsError("pdnd_unavailable", { detail: `HTTP ${res.status}` });
    }
    if (!res.ok) {
      const detail = typeof body?.detail === "string"
        ? body.detail
        : typeof body?.title === "string"
        ? body.title
        : `HTTP ${res.status}`;
      throw new InpsError("pdnd_refused", { detail });
    }
    const token = body?.access_token;
    const expiresIn = body?.expires_in;
    if (
      typeof token !== "string" || body?.token_type !== "Bearer" ||
      typeof expiresIn !== "number" || !Number.isInteger(expiresIn) || expiresIn <= 0
    ) {
      throw new InpsError("bad_response", { detail: "PDND token response" });
    }
    const voucher = { token, expiresAt: this.clock() + expiresIn * 1000 };
    this.#cached = voucher;
    return voucher;
  }
}
