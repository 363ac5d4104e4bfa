import assert from "node:assert/strict";
import { hashPassword, passwordProblem, verifyPassword } from "./password.ts";

const FAST = { N: 1024, p: 1 };

Deno.test("scrypt hash verifies the right password only", async () => {
  const hash = await hashPassword("correct horse battery", FAST);
  assert.match(hash, /^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
  assert.equal(await verifyPassword("correct horse battery", hash), true);
  assert.equal(await verifyPassword("correct horse batterY", hash), false);
});

Deno.test("same password, different salts", async () => {
  assert.notEqual(
    await hashPassword("x".repeat(12), FAST),
    await hashPassword("x".repeat(12), FAST),
  );
});

Deno.test("Unicode is normalized (NFC) before hashing", async () => {
  const hash = await hashPassword("perch\u00e9-password", FAST);
  assert.equal(await verifyPassword("perche\u0301-password", hash), true);
});

Deno.test("malformed stored hashes never verify", async () => {
  for (const bad of ["", "plain", "bcrypt$x", "scrypt$1$2$3$4"]) {
    assert.equal(await verifyPassword("anything", bad), false, bad);
  }
});

Deno.test("password rules", () => {
  assert.equal(passwordProblem("short"), "password.tooShort");
  assert.equal(passwordProblem("a".repeat(201)), "password.tooLong");
  assert.equal(passwordProblem("aaaaaaaaaaaa"), "password.tooSimple");
  assert.equal(
    passwordProblem("mario.rossi-2026!", "mario.rossi@example.it"),
    "password.containsEmail",
  );
  assert.equal(passwordProblem("Piazza-Demo-2026"), null);
});
