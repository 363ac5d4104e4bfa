import type { State } from "../lib/http/define.ts";

/** Field id → the (already translated) message shown beside it and in the summary. */
export type FieldErrors = Record<string, string>;

/** The id of a field's error text, for its `aria-describedby`. */
export const errorId = (field: string) => `${field}-error`;

/**
 * The summary at the top of a form that failed validation: announced at once (`role="alert"`),
 * each message a link to its field, as GOV.UK and Designers Italia recommend.
 */
export function ErrorSummary(
  { state, errors, level = 2 }: { state: State; errors: FieldErrors; level?: 2 | 3 },
) {
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <div class="alert alert-danger" role="alert">
      <Heading class="h5">{state.t("form.errorsTitle")}</Heading>
      <ul class="mb-0">
        {entries.map(([field, message]) => (
          <li key={field}>
            <a href={`#${field}`}>{message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * The message under a field, referenced by the field's `aria-describedby`. Inside the field's
 * `.form-group`, or right after it for island fields (`app.css` pulls it up under the input).
 */
export function FieldError({ field, errors }: { field: string; errors: FieldErrors }) {
  const message = errors[field];
  if (!message) return null;
  return <div class="invalid-feedback d-block field-error" id={errorId(field)}>{message}</div>;
}

/** `aria-describedby` for a field: its hint (if any) and its error (if any). */
export function describedBy(field: string, errors: FieldErrors, hint?: string) {
  return [hint, errors[field] ? errorId(field) : undefined].filter(Boolean).join(" ") ||
    undefined;
}

/** The hint under a field (`<id>-hint`, which the field's `aria-describedby` names), if any. */
export function FieldHint({ id, hint }: { id: string; hint?: string }) {
  return hint ? <small id={`${id}-hint`} class="form-text d-block">{hint}</small> : null;
}
