import assert from "node:assert/strict";
import { decodeJwt, decodeProtectedHeader, exportPKCS8, generateKeyPair, jwtVerify } from "jose";
import {
  ASSERTION_SECONDS,
  assertionAudience,
  assertionClaims,
  CLIENT_ASSERTION_TYPE,
  clientAssertion,
  tokenRequestBody,
  VoucherSource,
} from "./pdnd.ts";

const settings = {
  tokenUrl: "https://auth.uat.interop.pagopa.it/token.oauth2",
  clientId: "e58035ce-c753-4f72-b613-46f8a17b71cc",
  kid: "kid-1",
  purposeId: "purpose-1",
  audience: "auth.uat.interop.pagopa.it/client-assertion",
};

Deno.test("client assertion: header kid/alg/typ, iss = sub = clientId, aud, jti, iat, exp, purposeId", async () => {
  assert.equal(assertionAudience(settings.tokenUrl), settings.audience);
  assert.equal(
    assertionAudience("https://auth.interop.pagopa.it/token.oauth2"),
    "auth.interop.pagopa.it/client-assertion",
  );
  const c = assertionClaims(settings, 1767225600, "jti-1");
  assert.deepEqual(c, {
    iss: settings.clientId,
    sub: settings.clientId,
    aud: settings.audience,
    jti: "jti-1",
    iat: 1767225600,
    exp: 1767225600 + ASSERTION_SECONDS,
    purposeId: "purpose-1",
  });
  const keys = await generateKeyPair("RS256", { extractable: true });
  const jwt = await clientAssertion({
    ...settings,
    privateKey: await exportPKCS8(keys.privateKey),
  });
  assert.deepEqual(decodeProtectedHeader(jwt), { alg: "RS256", kid: "kid-1", typ: "JWT" });
  const { payload } = await jwtVerify(jwt, keys.publicKey, {
    issuer: settings.clientId,
    subject: settings.clientId,
    audience: settings.audience,
  });
  assert.equal(payload.purposeId, "purpose-1");
  assert.match(payload.jti!, /^[0-9a-f-]{36}$/);
  assert.equal(payload.exp! - payload.iat!, ASSERTION_SECONDS);
  const other = decodeJwt(await clientAssertion({ ...settings, privateKey: keys.privateKey }));
  assert.notEqual(other.jti, payload.jti);
});

Deno.test("token request is the form of pdnd-auth-server-token-api.yaml", () => {
  const f = tokenRequestBody("cid", "a.b.c");
  assert.deepEqual(Object.fromEntries(f), {
    client_id: "cid",
    client_assertion: "a.b.c",
    client_assertion_type: CLIENT_ASSERTION_TYPE,
    grant_type: "client_credentials",
  });
});

Deno.test("vouchers are cached until shortly before expiry, then renewed", async () => {
  const keys = await generateKeyPair("RS256");
  let now = 1_800_000_000_000;
  let calls = 0;
  const src = new VoucherSource({ ...settings, privateKey: keys.privateKey }, (_u, init) => {
    calls++;
    assert.equal(
      new Headers(init?.headers).get("content-type"),
      "application/x-www-form-urlencoded",
    );
    return Promise.resolve(
      Response.json({ access_token: `v${calls}`, token_type: "Bearer", expires_in: 600 }),
    );
  }, () => now);
  assert.equal(await src.get(), "v1");
  now += 500_000;
  assert.equal(await src.get(), "v1");
  now += 80_000; // 20 s left: inside the renewal margin
  assert.equal(await src.get(), "v2");
  src.invalidate();
  assert.equal(await src.get(), "v3");
  const [a, b] = await Promise.all([
    (src.invalidate(), src.get()),
    src.get(),
  ]);
  assert.equal(a, b);
  assert.equal(calls, 4);
});
