/**
 * Legal persons of the caller's Ente: providers (caterer, bus company, cooperative), schools and
 * others. A partita IVA or codice fiscale belongs to one record: a second one is refused with a
 * link to the first. Runs in the caller's transaction.
 *
 * @module
 */

import type { Tx } from "../db/types.ts";
import { constraintOf, type ExistingRecord, RegistryError, sqlState } from "./errors.ts";
import type { OrganizationKind } from "./labels.ts";
import { ORGANIZATION_FIELDS, type OrganizationValues } from "./organization_rules.ts";
import { isUuid } from "../codes/uuid.ts";

export interface Organization extends OrganizationValues {
  id: string;
  created_at: string;
  updated_at: string;
}

const COLS = `id, ${ORGANIZATION_FIELDS.join(", ")}, created_at, updated_at`;

type Row = OrganizationValues & {
  id: string;
  created_at: Date | string;
  updated_at: Date | string;
};

const toOrganization = (r: Row): Organization => ({
  ...r,
  created_at: new Date(r.created_at).toISOString(),
  updated_at: new Date(r.updated_at).toISOString(),
});

export function organizationNotFound(): RegistryError {
  return new RegistryError("not_found", {
    it: "Il soggetto indicato non esiste nell'anagrafe dell'Ente.",
    en: "No such organization in the Ente's registry.",
  });
}

/** A page of organizations by name; `q` matches the name, P.IVA or codice fiscale. */
export async function listOrganizations(
  tx: Tx,
  query: { q?: string | null; kind?: OrganizationKind | null; limit: number; offset: number },
): Promise<{ items: Organization[]; total: number }> {
  const where = `tenant_id = (select app.tenant_id())
    and ($1::text is null or strpos(sort_key, app.registry_fold($1)) > 0
         or vat_number = upper($1) or tax_code = upper($1))
    and ($2::text is null or kind = $2)`;
  const params = [query.q?.trim() || null, query.kind ?? null];
  const [{ total }] = await tx.query<{ total: number }>(
    `select count(*)::int as total from public.organizations where ${where}`,
    params,
  );
  const rows = await tx.query<Row>(
    `select ${COLS} from public.organizations where ${where}
      order by sort_key, id limit $3 offset $4`,
    [...params, query.limit, query.offset],
  );
  return { items: rows.map(toOrganization), total };
}

/** One organization, or null. */
export async function getOrganization(tx: Tx, id: string): Promise<Organization | null> {
  if (!isUuid(id)) return null;
  const [row] = await tx.query<Row>(
    `select ${COLS} from public.organizations
      where tenant_id = (select app.tenant_id()) and id = $1`,
    [id],
  );
  return row ? toOrganization(row) : null;
}

/** The other record that has one of the codes of `v` as its P.IVA or codice fiscale. */
async function findSameCodes(
  tx: Tx,
  v: OrganizationValues,
  exceptId: string | null,
): Promise<ExistingRecord & { field: "vat_number" | "tax_code" } | null> {
  const codes = [v.vat_number, v.tax_code].filter((c): c is string => c !== null);
  if (codes.length === 0) return null;
  const [row] = await tx.query<{ id: string; name: string; vat_number: string | null }>(
    `select id, name, vat_number from public.organizations
      where tenant_id = (select app.tenant_id())
        and (vat_number = any($1::text[]) or tax_code = any($1::text[]))
        and ($2::uuid is null or id <> $2)
      limit 1`,
    [codes, exceptId],
  );
  if (!row) return null;
  const field = v.vat_number && codes.includes(row.vat_number ?? "") ? "vat_number" : "tax_code";
  return { kind: "organization", id: row.id, label: row.name, field };
}

function duplicate(existing: ExistingRecord & { field: string }): RegistryError {
  return new RegistryError("duplicate_vat_number", {
    it: `Esiste già un soggetto con questa partita IVA o questo codice fiscale: ${existing.label}.`,
    en: `An organization with this VAT number or codice fiscale already exists: ${existing.label}.`,
  }, {
    field: existing.field,
    existing: { kind: existing.kind, id: existing.id, label: existing.label },
  });
}

async function guard<T>(
  tx: Tx,
  v: OrganizationValues,
  id: string | null,
  fn: () => Promise<T>,
): Promise<T> {
  const same = await findSameCodes(tx, v, id);
  if (same) throw duplicate(same);
  try {
    return await fn();
  } catch (e) {
    if (sqlState(e) === "23505" && /^organizations_/.test(constraintOf(e) ?? "")) {
      const again = await findSameCodes(tx, v, id);
      if (again) throw duplicate(again);
    }
    throw e;
  }
}

const values = (v: OrganizationValues) => ORGANIZATION_FIELDS.map((f) => v[f]);

/** Adds an organization; 409 with the existing record when its P.IVA or CF is taken. */
export async function createOrganization(tx: Tx, v: OrganizationValues): Promise<Organization> {
  return await guard(tx, v, null, async () => {
    const [row] = await tx.query<Row>(
      `insert into public.organizations (tenant_id, ${ORGANIZATION_FIELDS.join(", ")})
       values ((select app.tenant_id()), ${ORGANIZATION_FIELDS.map((_, i) => `$${i + 1}`)})
       returning ${COLS}`,
      values(v),
    );
    return toOrganization(row);
  });
}

/** Replaces an organization's fields with `v`. */
export async function updateOrganization(
  tx: Tx,
  id: string,
  v: OrganizationValues,
): Promise<Organization> {
  if (!await getOrganization(tx, id)) throw organizationNotFound();
  return await guard(tx, v, id, async () => {
    const sets = ORGANIZATION_FIELDS.map((f, i) => `${f} = $${i + 2}`).join(", ");
    const [row] = await tx.query<Row>(
      `update public.organizations set ${sets}, updated_at = now()
        where tenant_id = (select app.tenant_id()) and id = $1 returning ${COLS}`,
      [id, ...values(v)],
    );
    return toOrganization(row);
  });
}
