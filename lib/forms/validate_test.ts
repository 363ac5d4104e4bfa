import assert from "node:assert/strict";
import { parseDefinition } from "./definition.ts";
import { CANTEEN_FORM_FIELDS } from "./examples.ts";
import { type RawValues, validateSubmission } from "./validate.ts";

const def = parseDefinition({ fields: CANTEEN_FORM_FIELDS });
const PDF = new TextEncoder().encode("%PDF-1.7\n");
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]);
const MB = 1024 * 1024;

const GOOD: RawValues = {
  codice_fiscale_alunno: "bncgli80a41d612g",
  data_nascita: "2019-03-14",
  allergie: "no",
  fratelli_iscritti: "1",
  email_avvisi: " Famiglia.Rossi@Posta.Example ",
  cellulare: "+39 333 123 4567",
  consenso: "on",
};

/** The Italian message for each field in error. */
function errorsOf(raw: RawValues): Record<string, string> {
  const r = validateSubmission(def, raw);
  if (r.ok) return {};
  return Object.fromEntries(Object.entries(r.errors).map(([k, m]) => [k, m.it]));
}

Deno.test("a complete submission gives typed, normalized values", () => {
  const r = validateSubmission(def, GOOD);
  assert.ok(r.ok, JSON.stringify(r));
  assert.deepEqual(r.values, {
    codice_fiscale_alunno: "BNCGLI80A41D612G",
    data_nascita: "2019-03-14",
    allergie: "no",
    dieta_etico_religiosa: null,
    fratelli_iscritti: 1,
    email_avvisi: "famiglia.rossi@posta.example",
    cellulare: "+39 333 123 4567",
    consenso: true,
  });
});

Deno.test("an empty submission names every required field, in Italian", () => {
  assert.deepEqual(errorsOf({}), {
    codice_fiscale_alunno: "Compila il campo «Codice fiscale dell'alunno».",
    data_nascita: "Compila il campo «Data di nascita dell'alunno».",
    allergie: "Scegli una risposta per «L'alunno ha allergie o intolleranze alimentari?».",
    consenso:
      "Per proseguire seleziona «Ho letto l'informativa sul trattamento dei dati personali».",
  });
  const r = validateSubmission(def, {});
  assert.ok(!r.ok);
  assert.equal(
    r.errors.allergie.en,
    "Choose an answer for «L'alunno ha allergie o intolleranze alimentari?».",
  );
});

Deno.test("conditional fields are required only when shown, and dropped when hidden", () => {
  assert.deepEqual(errorsOf({ ...GOOD, allergie: "si" }), {
    allergie_dettaglio: "Compila il campo «Descrivi allergie e intolleranze».",
    certificato: "Allega il file richiesto in «Certificato medico».",
  });
  const hidden = validateSubmission(def, { ...GOOD, allergie_dettaglio: "Arachidi" });
  assert.ok(hidden.ok);
  assert.equal("allergie_dettaglio" in hidden.values, false, "a hidden field's value is dropped");
  const shown = validateSubmission(def, {
    ...GOOD,
    allergie: "si",
    allergie_dettaglio: "  Arachidi e frutta a guscio ",
    certificato: { name: "Certificato.PDF", type: "application/pdf", size: 200_000, head: PDF },
  });
  assert.ok(shown.ok, JSON.stringify(shown));
  assert.equal(shown.values.allergie_dettaglio, "Arachidi e frutta a guscio");
  assert.deepEqual(shown.values.certificato, {
    name: "Certificato.PDF",
    type: "application/pdf",
    size: 200_000,
  });
});

Deno.test("files: type, extension, content and size are each checked", () => {
  const withFile = (certificato: RawValues[string]) =>
    errorsOf({ ...GOOD, allergie: "si", allergie_dettaglio: "Glutine", certificato })
      .certificato;
  assert.equal(
    withFile({ name: "cert.docx", type: "application/msword", size: 100, head: PDF }),
    "Il file allegato in «Certificato medico» deve essere in formato PDF o JPEG.",
  );
  assert.equal(
    withFile({ name: "cert.png", type: "image/png", size: 100 }),
    "Il file allegato in «Certificato medico» deve essere in formato PDF o JPEG.",
  );
  assert.equal(
    withFile({ name: "cert.pdf", type: "application/pdf", size: 100, head: JPEG }),
    "Il contenuto del file allegato in «Certificato medico» non è un PDF valido.",
  );
  assert.equal(
    withFile({ name: "cert.pdf", type: "application/pdf", size: 5 * MB + 1, head: PDF }),
    "Il file allegato in «Certificato medico» supera la dimensione massima di 5 MB.",
  );
  assert.equal(
    withFile({ name: "foto.JPG", type: "image/jpeg", size: 5 * MB, head: JPEG }),
    undefined,
  );
  // Browsers may send no type; the extension and the content still decide.
  assert.equal(withFile({ name: "foto.jpeg", type: "", size: 10, head: JPEG }), undefined);
  assert.equal(
    withFile({ name: "vuoto.pdf", type: "application/pdf", size: 0 }),
    "Allega il file richiesto in «Certificato medico».",
    "an empty file input counts as no file",
  );
});

