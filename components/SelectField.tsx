import type { State } from "../lib/http/define.ts";
import { describedBy, FieldError, type FieldErrors, FieldHint } from "./FormErrors.tsx";
import { RequiredMark } from "./TextField.tsx";

/**
 * A Bootstrap Italia select with its label, hint and error, wired like TextField. `options` are
 * [value, label] pairs; `empty` adds a first option with no value («Scegli…»).
 */
export function SelectField(
  { state, id, name, label, value, options, errors, hint, required, empty, spacing = "mb-4" }: {
    state: State;
    id: string;
    name?: string;
    label: string;
    value: string;
    options: [value: string, label: string][];
    errors: FieldErrors;
    hint?: string;
    required?: boolean;
    empty?: string;
    /** The wrapper's bottom margin class. */
    spacing?: string;
  },
) {
  return (
    <div class={`select-wrapper ${spacing}`}>
      <label for={id}>
        {label}
        {required && <RequiredMark state={state} />}
      </label>
      <select
        id={id}
        name={name ?? id}
        required={required}
        aria-invalid={errors[id] ? "true" : undefined}
        aria-describedby={describedBy(id, errors, hint ? `${id}-hint` : undefined)}
      >
        {empty !== undefined && <option value="">{empty}</option>}
        {options.map(([v, l]) => <option value={v} selected={v === value} key={v}>{l}</option>)}
      </select>
      <FieldHint id={id} hint={hint} />
      <FieldError field={id} errors={errors} />
    </div>
  );
}
