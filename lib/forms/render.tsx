/**
 * Renders an online form from its definition with Bootstrap Italia markup: a label for every
 * control, hints and errors linked by `aria-describedby`, `aria-invalid` on fields in error,
 * radio groups as fieldsets. Conditional fields are hidden by a generated stylesheet (`:has()`),
 * so the form works without any script; the server ignores hidden fields anyway.
 *
 * Controls are named and identified `<prefix><field name>` (`f_allergie`), so they never clash
 * with the page's own fields.
 *
 * @module
 */

import {
  allowedValues,
  type Field,
  FILE_TYPES,
  type FormDefinition,
  OPTION_VALUE,
} from "./definition.ts";

type Lang = "it" | "en";

export interface FormFieldsProps {
  def: FormDefinition;
  /** What the person typed (raw strings), keyed by field name. */
  values?: Record<string, string>;
  /** Translated messages, keyed by field name. */
  errors?: Record<string, string>;
  lang: Lang;
  /** The `id` of the enclosing `<form>`, which the conditional stylesheet is scoped to. */
  formId: string;
  prefix?: string;
}

const tr = (lang: Lang, it: string, en: string) => lang === "it" ? it : en;
export const DEFAULT_PREFIX = "f_";
const SAFE_ID = /^[A-Za-z][A-Za-z0-9_-]{0,60}$/;

/** Field name → control id, for error summaries that link to the fields. */
export function controlId(name: string, prefix = DEFAULT_PREFIX): string {
  return `${prefix}${name}`;
}

/** Reads the submitted values of `def` from a parsed body keyed by control names. */
export function readControls<T>(
  def: FormDefinition,
  body: Record<string, T>,
  prefix = DEFAULT_PREFIX,
): Record<string, T> {
  const out: Record<string, T> = {};
  for (const f of def.fields) {
    const v = body[controlId(f.name, prefix)];
    if (v !== undefined) out[f.name] = v;
  }
  return out;
}

/** One `:has()` selector that is true when `field`'s own condition holds. */
function conditionSelector(def: FormDefinition, field: Field, prefix: string): string | null {
  const cond = field.show_if;
  if (!cond) return null;
  const parent = def.fields.find((f) => f.name === cond.field);
  if (!parent || !allowedValues(parent)?.includes(cond.equals)) return null;
  if (!OPTION_VALUE.test(cond.equals) && parent.type !== "checkbox") return null;
  const name = controlId(parent.name, prefix);
  if (parent.type === "select") return `[name="${name}"] option[value="${cond.equals}"]:checked`;
  if (parent.type === "radio") return `input[name="${name}"][value="${cond.equals}"]:checked`;
  return `input[name="${name}"]:checked`;
}

/**
 * CSS hiding every conditional field whose condition (or a parent's) does not hold. Names and
 * values are restricted by the definition schema, so nothing here can break out of the rule.
 */
export function conditionalCss(def: FormDefinition, formId: string, prefix = DEFAULT_PREFIX) {
  if (!SAFE_ID.test(formId)) throw new Error(`unsafe form id ${formId}`);
  const rules: string[] = [];
  for (const field of def.fields) {
    const wrap = `#${controlId(field.name, prefix)}-wrap`;
    // A field is hidden when its own condition fails, or any ancestor's does.
    let f: Field | undefined = field;
    for (let depth = 0; f?.show_if && depth < def.fields.length; depth++) {
      const sel = conditionSelector(def, f, prefix);
      const parent: Field | undefined = def.fields.find((x) => x.name === f!.show_if!.field);
      if (sel) {
        const whenUnticked = parent?.type === "checkbox" && f.show_if.equals === "false";
        rules.push(
          whenUnticked
            ? `#${formId}:has(${sel}) ${wrap}{display:none}`
            : `#${formId}:not(:has(${sel})) ${wrap}{display:none}`,
        );
      }
      f = parent;
    }
  }
  return rules.join("\n");
}

function describedBy(...ids: (string | false | undefined)[]) {
  return ids.filter(Boolean).join(" ") || undefined;
}

function Label({ f, id, lang }: { f: Field; id: string; lang: Lang }) {
  return (
    <label for={id} class="active">
      {f.label}
      {f.required && (
        <span class="text-danger ms-1" title={tr(lang, "obbligatorio", "required")}>*</span>
      )}
    </label>
  );
}

function fileHint(f: Extract<Field, { type: "file" }>, lang: Lang) {
  const kinds = f.accept.map((t) => FILE_TYPES[t].label).join(tr(lang, " o ", " or "));
  const size = new Intl.NumberFormat(lang === "it" ? "it-IT" : "en-GB").format(f.max_size_mb);
  return tr(lang, `Formato ${kinds}, al massimo ${size} MB.`, `${kinds}, at most ${size} MB.`);
}

