import assert from "node:assert/strict";
import {
  checkAddress,
  type Checked,
  checkEmail,
  checkEnteTaxCode,
  checkIstatCode,
  checkName,
  checkPersonTaxCode,
  checkPhone,
  checkRole,
  checkWebsite,
  collect,
  optional,
} from "./rules.ts";

function accepts<T>(r: Checked<T>, value: T, label: string) {
  assert.ok(r.ok, `${label}: ${r.ok ? "" : r.problem.it}`);
  assert.deepEqual(r.value, value, label);
}

function refuses<T>(r: Checked<T>, code: string, label: string) {
  assert.equal(r.ok, false, label);
  if (!r.ok) {
    assert.equal(r.problem.code, code, label);
    assert.ok(r.problem.it.length > 10 && r.problem.en.length > 10, label);
  }
}

Deno.test("e-mail and PEC addresses: whole addresses only, lowercased", () => {
  accepts(
    checkEmail(" Giulia.Bianchi@Comune.Valdiponte.example "),
    "giulia.bianchi@comune.valdiponte.example",
    "trim+lower",
  );
  accepts(
    checkEmail("protocollo@pec.comune.roma.it", "pec"),
    "protocollo@pec.comune.roma.it",
    "pec",
  );
  accepts(checkEmail("nome+filtro@posta.it"), "nome+filtro@posta.it", "plus");
  for (
    const bad of [
      "",
      "nome",
      "nome@",
      "@posta.it",
      "nome@posta",
      "nome@posta.i",
      "a b@posta.it",
      "nome@-posta.it",
      "nome@posta..it",
      "<a>@posta.it",
    ]
  ) {
    refuses(checkEmail(bad), "email", JSON.stringify(bad));
  }
  refuses(checkEmail("protocollo@pec", "pec"), "pec", "pec without domain");
});

Deno.test("website: http(s) with a host name, no credentials", () => {
  accepts(
    checkWebsite(" https://www.comune.valdiponte.example "),
    "https://www.comune.valdiponte.example",
    "https",
  );
  accepts(
    checkWebsite("http://comune.esempio.it/servizi?x=1"),
    "http://comune.esempio.it/servizi?x=1",
    "http path",
  );
  for (
    const bad of [
      "www.comune.it",
      "javascript:alert(1)",
      "ftp://comune.it",
      "https://localhost",
      "https://user:pw@comune.it",
      "",
    ]
  ) {
    refuses(checkWebsite(bad), "website", bad);
  }
});

Deno.test("phone, address and names", () => {
  accepts(checkPhone(" +39 055  123 4567 "), "+39 055 123 4567", "phone");
  accepts(checkPhone("(055) 12.34.56"), "(055) 12.34.56", "brackets");
  for (const bad of ["12", "chiamami", "+39 055 123 4567 int. 2", ""]) {
    refuses(checkPhone(bad), "phone", bad);
  }
  accepts(
    checkAddress("Piazza del Municipio 1,\n 50099 Valdiponte"),
    "Piazza del Municipio 1, 50099 Valdiponte",
    "address",
  );
  refuses(checkAddress("Via"), "address", "short");
  accepts(checkName("  Comune   di Valdiponte ", "ente"), "Comune di Valdiponte", "ente");
  refuses(checkName("X", "person"), "name", "one letter");
  refuses(checkName("x".repeat(201), "ente"), "name", "too long");
});

Deno.test("the Ente's codice fiscale: 11 digits, valid check digit, never a temporary code", () => {
  // Comune di Roma (partita IVA 02438750586) and the demo Comune (non-VAT body, 80…).
  accepts(checkEnteTaxCode("02438750586"), "02438750586", "Roma");
  accepts(checkEnteTaxCode(" 800 0431 0241 "), "80004310241", "spaces");
  refuses(checkEnteTaxCode("80004310242"), "tax_code.checksum", "check digit");
  refuses(checkEnteTaxCode("8000431024"), "tax_code.length", "10 digits");
  refuses(checkEnteTaxCode(""), "tax_code.empty", "empty");
});

Deno.test("ISTAT code: 6 digits, numeric form padded", () => {
  accepts(checkIstatCode("058091"), "058091", "Roma");
  accepts(checkIstatCode("1272"), "001272", "Torino, numeric form");
  refuses(checkIstatCode("000123"), "istat_code.province", "province 000");
  refuses(checkIstatCode("05809A"), "istat_code.non_numeric", "letter");
});

Deno.test("a person's codice fiscale, optional fields and roles", () => {
  accepts(checkPersonTaxCode("bncgli80a41d612g"), "BNCGLI80A41D612G", "lowercase");
  refuses(checkPersonTaxCode("BNCGLI80A41D612X"), "tax_code.checksum", "check character");
  accepts(optional("  ", checkPersonTaxCode), null, "empty is null");
  accepts(checkRole("teacher"), "teacher", "role");
  refuses(checkRole("superadmin"), "role", "superadmin is not a member role");
});

Deno.test("collect gathers values and messages in the page's language", () => {
  const { values, errors } = collect("en", {
    email: checkEmail("a@b.it"),
    pec: checkEmail("x", "pec"),
  });
  assert.equal(values.email, "a@b.it");
  assert.deepEqual(Object.keys(errors), ["pec"]);
  assert.match(errors.pec, /^The PEC address is not valid/);
});
