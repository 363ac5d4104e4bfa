import assert from "node:assert/strict";
import { type FieldInput, FormDefinitionSchema, isVisible, parseDefinition } from "./definition.ts";
import { CANTEEN_FORM_FIELDS } from "./examples.ts";

function issues(fields: unknown[]): string[] {
  const r = FormDefinitionSchema.safeParse({ version: 1, fields });
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

Deno.test("the canteen example is a valid definition, with defaults filled in", () => {
  const def = parseDefinition({ fields: CANTEEN_FORM_FIELDS });
  assert.equal(def.version, 1);
  assert.equal(def.fields.length, 10);
  const number = def.fields.find((f) => f.name === "fratelli_iscritti")!;
  assert.equal(number.required, false, "required defaults to false");
  assert.deepEqual(parseDefinition(null), { version: 1, fields: [] });
  assert.deepEqual(parseDefinition({}), { version: 1, fields: [] });
});

Deno.test("every field type is accepted with its own options", () => {
  const fields: FieldInput[] = [
    { name: "a", type: "text", label: "Testo", min_length: 2, max_length: 10 },
    { name: "b", type: "textarea", label: "Note" },
    { name: "c", type: "number", label: "Numero", min: -1.5, max: 3 },
    { name: "d", type: "date", label: "Data", min: "2026-09-01" },
    { name: "e", type: "select", label: "Scelta", options: [{ value: "x", label: "X" }] },
    { name: "f", type: "radio", label: "Radio", options: [{ value: "1", label: "Uno" }] },
    { name: "g", type: "checkbox", label: "Consenso" },
    { name: "h", type: "email", label: "E-mail" },
    { name: "i", type: "phone", label: "Telefono" },
    { name: "j", type: "codice_fiscale", label: "Codice fiscale" },
    { name: "k", type: "file", label: "ISEE", accept: ["application/pdf"], max_size_mb: 2.5 },
  ];
  assert.deepEqual(issues(fields), []);
});

Deno.test("malformed fields are refused, each with its path", () => {
  const cases: [unknown, RegExp][] = [
    [{ name: "Nome", type: "text", label: "Nome" }, /^fields\.0\.name: lowercase/],
    [{ name: "1a", type: "text", label: "Nome" }, /^fields\.0\.name/],
    [{ name: "a", type: "text", label: "N" }, /^fields\.0\.label/],
    [{ name: "a", type: "colour", label: "Colore" }, /^fields\.0\.type/],
    [{ name: "a", type: "select", label: "Scelta", options: [] }, /^fields\.0\.options/],
    [{ name: "a", type: "select", label: "Scelta" }, /^fields\.0\.options/],
    [{ name: "a", type: "radio", label: "R", options: [{ value: "Sì", label: "Sì" }] }, /value/],
    [{ name: "a", type: "file", label: "File", accept: ["text/html"], max_size_mb: 1 }, /accept/],
    [{ name: "a", type: "file", label: "File", accept: ["image/png"], max_size_mb: 50 }, /size/],
    [{ name: "a", type: "file", label: "File", accept: [], max_size_mb: 1 }, /accept/],
    [{ name: "a", type: "text", label: "Testo", pattern: ".*" }, /Unrecognized key/],
    [{ name: "a", type: "date", label: "Data", min: "01/09/2026" }, /^fields\.0\.min/],
    [{ name: "a", type: "number", label: "N", min: 5, max: 1 }, /min is greater than max/],
    [{ name: "a", type: "date", label: "D", min: "2027-01-01", max: "2026-01-01" }, /greater/],
    [{ name: "a", type: "text", label: "T", min_length: 9, max_length: 3 }, /min_length/],
  ];
  for (const [field, re] of cases) {
    const found = issues([field]);
    assert.ok(found.some((m) => re.test(m)), `${JSON.stringify(field)} → ${found.join(" | ")}`);
  }
});

Deno.test("cross-field rules: unique names, unique options, conditions on earlier choice fields", () => {
  const sel = { name: "a", type: "select", label: "Scelta", options: [{ value: "x", label: "X" }] };
  assert.match(issues([sel, { ...sel }])[0], /duplicate field name 'a'/);
  assert.match(
    issues([{ ...sel, options: [{ value: "x", label: "X" }, { value: "x", label: "Y" }] }])[0],
    /duplicate option values/,
  );
  const child = (show_if: unknown) => ({ name: "b", type: "text", label: "Dettaglio", show_if });
  assert.deepEqual(issues([sel, child({ field: "a", equals: "x" })]), []);
  assert.match(issues([sel, child({ field: "a", equals: "y" })])[0], /equals must be one of: x/);
  assert.match(issues([child({ field: "a", equals: "x" }), sel])[0], /earlier field/);
  assert.match(issues([child({ field: "b", equals: "x" })])[0], /earlier field, not 'b'/);
  const text = { name: "t", type: "text", label: "Testo" };
  assert.match(issues([text, child({ field: "t", equals: "x" })])[0], /select, radio or checkbox/);
  const box = { name: "c", type: "checkbox", label: "Consenso" };
  assert.deepEqual(issues([box, child({ field: "c", equals: "true" })]), []);
  assert.match(issues([box, child({ field: "c", equals: "on" })])[0], /true, false/);
  assert.match(
    issues(Array.from({ length: 61 }, (_, i) => ({ ...text, name: `t${i}` })))[0],
    /61|60/,
  );
});

Deno.test("visibility follows the chain of conditions", () => {
  const def = parseDefinition({
    fields: [
      { name: "a", type: "radio", label: "Campo A", options: [{ value: "si", label: "Sì" }] },
      { name: "b", type: "checkbox", label: "Campo B", show_if: { field: "a", equals: "si" } },
      { name: "c", type: "text", label: "Campo C", show_if: { field: "b", equals: "true" } },
      { name: "d", type: "text", label: "Campo D", show_if: { field: "b", equals: "false" } },
    ],
  });
  const [, b, c, d] = def.fields;
  const vis = (values: Record<string, string>) =>
    [b, c, d].map((f) => isVisible(def, f, (n) => values[n]));
  assert.deepEqual(vis({}), [false, false, false], "a hidden parent hides its children");
  assert.deepEqual(vis({ a: "si" }), [true, false, true]);
  assert.deepEqual(vis({ a: "si", b: "on" }), [true, true, false]);
  assert.deepEqual(vis({ b: "on" }), [false, false, false]);
});
