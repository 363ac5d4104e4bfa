/**
 * The form builder's side of a definition: reads one field from the operator's HTML form
 * (options one per line, numbers with a decimal comma), validates it with the definition schema
 * and explains every problem in Italian and English, keyed by the builder's input names.
 * Also the edits a builder makes: add or replace, remove, move.
 *
 * @module
 */

import type { z } from "zod";
import {
  type Field,
  FIELD_TYPES,
  type FieldInput,
  FieldSchema,
  FILE_TYPES,
  type FileType,
  type FormDefinition,
  FormDefinitionSchema,
} from "./definition.ts";
import type { Message } from "./validate.ts";

/** What the builder's HTML form posts (checkbox groups as arrays). */
export type BuilderInput = Record<string, string | string[] | undefined>;

export type BuilderResult =
  | { ok: true; def: FormDefinition }
  | { ok: false; errors: Record<string, Message> };

/** `'Senza carne di maiale' → 'senza_carne_di_maiale'`, for names and option values. */
export function slug(s: string, max = 40): string {
  return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "").slice(0, max).replace(/_+$/, "");
}

const str = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v ?? "").trim();
const list = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);

function num(s: string): number | undefined | "bad" {
  if (s === "") return undefined;
  const n = Number(s.replace(",", "."));
  return Number.isFinite(n) ? n : "bad";
}

/** "valore = Etichetta" or just "Etichetta" (the value is derived), one per line. */
export function parseOptions(text: string): { value: string; label: string }[] {
  return text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean).map((line) => {
    const eq = line.indexOf("=");
    if (eq > 0) return { value: line.slice(0, eq).trim(), label: line.slice(eq + 1).trim() };
    return { value: slug(line) || line, label: line };
  });
}

/** The options as the builder's textarea shows them. */
export function formatOptions(options: { value: string; label: string }[]): string {
  return options.map((o) => `${o.value} = ${o.label}`).join("\n");
}

const MESSAGES: Record<string, Message> = {
  name: {
    it:
      "Il nome tecnico può contenere solo lettere minuscole senza accenti, cifre e _, e deve iniziare con una lettera (massimo 40 caratteri).",
    en:
      "The technical name may contain only lowercase letters, digits and _, starting with a letter (at most 40).",
  },
  duplicate: {
    it: "Esiste già un campo con questo nome tecnico: scegline un altro.",
    en: "Another field already has this technical name: choose a different one.",
  },
  type: { it: "Scegli il tipo di campo.", en: "Choose the type of field." },
  label: {
    it: "Scrivi la domanda (da 2 a 200 caratteri).",
    en: "Write the question (2 to 200 characters).",
  },
  help: {
    it: "Il testo di aiuto può avere al massimo 500 caratteri.",
    en: "At most 500 characters.",
  },
  options: {
    it:
      "Scrivi almeno un'opzione, una per riga, come «valore = Etichetta» (valori con sole lettere minuscole, cifre, _ e -, tutti diversi).",
    en:
      "Write at least one option, one per line, as “value = Label” (values of lowercase letters, digits, _ and -, all different).",
  },
  min: {
    it: "Il minimo non è valido o supera il massimo.",
    en: "The minimum is not valid or exceeds the maximum.",
  },
  max: { it: "Il massimo non è valido.", en: "The maximum is not valid." },
  min_length: {
    it: "La lunghezza minima non è valida o supera la massima.",
    en: "The minimum length is not valid or exceeds the maximum.",
  },
  max_length: {
    it: "La lunghezza massima non è valida (da 1 a 5000).",
    en: "The maximum length is not valid (1 to 5000).",
  },
  accept: {
    it: "Scegli almeno un formato di file ammesso.",
    en: "Choose at least one allowed file type.",
  },
  max_size_mb: {
    it: "Indica la dimensione massima del file, da 0,1 a 10 MB.",
    en: "Give the maximum file size, 0.1 to 10 MB.",
  },
  show_if_field: {
    it:
      "La condizione deve riferirsi a un campo precedente di tipo scelta, scelta singola o casella.",
    en: "The condition must refer to an earlier select, radio or checkbox field.",
  },
  show_if_equals: {
    it: "Scegli uno dei valori previsti dal campo della condizione.",
    en: "Choose one of the values of the condition's field.",
  },
  fields: {
    it: "Il modulo può avere al massimo 60 campi.",
    en: "A form can have at most 60 fields.",
  },
};

