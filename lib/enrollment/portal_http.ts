/**
 * What the families' portal routes share: loading the caller's application (404 when it is not
 * theirs, redirect when a step no longer applies) and turning enrollment refusals into messages.
 *
 * @module
 */

import { type Ctx, HttpError } from "../http/define.ts";
import { getApplication } from "./applications.ts";
import { enrollmentErrorOf } from "./errors.ts";
import { resumeStep } from "./portal.ts";
import type { ApplicationRow } from "./schemas.ts";
import { isUuid } from "../codes/uuid.ts";

/** The application `:id` of the caller's household, or a 404. */
export async function loadApplication(c: Ctx): Promise<ApplicationRow> {
  const { db, claims } = c.get("state");
  const id = c.req.param("id") ?? "";
  if (!isUuid(id)) throw new HttpError(404, "No such application", { code: "not_found" });
  const a = await db.asUser(claims!, (tx) => getApplication(tx, id));
  if (!a) throw new HttpError(404, "No such application", { code: "not_found" });
  return a;
}

/** The application, which must still be a draft: else a redirect to its page. */
export async function loadDraft(c: Ctx): Promise<ApplicationRow | Response> {
  const a = await loadApplication(c);
  if (a.status !== "draft") return c.redirect(`/famiglie/domande/${a.id}`, 303);
  return a;
}

/** The URL of the step a draft resumes from. */
export function resumeUrl(a: ApplicationRow, done: Set<string>): string {
  return `/famiglie/domande/${a.id}/${
    resumeStep({
      hasApplicant: typeof (a.applicant as { tax_code?: string }).tax_code === "string",
      items: a.items.map((i) => ({ id: i.id, detailsDone: done.has(i.id) })),
      hasDeclarations: typeof (a.declarations as { privacy?: string }).privacy === "string",
    })
  }`;
}

/** An enrollment refusal as `{ status, messages }` for a page; rethrows anything else. */
export function refusal(e: unknown, lang: "it" | "en"): { status: number; messages: string[] } {
  const x = enrollmentErrorOf(e);
  if (!x) throw e;
  const head = lang === "it" ? x.it : x.en;
  return {
    status: x.status,
    messages: [head, ...x.problems.map((p) => lang === "it" ? p.it : p.en)],
  };
}
