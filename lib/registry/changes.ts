/**
 * Creating and changing registry records from what a form or an API body gives: the draft is
 * checked with the shared rules (a refusal lists every problem), partial changes are laid over
 * the current record first so coherence is judged on the whole person.
 *
 * @module
 */

import type { Tx } from "../db/types.ts";
import { RegistryError } from "./errors.ts";
import { checkOrganization, type OrganizationDraft } from "./organization_rules.ts";
import {
  getOrganization,
  type Organization,
  organizationNotFound,
  updateOrganization,
} from "./organizations.ts";
import { getPerson, notFound, type Person, updatePerson, valuesOf } from "./people.ts";
import { checkPerson, type FieldProblem, type PersonDraft, type Result } from "./rules.ts";

/** The refusal of a draft with problems (422, every field named). */
export function invalid(problems: FieldProblem[]): RegistryError {
  return new RegistryError("invalid", {
    it: problems.map((p) => p.it).join(" "),
    en: problems.map((p) => p.en).join(" "),
  }, { field: problems[0]?.field, problems });
}

/** The checked values of a draft, or throws `invalid`. */
export function valid<T>(r: Result<T>): T {
  if (!r.ok) throw invalid(r.problems);
  return r.value;
}

/** Fields of `patch` that were sent (undefined means "leave as it is"). */
function overlay<T extends object>(current: T, patch: Partial<Record<keyof T, unknown>>): T {
  const out = { ...current } as Record<string, unknown>;
  for (const [k, v] of Object.entries(patch)) if (v !== undefined) out[k] = v;
  return out as T;
}

/** Applies a partial change to a person: `await patchPerson(tx, id, { email: "a@b.it" })`. */
export async function patchPerson(tx: Tx, id: string, patch: PersonDraft): Promise<Person> {
  const current = await getPerson(tx, id);
  if (!current) throw notFound();
  const draft = overlay(
    valuesOf(current) as PersonDraft,
    patch as Partial<Record<string, unknown>>,
  );
  return await updatePerson(tx, id, valid(checkPerson(draft)));
}

/** Applies a partial change to an organization. */
export async function patchOrganization(
  tx: Tx,
  id: string,
  patch: OrganizationDraft,
): Promise<Organization> {
  const current = await getOrganization(tx, id);
  if (!current) throw organizationNotFound();
  const draft = overlay(current as OrganizationDraft, patch as Partial<Record<string, unknown>>);
  return await updateOrganization(tx, id, valid(checkOrganization(draft)));
}
