import type { ComponentChildren } from "preact";
import type { State } from "../lib/http/define.ts";
import { describedBy, FieldError, type FieldErrors, FieldHint } from "./FormErrors.tsx";
import { RequiredMark } from "./TextField.tsx";

/**
 * One Bootstrap Italia checkbox with its label, hint and error. Posted as `value` ("on" unless
 * given) when ticked. Several with the same `name` make a list (services of a site, teachers).
 */
export function CheckboxField(
  { id, name, value, label, checked, errors = {}, hint, spacing = "" }: {
    id: string;
    name?: string;
    value?: string;
    label: ComponentChildren;
    checked: boolean;
    errors?: FieldErrors;
    hint?: string;
    /** Classes added to the wrapper (`mb-3`). */
    spacing?: string;
  },
) {
  return (
    <div class={`form-check${spacing ? ` ${spacing}` : ""}`}>
      <input
        id={id}
        name={name ?? id}
        type="checkbox"
        value={value}
        checked={checked}
        aria-invalid={errors[id] ? "true" : undefined}
        aria-describedby={describedBy(id, errors, hint ? `${id}-hint` : undefined)}
      />
      <label for={id}>{label}</label>
      <FieldHint id={id} hint={hint} />
      <FieldError field={id} errors={errors} />
    </div>
  );
}

/**
 * A group of radios or checkboxes in a fieldset with its legend, hint and error; the first
 * control's id is `id`, so an error summary link lands on it.
 */
export function ChoicesField(
  { state, id, name, label, type, values, options, errors, hint, required, inline, children }: {
    state: State;
    id: string;
    name?: string;
    label: string;
    type: "radio" | "checkbox";
    values: string[];
    options: [value: string, label: string][];
    errors: FieldErrors;
    hint?: string;
    required?: boolean;
    inline?: boolean;
    children?: ComponentChildren;
  },
) {
  return (
    <fieldset
      class="mb-4"
      aria-describedby={describedBy(id, errors, hint ? `${id}-hint` : undefined)}
    >
      <legend class="h6">{label}{required && <RequiredMark state={state} />}</legend>
      {options.map(([v, l], i) => {
        const controlId = i === 0 ? id : `${id}-${v}`;
        return (
          <div class={`form-check${inline ? " form-check-inline" : ""}`} key={v}>
            <input
              id={controlId}
              name={name ?? id}
              type={type}
              value={v}
              checked={values.includes(v)}
              aria-invalid={errors[id] ? "true" : undefined}
            />
            <label for={controlId}>{l}</label>
          </div>
        );
      })}
      {children}
      <FieldHint id={id} hint={hint} />
      <FieldError field={id} errors={errors} />
    </fieldset>
  );
}