Deno.test("numbers: Italian decimal comma, integers, bounds", () => {
  const n = (v: string) => errorsOf({ ...GOOD, fratelli_iscritti: v }).fratelli_iscritti;
  assert.equal(n("2"), undefined);
  assert.equal(n("0"), undefined);
  assert.equal(
    n("due"),
    "«Fratelli e sorelle iscritti allo stesso servizio» deve essere un numero, ad esempio 12 oppure 12,5.",
  );
  assert.equal(
    n("1,5"),
    "«Fratelli e sorelle iscritti allo stesso servizio» deve essere un numero intero.",
  );
  assert.equal(
    n("-1"),
    "«Fratelli e sorelle iscritti allo stesso servizio» non può essere inferiore a 0.",
  );
  assert.equal(
    n("11"),
    "«Fratelli e sorelle iscritti allo stesso servizio» non può essere superiore a 10.",
  );
  assert.equal(
    n("1.000,5"),
    "«Fratelli e sorelle iscritti allo stesso servizio» deve essere un numero, ad esempio 12 oppure 12,5.",
  );
  const dec = parseDefinition({
    fields: [{ name: "isee", type: "number", label: "Valore ISEE", min: 0, max: 99999.99 }],
  });
  const r = validateSubmission(dec, { isee: "12400,50" });
  assert.ok(r.ok);
  assert.equal(r.values.isee, 12400.5);
  const over = validateSubmission(dec, { isee: "100000" });
  assert.ok(!over.ok);
  assert.equal(over.errors.isee.it, "«Valore ISEE» non può essere superiore a 99.999,99.");
});

Deno.test("dates: ISO or gg/mm/aaaa, real calendar days, within bounds", () => {
  const d = (v: string) => errorsOf({ ...GOOD, data_nascita: v }).data_nascita;
  assert.equal(d("14/03/2019"), undefined);
  assert.equal(d("4/3/2019"), undefined);
  assert.equal(
    d("2019-02-29"),
    "«Data di nascita dell'alunno» deve essere una data valida, ad esempio 15/09/2026.",
  );
  assert.equal(
    d("31/04/2019"),
    "«Data di nascita dell'alunno» deve essere una data valida, ad esempio 15/09/2026.",
  );
  assert.equal(
    d("2011-12-31"),
    "«Data di nascita dell'alunno» non può essere precedente al 01/01/2012.",
  );
  assert.equal(
    d("2025-01-01"),
    "«Data di nascita dell'alunno» non può essere successiva al 31/12/2024.",
  );
  const r = validateSubmission(def, { ...GOOD, data_nascita: "4/3/2019" });
  assert.ok(r.ok);
  assert.equal(r.values.data_nascita, "2019-03-04");
});

Deno.test("codice fiscale, e-mail and phone reuse the platform's checks", () => {
  assert.equal(
    errorsOf({ ...GOOD, codice_fiscale_alunno: "BNCGLI80A41D612X" }).codice_fiscale_alunno,
    "«Codice fiscale dell'alunno»: il carattere di controllo del codice fiscale non è corretto.",
  );
  assert.equal(
    errorsOf({ ...GOOD, codice_fiscale_alunno: "BNCGLI80A41" }).codice_fiscale_alunno,
    "«Codice fiscale dell'alunno»: il codice fiscale deve essere composto da 16 caratteri.",
  );
  assert.match(
    errorsOf({ ...GOOD, email_avvisi: "rossi@" }).email_avvisi,
    /^«E-mail per gli avvisi del servizio»: l'indirizzo e-mail non è valido/,
  );
  assert.match(
    errorsOf({ ...GOOD, cellulare: "chiamami" }).cellulare,
    /il numero di telefono non è valido/,
  );
  const en = validateSubmission(def, { ...GOOD, codice_fiscale_alunno: "BNCGLI80A41D612X" });
  assert.ok(!en.ok);
  assert.equal(
    en.errors.codice_fiscale_alunno.en,
    "«Codice fiscale dell'alunno»: the check character (the last one) is wrong.",
  );
});

Deno.test("choices: an answer not among the options is refused", () => {
  assert.equal(
    errorsOf({ ...GOOD, allergie: "forse" }).allergie,
    "La risposta scelta per «L'alunno ha allergie o intolleranze alimentari?» non è tra quelle previste.",
  );
  assert.equal(
    errorsOf({ ...GOOD, dieta_etico_religiosa: "carnivora" }).dieta_etico_religiosa,
    "La risposta scelta per «Dieta per motivi etici o religiosi» non è tra quelle previste.",
  );
});

Deno.test("text lengths are counted in characters, not bytes", () => {
  const t = parseDefinition({
    fields: [{ name: "nota", type: "text", label: "Nota", min_length: 3, max_length: 5 }],
  });
  assert.ok(validateSubmission(t, { nota: "àèìòù" }).ok);
  const short = validateSubmission(t, { nota: "ab" });
  assert.ok(!short.ok);
  assert.equal(short.errors.nota.it, "«Nota» deve avere almeno 3 caratteri (ora 2).");
  const long = validateSubmission(t, { nota: "abcdef" });
  assert.ok(!long.ok);
  assert.equal(long.errors.nota.it, "«Nota» può avere al massimo 5 caratteri (ora 6).");
  // A text field without max_length still has one (200).
  const plain = parseDefinition({ fields: [{ name: "x", type: "text", label: "Testo" }] });
  assert.ok(!validateSubmission(plain, { x: "a".repeat(201) }).ok);
});

Deno.test("a file where text is expected, or text where a file is, is not accepted", () => {
  const r = validateSubmission(def, {
    ...GOOD,
    codice_fiscale_alunno: { name: "x.pdf", type: "application/pdf", size: 3 },
    allergie: "si",
    allergie_dettaglio: "Latte",
    certificato: "cert.pdf",
  });
  assert.ok(!r.ok);
  assert.deepEqual(Object.keys(r.errors).sort(), ["certificato", "codice_fiscale_alunno"]);
});