/** Maps a zod issue path (inside a field) to the builder's input name. */
function inputOf(path: PropertyKey[]): string {
  const keys = path.map(String).filter((k) => !/^\d+$/.test(k) && k !== "fields");
  if (keys[0] === "show_if") return keys[1] === "equals" ? "show_if_equals" : "show_if_field";
  if (keys[0] === "options") return "options";
  return keys[0] ?? "fields";
}

function explain(issues: z.core.$ZodIssue[]): Record<string, Message> {
  const out: Record<string, Message> = {};
  for (const i of issues) {
    let key = inputOf(i.path);
    if (/duplicate field name/.test(i.message)) key = "name";
    const msg = /duplicate field name/.test(i.message) ? MESSAGES.duplicate : MESSAGES[key];
    out[key] ??= msg ?? { it: i.message, en: i.message };
  }
  return out;
}

/** The field the builder's inputs describe (not yet checked). */
export function fieldFromInput(input: BuilderInput): { field: FieldInput; bad: string[] } {
  const type = str(input.type) as FieldInput["type"];
  const label = str(input.label);
  const bad: string[] = [];
  const base: Record<string, unknown> = {
    name: str(input.name) || slug(label),
    type,
    label,
    required: str(input.required) !== "",
  };
  if (str(input.help)) base.help = str(input.help);
  const showIf = str(input.show_if_field);
  if (showIf) base.show_if = { field: showIf, equals: str(input.show_if_equals) };
  const number = (key: string, target = key) => {
    const v = num(str(input[key]));
    if (v === "bad") bad.push(key);
    else if (v !== undefined) base[target] = v;
  };
  switch (type) {
    case "text":
    case "textarea":
      number("min_length");
      number("max_length");
      break;
    case "number":
      number("min");
      number("max");
      base.integer = str(input.integer) !== "";
      break;
    case "date":
      if (str(input.min)) base.min = str(input.min);
      if (str(input.max)) base.max = str(input.max);
      break;
    case "select":
    case "radio":
      base.options = parseOptions(str(input.options));
      break;
    case "file":
      base.accept = list(input.accept).filter((t): t is FileType => t in FILE_TYPES);
      number("max_size_mb");
      break;
  }
  return { field: base as FieldInput, bad };
}

/**
 * Adds the field described by `input` to `def`, or replaces the field named `replacing`
 * (keeping its position). Returns the new definition, or messages keyed by input name.
 */
export function saveField(
  def: FormDefinition,
  input: BuilderInput,
  replacing?: string,
): BuilderResult {
  if (!(FIELD_TYPES as readonly string[]).includes(str(input.type))) {
    return { ok: false, errors: { type: MESSAGES.type } };
  }
  const { field, bad } = fieldFromInput(input);
  const errors: Record<string, Message> = {};
  for (const key of bad) errors[key] = MESSAGES[key];
  const one = FieldSchema.safeParse(field);
  if (!one.success) Object.assign(errors, explain(one.error.issues), errors);
  if (Object.keys(errors).length) return { ok: false, errors };
  if (replacing && one.data!.name !== replacing) {
    const dependant = def.fields.find((f) => f.show_if?.field === replacing);
    if (dependant) {
      return {
        ok: false,
        errors: {
          name: {
            it:
              `Il campo «${dependant.label}» dipende da questo: il nome tecnico non può cambiare.`,
            en: `The field “${dependant.label}” depends on this one: the name cannot change.`,
          },
        },
      };
    }
  }
  const fields = [...def.fields];
  const at = replacing ? fields.findIndex((f) => f.name === replacing) : -1;
  if (at >= 0) fields[at] = one.data!;
  else fields.push(one.data!);
  const whole = FormDefinitionSchema.safeParse({ version: 1, fields });
  if (!whole.success) return { ok: false, errors: explain(whole.error.issues) };
  return { ok: true, def: whole.data };
}

