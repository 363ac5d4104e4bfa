import { maxInstalmentsFor, MIN_PLAN_INSTALMENTS } from "../lib/billing/instalment_plan.ts";
import type { State } from "../lib/http/define.ts";
import type { FieldErrors } from "./FormErrors.tsx";
import { SelectField } from "./SelectField.tsx";

/**
 * "Numero di rate": 2 to as many monthly instalments as `amountCents` allows (at least 1,00 €
 * each), for the office's plan and the family's request alike.
 */
export function InstalmentCountField(
  { state, id, amountCents, value, errors }: {
    state: State;
    id: string;
    amountCents: number;
    value: string;
    errors: FieldErrors;
  },
) {
  const tr = state.tr;
  const most = maxInstalmentsFor(amountCents);
  const counts = Array.from(
    { length: Math.max(0, most - MIN_PLAN_INSTALMENTS + 1) },
    (_, i) => String(i + MIN_PLAN_INSTALMENTS),
  );
  return (
    <SelectField
      state={state}
      id={id}
      label={tr("Numero di rate", "Number of instalments")}
      value={value}
      options={counts.map((n) => [n, tr(`${n} rate`, `${n} instalments`)])}
      empty={tr("Scegli il numero di rate", "Choose the number of instalments")}
      hint={tr(
        `Da ${MIN_PLAN_INSTALMENTS} a ${most} rate mensili di almeno 1,00 € ciascuna.`,
        `${MIN_PLAN_INSTALMENTS} to ${most} monthly instalments of at least €1.00 each.`,
      )}
      required
      errors={errors}
    />
  );
}
