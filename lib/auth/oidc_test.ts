import assert from "node:assert/strict";
import { SignJWT } from "jose";
import { readFlow } from "./oidc.ts";
import { signSession } from "./tokens.ts";

const SECRET = new TextEncoder().encode("oidc-test-secret-0123456789abcdef0123456789");
const OTHER = new TextEncoder().encode("another-secret-0123456789abcdef0123456789ab");
const FLOW = { verifier: "v".repeat(43), state: "s-1", nonce: "n-1", next: "/famiglie" };

function flowToken(payload: Record<string, unknown>, secret = SECRET, exp = "10m") {
  return new SignJWT(payload).setProtectedHeader({ alg: "HS256" }).setIssuedAt()
    .setAudience("piazza-oidc-flow").setExpirationTime(exp).sign(secret);
}

Deno.test("flow cookie: a genuine one is read back", async () => {
  assert.deepEqual(await readFlow(await flowToken(FLOW), SECRET), FLOW);
});

Deno.test("flow cookie: absent, forged, expired or malformed is refused", async () => {
  assert.equal(await readFlow(undefined, SECRET), null);
  assert.equal(await readFlow("not-a-jwt", SECRET), null);
  assert.equal(await readFlow(await flowToken(FLOW, OTHER), SECRET), null);
  const expired = await new SignJWT(FLOW).setProtectedHeader({ alg: "HS256" })
    .setAudience("piazza-oidc-flow").setExpirationTime(Math.floor(Date.now() / 1000) - 60)
    .sign(SECRET);
  assert.equal(await readFlow(expired, SECRET), null);
  assert.equal(await readFlow(await flowToken({ ...FLOW, state: 5 }), SECRET), null);
});

Deno.test("flow cookie: a session token (other audience) cannot stand in for it", async () => {
  const session = await signSession(
    {
      sub: "u",
      role: "authenticated",
      session_id: "s",
      app_metadata: { tenant_id: null, roles: ["family"] },
      user_metadata: {},
    } as Parameters<typeof signSession>[0],
    SECRET,
  );
  assert.equal(await readFlow(session, SECRET), null);
});

Deno.test("flow cookie: a missing `next` reads as null", async () => {
  const { next: _, ...rest } = FLOW;
  assert.equal((await readFlow(await flowToken(rest), SECRET))?.next, null);
});
