/**
 * A local web push service for tests: a real protocol peer (RFC 8030/8291/8292) that checks the
 * VAPID authorization and decrypts each payload with the subscription's keys, as a browser would.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { createECDH, randomBytes } from "node:crypto";
import ece from "http_ece";
import { decodeProtectedHeader, importJWK, jwtVerify } from "jose";
import type { PushPayload } from "../../lib/push/send.ts";

/** What a browser holds for one subscription: its P-256 key pair and auth secret. */
export function browserKeys() {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  const auth = randomBytes(16);
  return {
    ecdh,
    auth,
    keys: { p256dh: ecdh.getPublicKey().toString("base64url"), auth: auth.toString("base64url") },
  };
}

export interface Received {
  path: string;
  payload: PushPayload;
  ttl: string | null;
  urgency: string | null;
  jwt: { aud: string; sub: string; exp: number };
}

/**
 * A push service as the RFC describes it: checks the VAPID authorization (ES256 JWT signed by the
 * key in `k`, audience = this origin), then, standing in for the browser, decrypts the aes128gcm
 * payload with the subscription's private key and auth secret. `/gone/…` answers 410.
 */
export function pushService(browsers: Map<string, ReturnType<typeof browserKeys>>) {
  const received: Received[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const url = new URL(req.url);
    const body = Buffer.from(await req.arrayBuffer());
    if (url.pathname.startsWith("/gone/")) return new Response(null, { status: 410 });
    const m = /^vapid t=([^,]+),\s*k=([A-Za-z0-9_-]+)$/.exec(
      req.headers.get("authorization") ?? "",
    );
    if (!m) return new Response("no vapid", { status: 401 });
    const k = Buffer.from(m[2], "base64url");
    assert.equal(k.length, 65);
    assert.equal(decodeProtectedHeader(m[1]).alg, "ES256");
    const key = await importJWK({
      kty: "EC",
      crv: "P-256",
      x: k.subarray(1, 33).toString("base64url"),
      y: k.subarray(33).toString("base64url"),
    }, "ES256");
    const { payload: jwt } = await jwtVerify(m[1], key, { audience: url.origin });
    assert.equal(req.headers.get("content-encoding"), "aes128gcm");
    const b = browsers.get(url.pathname)!;
    const plain = ece.decrypt(body, {
      version: "aes128gcm",
      privateKey: b.ecdh,
      authSecret: b.auth.toString("base64url"),
    });
    received.push({
      path: url.pathname,
      payload: JSON.parse(plain.toString("utf8")),
      ttl: req.headers.get("ttl"),
      urgency: req.headers.get("urgency"),
      jwt: jwt as Received["jwt"],
    });
    return new Response(null, { status: 201 });
  });
  return { base: `http://127.0.0.1:${server.addr.port}`, received, stop: () => server.shutdown() };
}
