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

/** A refusal in both languages, with the HTTP status the API answers it with. */
export interface Refusal {
  status: number;
  it: string;
  en: string;
}

/**
 * The refusal a database error message names by its code word (`<prefix><word>: …`, as the
 * security definer functions raise them), looked up in `refusals` (keyed by the whole code word);
 * `code` is the word without the prefix, as the API answers it. Null for any other message.
 */
export function refusalByCodeWord(
  prefix: string,
  refusals: Record<string, Refusal>,
  message: string,
): ({ code: string } & Refusal) | null {
  const word = /^([a-z_]+):/.exec(message)?.[1];
  if (!word?.startsWith(prefix) || !refusals[word]) return null;
  return { code: word.slice(prefix.length), ...refusals[word] };
}
