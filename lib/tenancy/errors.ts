/**
 * Refusals of the tenancy rules, with a message for people in both languages. Routes turn them
 * into a page message or an HTTP problem (`status`, `code`).
 *
 * @module
 */

export type TenancyErrorCode =
  | "duplicate_membership"
  | "duplicate_tenant"
  | "self"
  | "last_admin"
  | "not_found"
  | "forbidden";

const STATUS: Record<TenancyErrorCode, number> = {
  duplicate_membership: 409,
  duplicate_tenant: 409,
  self: 409,
  last_admin: 409,
  not_found: 404,
  forbidden: 403,
};

export class TenancyError extends Error {
  constructor(
    readonly code: TenancyErrorCode,
    readonly text: { it: string; en: string },
    /** The form field the refusal is about, when there is one. */
    readonly field?: string,
  ) {
    super(text.en);
  }

  /** The HTTP status the API answers with. */
  get status(): number {
    return STATUS[this.code];
  }
}

/** The SQLSTATE of a database error from either driver (PGlite or postgres.js), if any. */
export function sqlState(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}
