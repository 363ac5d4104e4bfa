import { describedBy, FieldError, type FieldErrors } from "../../../../components/FormErrors.tsx";
import type { State } from "../../../../lib/http/define.ts";

/** The red asterisk of a required field. */
export function Required({ state }: { state: State }) {
  return <span class="text-danger ms-1" title={state.tr("obbligatorio", "required")}>*</span>;
}

/** A labelled select with hint and error. `options` are [value, label] pairs. */
export function SelectField(
  { state, id, label, value, options, errors, hint, required }: {
    state: State;
    id: string;
    label: string;
    value: string;
    options: [string, string][];
    errors: FieldErrors;
    hint?: string;
    required?: boolean;
  },
) {
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div class="select-wrapper mb-4">
      <label for={id}>
        {label}
        {required && <Required state={state} />}
      </label>
      <select
        id={id}
        name={id}
        required={required}
        aria-invalid={errors[id] ? "true" : undefined}
        aria-describedby={describedBy(id, errors, hintId)}
      >
        {options.map(([v, l]) => <option value={v} selected={v === value} key={v}>{l}</option>)}
      </select>
      {hint && <small id={hintId} class="form-text">{hint}</small>}
      <FieldError field={id} errors={errors} />
    </div>
  );
}

/** A date input (the browser's date picker), value YYYY-MM-DD. */
export function DateField(
  { id, label, value, errors, hint }: {
    id: string;
    label: string;
    value: string;
    errors: FieldErrors;
    hint?: string;
  },
) {
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div class="form-group">
      <label for={id} class="active">{label}</label>
      <input
        id={id}
        name={id}
        type="date"
        class={`form-control${errors[id] ? " is-invalid" : ""}`}
        value={value}
        min="1900-01-02"
        aria-invalid={errors[id] ? "true" : undefined}
        aria-describedby={describedBy(id, errors, hintId)}
      />
      {hint && <small id={hintId} class="form-text">{hint}</small>}
      <FieldError field={id} errors={errors} />
    </div>
  );
}

/** A single checkbox with its label. */
export function CheckField(
  { id, name, value = "1", label, checked, hint }: {
    id: string;
    name?: string;
    value?: string;
    label: string;
    checked: boolean;
    hint?: string;
  },
) {
  return (
    <div class="form-check">
      <input
        id={id}
        name={name ?? id}
        type="checkbox"
        value={value}
        checked={checked}
        aria-describedby={hint ? `${id}-hint` : undefined}
      />
      <label for={id}>{label}</label>
      {hint && <small id={`${id}-hint`} class="form-text d-block">{hint}</small>}
    </div>
  );
}

/** A labelled textarea with error. */
export function TextArea(
  { id, label, value, errors, maxLength }: {
    id: string;
    label: string;
    value: string;
    errors: FieldErrors;
    maxLength?: number;
  },
) {
  return (
    <div class="form-group">
      <label for={id} class="active">{label}</label>
      <textarea
        id={id}
        name={id}
        rows={3}
        maxLength={maxLength}
        aria-invalid={errors[id] ? "true" : undefined}
        aria-describedby={describedBy(id, errors)}
      >
        {value}
      </textarea>
      <FieldError field={id} errors={errors} />
    </div>
  );
}

/** Body fields of a posted form: text (trimmed to "" when absent) and repeated values. */
export type FormBody = Record<string, string | File | (string | File)[]>;

export function text(body: FormBody, key: string): string {
  const v = body[key];
  const one = Array.isArray(v) ? v[0] : v;
  return typeof one === "string" ? one : "";
}

export function list(body: FormBody, key: string): string[] {
  const v = body[key];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string =>
    typeof x === "string"
  );
}
