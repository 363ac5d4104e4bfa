/**
 * Refusals of effective enrollments: a code for machines, Italian and English for people, the
 * HTTP status the API answers with, and the fields at fault.
 *
 * @module
 */
import { HttpError } from "../http/define.ts";

export type EnrollmentsErrorCode =
  | "invalid"
  | "not_found"
  | "not_accepted"
  | "overlap"
  | "no_tariff"
  | "already_withdrawn";

const STATUS: Record<EnrollmentsErrorCode, number> = {
  invalid: 422,
  not_found: 404,
  not_accepted: 409,
  overlap: 409,
  no_tariff: 409,
  already_withdrawn: 409,
};

export interface FieldProblem {
  path: string;
  it: string;
  en: string;
}

export class EnrollmentsError extends Error {
  constructor(
    readonly code: EnrollmentsErrorCode,
    readonly it: string,
    readonly en: string,
    readonly problems: FieldProblem[] = [],
  ) {
    super(en);
  }
  get status(): number {
    return STATUS[this.code];
  }
}

/** For API operations: the refusal as problem+json with `code` and `errors[]`. */
export function apiEnrollmentsError(e: unknown): unknown {
  if (!(e instanceof EnrollmentsError)) return e;
  return new HttpError(e.status, e.en, {
    code: e.code,
    errors: e.problems.map((p) => ({ path: p.path, message: p.en, code: e.code })),
  });
}
