/**
 * Refusals of the sites and classes rules, with a message for people in both languages and the
 * form field they are about. Routes turn them into a field error or an HTTP problem.
 *
 * @module
 */

export type SitesErrorCode =
  | "duplicate_name"
  | "duplicate_school_code"
  | "duplicate_class"
  | "unknown_service"
  | "unknown_school_year"
  | "unknown_site"
  | "not_a_teacher"
  | "site_in_use"
  | "class_in_use"
  | "not_found";

const STATUS: Record<SitesErrorCode, number> = {
  duplicate_name: 409,
  duplicate_school_code: 409,
  duplicate_class: 409,
  unknown_service: 422,
  unknown_school_year: 422,
  unknown_site: 422,
  not_a_teacher: 422,
  site_in_use: 409,
  class_in_use: 409,
  not_found: 404,
};

export class SitesError extends Error {
  constructor(
    readonly code: SitesErrorCode,
    readonly text: { it: string; en: string },
    readonly field?: string,
    /** More for API callers, e.g. `references` of a site that cannot be deleted. */
    readonly extra?: Record<string, unknown>,
  ) {
    super(text.en);
  }

  get status(): number {
    return STATUS[this.code];
  }
}

/** The constraint a database error names (postgres.js: `constraint_name`, PGlite: `constraint`). */
export function constraintOf(e: unknown): string | undefined {
  const err = e as { constraint_name?: unknown; constraint?: unknown } | null;
  const name = err?.constraint_name ?? err?.constraint;
  return typeof name === "string" ? name : undefined;
}

/** The SQLSTATE of a database error from either driver, if any. */
export function sqlState(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

const UNIQUE: Record<string, () => SitesError> = {
  sites_tenant_id_name_key: () =>
    new SitesError("duplicate_name", {
      it: "Esiste già un plesso con questo nome.",
      en: "A site with this name already exists.",
    }, "name"),
  sites_tenant_id_school_code_key: () =>
    new SitesError("duplicate_school_code", {
      it: "Un altro plesso ha già questo codice meccanografico.",
      en: "Another site already has this codice meccanografico.",
    }, "school_code"),
  classes_tenant_id_school_year_id_site_id_name_key: () =>
    new SitesError("duplicate_class", {
      it: "In questo plesso esiste già una classe con questo nome per l'anno scolastico.",
      en: "This site already has a class with this name in the school year.",
    }, "name"),
};

/** A database refusal as a SitesError when it is one of ours, else the error itself. */
export function mapDbError(e: unknown): unknown {
  const state = sqlState(e);
  const name = constraintOf(e);
  if (state === "23505" && name && UNIQUE[name]) return UNIQUE[name]();
  return e;
}
