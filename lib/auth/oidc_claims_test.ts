import assert from "node:assert/strict";
import { emailFrom, fiscalNumberFrom, fullNameFrom, mergeClaims } from "./oidc_claims.ts";

const CF = "RSSMRA85T10A562S";

Deno.test("fiscal number: SPID fiscalNumber with the TINIT- prefix", () => {
  assert.deepEqual(fiscalNumberFrom({ fiscalNumber: `TINIT-${CF}` }), {
    ok: true,
    value: CF,
    canonical: CF,
  });
});

Deno.test("fiscal number: plain fiscal_number, lower case and spaces are normalised", () => {
  const r = fiscalNumberFrom({ fiscal_number: " rssmra 85t10 a562s " });
  assert.equal(r.ok && r.value, CF);
});

Deno.test("fiscal number: the CIE attribute URI is read too", () => {
  const r = fiscalNumberFrom({ "https://attributes.eid.gov.it/fiscal_number": `TINIT-${CF}` });
  assert.equal(r.ok && r.value, CF);
});

Deno.test("fiscal number: an omocodic code keeps its value and gives the canonical form", () => {
  const r = fiscalNumberFrom({ fiscal_number: "RSSMRA85T10A56NH" });
  assert.ok(r.ok);
  assert.equal(r.value, "RSSMRA85T10A56NH");
  assert.equal(r.canonical, CF);
});

Deno.test("fiscal number: missing, empty or non-string claims", () => {
  assert.deepEqual(fiscalNumberFrom({}), { ok: false, reason: "missing" });
  assert.deepEqual(fiscalNumberFrom({ fiscal_number: "  " }), { ok: false, reason: "missing" });
  assert.deepEqual(fiscalNumberFrom({ fiscal_number: 123 }), { ok: false, reason: "missing" });
});

Deno.test("fiscal number: a foreign TIN is refused as foreign", () => {
  const r = fiscalNumberFrom({ fiscalNumber: "TINDE-12345678901" });
  assert.equal(!r.ok && r.reason, "foreign");
});

Deno.test("fiscal number: wrong check character, wrong length, numeric codes are invalid", () => {
  for (const v of ["RSSMRA85T10A562T", "RSSMRA85T10A562", "TINIT-01234567890", "12345678901"]) {
    const r = fiscalNumberFrom({ fiscal_number: v });
    assert.equal(!r.ok && r.reason, "invalid", v);
  }
});

Deno.test("fiscal number: the first named claim that is present wins", () => {
  const r = fiscalNumberFrom({ fiscal_number: CF, fiscalNumber: "TINIT-XXXXXX00X00X000X" });
  assert.equal(r.ok && r.value, CF);
});

Deno.test("email: lower-cased, malformed or absent gives null", () => {
  assert.equal(emailFrom({ email: " Mario.Rossi@Posta.Example " }), "mario.rossi@posta.example");
  assert.equal(emailFrom({ email: "not-an-email" }), null);
  assert.equal(emailFrom({ email: 5 }), null);
  assert.equal(emailFrom({}), null);
});

Deno.test("full name: given + family, SPID familyName, name, or null", () => {
  assert.equal(fullNameFrom({ given_name: "Mario", family_name: "Rossi" }), "Mario Rossi");
  assert.equal(fullNameFrom({ given_name: "Mario", familyName: "Rossi" }), "Mario Rossi");
  assert.equal(fullNameFrom({ name: "Mario Rossi" }), "Mario Rossi");
  assert.equal(fullNameFrom({ name: "M" }), null);
  assert.equal(fullNameFrom({}), null);
});

Deno.test("merge: the signed ID token wins over userinfo", () => {
  assert.deepEqual(
    mergeClaims({ sub: "a", email: "x@y.it" }, { sub: "a", email: "z@y.it", fiscal_number: CF }),
    { sub: "a", email: "x@y.it", fiscal_number: CF },
  );
  assert.deepEqual(mergeClaims({ sub: "a" }, null), { sub: "a" });
});
