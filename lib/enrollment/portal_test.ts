import assert from "node:assert/strict";
import { generateCodiceFiscale } from "../codes/mod.ts";
import {
  checkDocument,
  cleanFileName,
  DECLARATIONS,
  MAX_DOCUMENT_BYTES,
  parseContacts,
  parseDeclarations,
  parseNewChild,
  resumeStep,
  sniffDocument,
  windowState,
} from "./portal.ts";

const OPENS = "2026-11-15T08:00:00.000Z";
const CLOSES = "2027-03-31T21:59:00.000Z";

Deno.test("windowState: before, during, after, and a service without a window", () => {
  const cases: [string, string][] = [
    ["2026-11-15T07:59:59Z", "upcoming"],
    ["2026-11-15T08:00:00Z", "open"],
    ["2026-11-28T10:00:00Z", "open"],
    ["2027-03-31T21:59:00Z", "open"],
    ["2027-03-31T21:59:01Z", "closed"],
  ];
  for (const [now, state] of cases) {
    assert.equal(windowState(OPENS, CLOSES, new Date(now)).state, state, now);
  }
  assert.deepEqual(windowState(null, null), { state: "none" });
  assert.deepEqual(windowState(OPENS, CLOSES, new Date("2026-01-01T00:00:00Z")), {
    state: "upcoming",
    opens: OPENS,
  });
});

Deno.test("resumeStep: the first step a draft still needs", () => {
  const base = { hasApplicant: true, items: [], hasDeclarations: false };
  assert.equal(resumeStep({ ...base, hasApplicant: false }), "richiedente");
  assert.equal(resumeStep(base), "bambini");
  assert.equal(
    resumeStep({
      ...base,
      items: [{ id: "a", detailsDone: true }, { id: "b", detailsDone: false }],
    }),
    "dettagli/b",
  );
  assert.equal(resumeStep({ ...base, items: [{ id: "a", detailsDone: true }] }), "dichiarazioni");
  assert.equal(
    resumeStep({ ...base, items: [{ id: "a", detailsDone: true }], hasDeclarations: true }),
    "riepilogo",
  );
});

Deno.test("parseDeclarations: all required, each stamped with the time it was accepted", () => {
  const now = new Date("2026-11-28T09:00:00Z");
  const all = Object.fromEntries(DECLARATIONS.map((d) => [`decl_${d.code}`, "on"]));
  const ok = parseDeclarations(all, now);
  assert.ok(ok.ok);
  assert.equal(ok.value.privacy, "2026-11-28T09:00:00.000Z");
  assert.equal(Object.keys(ok.value).length, DECLARATIONS.length);
  const missing = parseDeclarations({ ...all, decl_privacy: undefined }, now);
  assert.ok(!missing.ok);
  assert.deepEqual(Object.keys(missing.errors), ["decl_privacy"]);
  assert.match(missing.errors.decl_privacy.it, /privacy/);
});

Deno.test("parseContacts: e-mail required and valid, mobile optional but a number", () => {
  assert.deepEqual(parseContacts({ email: " chiara@posta.example ", mobile: "" }), {
    ok: true,
    value: { email: "chiara@posta.example" },
  });
  const bad = parseContacts({ email: "chiara", mobile: "abc" });
  assert.ok(!bad.ok);
  assert.match(bad.errors.email.it, /non è valido/);
  assert.match(bad.errors.mobile.it, /cellulare/);
  const none = parseContacts({});
  assert.ok(!none.ok);
  assert.match(none.errors.email.it, /Indica/);
});

Deno.test("parseNewChild: the codice fiscale must match the child's data", () => {
  const cf = generateCodiceFiscale({
    surname: "Bianchi",
    name: "Giulia",
    birthDate: "2023-03-04",
    sex: "F",
    placeCode: "D612",
  });
  const body = {
    child_surname: "Bianchi",
    child_name: "Giulia",
    child_birth_date: "2023-03-04",
    child_sex: "F",
    child_tax_code: cf.toLowerCase(),
  };
  const ok = parseNewChild(body, "2026-11-28");
  assert.ok(ok.ok);
  assert.equal(ok.value.tax_code, cf);

  const wrongDate = parseNewChild({ ...body, child_birth_date: "2023-03-05" }, "2026-11-28");
  assert.ok(!wrongDate.ok);
  assert.match(wrongDate.errors.child_tax_code.it, /data di nascita/);

  const wrongSex = parseNewChild({ ...body, child_sex: "M" }, "2026-11-28");
  assert.ok(!wrongSex.ok);
  assert.match(wrongSex.errors.child_tax_code.it, /sesso/);

  const checksum = parseNewChild(
    { ...body, child_tax_code: cf.slice(0, 15) + (cf[15] === "A" ? "B" : "A") },
    "2026-11-28",
  );
  assert.ok(!checksum.ok);
  assert.match(checksum.errors.child_tax_code.it, /controllo/);

  const future = parseNewChild({ ...body, child_birth_date: "2027-01-01" }, "2026-11-28");
  assert.ok(!future.ok);
  assert.match(future.errors.child_birth_date.it, /futuro/);

  const empty = parseNewChild({}, "2026-11-28");
  assert.ok(!empty.ok);
  assert.deepEqual(Object.keys(empty.errors).sort(), [
    "child_birth_date",
    "child_name",
    "child_sex",
    "child_surname",
    "child_tax_code",
  ]);
});

const PDF = new TextEncoder().encode("%PDF-1.7\n%âãÏÓ\n1 0 obj\n");
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16]);
const CERT = { it: "certificato", en: "certificate" };

Deno.test("sniffDocument and checkDocument: the bytes decide, and the size is capped", () => {
  assert.equal(sniffDocument(PDF), "application/pdf");
  assert.equal(sniffDocument(PNG), "image/png");
  assert.equal(sniffDocument(JPEG), "image/jpeg");
  assert.equal(sniffDocument(new TextEncoder().encode("MZ\x90\x00 not a pdf")), null);
  assert.deepEqual(checkDocument(PDF, CERT), { ok: true, value: "application/pdf" });

  const exe = checkDocument(new TextEncoder().encode("GIF89a"), CERT);
  assert.ok(!exe.ok);
  assert.match(exe.errors.file.it, /PDF, JPEG o PNG/);

  const big = new Uint8Array(MAX_DOCUMENT_BYTES + 1);
  big.set(PDF);
  const tooBig = checkDocument(big, CERT);
  assert.ok(!tooBig.ok);
  assert.match(tooBig.errors.file.it, /supera il massimo di 5 MB \(pesa 5,0 MB\)/);

  const empty = checkDocument(new Uint8Array(), CERT);
  assert.ok(!empty.ok);
  assert.match(empty.errors.file.it, /vuoto/);
});

Deno.test("cleanFileName: no paths or markup, a default when nothing is left", () => {
  assert.equal(
    cleanFileName("C:\\Users\\x\\certificato.pdf", "application/pdf"),
    "certificato.pdf",
  );
  assert.equal(cleanFileName("../../etc/<x>.png", "image/png"), "x.png");
  assert.equal(cleanFileName("", "image/jpeg"), "documento.jpg");
});
