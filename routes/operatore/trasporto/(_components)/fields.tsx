import type { FieldErrors } from "../../../../components/FormErrors.tsx";
import { TextAreaField } from "../../../../components/TextAreaField.tsx";
import { TextField } from "../../../../components/TextField.tsx";
import { type Ctx, HttpError, type State } from "../../../../lib/http/define.ts";
import type { Problems } from "../../../../lib/transport/forms.ts";
import { isUuid } from "../../../../lib/codes/uuid.ts";

/** A uuid path parameter, or 404 (a malformed id names nothing). */
export function uuidParam(c: Ctx, name: string): string {
  const id = c.req.param(name) ?? "";
  if (!isUuid(id)) throw new HttpError(404, "No such transport route", { code: "not_found" });
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

/** A labelled input with hint and error: the shared TextField, never autocompleted. */
export function Field(p: Parameters<typeof TextField>[0] & { name: string }) {
  return <TextField {...p} autocomplete="off" />;
}

/** A labelled textarea with hint and error (2,000 characters unless told). */
export function TextArea(p: Parameters<typeof TextAreaField>[0]) {
  return <TextAreaField rows={3} maxLength={2000} {...p} />;
}
