/**
 * Households (nuclei familiari) and their members. A person belongs to one household at a time;
 * a household has at most two parents, with equal rights. Runs in the caller's transaction.
 *
 * @module
 */

import type { Tx } from "../db/types.ts";
import { romeDate } from "../i18n/mod.ts";
import { checkAddress } from "../tenancy/rules.ts";
import { constraintOf, RegistryError, sqlState } from "./errors.ts";
import type { HouseholdRole } from "./labels.ts";
import { getPerson, mergedError, notFound as personNotFound } from "./people.ts";
import { ageOn, clean, type FieldProblem, type Result } from "./rules.ts";
import { isUuid } from "../codes/uuid.ts";

export interface HouseholdMember {
  /** The membership's id. */
  id: string;
  person_id: string;
  surname: string;
  name: string;
  tax_code: string | null;
  birth_date: string | null;
  role: HouseholdRole;
}

export interface Household {
  id: string;
  name: string;
  external_code: string | null;
  address: string | null;
  created_at: string;
  updated_at: string;
  members: HouseholdMember[];
}

export interface HouseholdSummary {
  id: string;
  name: string;
  external_code: string | null;
  address: string | null;
  member_count: number;
}

export interface HouseholdValues {
  name: string;
  external_code: string | null;
  address: string | null;
}

const iso = (d: Date | string) => new Date(d).toISOString();

/** Checks a household's fields: a name (2–200 characters), optional anagrafe code and address. */
export function checkHousehold(
  draft: { name?: string | null; external_code?: string | null; address?: string | null },
): Result<HouseholdValues> {
  const problems: FieldProblem[] = [];
  const name = clean(draft.name);
  if (!name || name.length < 2 || name.length > 200) {
    problems.push({
      field: "name",
      code: "name",
      it: "Dai un nome al nucleo (da 2 a 200 caratteri), ad esempio Famiglia Rossi.",
      en: "Name the household (2 to 200 characters), e.g. Famiglia Rossi.",
    });
  }
  const code = clean(draft.external_code);
  if (code !== null && code.length > 50) {
    problems.push({
      field: "external_code",
      code: "external_code",
      it: "Il codice famiglia dell'anagrafe ha al massimo 50 caratteri.",
      en: "The anagrafe's household code has at most 50 characters.",
    });
  }
  let address: string | null = null;
  const addressIn = clean(draft.address);
  if (addressIn !== null) {
    const r = checkAddress(addressIn);
    if (r.ok) address = r.value;
    else problems.push({ field: "address", ...r.problem });
  }
  if (problems.length) return { ok: false, problems };
  return { ok: true, value: { name: name!, external_code: code, address } };
}

export function householdNotFound(): RegistryError {
  return new RegistryError("not_found", {
    it: "Il nucleo familiare indicato non esiste nell'anagrafe dell'Ente.",
    en: "No such household in the Ente's registry.",
  });
}

/** A page of households by name; `q` matches the name or the anagrafe code. */
export async function listHouseholds(
  tx: Tx,
  query: { q?: string | null; limit: number; offset: number },
): Promise<{ items: HouseholdSummary[]; total: number }> {
  const q = query.q?.trim() || null;
  const where = `h.tenant_id = (select app.tenant_id())
    and ($1::text is null or strpos(h.sort_key, app.registry_fold($1)) > 0
         or strpos(lower(coalesce(h.external_code, '')), lower($1)) > 0)`;
  const [{ total }] = await tx.query<{ total: number }>(
    `select count(*)::int as total from public.households h where ${where}`,
    [q],
  );
  const items = await tx.query<HouseholdSummary>(
    `select h.id, h.name, h.external_code, h.address,
            (select count(*)::int from public.household_members m
              where m.tenant_id = h.tenant_id and m.household_id = h.id) as member_count
       from public.households h where ${where}
      order by h.sort_key, h.id limit $2 offset $3`,
    [q, query.limit, query.offset],
  );
  return { items, total };
}

/** One household with its members (parents first, then by age), or null. */
export async function getHousehold(tx: Tx, id: string): Promise<Household | null> {
  if (!isUuid(id)) return null;
  const [h] = await tx.query<Omit<Household, "members"> & { created_at: Date; updated_at: Date }>(
    `select id, name, external_code, address, created_at, updated_at from public.households
      where tenant_id = (select app.tenant_id()) and id = $1`,
    [id],
  );
  if (!h) return null;
  const members = await tx.query<HouseholdMember>(
    `select m.id, p.id as person_id, p.surname, p.name, p.tax_code, p.birth_date, m.role
       from public.household_members m
       join public.people p on p.tenant_id = m.tenant_id and p.id = m.person_id
      where m.tenant_id = (select app.tenant_id()) and m.household_id = $1
      order by array_position(array['parent', 'legal_guardian', 'other_adult', 'minor'], m.role),
               p.birth_date nulls last, p.sort_key`,
    [id],
  );
  return { ...h, created_at: iso(h.created_at), updated_at: iso(h.updated_at), members };
}

/** Creates a household; `await createHousehold(tx, { name: "Famiglia Rossi", … }) // id`. */
export async function createHousehold(tx: Tx, v: HouseholdValues): Promise<string> {
  await assertCodeFree(tx, v.external_code, null);
  try {
    const [{ id }] = await tx.query<{ id: string }>(
      `insert into public.households (tenant_id, name, external_code, address)
       values ((select app.tenant_id()), $1, $2, $3) returning id`,
      [v.name, v.external_code, v.address],
    );
    return id;
  } catch (e) {
    throw codeTaken(e);
  }
}

