import { z } from "zod";
import type { FieldErrors } from "../../../../components/FormErrors.tsx";
import type { State } from "../../../../lib/http/define.ts";
import { currentMonth, type DayRange } from "../../../../lib/pagopa/receipts_by_service_read.ts";

const Range = z.object({ dal: z.iso.date().optional(), al: z.iso.date().optional() });

/**
 * The days of the revenue by service from a query string (`dal`, `al`, calendar days in Rome):
 * the current month by default, the missing end from the month of the given one; what was typed,
 * and the errors (then the current month is shown).
 */
export function readRange(
  state: State,
  get: (k: string) => string | undefined,
): { range: DayRange; values: Record<string, string>; errors: FieldErrors } {
  const values: Record<string, string> = {};
  for (const k of ["dal", "al"]) {
    const v = get(k)?.trim();
    if (v) values[k] = v;
  }
  const errors: FieldErrors = {};
  const parsed = Range.safeParse(values);
  if (!parsed.success) {
    for (const i of parsed.error.issues) {
      errors[String(i.path[0])] = state.tr("Data non valida (gg/mm/aaaa).", "Invalid date.");
    }
    return { range: currentMonth(), values, errors };
  }
  const { dal, al } = parsed.data;
  const range = {
    dal: dal ?? currentMonth(al).dal,
    al: al ?? currentMonth(dal).al,
  };
  if (range.al < range.dal) {
    errors.al = state.tr(
      "La data finale precede quella iniziale.",
      "The end date is before the start date.",
    );
    return { range: currentMonth(), values, errors };
  }
  return { range, values, errors };
}
