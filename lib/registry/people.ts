/**
 * Natural persons of the caller's Ente. Every function runs in the caller's transaction
 * (`db.asUser`): RLS lets staff read and configuring roles write; families see nothing.
 *
 * @module
 */

import type { Tx } from "../db/types.ts";
import { canonicalCodiceFiscale } from "../codes/mod.ts";
import { isUuid } from "../codes/uuid.ts";
import { constraintOf, type ExistingRecord, RegistryError, sqlState } from "./errors.ts";
import type { HouseholdRole, PersonKind, Sex } from "./labels.ts";
import { PERSON_FIELDS, type PersonValues } from "./rules.ts";

/** A person's household, as shown beside the person. */
export interface HouseholdRef {
  id: string;
  name: string;
  role: HouseholdRole;
}

export interface Person extends PersonValues {
  id: string;
  /** Canonical codice fiscale (omocodia resolved), the key of uniqueness. */
  tax_code_key: string | null;
  user_id: string | null;
  merged_into: string | null;
  merged_at: string | null;
  created_at: string;
  updated_at: string;
  household: HouseholdRef | null;
}

/** Another member of the person's household. */
export interface Relation {
  person_id: string;
  surname: string;
  name: string;
  tax_code: string | null;
  birth_date: string | null;
  role: HouseholdRole;
}

export interface PersonDetail extends Person {
  relations: Relation[];
  /** Records merged into this one. */
  merged_from: { id: string; surname: string; name: string; tax_code: string | null }[];
}

/** The columns of a person and its household, `p` being `public.people`. */
export const PERSON_SELECT = `
  p.id, p.tax_code, p.tax_code_key, p.surname, p.name, p.sex, p.birth_date, p.birth_place_code,
  p.birth_place_name, p.citizenship, p.resident, p.residence_address, p.email, p.mobile, p.pec,
  p.postal_address, p.kinds, p.notes, p.user_id, p.merged_into, p.merged_at, p.created_at,
  p.updated_at, h.id as household_id, h.name as household_name, hm.role as household_role`;

/** Joins each person `p` to its household membership (`hm`) and household (`h`). */
export const HOUSEHOLD_JOIN = `
  left join public.household_members hm on hm.tenant_id = p.tenant_id and hm.person_id = p.id
  left join public.households h on h.tenant_id = hm.tenant_id and h.id = hm.household_id`;

export interface PersonRow {
  id: string;
  tax_code: string | null;
  tax_code_key: string | null;
  surname: string;
  name: string;
  sex: Sex | null;
  birth_date: string | null;
  birth_place_code: string | null;
  birth_place_name: string | null;
  citizenship: string | null;
  resident: boolean;
  residence_address: string | null;
  email: string | null;
  mobile: string | null;
  pec: string | null;
  postal_address: string | null;
  kinds: PersonKind[];
  notes: string | null;
  user_id: string | null;
  merged_into: string | null;
  merged_at: Date | string | null;
  created_at: Date | string;
  updated_at: Date | string;
  household_id: string | null;
  household_name: string | null;
  household_role: HouseholdRole | null;
}

const iso = (d: Date | string) => new Date(d).toISOString();

export function toPerson(r: PersonRow): Person {
  return {
    id: r.id,
    tax_code: r.tax_code,
    tax_code_key: r.tax_code_key,
    surname: r.surname,
    name: r.name,
    sex: r.sex,
    birth_date: r.birth_date,
    birth_place_code: r.birth_place_code,
    birth_place_name: r.birth_place_name,
    citizenship: r.citizenship,
    resident: r.resident,
    residence_address: r.residence_address,
    email: r.email,
    mobile: r.mobile,
    pec: r.pec,
    postal_address: r.postal_address,
    kinds: r.kinds ?? [],
    notes: r.notes,
    user_id: r.user_id,
    merged_into: r.merged_into,
    merged_at: r.merged_at ? iso(r.merged_at) : null,
    created_at: iso(r.created_at),
    updated_at: iso(r.updated_at),
    household: r.household_id
      ? { id: r.household_id, name: r.household_name!, role: r.household_role! }
      : null,
  };
}

/** "Rossi Mario": how lists and links name a person. */
export const personLabel = (p: { surname: string; name: string }) => `${p.surname} ${p.name}`;

/** One person of the caller's Ente (merged records too), or null. Not audited: see `viewPerson`. */
export async function getPerson(tx: Tx, id: string): Promise<Person | null> {
  if (!isUuid(id)) return null;
  const [row] = await tx.query<PersonRow>(
    `select ${PERSON_SELECT} from public.people p ${HOUSEHOLD_JOIN}
      where p.tenant_id = (select app.tenant_id()) and p.id = $1`,
    [id],
  );
  return row ? toPerson(row) : null;
}

/**
 * A person's record as an operator opens it, with household relations and the records merged
 * into it. The read is written to the audit log (`view`, `people`): minors' data is a special
 * category. `await viewPerson(tx, id) // PersonDetail | null`
 */
