import { describedBy, FieldError, type FieldErrors } from "../../../../components/FormErrors.tsx";

export const cls = (errors: FieldErrors, id: string, base = "form-control") =>
  `${base}${errors[id] ? " is-invalid" : ""}`;

export function Text(
  { id, label, value, errors, hint, inputMode = "decimal", hiddenLabel }: {
    id: string;
    label: string;
    value: string;
    errors: FieldErrors;
    hint?: string;
    inputMode?: "decimal" | "numeric" | "text";
    hiddenLabel?: boolean;
  },
) {
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div class="form-group">
      <label for={id} class={hiddenLabel ? "visually-hidden" : "active"}>{label}</label>
      <input
        id={id}
        name={id}
        type="text"
        inputMode={inputMode}
        class={cls(errors, id)}
        value={value}
        aria-invalid={errors[id] ? "true" : undefined}
        aria-describedby={describedBy(id, errors, hintId)}
        spellcheck={false}
      />
      {hint && <small id={hintId} class="form-text">{hint}</small>}
      <FieldError field={id} errors={errors} />
    </div>
  );
}

export function Select(
  { id, label, value, options, errors }: {
    id: string;
    label: string;
    value: string;
    options: [string, string][];
    errors: FieldErrors;
  },
) {
  return (
    <div class="select-wrapper mb-4">
      <label for={id}>{label}</label>
      <select
        id={id}
        name={id}
        aria-invalid={errors[id] ? "true" : undefined}
        aria-describedby={describedBy(id, errors)}
      >
        {options.map(([v, l]) => <option value={v} selected={v === value} key={v}>{l}</option>)}
      </select>
      <FieldError field={id} errors={errors} />
    </div>
  );
}
