import assert from "node:assert/strict";
import {
  centsToDecimal,
  compareDeclared,
  decimalToCents,
  ESITI,
  ESITO_INFO,
  kindOf,
  normalizeDsuProtocol,
  parseEuroInput,
  prestazioneFor,
  tipoOf,
  validUntil,
} from "./codes.ts";
import { ESITO_ERROR, InpsError } from "./errors.ts";

Deno.test("PrestazioneDaErogare follows the service kind", () => {
  assert.equal(prestazioneFor("canteen"), "A2.12");
  assert.equal(prestazioneFor("nursery"), "A3.03");
  assert.equal(prestazioneFor("transport"), "A1.16");
  assert.equal(prestazioneFor("pre_school"), "A2.11");
  assert.equal(prestazioneFor("post_school"), "A2.11");
  assert.equal(prestazioneFor("summer_camp"), "Z9.99");
  assert.equal(prestazioneFor(null), "Z9.99");
});

Deno.test("decimals become exact integer cents, no float drift", () => {
  assert.equal(decimalToCents("12804.88"), 1280488);
  assert.equal(decimalToCents("0.29"), 29); // 0.29 * 100 = 28.999999999999996 in floats
  assert.equal(decimalToCents("1.15"), 115);
  assert.equal(decimalToCents("12804.8"), 1280480);
  assert.equal(decimalToCents("12804"), 1280400);
  assert.equal(decimalToCents("12804."), 1280400);
  assert.equal(decimalToCents(".5"), 50);
  assert.equal(decimalToCents("+7.10"), 710);
  assert.equal(decimalToCents("7.100"), 710);
  assert.equal(decimalToCents("99999999.99"), 9999999999);
  for (const bad of ["", ".", "-1.00", "1.001", "1,5", "abc", "1e3", " "]) {
    assert.equal(decimalToCents(bad), null, bad);
  }
  assert.equal(centsToDecimal(1280488), "12804.88");
  assert.equal(centsToDecimal(5), "0.05");
  assert.throws(() => centsToDecimal(-1));
  assert.throws(() => centsToDecimal(1.5));
});

Deno.test("amounts typed by people: Italian and plain forms", () => {
  assert.equal(parseEuroInput("12.804,88"), 1280488);
  assert.equal(parseEuroInput("12804,88"), 1280488);
  assert.equal(parseEuroInput("12804.88"), 1280488);
  assert.equal(parseEuroInput("12 804,88 €"), 1280488);
  assert.equal(parseEuroInput("1.234.567"), 123456700);
  assert.equal(parseEuroInput("0,29"), 29);
  for (const bad of ["", "abc", "-5", "1,234,5", "12,3456"]) {
    assert.equal(parseEuroInput(bad), null);
  }
});

Deno.test("DSU protocol INPS-ISEE-AAAA-NNNNNNNNX-NN", () => {
  assert.equal(
    normalizeDsuProtocol(" inps-isee-2026-00123456a-00 "),
    "INPS-ISEE-2026-00123456A-00",
  );
  for (
    const bad of [
      "INPS-ISEE-26-00123456A-00",
      "INPS-ISEE-2026-0012345A-00",
      "INPS-ISEE-2026-00123456-00",
      "INPS-ISEE-2026-00123456A-0",
      "INPS-ISED-2026-00123456A-00",
    ]
  ) assert.equal(normalizeDsuProtocol(bad), null, bad);
});

Deno.test("TipoIndicatore ↔ kind, validity to 31 December of the DSU's year", () => {
  assert.equal(kindOf("Minorenne"), "minorenni");
  assert.equal(kindOf("Ordinario"), "ordinario");
  assert.equal(kindOf("SocioSanitario"), "socio_sanitario");
  assert.equal(kindOf("Boh"), null);
  assert.equal(tipoOf("minorenni"), "Minorenne");
  assert.equal(tipoOf("corrente"), null);
  assert.equal(validUntil("2026-01-15"), "2026-12-31");
  assert.equal(validUntil("2025-12-31"), "2025-12-31");
});

Deno.test("every Esito has an Italian message; only offline/internal are transient", () => {
  for (const e of ESITI) assert.ok(ESITO_INFO[e].it.length > 20, e);
  assert.deepEqual(ESITI.filter((e) => ESITO_INFO[e].transient), [
    "DATABASE_OFFLINE",
    "ERRORE_INTERNO",
  ]);
  const offline = new InpsError(ESITO_ERROR.DATABASE_OFFLINE);
  assert.equal(offline.status, 503);
  assert.equal(offline.transient, true);
  assert.match(offline.it, /non è al momento disponibile/);
  assert.equal(new InpsError(ESITO_ERROR.RICHIESTA_INVALIDA).transient, false);
  assert.equal(new InpsError("timeout").status, 504);
});

Deno.test("a self-declared ISEE is compared to the cent and by DSU", () => {
  const inps = { value_cents: 1280488, protocol: "INPS-ISEE-2026-00123456A-00" };
  assert.deepEqual(compareDeclared({ value_cents: 1280488, protocol: inps.protocol }, inps), {
    status: "valid",
    difference_cents: 0,
    protocol_matches: true,
  });
  assert.equal(
    compareDeclared({ value_cents: 1200000, protocol: inps.protocol }, inps).difference_cents,
    80488,
  );
  assert.equal(
    compareDeclared({ value_cents: 1280488, protocol: "INPS-ISEE-2026-00000001A-00" }, inps).status,
    "mismatch",
  );
});
