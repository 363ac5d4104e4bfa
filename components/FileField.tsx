import type { State } from "../lib/http/define.ts";
import { describedBy, FieldError, type FieldErrors } from "./FormErrors.tsx";
import { RequiredMark } from "./TextField.tsx";

/**
 * A Bootstrap Italia file input with its label, hint (what types and size are accepted) and
 * error, wired like TextField. The form around it needs `enctype="multipart/form-data"`.
 */
export function FileField(
  { state, id, label, errors, hint, accept, required }: {
    state: State;
    id: string;
    label: string;
    errors: FieldErrors;
    hint?: string;
    /** Content types offered by the browser's picker: `image/jpeg,image/png`. */
    accept?: string;
    required?: boolean;
  },
) {
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div class="mb-4">
      <label for={id} class="form-label d-block">
        {label}
        {required && <RequiredMark state={state} />}
      </label>
      <input
        id={id}
        name={id}
        type="file"
        class={`form-control${errors[id] ? " is-invalid" : ""}`}
        accept={accept}
        required={required}
        aria-invalid={errors[id] ? "true" : undefined}
        aria-describedby={describedBy(id, errors, hintId)}
      />
      {hint && <small id={hintId} class="form-text d-block">{hint}</small>}
      <FieldError field={id} errors={errors} />
    </div>
  );
}
