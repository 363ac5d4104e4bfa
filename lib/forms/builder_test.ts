import assert from "node:assert/strict";
import { formatOptions, moveField, parseOptions, removeField, saveField, slug } from "./builder.ts";
import { EMPTY_FORM, type FormDefinition, parseDefinition } from "./definition.ts";
import { CANTEEN_FORM_FIELDS } from "./examples.ts";

const canteen = parseDefinition({ fields: CANTEEN_FORM_FIELDS });

function errors(r: ReturnType<typeof saveField>): Record<string, string> {
  return r.ok ? {} : Object.fromEntries(Object.entries(r.errors).map(([k, m]) => [k, m.it]));
}

Deno.test("slugs for names and option values: no accents, no spaces", () => {
  assert.equal(slug("Sì"), "si");
  assert.equal(slug("Senza carne di maiale"), "senza_carne_di_maiale");
  assert.equal(slug("  Perché? Già!  "), "perche_gia");
  assert.equal(slug("L'alunno ha allergie o intolleranze alimentari?").length <= 40, true);
});

Deno.test("options: one per line, with or without an explicit value", () => {
  assert.deepEqual(parseOptions("no = No\nsi = Sì\n\n  Forse  "), [
    { value: "no", label: "No" },
    { value: "si", label: "Sì" },
    { value: "forse", label: "Forse" },
  ]);
  assert.equal(
    formatOptions([{ value: "a", label: "Andata" }, { value: "r", label: "Ritorno" }]),
    "a = Andata\nr = Ritorno",
  );
});

Deno.test("adding a field from the builder's inputs, name derived from the question", () => {
  const r = saveField(EMPTY_FORM, {
    type: "select",
    label: "Fermata di salita",
    options: "centro = Piazza del Municipio\nstazione = Stazione FS",
    required: "on",
    help: "La fermata più vicina a casa.",
  });
  assert.ok(r.ok);
  assert.deepEqual(r.def.fields, [{
    name: "fermata_di_salita",
    type: "select",
    label: "Fermata di salita",
    help: "La fermata più vicina a casa.",
    required: true,
    options: [
      { value: "centro", label: "Piazza del Municipio" },
      { value: "stazione", label: "Stazione FS" },
    ],
  }]);
});

Deno.test("numbers with a decimal comma, file types from checkboxes", () => {
  const n = saveField(EMPTY_FORM, {
    type: "number",
    label: "Valore ISEE",
    min: "0",
    max: "99999,99",
  });
  assert.ok(n.ok);
  assert.deepEqual(n.def.fields[0], {
    name: "valore_isee",
    type: "number",
    label: "Valore ISEE",
    required: false,
    min: 0,
    max: 99999.99,
    integer: false,
  });
  const f = saveField(EMPTY_FORM, {
    type: "file",
    label: "Attestazione ISEE",
    accept: ["application/pdf", "text/html"],
    max_size_mb: "2,5",
  });
  assert.ok(f.ok);
  assert.deepEqual(f.def.fields[0], {
    name: "attestazione_isee",
    type: "file",
    label: "Attestazione ISEE",
    required: false,
    accept: ["application/pdf"],
    max_size_mb: 2.5,
  });
});

