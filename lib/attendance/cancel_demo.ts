/**
 * Demo data for meals: the canteen (MENSA) runs with presumed presence, so families cancel meals
 * online; the caterer's demo user works for "Ristorazione dei Colli S.r.l.", the canteen's
 * provider, and sees its counts.
 *
 * @module
 */
import type { Tx } from "../db/types.ts";

export async function seedDemoMeals(tx: Tx, tenantId: string): Promise<void> {
  await tx.query(
    `update public.services set attendance_mode = 'presumed'
      where tenant_id = $1 and code = 'MENSA'`,
    [tenantId],
  );
  await tx.query(
    `update public.memberships m set organization_id = s.provider_id
       from public.users u, public.services s
      where m.tenant_id = $1 and m.role = 'provider' and u.id = m.user_id
        and u.email = 'ordini@ristorazionecolli.example'
        and s.tenant_id = m.tenant_id and s.code = 'MENSA' and s.provider_id is not null`,
    [tenantId],
  );
}
