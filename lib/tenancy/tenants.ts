/**
 * The Ente's own details: edited by its administrators (name and contacts), created by the
 * platform superadmin together with its first administrator. Codice fiscale and ISTAT code are
 * set only at creation. Runs in the caller's transaction: RLS decides who may write.
 *
 * @module
 */

import type { Tx } from "../db/types.ts";
import { type Tenant, TENANT_COLUMNS } from "./db.ts";
import { sqlState, TenancyError } from "./errors.ts";
import { type Invitation, inviteMember } from "./invitations.ts";

/** What an administrator may change; `null` clears an optional field. */
export interface TenantPatch {
  name?: string;
  pec?: string | null;
  email?: string | null;
  phone?: string | null;
  address?: string | null;
  website?: string | null;
}

export interface NewTenant {
  name: string;
  taxCode: string;
  istatCode: string;
  pec: string;
}

const EDITABLE = ["name", "pec", "email", "phone", "address", "website"] as const;

/**
 * Changes the caller's Ente (administrators; RLS refuses others) and returns it, or null when
 * nothing was updated. `await updateTenant(tx, { pec: "protocollo@pec.comune.it" })`
 */
export async function updateTenant(tx: Tx, patch: TenantPatch): Promise<Tenant | null> {
  const fields = EDITABLE.filter((f) => patch[f] !== undefined);
  const sets = fields.map((f, i) => `${f} = $${i + 1}`);
  const [row] = await tx.query<Tenant>(
    `update public.tenants set ${[...sets, "updated_at = now()"].join(", ")}
      where id = app.tenant_id() returning ${TENANT_COLUMNS}`,
    fields.map((f) => patch[f]),
  );
  return row ?? null;
}

/** An Ente already registered with the same codice fiscale or ISTAT code, named in the error. */
async function assertUnique(tx: Tx, t: NewTenant): Promise<void> {
  const [dup] = await tx.query<{ name: string; tax_code: string; istat_code: string }>(
    `select name, tax_code, istat_code from public.tenants
      where tax_code = $1 or istat_code = $2 order by tax_code = $1 desc limit 1`,
    [t.taxCode, t.istatCode],
  );
  if (!dup) return;
  if (dup.tax_code === t.taxCode) {
    throw new TenancyError("duplicate_tenant", {
      it: `Il codice fiscale ${t.taxCode} è già registrato per l'Ente «${dup.name}».`,
      en: `The codice fiscale ${t.taxCode} is already registered for the Ente "${dup.name}".`,
    }, "tax_code");
  }
  throw new TenancyError("duplicate_tenant", {
    it: `Il codice ISTAT ${t.istatCode} è già registrato per l'Ente «${dup.name}».`,
    en: `The ISTAT code ${t.istatCode} is already registered for the Ente "${dup.name}".`,
  }, "istat_code");
}

/**
 * Creates an Ente (platform superadmin only) and invites its first administrator, who receives
 * the e-mail with the link to choose a password.
 * `await createTenant(tx, { name, taxCode, istatCode, pec }, { email, fullName, taxCode: null }, url)`
 */
export async function createTenant(
  tx: Tx,
  tenant: NewTenant,
  admin: { email: string; fullName: string; taxCode: string | null },
  publicUrl: string,
): Promise<{ tenant: Tenant; invitation: Invitation }> {
  await assertUnique(tx, tenant);
  let row: Tenant;
  try {
    [row] = await tx.query<Tenant>(
      `insert into public.tenants (name, tax_code, istat_code, pec) values ($1, $2, $3, $4)
       returning ${TENANT_COLUMNS}`,
      [tenant.name, tenant.taxCode, tenant.istatCode, tenant.pec],
    );
  } catch (e) {
    // A concurrent creation won the race; the transaction is aborted, so no second look-up.
    if (sqlState(e) === "23505") {
      throw new TenancyError("duplicate_tenant", {
        it: "Un Ente con lo stesso codice fiscale o codice ISTAT è stato appena registrato.",
        en: "An Ente with the same codice fiscale or ISTAT code has just been registered.",
      }, "tax_code");
    }
    if (sqlState(e) === "42501") {
      throw new TenancyError("forbidden", {
        it: "Solo l'amministratore della piattaforma può creare un Ente.",
        en: "Only the platform superadmin can create an Ente.",
      });
    }
    throw e;
  }
  const invitation = await inviteMember(tx, {
    tenantId: row.id,
    tenantName: row.name,
    email: admin.email,
    fullName: admin.fullName,
    taxCode: admin.taxCode,
    role: "admin",
  }, publicUrl);
  return { tenant: row, invitation };
}

/**
 * The Enti the caller sees (all of them for the superadmin), by name, a page at a time.
 * `await pageTenants(tx, { limit: 50, offset: 0 }) // { items, total }`
 */
export async function pageTenants(
  tx: Tx,
  page: { limit: number; offset: number },
): Promise<{ items: Tenant[]; total: number }> {
  const [{ total }] = await tx.query<{ total: number }>(
    "select count(*)::int as total from public.tenants",
  );
  const items = await tx.query<Tenant>(
    `select ${TENANT_COLUMNS} from public.tenants order by name, id limit $1 offset $2`,
    [page.limit, page.offset],
  );
  return { items, total };
}

/** The e-mail of an Ente's first administrator, or null: `await firstAdminEmail(tx, tenantId)`. */
export async function firstAdminEmail(tx: Tx, tenantId: string): Promise<string | null> {
  const [row] = await tx.query<{ email: string }>(
    `select u.email from public.memberships m join public.users u on u.id = m.user_id
      where m.tenant_id = $1 and m.role = 'admin' order by m.created_at, u.email limit 1`,
    [tenantId],
  );
  return row?.email ?? null;
}
