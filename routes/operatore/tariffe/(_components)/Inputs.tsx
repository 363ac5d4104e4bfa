import { describedBy, FieldError, type FieldErrors } from "../../../../components/FormErrors.tsx";
import { TextField } from "../../../../components/TextField.tsx";

/**
 * An amount, ISEE value or percentage typed the Italian way (12.400,00): the shared TextField
 * with the decimal keypad on phones.
 */
export function Amount(p: Omit<Parameters<typeof TextField>[0], "type">) {
  return <TextField inputMode="decimal" {...p} />;
}

/**
 * An amount in a cell of the bracket table: the column header is the visible label, so the
 * label (bracket number and column) is only read by screen readers.
 */
export function AmountCell(
  { id, label, value, errors }: { id: string; label: string; value: string; errors: FieldErrors },
) {
  return (
    <div class="form-group">
      <label for={id} class="visually-hidden">{label}</label>
      <input
        id={id}
        name={id}
        type="text"
        inputMode="decimal"
        class={`form-control${errors[id] ? " is-invalid" : ""}`}
        value={value}
        aria-invalid={errors[id] ? "true" : undefined}
        aria-describedby={describedBy(id, errors)}
        spellcheck={false}
      />
      <FieldError field={id} errors={errors} />
    </div>
  );
}
