/**
 * What the services routes share: who may call them, the 404 for a service that is not the
 * caller's, and database refusals turned into problems a client can act on.
 *
 * @module
 */

import type { Access } from "../api/define_api.ts";
import type { Claims, Tx } from "../db/types.ts";
import { MEMBER_ROLES } from "../db/types.ts";
import { HttpError, type State } from "../http/define.ts";
import { getService, PublicationError, type Service } from "./db.ts";

/** Everyone of the Ente reads (RLS shows families only published services). */
export const READ_MEMBERS: Access = { roles: MEMBER_ROLES, apiKey: "read" };
/** The back office reads (diets, attendance recipients). */
export const READ_STAFF: Access = { roles: ["admin", "operator"], apiKey: "read" };
export const WRITE_STAFF: Access = { roles: ["admin", "operator"], apiKey: "write" };

export function serviceNotFound(): never {
  throw new HttpError(404, "No such service in your Ente", { code: "not_found" });
}

/**
 * Runs `fn` in the caller's transaction with the service `id`, or answers 404 when the caller
 * cannot see it. With `kind` (canteen changes) another kind of service is a 409 `not_a_canteen`.
 */
export async function withService<T>(
  state: State,
  claims: Claims,
  id: string,
  fn: (tx: Tx, service: Service) => Promise<T>,
  kind?: Service["kind"],
): Promise<T> {
  try {
    return await state.db.asUser(claims, async (tx) => {
      const service = await getService(tx, id);
      if (!service) serviceNotFound();
      if (kind && service.kind !== kind) {
        throw new HttpError(409, `This operation is for ${kind} services, not ${service.kind}`, {
          code: "not_a_canteen",
        });
      }
      return await fn(tx, service);
    });
  } catch (e) {
    throw problemFrom(e) ?? e;
  }
}

/** Database refusals with a specific meaning here; null for anything else. */
export function problemFrom(e: unknown): HttpError | null {
  if (e instanceof HttpError) return null;
  if (e instanceof PublicationError) {
    return new HttpError(409, `The service cannot be published: ${e.message}`, {
      code: "not_publishable",
      problems: e.problems.map((p) => ({ code: p.code, message: p.en })),
    });
  }
  const err = e as { code?: string; constraint?: string; constraint_name?: string };
  const constraint = err.constraint ?? err.constraint_name ?? "";
  if (err.code === "23P01") {
    return new HttpError(409, "The dates overlap another record's", {
      code: "overlap",
      constraint,
    });
  }
  if (err.code === "23505") {
    const what = /code/.test(constraint)
      ? "code"
      : /label/.test(constraint)
      ? "label"
      : "unique values";
    return new HttpError(409, `Another record already has the same ${what}`, {
      code: "duplicate",
      constraint,
    });
  }
  if (err.code === "23514" && constraint.startsWith("services_publish")) {
    return new HttpError(409, "The service cannot be published yet", {
      code: "not_publishable",
      constraint,
    });
  }
  return null;
}

/** True when `id` is a provider organization of the caller's Ente. */
export async function isProvider(tx: Tx, id: string): Promise<boolean> {
  const rows = await tx.query(
    `select 1 from public.organizations
      where tenant_id = app.tenant_id() and id = $1 and kind = 'provider'`,
    [id],
  );
  return rows.length > 0;
}