function conditionHint(def: FormDefinition, f: Field, lang: Lang): string | null {
  if (!f.show_if) return null;
  const parent = def.fields.find((x) => x.name === f.show_if!.field);
  if (!parent) return null;
  let answer = f.show_if.equals;
  if (parent.type === "select" || parent.type === "radio") {
    answer = parent.options.find((o) => o.value === answer)?.label ?? answer;
  } else if (parent.type === "checkbox") {
    answer = answer === "true"
      ? tr(lang, "selezionato", "ticked")
      : tr(lang, "non selezionato", "not ticked");
  }
  return tr(
    lang,
    `Da compilare solo se «${parent.label}» è «${answer}».`,
    `Only if “${parent.label}” is “${answer}”.`,
  );
}

function Control(
  { def, f, value, error, lang, prefix }: {
    def: FormDefinition;
    f: Field;
    value: string;
    error?: string;
    lang: Lang;
    prefix: string;
  },
) {
  const id = controlId(f.name, prefix);
  const cond = conditionHint(def, f, lang);
  const hint = [f.help, f.type === "file" ? fileHint(f, lang) : null, cond].filter(Boolean)
    .join(" ");
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const invalid = error ? ("true" as const) : undefined;
  const Hint = () => hint ? <small id={hintId} class="form-text d-block">{hint}</small> : null;
  const Error = () =>
    error ? <div class="invalid-feedback d-block field-error" id={errorId}>{error}</div> : null;
  const common = {
    id,
    name: id,
    required: f.required,
    "aria-invalid": invalid,
    "aria-describedby": describedBy(hintId, errorId),
  };

  switch (f.type) {
    case "radio":
      return (
        <fieldset class="mb-4" aria-describedby={describedBy(hintId, errorId)}>
          <legend class="h6">
            {f.label}
            {f.required && (
              <span class="text-danger ms-1" title={tr(lang, "obbligatorio", "required")}>*</span>
            )}
          </legend>
          {f.options.map((o, i) => {
            const oid = i === 0 ? id : `${id}-${o.value}`;
            return (
              <div class="form-check" key={o.value}>
                <input
                  id={oid}
                  name={id}
                  type="radio"
                  value={o.value}
                  checked={value === o.value}
                  required={f.required}
                  aria-invalid={invalid}
                />
                <label for={oid}>{o.label}</label>
              </div>
            );
          })}
          <Hint />
          <Error />
        </fieldset>
      );
    case "checkbox":
      return (
        <div class="form-check mb-4">
          <input {...common} type="checkbox" value="on" checked={value !== ""} />
          <Label f={f} id={id} lang={lang} />
          <Hint />
          <Error />
        </div>
      );
    case "select":
      return (
        <div class="select-wrapper mb-4">
          <Label f={f} id={id} lang={lang} />
          <select {...common} class={error ? "is-invalid" : undefined}>
            <option value="">{tr(lang, "Scegli un'opzione", "Choose an option")}</option>
            {f.options.map((o) => (
              <option value={o.value} selected={value === o.value} key={o.value}>{o.label}</option>
            ))}
          </select>
          <Hint />
          <Error />
        </div>
      );
    case "textarea":
      return (
        <div class="form-group">
          <Label f={f} id={id} lang={lang} />
          <textarea
            {...common}
            class={`form-control${error ? " is-invalid" : ""}`}
            rows={4}
            maxLength={f.max_length ?? 2000}
          >
            {value}
          </textarea>
          <Hint />
          <Error />
        </div>
      );
    case "file":
      return (
        <div class="form-group">
          <Label f={f} id={id} lang={lang} />
          <input
            {...common}
            type="file"
            class={`form-control${error ? " is-invalid" : ""}`}
            accept={f.accept.join(",")}
          />
          <Hint />
          <Error />
        </div>
      );
    default: {
      const input = {
        text: { type: "text", maxLength: f.type === "text" ? f.max_length ?? 200 : undefined },
        number: {
          type: "text",
          inputMode: f.type === "number" && f.integer ? "numeric" : "decimal",
        },
        date: { type: "date", min: f.type === "date" ? f.min : undefined },
        email: { type: "email", autocomplete: "email", spellcheck: false },
        phone: { type: "tel", autocomplete: "tel" },
        codice_fiscale: { type: "text", maxLength: 16, spellcheck: false, autocomplete: "off" },
      }[f.type];
      const upper = f.type === "codice_fiscale" ? " text-uppercase" : "";
      return (
        <div class="form-group">
          <Label f={f} id={id} lang={lang} />
          <input
            {...common}
            class={`form-control${upper}${error ? " is-invalid" : ""}`}
            value={value}
            {...input}
            max={f.type === "date" ? f.max : undefined}
          />
          <Hint />
          <Error />
        </div>
      );
    }
  }
}

/** The fields of a form (the caller provides `<form>`, the CSRF field and the buttons). */
export function FormFields(
  { def, values = {}, errors = {}, lang, formId, prefix = DEFAULT_PREFIX }: FormFieldsProps,
) {
  const css = conditionalCss(def, formId, prefix);
  return (
    <>
      {css && <style dangerouslySetInnerHTML={{ __html: css }} />}
      {def.fields.map((f) => (
        <div id={`${controlId(f.name, prefix)}-wrap`} key={f.name} data-field={f.name}>
          <Control
            def={def}
            f={f}
            value={values[f.name] ?? ""}
            error={errors[f.name]}
            lang={lang}
            prefix={prefix}
          />
        </div>
      ))}
    </>
  );
}
