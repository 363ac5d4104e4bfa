/**
 * UUIDs as ids in URLs, forms and queries: the one check of their shape (8-4-4-4-12 hex digits,
 * RFC 9562 §4) before an id reaches SQL. Version and variant bits are not checked: any id the
 * database generated passes.
 */

/**
 * The UUID shape in lowercase, without anchors or flags, for ids embedded in a larger pattern
 * (storage keys, realtime room names). Case-sensitive unless the caller adds the `i` flag.
 */
export const UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

const UUID = new RegExp(`^${UUID_PATTERN}$`, "i");

/** A malformed id becomes a 404 or a 400 with a clear message, never a database error. */
export function isUuid(v: string | null | undefined): v is string {
  return typeof v === "string" && UUID.test(v);
}
