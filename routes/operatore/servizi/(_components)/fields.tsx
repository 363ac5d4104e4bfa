import type { ComponentChildren } from "preact";
import { describedBy, FieldError, type FieldErrors } from "../../../../components/FormErrors.tsx";
import type { State } from "../../../../lib/http/define.ts";

/**
 * Form controls of the service pages (Bootstrap Italia markup): every control has a label, its
 * hint and error are linked by `aria-describedby`, `aria-invalid` marks errors. `id` is also the
 * field's name unless `name` is given.
 */
interface Common {
  state: State;
  id: string;
  name?: string;
  label: string;
  errors: FieldErrors;
  hint?: string;
  required?: boolean;
}

function Req({ state }: { state: State }) {
  return <span class="text-danger ms-1" title={state.tr("obbligatorio", "required")}>*</span>;
}

function Hint({ id, hint }: { id: string; hint?: string }) {
  return hint ? <small id={`${id}-hint`} class="form-text d-block">{hint}</small> : null;
}

const invalid = (errors: FieldErrors, id: string) => errors[id] ? ("true" as const) : undefined;
const hintId = (id: string, hint?: string) => hint ? `${id}-hint` : undefined;

export function Input(
  p: Common & {
    value: string;
    type?: "text" | "date" | "time" | "datetime-local" | "number" | "email";
    maxLength?: number;
    min?: string;
    max?: string;
    inputMode?: "numeric" | "decimal" | "text";
  },
) {
  return (
    <div class="form-group">
      <label for={p.id} class="active">{p.label}{p.required && <Req state={p.state} />}</label>
      <input
        id={p.id}
        name={p.name ?? p.id}
        type={p.type ?? "text"}
        class={`form-control${p.errors[p.id] ? " is-invalid" : ""}`}
        value={p.value}
        required={p.required}
        maxLength={p.maxLength}
        min={p.min}
        max={p.max}
        inputMode={p.inputMode}
        aria-invalid={invalid(p.errors, p.id)}
        aria-describedby={describedBy(p.id, p.errors, hintId(p.id, p.hint))}
      />
      <Hint id={p.id} hint={p.hint} />
      <FieldError field={p.id} errors={p.errors} />
    </div>
  );
}

export function Textarea(p: Common & { value: string; maxLength?: number; rows?: number }) {
  return (
    <div class="form-group">
      <label for={p.id} class="active">{p.label}{p.required && <Req state={p.state} />}</label>
      <textarea
        id={p.id}
        name={p.name ?? p.id}
        class={`form-control${p.errors[p.id] ? " is-invalid" : ""}`}
        rows={p.rows ?? 4}
        maxLength={p.maxLength}
        required={p.required}
        aria-invalid={invalid(p.errors, p.id)}
        aria-describedby={describedBy(p.id, p.errors, hintId(p.id, p.hint))}
      >
        {p.value}
      </textarea>
      <Hint id={p.id} hint={p.hint} />
      <FieldError field={p.id} errors={p.errors} />
    </div>
  );
}

export function Select(
  p: Common & { value: string; options: [value: string, label: string][]; empty?: string },
) {
  return (
    <div class="select-wrapper mb-4">
      <label for={p.id}>{p.label}{p.required && <Req state={p.state} />}</label>
      <select
        id={p.id}
        name={p.name ?? p.id}
        required={p.required}
        aria-invalid={invalid(p.errors, p.id)}
        aria-describedby={describedBy(p.id, p.errors, hintId(p.id, p.hint))}
      >
        {p.empty !== undefined && <option value="">{p.empty}</option>}
        {p.options.map(([v, l]) => <option value={v} selected={p.value === v} key={v}>{l}</option>)}
      </select>
      <Hint id={p.id} hint={p.hint} />
      <FieldError field={p.id} errors={p.errors} />
    </div>
  );
}

/** One checkbox (a switch of the service, a "required" flag…). */
export function Check(p: Common & { checked: boolean; value?: string }) {
  return (
    <div class="form-check mb-3">
      <input
        id={p.id}
        name={p.name ?? p.id}
        type="checkbox"
        value={p.value ?? "on"}
        checked={p.checked}
        aria-invalid={invalid(p.errors, p.id)}
        aria-describedby={describedBy(p.id, p.errors, hintId(p.id, p.hint))}
      />
      <label for={p.id}>{p.label}</label>
      <Hint id={p.id} hint={p.hint} />
      <FieldError field={p.id} errors={p.errors} />
    </div>
  );
}

/**
 * A group of radios or checkboxes in a fieldset; the first control's id is `id`, so an error
 * summary link lands on it.
 */
export function Choices(
  p: Common & {
    type: "radio" | "checkbox";
    values: string[];
    options: [value: string, label: string][];
    inline?: boolean;
    children?: ComponentChildren;
  },
) {
  return (
    <fieldset class="mb-4" aria-describedby={describedBy(p.id, p.errors, hintId(p.id, p.hint))}>
      <legend class="h6">{p.label}{p.required && <Req state={p.state} />}</legend>
      {p.options.map(([v, l], i) => {
        const id = i === 0 ? p.id : `${p.id}-${v}`;
        return (
          <div class={`form-check${p.inline ? " form-check-inline" : ""}`} key={v}>
            <input
              id={id}
              name={p.name ?? p.id}
              type={p.type}
              value={v}
              checked={p.values.includes(v)}
              aria-invalid={invalid(p.errors, p.id)}
            />
            <label for={id}>{l}</label>
          </div>
        );
      })}
      {p.children}
      <Hint id={p.id} hint={p.hint} />
      <FieldError field={p.id} errors={p.errors} />
    </fieldset>
  );
}
