/**
 * A real OpenID Connect provider (the `oidc-provider` package, as SPID/CIE gateways behave) on
 * 127.0.0.1 and a free port, for sign-in tests: one confidential client whose redirect goes to
 * the app under test, accounts with a `fiscal_number` claim, PKCE required. The login step is
 * the package's own interaction form: `completeLogin` posts it like a browser would, and a
 * browser test can fill `input[name=login]` (any password).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { type KoaContextWithOIDC } from "oidc-provider";
import type { OidcConfig } from "../../lib/config.ts";

export interface TestAccount {
  email?: string;
  given_name?: string;
  family_name?: string;
  fiscal_number?: string;
  fiscalNumber?: string;
}

export interface TestProvider {
  issuer: string;
  /** The app's OIDC settings for this provider. */
  config: OidcConfig;
  stop(): Promise<void>;
}

export const CLIENT_ID = "piazza-test";
const CLIENT_SECRET = "piazza-test-secret-0123456789abcdef";

export async function startOidcProvider(opts: {
  redirectUris: string[];
  accounts: Record<string, TestAccount>;
  tenant?: string | null;
}): Promise<TestProvider> {
  let handle: ((req: unknown, res: unknown) => void) | null = null;
  const server = createServer((req, res) => handle!(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [{
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      redirect_uris: opts.redirectUris,
      response_types: ["code"],
      grant_types: ["authorization_code"],
      token_endpoint_auth_method: "client_secret_basic",
    }],
    pkce: { required: () => true },
    claims: {
      openid: ["sub"],
      email: ["email", "email_verified"],
      profile: ["given_name", "family_name", "name", "fiscal_number", "fiscalNumber"],
    },
    cookies: { keys: ["oidc-test-cookie-key-0123456789"] },
    features: { devInteractions: { enabled: true } },
    // Consent is implied (as with SPID, where the person approves the attributes at the IdP).
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const { client, session } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const grant = new ctx.oidc.provider.Grant({
        clientId: client.clientId,
        accountId: session.accountId,
      });
      grant.addOIDCScope("openid email profile");
      await grant.save();
      return grant;
    },
    findAccount(_ctx: KoaContextWithOIDC, id: string) {
      const account = opts.accounts[id];
      if (!account) return undefined;
      return {
        accountId: id,
        claims: () => ({ sub: id, email_verified: !!account.email, ...account }),
      };
    },
  });
  // Its warnings about development keys and interactions are expected here.
  provider.on("server_error", (_ctx: unknown, err: Error) => console.error("oidc-provider", err));
  handle = provider.callback() as (req: unknown, res: unknown) => void;
  return {
    issuer,
    config: {
      issuer,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      label: "Entra con SPID o CIE",
      tenant: opts.tenant ?? null,
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/** A cookie-keeping `fetch` for the provider's side of the flow (no redirects followed). */
export class ProviderBrowser {
  cookies = new Map<string, string>();

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) {
      headers.set("cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    }
    const res = await fetch(url, { ...init, headers, redirect: "manual" });
    for (const line of res.headers.getSetCookie()) {
      const pair = line.split(";", 1)[0];
      const eq = pair.indexOf("=");
      const value = pair.slice(eq + 1).trim();
      if (value === "" || /expires=thu, 01 jan 1970/i.test(line)) {
        this.cookies.delete(pair.slice(0, eq).trim());
      } else this.cookies.set(pair.slice(0, eq).trim(), value);
    }
    return res;
  }

  /**
   * From the authorization URL to the app's callback URL: signs in as `login` on the provider's
   * form (or cancels when `login` is null) and follows the provider's redirects.
   */
  async authorize(authorizationUrl: string, login: string | null): Promise<URL> {
    let url = authorizationUrl;
    for (let hop = 0; hop < 10; hop++) {
      const res = await this.fetch(url);
      const location = res.headers.get("location");
      await res.body?.cancel();
      if (!location) throw new Error(`provider: ${res.status} at ${url} without a redirect`);
      const next = new URL(location, url);
      if (next.origin !== new URL(authorizationUrl).origin) return next;
      if (/^\/interaction\/[^/]+$/.test(next.pathname)) {
        const form = await this.fetch(next.href);
        await form.body?.cancel();
        const posted = login === null
          ? await this.fetch(`${next.href}/abort`)
          : await this.fetch(next.href, {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded" },
            body: new URLSearchParams({ prompt: "login", login, password: "any" }),
          });
        await posted.body?.cancel();
        const back = posted.headers.get("location");
        if (!back) throw new Error(`provider interaction gave ${posted.status}`);
        url = new URL(back, next).href;
      } else url = next.href;
    }
    throw new Error("provider: too many redirects");
  }
}
