/**
 * Merging two records of the same person. The target survives: it keeps its values except the
 * fields the operator takes from the source, and fills its empty fields from the source. The
 * source stays, marked `merged_into` the target, so history and links still resolve; its
 * household membership and every reference to it (any foreign key to `people`, found in the
 * catalog, so tables added by later migrations move too) pass to the target. Row changes are
 * audited by the triggers, and the merge itself as one `merge` event.
 *
 * @module
 */

import type { Tx } from "../db/types.ts";
import { RegistryError } from "./errors.ts";
import { getPerson, notFound, type Person } from "./people.ts";
import { checkPerson, PERSON_FIELDS, type PersonValues } from "./rules.ts";
import { isUuid } from "../codes/uuid.ts";

/** The fields an operator chooses between, field by field. */
export const MERGE_FIELDS = [...PERSON_FIELDS, "user_id"] as const;
export type MergeField = typeof MERGE_FIELDS[number];

export interface MergeOutcome {
  person: Person;
  /** Fields taken from the source by choice. */
  taken: MergeField[];
  /** Empty fields of the target filled from the source. */
  filled: MergeField[];
  /** References moved to the target, per `table.column`. */
  moved: Record<string, number>;
}

const isEmpty = (v: unknown) => v === null || v === undefined || (Array.isArray(v) && !v.length);

/**
 * Merges `sourceId` into `targetId`, taking the fields in `take` from the source.
 * `await mergePeople(tx, { targetId, sourceId, take: ["email"] })`
 */
export async function mergePeople(
  tx: Tx,
  req: { targetId: string; sourceId: string; take: readonly MergeField[] },
): Promise<MergeOutcome> {
  if (!isUuid(req.targetId) || !isUuid(req.sourceId)) throw notFound();
  if (req.targetId === req.sourceId) {
    throw new RegistryError("merge_same", {
      it: "Scegli due record diversi da unire.",
      en: "Choose two different records to merge.",
    }, { field: "source_id" });
  }
  // Locks both rows: two merges of the same records cannot interleave.
  const locked = await tx.query<{ id: string }>(
    `select id from public.people where tenant_id = (select app.tenant_id()) and id = any($1::uuid[])
      order by id for update`,
    [[req.targetId, req.sourceId]],
  );
  if (locked.length !== 2) throw notFound();
  const target = (await getPerson(tx, req.targetId))!;
  const source = (await getPerson(tx, req.sourceId))!;
  for (const p of [target, source]) {
    if (p.merged_into) {
      throw new RegistryError("merged", {
        it: `Il record ${p.surname} ${p.name} è già stato unito a un altro.`,
        en: `The record ${p.surname} ${p.name} was already merged into another one.`,
      }, { existing: { kind: "person", id: p.merged_into, label: "" } });
    }
  }

  const taken: MergeField[] = [];
  const filled: MergeField[] = [];
  const next: Record<string, unknown> = {};
  for (const f of MERGE_FIELDS) {
    if (req.take.includes(f)) {
      next[f] = source[f];
      taken.push(f);
    } else if (f === "kinds") {
      next[f] = [...new Set([...target.kinds, ...source.kinds])];
      if (source.kinds.some((k) => !target.kinds.includes(k))) filled.push(f);
    } else if (isEmpty(target[f]) && !isEmpty(source[f])) {
      next[f] = source[f];
      filled.push(f);
    } else next[f] = target[f];
  }
  const checked = checkPerson(next as Partial<PersonValues>);
  if (!checked.ok) {
    throw new RegistryError("invalid", {
      it: "I dati scelti non sono coerenti fra loro: " +
        checked.problems.map((p) => p.it).join(" "),
      en: "The chosen data do not agree: " + checked.problems.map((p) => p.en).join(" "),
    }, { problems: checked.problems });
  }

  const moved: Record<string, number> = {};
  const count = async (label: string, sql: string, params: unknown[]) => {
    const [{ n }] = await tx.query<{ n: number }>(
      `with x as (${sql} returning 1) select count(*)::int as n from x`,
      params,
    );
    if (n) moved[label] = n;
  };

  // Household: the target keeps its own; otherwise it takes the source's place.
  if (source.household) {
    if (target.household) {
      await count(
        "household_members.removed",
        `delete from public.household_members
          where tenant_id = (select app.tenant_id()) and person_id = $1`,
        [source.id],
      );
    } else {
      await count(
        "household_members.person_id",
        `update public.household_members set person_id = $2
          where tenant_id = (select app.tenant_id()) and person_id = $1`,
        [source.id, target.id],
      );
    }
  }
  // Every other reference (applications, enrollments, ISEE, recipients…) moves in the database:
  // some of those tables are not writable by the office row by row (app.merge_person_references).
  const [{ refs }] = await tx.query<{ refs: Record<string, number> }>(
    "select app.merge_person_references($1, $2) as refs",
    [source.id, target.id],
  );
  Object.assign(moved, refs);

  // The source first: it frees the codice fiscale and the account link for the target.
  await tx.query(
    `update public.people set merged_into = $2, merged_at = now(), user_id = null, updated_at = now()
      where tenant_id = (select app.tenant_id()) and id = $1`,
    [source.id, target.id],
  );
  const v = { ...checked.value, user_id: next.user_id ?? null } as Record<string, unknown>;
  const sets = MERGE_FIELDS.map((f, i) => `${f} = $${i + 2}`).join(", ");
  await tx.query(
    `update public.people set ${sets}, updated_at = now()
      where tenant_id = (select app.tenant_id()) and id = $1`,
    [target.id, ...MERGE_FIELDS.map((f) => v[f])],
  );
  await tx.query(
    "select app.audit_event((select app.tenant_id()), 'merge', 'people', $1, $2)",
    [target.id, { source_id: source.id, taken, filled, moved }],
  );
  return { person: (await getPerson(tx, target.id))!, taken, filled, moved };
}
