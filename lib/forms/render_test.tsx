import assert from "node:assert/strict";
import { renderToString } from "preact-render-to-string";
import { parseDefinition } from "./definition.ts";
import { CANTEEN_FORM_FIELDS } from "./examples.ts";
import { conditionalCss, controlId, FormFields, readControls } from "./render.tsx";

const def = parseDefinition({ fields: CANTEEN_FORM_FIELDS });

function html(props: Partial<Parameters<typeof FormFields>[0]> = {}) {
  return renderToString(<FormFields def={def} lang="it" formId="anteprima" {...props} />);
}

Deno.test("every control has a label bound to its id, and a prefixed name", () => {
  const out = html();
  for (const f of def.fields) {
    const id = controlId(f.name);
    assert.match(out, new RegExp(`id="${id}"`), `${f.name} control`);
    assert.match(out, new RegExp(`name="${id}"`), `${f.name} name`);
    if (f.type !== "radio") assert.match(out, new RegExp(`<label for="${id}"`), `${f.name} label`);
  }
  // Radio buttons: a fieldset with a legend, one label per option.
  assert.match(out, /<fieldset[^>]*><legend class="h6">L'alunno ha allergie/);
  assert.match(out, /<input id="f_allergie-si" name="f_allergie" type="radio" value="si"/);
  assert.match(out, /<label for="f_allergie-si">Sì<\/label>/);
  // Required fields carry the attribute and the asterisk.
  assert.match(out, /id="f_codice_fiscale_alunno" name="f_codice_fiscale_alunno" required/);
  assert.match(out, /title="obbligatorio">\*<\/span>/);
});

Deno.test("types map to the right controls and constraints", () => {
  const out = html();
  assert.match(
    out,
    /id="f_data_nascita"[^>]*type="date"[^>]*min="2012-01-01"[^>]*max="2024-12-31"/,
  );
  assert.match(out, /<textarea id="f_allergie_dettaglio"/);
  assert.match(out, /<select id="f_dieta_etico_religiosa"/);
  assert.match(out, /<option value(="")?>Scegli un'opzione<\/option>/);
  assert.match(out, /id="f_certificato"[^>]*type="file"[^>]*accept="application\/pdf,image\/jpeg"/);
  assert.match(out, /id="f_email_avvisi"[^>]*type="email"/);
  assert.match(out, /id="f_cellulare"[^>]*type="tel"/);
  assert.match(out, /id="f_codice_fiscale_alunno"[^>]*maxLength="16"|maxlength="16"/i);
  assert.match(out, /id="f_fratelli_iscritti"[^>]*inputMode="numeric"|inputmode="numeric"/i);
  assert.match(out, /id="f_consenso"[^>]*type="checkbox"/);
  assert.match(out, /Formato PDF o JPEG, al massimo 5 MB\./);
  assert.match(out, /Rilasciato dal pediatra o dal medico curante\./);
});

Deno.test("values are shown back and errors are linked to their fields", () => {
  const out = html({
    values: { codice_fiscale_alunno: "BNCGLI80A41D612X", allergie: "si", consenso: "on" },
    errors: { codice_fiscale_alunno: "Il carattere di controllo non è corretto." },
  });
  assert.match(out, /value="BNCGLI80A41D612X"/);
  assert.match(
    out,
    /id="f_codice_fiscale_alunno"[^>]*aria-invalid="true" aria-describedby="f_codice_fiscale_alunno-error"/,
  );
  assert.match(
    out,
    /id="f_codice_fiscale_alunno-error">Il carattere di controllo non è corretto\.</,
  );
  assert.match(out, /value="si" checked/);
  assert.match(out, /id="f_consenso"[^>]*checked/);
  // A hint and an error are both announced.
  const withHint = html({ errors: { certificato: "Allega il file." } });
  assert.match(withHint, /aria-describedby="f_certificato-hint f_certificato-error"/);
});

Deno.test("conditional fields: a hint in words, and CSS that hides them until the answer fits", () => {
  const out = html();
  assert.match(
    out,
    /Da compilare solo se «L'alunno ha allergie o intolleranze alimentari\?» è «Sì»\./,
  );
  assert.equal(
    conditionalCss(def, "anteprima"),
    [
      '#anteprima:not(:has(input[name="f_allergie"][value="si"]:checked)) #f_allergie_dettaglio-wrap{display:none}',
      '#anteprima:not(:has(input[name="f_allergie"][value="si"]:checked)) #f_certificato-wrap{display:none}',
    ].join("\n"),
  );
  assert.match(out, /<style>#anteprima:not\(:has\(input\[name="f_allergie"\]/);
  assert.match(out, /<div id="f_allergie_dettaglio-wrap" data-field="allergie_dettaglio">/);
});

Deno.test("conditions on selects and checkboxes, chained through a parent", () => {
  const chain = parseDefinition({
    fields: [
      { name: "a", type: "select", label: "Campo A", options: [{ value: "x", label: "X" }] },
      { name: "b", type: "checkbox", label: "Campo B", show_if: { field: "a", equals: "x" } },
      { name: "c", type: "text", label: "Campo C", show_if: { field: "b", equals: "true" } },
      { name: "d", type: "text", label: "Campo D", show_if: { field: "b", equals: "false" } },
    ],
  });
  assert.deepEqual(conditionalCss(chain, "m").split("\n"), [
    '#m:not(:has([name="f_a"] option[value="x"]:checked)) #f_b-wrap{display:none}',
    '#m:not(:has(input[name="f_b"]:checked)) #f_c-wrap{display:none}',
    '#m:not(:has([name="f_a"] option[value="x"]:checked)) #f_c-wrap{display:none}',
    '#m:has(input[name="f_b"]:checked) #f_d-wrap{display:none}',
    '#m:not(:has([name="f_a"] option[value="x"]:checked)) #f_d-wrap{display:none}',
  ]);
  assert.throws(() => conditionalCss(chain, "x}body{display:none"), /unsafe form id/);
  assert.equal(conditionalCss(parseDefinition({}), "m"), "");
});

Deno.test("English copy with ?lang=en", () => {
  const out = renderToString(<FormFields def={def} lang="en" formId="p" />);
  assert.match(out, /PDF or JPEG, at most 5 MB\./);
  assert.match(out, /Choose an option/);
  assert.match(out, /title="required"/);
});

Deno.test("readControls picks the form's fields out of a parsed body", () => {
  assert.deepEqual(
    readControls(def, { _csrf: "t", f_allergie: "si", f_ignoto: "x", allergie: "no" }),
    { allergie: "si" },
  );
});
