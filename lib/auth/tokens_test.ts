import assert from "node:assert/strict";
import { SignJWT } from "jose";
import { randomToken, sha256Hex, signSession, verifySession } from "./tokens.ts";

const secret = new TextEncoder().encode("k".repeat(40));
const claims = {
  sub: "6f1c1d2e-0000-4000-8000-000000000001",
  role: "authenticated" as const,
  session_id: "6f1c1d2e-0000-4000-8000-000000000002",
  app_metadata: { tenant_id: "6f1c1d2e-0000-4000-8000-000000000003", roles: ["operator" as const] },
};

Deno.test("a signed session token round-trips in the Supabase claim shape", async () => {
  const token = await signSession(claims, secret);
  const back = await verifySession(token, secret);
  assert.equal(back?.sub, claims.sub);
  assert.deepEqual(back?.app_metadata, claims.app_metadata);
  assert.equal(back?.role, "authenticated");
  assert.ok(back!.exp! > back!.iat!);
});

Deno.test("expired, forged, unsigned and tampered tokens are rejected", async () => {
  const expired = await new SignJWT({ ...claims }).setProtectedHeader({ alg: "HS256" })
    .setAudience("authenticated").setIssuedAt(1_600_000_000).setExpirationTime(1_600_000_100).sign(
      secret,
    );
  assert.equal(await verifySession(expired, secret), null);
  const forged = await signSession(claims, new TextEncoder().encode("x".repeat(40)));
  assert.equal(await verifySession(forged, secret), null);
  const [, payload] = (await signSession(claims, secret)).split(".");
  const none = `${btoa(JSON.stringify({ alg: "none" })).replace(/=+$/, "")}.${payload}.`;
  assert.equal(await verifySession(none, secret), null);
  const good = await signSession(claims, secret);
  const [h, p, s] = good.split(".");
  const tampered = JSON.parse(atob(p.replace(/-/g, "+").replace(/_/g, "/")));
  tampered.app_metadata.roles = ["admin"];
  const p2 = btoa(JSON.stringify(tampered)).replace(/=+$/, "").replace(/\+/g, "-").replace(
    /\//g,
    "_",
  );
  assert.equal(await verifySession(`${h}.${p2}.${s}`, secret), null);
  assert.equal(await verifySession("garbage", secret), null);
});

Deno.test("random tokens are url-safe and distinct; sha256 is hex", async () => {
  const a = randomToken(), b = randomToken();
  assert.match(a, /^[A-Za-z0-9_-]{43}$/);
  assert.notEqual(a, b);
  assert.equal(
    await sha256Hex("abc"),
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  );
});
