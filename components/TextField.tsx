import type { State } from "../lib/http/define.ts";
import { describedBy, FieldError, type FieldErrors } from "./FormErrors.tsx";

/**
 * A Bootstrap Italia text input with its label, optional hint and error: `aria-invalid` and
 * `aria-describedby` (hint, then error) are set from `errors[id]`. The field's `name` is its `id`.
 */
export function TextField(
  {
    state,
    id,
    label,
    value,
    errors,
    hint,
    type = "text",
    required,
    autocomplete,
    maxLength,
    inputMode,
  }: {
    state: State;
    id: string;
    label: string;
    value: string;
    errors: FieldErrors;
    hint?: string;
    type?: "text" | "email" | "tel" | "url";
    required?: boolean;
    autocomplete?: string;
    maxLength?: number;
    inputMode?: "text" | "numeric" | "email" | "tel" | "url";
  },
) {
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div class="form-group">
      <label for={id} class="active">
        {label}
        {required && (
          <span class="text-danger ms-1" title={state.tr("obbligatorio", "required")}>
            *
          </span>
        )}
      </label>
      <input
        id={id}
        name={id}
        type={type}
        class={`form-control${errors[id] ? " is-invalid" : ""}`}
        value={value}
        required={required}
        autocomplete={autocomplete}
        maxLength={maxLength}
        inputMode={inputMode}
        spellcheck={type === "text" ? undefined : false}
        aria-invalid={errors[id] ? "true" : undefined}
        aria-describedby={describedBy(id, errors, hintId)}
      />
      {hint && <small id={hintId} class="form-text">{hint}</small>}
      <FieldError field={id} errors={errors} />
    </div>
  );
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
