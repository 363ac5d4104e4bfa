import assert from "node:assert/strict";
import { validateCodiceFiscale, validateCodiceNumerico, validateIstatCode } from "../codes/mod.ts";
import { DEMO_TENANT, DEMO_USERS } from "./demo.ts";

Deno.test("demo Ente codes pass the official checks", () => {
  assert.equal(validateCodiceNumerico(DEMO_TENANT.taxCode).ok, true);
  assert.equal(validateIstatCode(DEMO_TENANT.istatCode).ok, true);
});

Deno.test("every demo person has a valid codice fiscale coherent with their name", () => {
  for (const u of DEMO_USERS) {
    const [name, surname] = u.fullName.split(" ");
    const r = validateCodiceFiscale(u.taxCode, { expected: { name, surname } });
    assert.equal(r.ok, true, `${u.fullName}: ${u.taxCode} ${JSON.stringify(r)}`);
  }
});

Deno.test("demo e-mails are unique", () => {
  assert.equal(new Set(DEMO_USERS.map((u) => u.email.toLowerCase())).size, DEMO_USERS.length);
});
