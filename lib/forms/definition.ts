/**
 * The online form of a service: the extra fields an Ente asks for when a family applies
 * (dietary needs, the bus stop, the ISEE certificate…). One JSON definition, validated here,
 * both renders the form (`render.tsx`) and validates what is sent back (`validate.ts`).
 *
 * Names and option values are restricted to `[a-z0-9_-]`: they become HTML names, ids and CSS
 * selectors (conditional fields are shown or hidden with CSS alone, no script).
 *
 * @module
 */

import { z } from "zod";

export const FIELD_TYPES = [
  "text",
  "textarea",
  "number",
  "date",
  "select",
  "radio",
  "checkbox",
  "email",
  "phone",
  "codice_fiscale",
  "file",
] as const;
export type FieldType = typeof FIELD_TYPES[number];

/** File types a form may accept, with what the person is told. */
export const FILE_TYPES = {
  "application/pdf": { label: "PDF", extensions: [".pdf"] },
  "image/jpeg": { label: "JPEG", extensions: [".jpg", ".jpeg"] },
  "image/png": { label: "PNG", extensions: [".png"] },
} as const;
export type FileType = keyof typeof FILE_TYPES;
export const MAX_FILE_MB = 10;
export const MAX_FIELDS = 60;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const FIELD_NAME = /^[a-z][a-z0-9_]{0,39}$/;
export const OPTION_VALUE = /^[a-z0-9][a-z0-9_-]{0,39}$/;

const Name = z.string().regex(FIELD_NAME, {
  error: "lowercase letters, digits and _ , starting with a letter (max 40)",
}).describe("Key of the value in the submitted data, e.g. `allergie`");
const Label = z.string().trim().min(2).max(200).describe("The question, as people read it");
const Help = z.string().trim().max(500).optional().describe("Hint shown under the field");

const ShowIf = z.strictObject({
  field: Name.describe("An earlier select, radio or checkbox field"),
  equals: z.string().max(40).describe(
    "The option value that shows this field; for a checkbox `true` (ticked) or `false`",
  ),
}).describe("Show (and require) the field only when another field has this value");

const base = {
  name: Name,
  label: Label,
  help: Help,
  required: z.boolean().default(false),
  show_if: ShowIf.optional(),
};

const Option = z.strictObject({
  value: z.string().regex(OPTION_VALUE, {
    error: "lowercase letters, digits, _ and - (max 40)",
  }),
  label: z.string().trim().min(1).max(200),
});
const Options = z.array(Option).min(1).max(50);

const TextField = z.strictObject({
  ...base,
  type: z.literal("text"),
  min_length: z.int().min(0).max(2000).optional(),
  max_length: z.int().min(1).max(2000).optional(),
});
const TextareaField = z.strictObject({
  ...base,
  type: z.literal("textarea"),
  min_length: z.int().min(0).max(5000).optional(),
  max_length: z.int().min(1).max(5000).optional(),
});
const NumberField = z.strictObject({
  ...base,
  type: z.literal("number"),
  min: z.number().finite().optional(),
  max: z.number().finite().optional(),
  integer: z.boolean().default(false),
});
const DateField = z.strictObject({
  ...base,
  type: z.literal("date"),
  min: z.string().regex(DATE).optional().describe("Earliest date, YYYY-MM-DD"),
  max: z.string().regex(DATE).optional().describe("Latest date, YYYY-MM-DD"),
});
const SelectField = z.strictObject({ ...base, type: z.literal("select"), options: Options });
const RadioField = z.strictObject({ ...base, type: z.literal("radio"), options: Options });
const CheckboxField = z.strictObject({ ...base, type: z.literal("checkbox") });
const EmailField = z.strictObject({ ...base, type: z.literal("email") });
const PhoneField = z.strictObject({ ...base, type: z.literal("phone") });
const CodiceFiscaleField = z.strictObject({ ...base, type: z.literal("codice_fiscale") });
const FileField = z.strictObject({
  ...base,
  type: z.literal("file"),
  accept: z.array(z.enum(Object.keys(FILE_TYPES) as [FileType, ...FileType[]])).min(1).max(3),
  max_size_mb: z.number().positive().max(MAX_FILE_MB),
});

