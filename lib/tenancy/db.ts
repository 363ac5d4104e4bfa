import type { Tx } from "../db/types.ts";

export interface Tenant {
  id: string;
  name: string;
  tax_code: string;
  istat_code: string;
  pec: string | null;
  email: string | null;
  phone: string | null;
  address: string | null;
  website: string | null;
  logo_url: string | null;
  created_at: Date;
  updated_at: Date;
}

export const TENANT_COLUMNS =
  "id, name, tax_code, istat_code, pec, email, phone, address, website, logo_url, created_at, updated_at";

/** The caller's Ente (RLS: only their own is visible). */
export async function currentTenant(tx: Tx): Promise<Tenant | null> {
  const [row] = await tx.query<Tenant>(
    `select ${TENANT_COLUMNS} from public.tenants where id = app.tenant_id()`,
  );
  return row ?? null;
}

/** Every Ente the caller can see: their own, or all of them for the platform superadmin. */
export async function listTenants(tx: Tx): Promise<Tenant[]> {
  return await tx.query<Tenant>(`select ${TENANT_COLUMNS} from public.tenants order by name`);
}

/** Members of the caller's Ente per role, e.g. `{ admin: 1, operator: 2 }` (staff only). */
export async function memberCounts(tx: Tx): Promise<Record<string, number>> {
  const rows = await tx.query<{ role: string; n: number }>(
    `select role, count(*)::int as n from public.memberships
      where tenant_id = app.tenant_id() group by role`,
  );
  return Object.fromEntries(rows.map((r) => [r.role, r.n]));
}