/**
 * Removes a field. Refused (with a message) while another field's condition depends on it.
 */
export function removeField(def: FormDefinition, name: string): BuilderResult {
  const dependant = def.fields.find((f) => f.show_if?.field === name);
  if (dependant) {
    return {
      ok: false,
      errors: {
        fields: {
          it: `Il campo «${dependant.label}» dipende da questo: togli prima la sua condizione.`,
          en: `The field “${dependant.label}” depends on this one: remove its condition first.`,
        },
      },
    };
  }
  return { ok: true, def: { ...def, fields: def.fields.filter((f) => f.name !== name) } };
}

/** Moves a field up or down; refused when a condition would point to a later field. */
export function moveField(def: FormDefinition, name: string, by: -1 | 1): BuilderResult {
  const i = def.fields.findIndex((f) => f.name === name);
  const j = i + by;
  if (i < 0 || j < 0 || j >= def.fields.length) return { ok: true, def };
  const fields = [...def.fields];
  [fields[i], fields[j]] = [fields[j], fields[i]];
  const whole = FormDefinitionSchema.safeParse({ version: 1, fields });
  if (!whole.success) {
    return {
      ok: false,
      errors: {
        fields: {
          it: "Un campo con una condizione deve seguire il campo da cui dipende.",
          en: "A field with a condition must come after the field it depends on.",
        },
      },
    };
  }
  return { ok: true, def: whole.data };
}

/** Names of the field types for the builder. */
export const FIELD_TYPE_LABELS: Record<FieldInput["type"], Message> = {
  text: { it: "Testo breve", en: "Short text" },
  textarea: { it: "Testo lungo", en: "Long text" },
  number: { it: "Numero", en: "Number" },
  date: { it: "Data", en: "Date" },
  select: { it: "Scelta da un elenco", en: "Choice from a list" },
  radio: { it: "Scelta singola tra pulsanti", en: "Single choice (radio buttons)" },
  checkbox: { it: "Casella da spuntare", en: "Checkbox" },
  email: { it: "Indirizzo e-mail", en: "E-mail address" },
  phone: { it: "Numero di telefono", en: "Phone number" },
  codice_fiscale: { it: "Codice fiscale", en: "Codice fiscale (tax code)" },
  file: { it: "Allegato (file)", en: "Attachment (file)" },
};

/** The builder's inputs showing an existing field (for editing it). */
export function inputOfField(f: Field): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {
    type: f.type,
    name: f.name,
    label: f.label,
    help: f.help ?? "",
    required: f.required ? "on" : "",
    show_if_field: f.show_if?.field ?? "",
    show_if_equals: f.show_if?.equals ?? "",
  };
  const n = (v: number | undefined) => v === undefined ? "" : String(v).replace(".", ",");
  if (f.type === "text" || f.type === "textarea") {
    out.min_length = n(f.min_length);
    out.max_length = n(f.max_length);
  }
  if (f.type === "number") {
    out.min = n(f.min);
    out.max = n(f.max);
    out.integer = f.integer ? "on" : "";
  }
  if (f.type === "date") {
    out.min = f.min ?? "";
    out.max = f.max ?? "";
  }
  if (f.type === "select" || f.type === "radio") out.options = formatOptions(f.options);
  if (f.type === "file") {
    out.accept = f.accept;
    out.max_size_mb = n(f.max_size_mb);
  }
  return out;
}