export const FieldSchema = z.discriminatedUnion("type", [
  TextField,
  TextareaField,
  NumberField,
  DateField,
  SelectField,
  RadioField,
  CheckboxField,
  EmailField,
  PhoneField,
  CodiceFiscaleField,
  FileField,
]);
export type Field = z.output<typeof FieldSchema>;
export type FieldInput = z.input<typeof FieldSchema>;
export type ChoiceField = Extract<Field, { type: "select" | "radio" }>;

/** Cross-field rules zod cannot express field by field. */
function checkDefinition(fields: Field[], ctx: z.RefinementCtx) {
  const seen = new Map<string, Field>();
  fields.forEach((f, i) => {
    const at = (key: string) => ["fields", i, key];
    if (seen.has(f.name)) {
      ctx.addIssue({
        code: "custom",
        path: at("name"),
        message: `duplicate field name '${f.name}'`,
      });
    }
    if (
      (f.type === "text" || f.type === "textarea") && f.min_length !== undefined &&
      f.max_length !== undefined && f.min_length > f.max_length
    ) {
      ctx.addIssue({ code: "custom", path: at("min_length"), message: "min_length > max_length" });
    }
    if (
      (f.type === "number" || f.type === "date") && f.min !== undefined &&
      f.max !== undefined && f.min > f.max
    ) {
      ctx.addIssue({ code: "custom", path: at("min"), message: "min is greater than max" });
    }
    if (f.type === "select" || f.type === "radio") {
      const values = f.options.map((o) => o.value);
      if (new Set(values).size !== values.length) {
        ctx.addIssue({ code: "custom", path: at("options"), message: "duplicate option values" });
      }
    }
    if (f.show_if) {
      const target = seen.get(f.show_if.field);
      if (!target) {
        ctx.addIssue({
          code: "custom",
          path: [...at("show_if"), "field"],
          message: `show_if.field must name an earlier field, not '${f.show_if.field}'`,
        });
      } else if (!allowedValues(target)) {
        ctx.addIssue({
          code: "custom",
          path: [...at("show_if"), "field"],
          message: "show_if.field must be a select, radio or checkbox field",
        });
      } else if (!allowedValues(target)!.includes(f.show_if.equals)) {
        ctx.addIssue({
          code: "custom",
          path: [...at("show_if"), "equals"],
          message: `show_if.equals must be one of: ${allowedValues(target)!.join(", ")}`,
        });
      }
    }
    seen.set(f.name, f);
  });
}

/** The values a condition on `field` may test, or null if it cannot be a condition. */
export function allowedValues(field: Field): string[] | null {
  if (field.type === "select" || field.type === "radio") return field.options.map((o) => o.value);
  if (field.type === "checkbox") return ["true", "false"];
  return null;
}

export const FormDefinitionSchema = z.strictObject({
  version: z.literal(1).default(1),
  fields: z.array(FieldSchema).max(MAX_FIELDS).default([]),
}).superRefine((d, ctx) => checkDefinition(d.fields, ctx)).describe(
  "An online form: the extra fields a service asks for, rendered and validated from this JSON",
);
export type FormDefinition = z.output<typeof FormDefinitionSchema>;

export const EMPTY_FORM: FormDefinition = { version: 1, fields: [] };

/** Parses stored or submitted JSON; throws a ZodError on an invalid definition. */
export function parseDefinition(json: unknown): FormDefinition {
  return FormDefinitionSchema.parse(json ?? EMPTY_FORM);
}

/** Whether `field` applies given the other values (conditions chain: a hidden parent hides). */
export function isVisible(
  def: FormDefinition,
  field: Field,
  valueOf: (name: string) => string | undefined,
  depth = 0,
): boolean {
  if (!field.show_if || depth > MAX_FIELDS) return true;
  const parent = def.fields.find((f) => f.name === field.show_if!.field);
  if (!parent || !isVisible(def, parent, valueOf, depth + 1)) return false;
  const v = valueOf(parent.name);
  if (parent.type === "checkbox") return (v ? "true" : "false") === field.show_if.equals;
  return v === field.show_if.equals;
}
