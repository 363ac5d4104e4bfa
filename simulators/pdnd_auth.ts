/**
 * A PDND Interoperabilità authorization server for tests and the embedded default: `POST
 * /token.oauth2` as `pdnd-auth-server-token-api.yaml` (form fields, ClientCredentialsResponse,
 * Problem with `NNN-NNNN` error codes). It verifies the client assertion's RS256 signature against
 * the public keys registered per client and `kid`, and its claims (iss = sub = client_id, aud,
 * jti never reused, iat/exp, purposeId of that client), then issues vouchers signed with its own
 * key, which `verifyVoucher` checks for the e-service.
 *
 * Mount in-process (`sim.fetch`) or on a port (`serveSimulator(sim.app)`).
 *
 * @module
 */

import { Hono } from "hono";
import { decodeProtectedHeader, generateKeyPair, jwtVerify, type KeyObject, SignJWT } from "jose";

export interface RegisteredClient {
  clientId: string;
  kid: string;
  publicKey: CryptoKey | KeyObject;
  purposeIds: string[];
}

export interface PdndSimulatorOptions {
  clients: RegisteredClient[];
  /** Expected `aud` of client assertions. */
  assertionAudience?: string;
  /** `aud` of the vouchers (the e-service). */
  voucherAudience?: string;
  voucherSeconds?: number;
}

const ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
export const SIM_ASSERTION_AUDIENCE = "auth.uat.interop.pagopa.it/client-assertion";
export const SIM_VOUCHER_AUDIENCE = "api.collaudo.inps.it/pdnd/soap/ConsultazioneISEE/v1";
const ISSUER = "pdnd-simulator.piazza.invalid";

function problem(status: number, title: string, code: string, detail: string) {
  return Response.json(
    { type: "about:blank", status, title, detail, errors: [{ code, detail }] },
    { status, headers: { "content-type": "application/problem+json" } },
  );
}

export async function createPdndAuthSimulator(opts: PdndSimulatorOptions) {
  const keys = await generateKeyPair("RS256");
  const seenJti = new Set<string>();
  const assertionAudience = opts.assertionAudience ?? SIM_ASSERTION_AUDIENCE;
  const voucherAudience = opts.voucherAudience ?? SIM_VOUCHER_AUDIENCE;
  const lifetime = opts.voucherSeconds ?? 600;
  let issued = 0;
  const app = new Hono();

  app.get(
    "/status",
    () =>
      Response.json({ type: "about:blank", status: 200, title: "OK", errors: [] }, {
        headers: { "content-type": "application/problem+json" },
      }),
  );

  app.post("/token.oauth2", async (c) => {
    if (!(c.req.header("content-type") ?? "").startsWith("application/x-www-form-urlencoded")) {
      return problem(400, "Bad request", "015-0001", "Expected a form body");
    }
    const form = new URLSearchParams(await c.req.text());
    const assertion = form.get("client_assertion") ?? "";
    if (form.get("grant_type") !== "client_credentials") {
      return problem(400, "Bad request", "015-0002", "grant_type must be client_credentials");
    }
    if (form.get("client_assertion_type") !== ASSERTION_TYPE) {
      return problem(400, "Bad request", "015-0003", "Unsupported client_assertion_type");
    }
    let header;
    try {
      header = decodeProtectedHeader(assertion);
    } catch {
      return problem(400, "Bad request", "015-0004", "client_assertion is not a JWS");
    }
    const client = opts.clients.find((k) => k.kid === header.kid);
    if (!client || header.alg !== "RS256" || header.typ !== "JWT") {
      return problem(401, "Unauthorized", "015-0005", "Unknown kid or wrong alg/typ");
    }
    const clientId = form.get("client_id");
    if (clientId && clientId !== client.clientId) {
      return problem(401, "Unauthorized", "015-0006", "client_id does not own this key");
    }
    let payload;
    try {
      ({ payload } = await jwtVerify(assertion, client.publicKey, {
        algorithms: ["RS256"],
        audience: assertionAudience,
        issuer: client.clientId,
        subject: client.clientId,
        requiredClaims: ["jti", "iat", "exp"],
        maxTokenAge: "10m",
      }));
    } catch (e) {
      return problem(
        401,
        "Unauthorized",
        "015-0007",
        `Invalid client assertion: ${(e as Error).message.slice(0, 200)}`,
      );
    }
    const purposeId = payload.purposeId;
    if (typeof purposeId !== "string" || !client.purposeIds.includes(purposeId)) {
      return problem(401, "Unauthorized", "015-0008", "purposeId not active for this client");
    }
    if (seenJti.has(payload.jti!)) {
      return problem(401, "Unauthorized", "015-0009", "client assertion already used (jti)");
    }
    seenJti.add(payload.jti!);
    issued++;
    const token = await new SignJWT({ client_id: client.clientId, purposeId })
      .setProtectedHeader({ alg: "RS256", typ: "at+jwt", kid: "pdnd-simulator" })
      .setIssuer(ISSUER)
      .setSubject(client.clientId)
      .setAudience(voucherAudience)
      .setJti(crypto.randomUUID())
      .setIssuedAt()
      .setExpirationTime(`${lifetime}s`)
      .sign(keys.privateKey);
    return c.json({ access_token: token, token_type: "Bearer", expires_in: lifetime }, 200, {
      "cache-control": "no-cache, no-store",
    });
  });

  return {
    app,
    fetch: async (req: Request): Promise<Response> => await app.fetch(req),
    /** How many vouchers were issued (tests check caching). */
    get issued() {
      return issued;
    },
    /** The e-service's check: signature, issuer, audience, expiry; the voucher's claims or null. */
    async verifyVoucher(token: string) {
      try {
        const { payload } = await jwtVerify(token, keys.publicKey, {
          algorithms: ["RS256"],
          issuer: ISSUER,
          audience: voucherAudience,
        });
        return payload as { client_id: string; purposeId: string; sub: string };
      } catch {
        return null;
      }
    },
  };
}

export type PdndAuthSimulator = Awaited<ReturnType<typeof createPdndAuthSimulator>>;

/** Serves a simulator on a free port of 127.0.0.1: `{ url, close }`. */
export function serveSimulator(app: { fetch: (r: Request) => Response | Promise<Response> }) {
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    (r) => app.fetch(r),
  );
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    close: () => server.shutdown(),
  };
}
