import { describedBy, FieldError, type FieldErrors } from "../../../../components/FormErrors.tsx";
import { type Ctx, HttpError, type State } from "../../../../lib/http/define.ts";
import type { Problems } from "../../../../lib/transport/forms.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A uuid path parameter, or 404 (a malformed id names nothing). */
export function uuidParam(c: Ctx, name: string): string {
  const id = c.req.param(name) ?? "";
  if (!UUID.test(id)) throw new HttpError(404, "No such transport route", { code: "not_found" });
  return id;
}

export const routeNotFound = () =>
  new HttpError(404, "No such transport route", { code: "not_found" });

/** The route form's refusal of a code the service already uses. */
export const codeTakenProblem = (code: string): Problems => ({
  code: {
    code: "code",
    it: `Il servizio ha già una linea con il codice ${code}: scegline un altro.`,
    en: `The service already has a route with code ${code}: choose another.`,
  },
});

/** The form problems in the page's language, as the error summary and the fields take them. */
export function errorsOf(state: State, problems: Problems): FieldErrors {
  return Object.fromEntries(
    Object.entries(problems).map(([field, p]) => [field, state.tr(p.it, p.en)]),
  );
}

/** A labelled input with hint and error (`aria-invalid`, `aria-describedby`). */
export function Field(
  { state, id, name, label, value, errors, hint, type = "text", required, inputMode, maxLength }: {
    state: State;
    id: string;
    name: string;
    label: string;
    value: string;
    errors: FieldErrors;
    hint?: string;
    type?: "text" | "time" | "number" | "color";
    required?: boolean;
    inputMode?: "decimal" | "numeric" | "text";
    maxLength?: number;
  },
) {
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div class="form-group">
      <label for={id} class="active">
        {label}
        {required && (
          <span class="text-danger ms-1" title={state.tr("obbligatorio", "required")}>*</span>
        )}
      </label>
      <input
        id={id}
        name={name}
        type={type}
        class={`form-control${errors[id] ? " is-invalid" : ""}`}
        value={value}
        required={required}
        inputMode={inputMode}
        maxLength={maxLength}
        autocomplete="off"
        aria-invalid={errors[id] ? "true" : undefined}
        aria-describedby={describedBy(id, errors, hintId)}
      />
      {hint && <small id={hintId} class="form-text">{hint}</small>}
      <FieldError field={id} errors={errors} />
    </div>
  );
}

/** A labelled textarea with hint and error. */
export function TextArea(
  { id, name, label, value, errors, hint, maxLength = 2000 }: {
    id: string;
    name: string;
    label: string;
    value: string;
    errors: FieldErrors;
    hint?: string;
    maxLength?: number;
  },
) {
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div class="form-group">
      <label for={id} class="active">{label}</label>
      <textarea
        id={id}
        name={name}
        rows={3}
        class={`form-control${errors[id] ? " is-invalid" : ""}`}
        maxLength={maxLength}
        aria-invalid={errors[id] ? "true" : undefined}
        aria-describedby={describedBy(id, errors, hintId)}
      >
        {value}
      </textarea>
      {hint && <small id={hintId} class="form-text">{hint}</small>}
      <FieldError field={id} errors={errors} />
    </div>
  );
}
