import assert from "node:assert/strict";
import {
  base32Decode,
  base32Encode,
  groupToken,
  normalizeToken,
  signCardToken,
  TOKEN_PREFIX,
  verifyCardToken,
} from "./qr.ts";

const SECRET = new TextEncoder().encode("test-secret-0123456789abcdef0123456789abcdef");
const OTHER = new TextEncoder().encode("another-secret-0123456789abcdef0123456789ab");
const WHO = {
  tenantId: "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b",
  enrollmentId: "0e9d8c7b-6a59-4483-b2a1-f0e1d2c3b4a5",
};

Deno.test("qr: base32 round-trips every byte length", () => {
  for (let n = 0; n < 50; n++) {
    const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 255);
    assert.deepEqual(base32Decode(base32Encode(bytes)), bytes);
  }
  assert.equal(base32Decode("U"), null, "U is not in Crockford's alphabet");
});

Deno.test("qr: a signed token verifies back to tenant and enrollment", async () => {
  const token = await signCardToken(SECRET, WHO);
  assert.ok(token.startsWith(TOKEN_PREFIX));
  assert.match(token, /^[0-9A-Z]+$/, "alphanumeric QR mode");
  assert.equal(token.length, 71);
  assert.deepEqual(await verifyCardToken(SECRET, token), { ok: true, ...WHO });
  // Deterministic: a reprinted card carries the same token.
  assert.equal(await signCardToken(SECRET, WHO), token);
});

Deno.test("qr: the token carries no identifier in clear", async () => {
  const token = await signCardToken(SECRET, WHO);
  for (const part of [...WHO.tenantId.split("-"), ...WHO.enrollmentId.split("-")]) {
    assert.ok(!token.toLowerCase().includes(part), part);
  }
});

Deno.test("qr: every altered character, another secret, truncation fail", async () => {
  const token = await signCardToken(SECRET, WHO);
  for (let i = TOKEN_PREFIX.length; i < token.length; i++) {
    const ch = token[i] === "A" ? "B" : "A";
    const bad = token.slice(0, i) + ch + token.slice(i + 1);
    const r = await verifyCardToken(SECRET, bad);
    assert.equal(r.ok, false, `position ${i}`);
  }
  assert.deepEqual(await verifyCardToken(OTHER, token), { ok: false, error: "bad_signature" });
  assert.deepEqual(await verifyCardToken(SECRET, token.slice(0, -1)), {
    ok: false,
    error: "malformed",
  });
  assert.deepEqual(await verifyCardToken(SECRET, "RSSMRA80A01H501U"), {
    ok: false,
    error: "malformed",
  });
  assert.deepEqual(await verifyCardToken(SECRET, ""), { ok: false, error: "malformed" });
});

Deno.test("qr: the printed, grouped code typed by hand verifies", async () => {
  const token = await signCardToken(SECRET, WHO);
  const printed = groupToken(token);
  assert.match(printed, /^PZ1. /);
  const typed = ` ${printed.toLowerCase().replaceAll("0", "o").replaceAll("1", "l")} `;
  assert.equal(normalizeToken(typed), token);
  assert.deepEqual(await verifyCardToken(SECRET, typed), { ok: true, ...WHO });
  assert.equal((await verifyCardToken(SECRET, printed.replaceAll(" ", "-"))).ok, true);
});
