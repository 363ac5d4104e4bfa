/**
 * What the tariff pages share: reading the rules form, checking it with the engine, and turning
 * both kinds of problems into the page's field errors (Italian first, as the engine words them).
 */
import type { FieldErrors } from "../../../../components/FormErrors.tsx";
import type { State } from "../../../../lib/http/define.ts";
import { fieldOf, formToRules, readForm, type RulesForm } from "../../../../lib/tariffs/form.ts";
import { type Rounding, ROUNDING_MODES } from "../../../../lib/tariffs/money.ts";
import type { TariffRules } from "../../../../lib/tariffs/schema.ts";
import { type TariffIssue, validateRules } from "../../../../lib/tariffs/validate.ts";

type Body = Record<string, string | File | (string | File)[]>;

export interface VersionForm {
  rules: RulesForm;
  validFrom: string;
  rounding: Rounding;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function readVersionForm(body: Body): VersionForm {
  const rounding = String(body.rounding ?? "");
  return {
    rules: readForm(body),
    validFrom: String(body.valid_from ?? "").trim(),
    rounding: (ROUNDING_MODES as readonly string[]).includes(rounding)
      ? rounding as Rounding
      : "half_up",
  };
}

/** Adds an engine issue to the form's errors, on its field (several issues share a field). */
export function addIssues(state: State, errors: FieldErrors, f: RulesForm, issues: TariffIssue[]) {
  for (const i of issues) {
    const field = fieldOf(i, f);
    const message = state.lang === "it" ? i.message : i.messageEn;
    errors[field] = errors[field] ? `${errors[field]} ${message}` : message;
  }
}

/** The rules of a posted version form, or its errors (typing first, then the engine's). */
export function checkVersionForm(
  state: State,
  v: VersionForm,
): { rules: TariffRules | null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  if (!DATE.test(v.validFrom) || Number.isNaN(Date.parse(v.validFrom))) {
    errors.valid_from = state.tr(
      "Indica la data da cui valgono le regole.",
      "Give the date the rules apply from.",
    );
  }
  const parsed = formToRules(v.rules);
  for (const [field, m] of Object.entries(parsed.errors)) {
    errors[field] = state.lang === "it" ? m.it : m.en;
  }
  if (Object.keys(parsed.errors).length || parsed.rules === null) {
    return { rules: null, errors };
  }
  const check = validateRules(parsed.rules);
  if (!check.ok) {
    addIssues(state, errors, v.rules, check.errors);
    return { rules: null, errors };
  }
  return { rules: Object.keys(errors).length ? null : check.rules, errors };
}
