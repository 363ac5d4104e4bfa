import type { State } from "../lib/http/define.ts";
import { describedBy, FieldError, type FieldErrors, FieldHint } from "./FormErrors.tsx";

/**
 * A Bootstrap Italia text input with its label, optional hint and error: `aria-invalid` and
 * `aria-describedby` (hint, then error) are set from `errors[id]`. The field's `name` is its `id`
 * unless `name` is given. Text, contact, date, time, number and colour inputs alike.
 */
export function TextField(
  {
    state,
    id,
    name,
    label,
    value,
    errors,
    hint,
    type = "text",
    required,
    autocomplete,
    maxLength,
    min,
    max,
    inputMode,
  }: {
    state: State;
    id: string;
    /** The posted name, when it is not the id (repeated rows: `stop_name` for `stop_name-3`). */
    name?: string;
    label: string;
    value: string;
    errors: FieldErrors;
    hint?: string;
    type?:
      | "text"
      | "email"
      | "tel"
      | "url"
      | "date"
      | "time"
      | "datetime-local"
      | "number"
      | "color";
    required?: boolean;
    autocomplete?: string;
    maxLength?: number;
    min?: string;
    max?: string;
    inputMode?: "text" | "numeric" | "decimal" | "email" | "tel" | "url";
  },
) {
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div class="form-group">
      <label for={id} class="active">
        {label}
        {required && <RequiredMark state={state} />}
      </label>
      <input
        id={id}
        name={name ?? id}
        type={type}
        class={`form-control${errors[id] ? " is-invalid" : ""}`}
        value={value}
        required={required}
        autocomplete={autocomplete}
        maxLength={maxLength}
        min={min}
        max={max}
        inputMode={inputMode}
        spellcheck={type === "text" ? undefined : false}
        aria-invalid={errors[id] ? "true" : undefined}
        aria-describedby={describedBy(id, errors, hintId)}
      />
      <FieldHint id={id} hint={hint} />
      <FieldError field={id} errors={errors} />
    </div>
  );
}

/** The asterisk after the label of a required field (explained by RequiredNote). */
export function RequiredMark({ state }: { state: State }) {
  return <span class="text-danger ms-1" title={state.tr("obbligatorio", "required")}>*</span>;
}

/** The note that explains the asterisk, placed before a form's first field. */
export function RequiredNote({ state }: { state: State }) {
  return (
    <p class="small text-secondary">
      {state.tr(
        "I campi contrassegnati con * sono obbligatori.",
        "Fields marked with * are required.",
      )}
    </p>
  );
}