export async function viewPerson(tx: Tx, id: string): Promise<PersonDetail | null> {
  const person = await getPerson(tx, id);
  if (!person) return null;
  await auditView(tx, id);
  const relations = person.household
    ? await tx.query<Relation>(
      `select p.id as person_id, p.surname, p.name, p.tax_code, p.birth_date, hm.role
         from public.household_members hm
         join public.people p on p.tenant_id = hm.tenant_id and p.id = hm.person_id
        where hm.tenant_id = (select app.tenant_id()) and hm.household_id = $1 and p.id <> $2
        order by array_position(array['parent', 'legal_guardian', 'other_adult', 'minor'], hm.role),
                 p.birth_date nulls last, p.sort_key`,
      [person.household.id, id],
    )
    : [];
  const mergedFrom = await tx.query<PersonDetail["merged_from"][number]>(
    `select id, surname, name, tax_code from public.people
      where tenant_id = (select app.tenant_id()) and merged_into = $1 order by merged_at`,
    [id],
  );
  return { ...person, relations, merged_from: mergedFrom };
}

/** Writes the opening of a person's record to the audit log (`view`, `people`). */
export async function auditView(tx: Tx, id: string): Promise<void> {
  await tx.query("select app.audit_event((select app.tenant_id()), 'view', 'people', $1)", [id]);
}

/**
 * The live record with the same codice fiscale (any omocodic variant), following merges to the
 * surviving record; `exceptId` is left out (the record being edited). Null when there is none.
 */
export async function findByTaxCode(
  tx: Tx,
  taxCode: string,
  exceptId: string | null = null,
): Promise<ExistingRecord | null> {
  const key = canonicalCodiceFiscale(taxCode);
  if (!key) return null;
  const [row] = await tx.query<{ id: string; surname: string; name: string }>(
    `select s.id, s.surname, s.name
       from public.people p
       join public.people s on s.tenant_id = p.tenant_id and s.id = coalesce(p.merged_into, p.id)
      where p.tenant_id = (select app.tenant_id()) and p.tax_code_key = $1
        and ($2::uuid is null or (p.id <> $2 and s.id <> $2))
      order by p.merged_into is not null, p.created_at
      limit 1`,
    [key, exceptId],
  );
  return row ? { kind: "person", id: row.id, label: personLabel(row) } : null;
}

function duplicate(existing: ExistingRecord): RegistryError {
  return new RegistryError("duplicate_tax_code", {
    it: `Esiste già una persona con questo codice fiscale: ${existing.label}.`,
    en: `A person with this codice fiscale already exists: ${existing.label}.`,
  }, { field: "tax_code", existing });
}

/** Maps a unique violation on the codice fiscale to the duplicate refusal (a concurrent insert). */
async function rethrow(
  tx: Tx,
  e: unknown,
  values: PersonValues,
  id: string | null,
): Promise<never> {
  if (sqlState(e) === "23505" && constraintOf(e) === "people_tax_code_key" && values.tax_code) {
    const existing = await findByTaxCode(tx, values.tax_code, id);
    if (existing) throw duplicate(existing);
  }
  throw e;
}

const params = (v: PersonValues) => PERSON_FIELDS.map((f) => v[f]);

/**
 * Adds a person to the caller's Ente. Refused (409, with the existing record) when a person with
 * the same codice fiscale exists, omocodic variants included. A member of the Ente whose account
 * has the same codice fiscale is linked (`user_id`), so that parent can later sign in to it.
 */
export async function createPerson(tx: Tx, values: PersonValues): Promise<Person> {
  if (values.tax_code) {
    const existing = await findByTaxCode(tx, values.tax_code);
    if (existing) throw duplicate(existing);
  }
  const cols = PERSON_FIELDS.join(", ");
  const placeholders = PERSON_FIELDS.map((_, i) => `$${i + 1}`).join(", ");
  let id: string;
  try {
    [{ id }] = await tx.query<{ id: string }>(
      `insert into public.people (tenant_id, ${cols}, user_id)
       values ((select app.tenant_id()), ${placeholders}, app.registry_account_for($1))
       returning id`,
      params(values),
    );
  } catch (e) {
    return await rethrow(tx, e, values, null);
  }
  return (await getPerson(tx, id))!;
}

/**
 * Replaces a person's fields with `values` (all of them: callers merge a partial change onto
 * the current record first). Refused for merged records and for a codice fiscale of someone else.
 */
export async function updatePerson(tx: Tx, id: string, values: PersonValues): Promise<Person> {
  const current = await getPerson(tx, id);
  if (!current) throw notFound();
  if (current.merged_into) throw mergedError(current.merged_into);
  if (values.tax_code) {
    const existing = await findByTaxCode(tx, values.tax_code, id);
    if (existing) throw duplicate(existing);
  }
  const sets = PERSON_FIELDS.map((f, i) => `${f} = $${i + 2}`).join(", ");
  try {
    await tx.query(
      `update public.people set ${sets}, updated_at = now()
        where tenant_id = (select app.tenant_id()) and id = $1`,
      [id, ...params(values)],
    );
  } catch (e) {
    return await rethrow(tx, e, values, id);
  }
  return (await getPerson(tx, id))!;
}

export function notFound(): RegistryError {
  return new RegistryError("not_found", {
    it: "La persona indicata non esiste nell'anagrafe dell'Ente.",
    en: "No such person in the Ente's registry.",
  });
}

export function mergedError(survivorId: string): RegistryError {
  return new RegistryError("merged", {
    it: "Questo record è stato unito a un altro: modifica il record che lo ha sostituito.",
    en: "This record was merged into another one: change the surviving record.",
  }, { existing: { kind: "person", id: survivorId, label: "" } });
}

/** The stored fields of a person, for merging a partial change onto them. */
export function valuesOf(p: Person): PersonValues {
  return Object.fromEntries(PERSON_FIELDS.map((f) => [f, p[f]])) as unknown as PersonValues;
}
