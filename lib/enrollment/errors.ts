/**
 * Refusals of the enrollment area: a code for machines, a message in Italian and English for
 * people, and the HTTP status the API answers with.
 *
 * @module
 */
import { HttpError } from "../http/define.ts";

export type EnrollmentErrorCode =
  | "invalid"
  | "not_found"
  | "duplicate_application"
  | "window_closed"
  | "already_submitted"
  | "not_submitted"
  | "accepted"
  | "empty";

const STATUS: Record<EnrollmentErrorCode, number> = {
  invalid: 422,
  not_found: 404,
  duplicate_application: 409,
  window_closed: 409,
  already_submitted: 409,
  not_submitted: 409,
  accepted: 409,
  empty: 422,
};

export interface Problem {
  path: string;
  it: string;
  en: string;
}

export class EnrollmentError extends Error {
  constructor(
    readonly code: EnrollmentErrorCode,
    readonly it: string,
    readonly en: string,
    readonly problems: Problem[] = [],
  ) {
    super(en);
  }
  get status(): number {
    return STATUS[this.code];
  }
}

/**
 * Turns the database's refusals raised by `app.submit_application` / `app.withdraw_application`
 * and the one-live-application index into an `EnrollmentError`; anything else is rethrown.
 */
export function enrollmentErrorOf(e: unknown): EnrollmentError | null {
  if (e instanceof EnrollmentError) return e;
  const err = e as {
    code?: string;
    message?: string;
    constraint_name?: string;
    constraint?: string;
  };
  const msg = err?.message ?? "";
  const constraint = err?.constraint_name ?? err?.constraint ?? "";
  if (
    err?.code === "23505" && (constraint.includes("one_live_per_child") ||
      msg.includes("one_live_per_child"))
  ) {
    return new EnrollmentError(
      "duplicate_application",
      "Per questo bambino esiste già una domanda per lo stesso servizio e anno scolastico.",
      "This child already has an application for the same service and school year.",
    );
  }
  if (msg.includes("application_window_closed")) {
    const what = msg.split("enrollment is not open for ")[1] ?? "";
    return new EnrollmentError(
      "window_closed",
      `Le iscrizioni non sono aperte per: ${what}.`,
      `Enrollment is not open for: ${what}.`,
    );
  }
  if (msg.includes("application_not_found")) {
    return new EnrollmentError("not_found", "Domanda non trovata.", "Application not found.");
  }
  if (msg.includes("application_empty")) {
    return new EnrollmentError(
      "empty",
      "La domanda deve indicare almeno un bambino e un servizio.",
      "An application needs at least one child and one service.",
    );
  }
  if (msg.includes("application_child_tax_code")) {
    return new EnrollmentError(
      "invalid",
      "Indica il codice fiscale di ogni bambino.",
      "Enter the codice fiscale of every child.",
    );
  }
  if (msg.includes("application_not_submitted")) {
    return new EnrollmentError(
      "not_submitted",
      "Si può ritirare solo una domanda inviata.",
      "Only a submitted application can be withdrawn.",
    );
  }
  if (msg.includes("application_accepted")) {
    return new EnrollmentError(
      "accepted",
      "La domanda è già stata accolta: per ritirarla contatta l'ufficio.",
      "The application has already been accepted: contact the office to withdraw it.",
    );
  }
  return null;
}

/** For API operations: the refusal as an HttpError with `code` and `errors`. */
export function apiEnrollmentError(e: unknown): unknown {
  const x = enrollmentErrorOf(e);
  if (!x) return e;
  return new HttpError(x.status, x.en, {
    code: x.code,
    errors: x.problems.map((p) => ({ path: p.path, message: p.en, code: x.code })),
  });
}
