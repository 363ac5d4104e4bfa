import { CheckboxField, ChoicesField } from "../../../../components/CheckboxField.tsx";
import type { FieldErrors } from "../../../../components/FormErrors.tsx";
import { SelectField } from "../../../../components/SelectField.tsx";
import { TextAreaField } from "../../../../components/TextAreaField.tsx";
import { TextField } from "../../../../components/TextField.tsx";
import type { State } from "../../../../lib/http/define.ts";

/**
 * Form controls of the service pages, under the names these pages use: the shared field
 * components of `components/` (label, hint and error linked by `aria-describedby`,
 * `aria-invalid` on errors; `id` is also the field's name unless `name` is given).
 */
export const Input = TextField;
export const Textarea = TextAreaField;
export const Select = SelectField;
export const Choices = ChoicesField;

/** One checkbox (a switch of the service, a "required" flag…). */
export function Check(
  p: {
    state: State;
    id: string;
    name?: string;
    label: string;
    errors: FieldErrors;
    hint?: string;
    checked: boolean;
    value?: string;
  },
) {
  return (
    <CheckboxField
      id={p.id}
      name={p.name}
      value={p.value ?? "on"}
      label={p.label}
      checked={p.checked}
      errors={p.errors}
      hint={p.hint}
      spacing="mb-3"
    />
  );
}
