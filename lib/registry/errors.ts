/**
 * Refusals of the registry, with a message for people in both languages and, for duplicates,
 * the record that already exists. Pages show them beside the field (with a link to the record);
 * the API answers with `status` and `code` (and `existing`).
 *
 * @module
 */

import { HttpError } from "../http/define.ts";
import type { FieldProblem } from "./rules.ts";

export type RegistryErrorCode =
  | "invalid"
  | "duplicate_tax_code"
  | "duplicate_vat_number"
  | "not_found"
  | "merged"
  | "already_in_household"
  | "household_parents"
  | "household_not_empty"
  | "merge_same"
  | "import_done"
  | "import_file";

const STATUS: Record<RegistryErrorCode, number> = {
  invalid: 422,
  duplicate_tax_code: 409,
  duplicate_vat_number: 409,
  not_found: 404,
  merged: 409,
  already_in_household: 409,
  household_parents: 409,
  household_not_empty: 409,
  merge_same: 422,
  import_done: 409,
  import_file: 422,
};

/** The record a refusal points to: `kind` and id, for a link in a page or in the API. */
export interface ExistingRecord {
  kind: "person" | "organization" | "household";
  id: string;
  /** Its display name, e.g. "Rossi Mario". */
  label: string;
}

export class RegistryError extends Error {
  constructor(
    readonly code: RegistryErrorCode,
    readonly text: { it: string; en: string },
    readonly opts: { field?: string; existing?: ExistingRecord; problems?: FieldProblem[] } = {},
  ) {
    super(text.en);
  }

  get status(): number {
    return STATUS[this.code];
  }

  get field(): string | undefined {
    return this.opts.field;
  }

  get existing(): ExistingRecord | undefined {
    return this.opts.existing;
  }
}

/** The back-office page of a record. */
export function pageHref(r: Pick<ExistingRecord, "kind" | "id">): string {
  const folder = r.kind === "person"
    ? "persone"
    : r.kind === "organization"
    ? "organizzazioni"
    : "nuclei";
  return `/operatore/anagrafiche/${folder}/${r.id}`;
}

/** The API resource of a record. */
export function apiHref(r: Pick<ExistingRecord, "kind" | "id">): string {
  const folder = r.kind === "person"
    ? "people"
    : r.kind === "organization"
    ? "organizations"
    : "households";
  return `/api/v1/${folder}/${r.id}`;
}

/** Invalid fields as a 422 problem in the shape `defineApi` uses for schema failures. */
export function validationProblem(problems: FieldProblem[]): HttpError {
  return new HttpError(422, "The body is not valid", {
    code: "validation_failed",
    errors: problems.map((p) => ({ path: `body.${p.field}`, message: p.en, code: p.code })),
  });
}

/** A registry refusal as the API's problem: 409 duplicates carry `existing` with its links. */
export function apiError(e: unknown): unknown {
  if (!(e instanceof RegistryError)) return e;
  if (e.code === "invalid" && e.opts.problems) return validationProblem(e.opts.problems);
  const existing = e.existing
    ? {
      existing: {
        kind: e.existing.kind,
        id: e.existing.id,
        label: e.existing.label,
        href: apiHref(e.existing),
        page: pageHref(e.existing),
      },
    }
    : {};
  return new HttpError(e.status, e.text.en, {
    code: e.code,
    ...(e.field ? { field: e.field } : {}),
    ...existing,
  });
}

/** The SQLSTATE of a database error from either driver (PGlite or postgres.js), if any. */
export function sqlState(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** The name of the constraint a database error names, if any (both drivers). */
export function constraintOf(e: unknown): string | undefined {
  const x = e as { constraint?: unknown; constraint_name?: unknown; message?: unknown } | null;
  const name = x?.constraint ?? x?.constraint_name;
  if (typeof name === "string") return name;
  const m = typeof x?.message === "string" ? /constraint "([^"]+)"/.exec(x.message) : null;
  return m?.[1];
}
