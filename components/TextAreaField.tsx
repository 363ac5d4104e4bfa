import type { State } from "../lib/http/define.ts";
import { describedBy, FieldError, type FieldErrors, FieldHint } from "./FormErrors.tsx";
import { RequiredMark } from "./TextField.tsx";

/** A Bootstrap Italia textarea with its label, hint and error, wired like TextField. */
export function TextAreaField(
  { state, id, name, label, value, errors, hint, required, maxLength, rows = 4 }: {
    state: State;
    id: string;
    name?: string;
    label: string;
    value: string;
    errors: FieldErrors;
    hint?: string;
    required?: boolean;
    maxLength?: number;
    rows?: number;
  },
) {
  return (
    <div class="form-group">
      <label for={id} class="active">
        {label}
        {required && <RequiredMark state={state} />}
      </label>
      <textarea
        id={id}
        name={name ?? id}
        class={`form-control${errors[id] ? " is-invalid" : ""}`}
        rows={rows}
        maxLength={maxLength}
        required={required}
        aria-invalid={errors[id] ? "true" : undefined}
        aria-describedby={describedBy(id, errors, hint ? `${id}-hint` : undefined)}
      >
        {value}
      </textarea>
      <FieldHint id={id} hint={hint} />
      <FieldError field={id} errors={errors} />
    </div>
  );
}