/** Changes a household's name, code and address. */
export async function updateHousehold(tx: Tx, id: string, v: HouseholdValues): Promise<void> {
  await assertCodeFree(tx, v.external_code, id);
  let rows: unknown[];
  try {
    rows = await tx.query(
      `update public.households set name = $2, external_code = $3, address = $4, updated_at = now()
        where tenant_id = (select app.tenant_id()) and id = $1 returning id`,
      [id, v.name, v.external_code, v.address],
    );
  } catch (e) {
    throw codeTaken(e);
  }
  if (rows.length === 0) throw householdNotFound();
}

/**
 * Refuses an anagrafe code another household has: checked before writing, because a failed
 * insert ends the whole transaction on Postgres.
 */
async function assertCodeFree(tx: Tx, code: string | null, exceptId: string | null) {
  if (code === null) return;
  const taken = await tx.query(
    `select 1 from public.households where tenant_id = (select app.tenant_id())
        and external_code = $1 and ($2::uuid is null or id <> $2)`,
    [code, exceptId],
  );
  if (taken.length) throw codeTakenError();
}

function codeTaken(e: unknown): unknown {
  return sqlState(e) === "23505" && constraintOf(e) === "households_tenant_id_external_code_key"
    ? codeTakenError()
    : e;
}

function codeTakenError(): RegistryError {
  const text = {
    it: "Un altro nucleo ha già questo codice famiglia.",
    en: "Another household already has this household code.",
  };
  return new RegistryError("invalid", text, {
    field: "external_code",
    problems: [{ field: "external_code", code: "external_code.taken", ...text }],
  });
}

/** Deletes an empty household; refused while it has members. */
export async function deleteHousehold(tx: Tx, id: string): Promise<void> {
  const h = await getHousehold(tx, id);
  if (!h) throw householdNotFound();
  if (h.members.length) {
    throw new RegistryError("household_not_empty", {
      it: "Il nucleo ha ancora dei componenti: toglili prima di eliminarlo.",
      en: "The household still has members: remove them first.",
    });
  }
  await tx.query(
    "delete from public.households where tenant_id = (select app.tenant_id()) and id = $1",
    [id],
  );
}

const PARENTS_FULL = {
  it: "Il nucleo ha già due genitori: indica questa persona come tutore legale o altro adulto.",
  en: "The household already has two parents: add this person as legal guardian or other adult.",
};

/**
 * Adds a person to a household with `role`. Refused when the person is merged, already in a
 * household (the error names it), a third parent, or an adult given the role of minor.
 */
export async function addMember(
  tx: Tx,
  householdId: string,
  personId: string,
  role: HouseholdRole,
  today = romeDate(),
): Promise<HouseholdMember> {
  const household = await getHousehold(tx, householdId);
  if (!household) throw householdNotFound();
  const person = await getPerson(tx, personId);
  if (!person) throw personNotFound();
  if (person.merged_into) throw mergedError(person.merged_into);
  if (person.household) {
    const same = person.household.id === householdId;
    throw new RegistryError("already_in_household", {
      it: same
        ? "La persona fa già parte di questo nucleo."
        : `La persona fa già parte di un altro nucleo (${person.household.name}): toglila da quello prima.`,
      en: same
        ? "The person is already a member of this household."
        : `The person already belongs to another household (${person.household.name}): remove them from it first.`,
    }, {
      field: "person_id",
      existing: { kind: "household", id: person.household.id, label: person.household.name },
    });
  }
  if (role === "minor" && person.birth_date && ageOn(person.birth_date, today) >= 18) {
    throw new RegistryError("invalid", {
      it: "La persona è maggiorenne: scegli un ruolo da adulto.",
      en: "The person is of age: choose an adult's role.",
    }, {
      field: "role",
      problems: [{
        field: "role",
        code: "role.adult",
        it: "La persona è maggiorenne: scegli un ruolo da adulto.",
        en: "The person is of age: choose an adult's role.",
      }],
    });
  }
  if (role === "parent" && household.members.filter((m) => m.role === "parent").length >= 2) {
    throw new RegistryError("household_parents", PARENTS_FULL, { field: "role" });
  }
  try {
    const [{ id }] = await tx.query<{ id: string }>(
      `insert into public.household_members (tenant_id, household_id, person_id, role)
       values ((select app.tenant_id()), $1, $2, $3) returning id`,
      [householdId, personId, role],
    );
    return {
      id,
      person_id: person.id,
      surname: person.surname,
      name: person.name,
      tax_code: person.tax_code,
      birth_date: person.birth_date,
      role,
    };
  } catch (e) {
    if (sqlState(e) === "23514" && /household_parents/.test(String((e as Error).message))) {
      throw new RegistryError("household_parents", PARENTS_FULL, { field: "role" });
    }
    throw e;
  }
}

/** Takes a person out of a household; not found when they are not a member of it. */
export async function removeMember(tx: Tx, householdId: string, personId: string): Promise<void> {
  if (!isUuid(householdId) || !isUuid(personId)) throw householdNotFound();
  const rows = await tx.query(
    `delete from public.household_members
      where tenant_id = (select app.tenant_id()) and household_id = $1 and person_id = $2
      returning id`,
    [householdId, personId],
  );
  if (rows.length === 0) {
    throw new RegistryError("not_found", {
      it: "La persona non fa parte di questo nucleo.",
      en: "The person is not a member of this household.",
    });
  }
}