Deno.test("each problem is explained in Italian under its input", () => {
  assert.deepEqual(errors(saveField(EMPTY_FORM, { type: "", label: "Domanda" })), {
    type: "Scegli il tipo di campo.",
  });
  assert.deepEqual(errors(saveField(EMPTY_FORM, { type: "text", label: "X", name: "Nome!" })), {
    name:
      "Il nome tecnico può contenere solo lettere minuscole senza accenti, cifre e _, e deve iniziare con una lettera (massimo 40 caratteri).",
    label: "Scrivi la domanda (da 2 a 200 caratteri).",
  });
  assert.match(
    errors(saveField(EMPTY_FORM, { type: "radio", label: "Scelta", options: "" })).options,
    /almeno un'opzione/,
  );
  assert.match(
    errors(saveField(EMPTY_FORM, { type: "radio", label: "Scelta", options: "A = Uno" })).options,
    /minuscole/,
  );
  assert.match(
    errors(saveField(EMPTY_FORM, { type: "number", label: "Età", min: "dieci" })).min,
    /minimo non è valido/,
  );
  assert.match(
    errors(saveField(EMPTY_FORM, { type: "number", label: "Età", min: "9", max: "3" })).min,
    /supera il massimo/,
  );
  assert.match(
    errors(saveField(EMPTY_FORM, { type: "file", label: "Documento", max_size_mb: "2" })).accept,
    /formato/,
  );
  assert.match(
    errors(
      saveField(EMPTY_FORM, {
        type: "file",
        label: "Documento",
        accept: "image/png",
        max_size_mb: "20",
      }),
    ).max_size_mb,
    /10 MB/,
  );
  assert.deepEqual(
    errors(saveField(canteen, { type: "text", label: "Doppio", name: "allergie" })),
    {
      name: "Esiste già un campo con questo nome tecnico: scegline un altro.",
    },
  );
});

Deno.test("conditions: on an earlier choice field, with one of its values", () => {
  const ok = saveField(canteen, {
    type: "text",
    label: "Religione o convinzione",
    show_if_field: "dieta_etico_religiosa",
    show_if_equals: "senza_maiale",
  });
  assert.ok(ok.ok);
  assert.deepEqual(ok.def.fields.at(-1)?.show_if, {
    field: "dieta_etico_religiosa",
    equals: "senza_maiale",
  });
  assert.match(
    errors(
      saveField(canteen, {
        type: "text",
        label: "Nota",
        show_if_field: "cellulare",
        show_if_equals: "x",
      }),
    ).show_if_field,
    /campo precedente/,
  );
  assert.match(
    errors(
      saveField(canteen, {
        type: "text",
        label: "Nota",
        show_if_field: "allergie",
        show_if_equals: "forse",
      }),
    ).show_if_equals,
    /valori previsti/,
  );
});

Deno.test("replacing keeps the position; a field others depend on keeps its name", () => {
  const r = saveField(canteen, {
    type: "email",
    label: "E-mail per gli avvisi",
    name: "email_avvisi",
    required: "on",
  }, "email_avvisi");
  assert.ok(r.ok);
  assert.equal(r.def.fields.findIndex((f) => f.name === "email_avvisi"), 7);
  assert.equal(r.def.fields[7].required, true);
  assert.equal(r.def.fields.length, canteen.fields.length);
  assert.match(
    errors(
      saveField(canteen, {
        type: "radio",
        label: "Allergie?",
        name: "allergie_si_no",
        options: "no = No\nsi = Sì",
      }, "allergie"),
    ).name,
    /dipende da questo/,
  );
});

Deno.test("removing and moving fields respects conditions", () => {
  const removed = removeField(canteen, "allergie");
  assert.ok(!removed.ok);
  assert.match(removed.errors.fields.it, /«Descrivi allergie e intolleranze» dipende da questo/);
  const gone = removeField(canteen, "cellulare");
  assert.ok(gone.ok);
  assert.equal(gone.def.fields.some((f) => f.name === "cellulare"), false);

  const up = moveField(canteen, "email_avvisi", -1);
  assert.ok(up.ok);
  assert.deepEqual(up.def.fields.slice(6, 8).map((f) => f.name), [
    "email_avvisi",
    "fratelli_iscritti",
  ]);
  const blocked = moveField(canteen, "allergie_dettaglio", -1);
  assert.ok(!blocked.ok, "a conditional field cannot move above the field it depends on");
  const edge: FormDefinition = moveField(canteen, "codice_fiscale_alunno", -1).ok
    ? canteen
    : EMPTY_FORM;
  assert.equal(edge, canteen, "moving the first field up changes nothing");
});
