import type { Claims, Db } from "../../lib/db/types.ts";
import { enrollDemoFamilyInCanteen, type MealsSetup } from "./fixtures_meals.ts";
import type { Fixture } from "./second_tenant.ts";

/** The first enrollment of the Ente: the wallet fixtures belong to its payer. */
const FIRST_ENROLLMENT = `(select e.id from public.enrollments e where e.tenant_id = $1
                           order by e.created_at, e.id limit 1)`;

/**
 * Prepaid wallets: the Ente's rules, the payer's wallet with one use, a top-up asked for (the
 * billing fixtures' position) and the low-balance alert the use raised.
 */
export const WALLET_FIXTURES: Record<string, Fixture> = {
  async wallet_settings(tx, f) {
    await tx.query(
      `insert into public.wallet_settings (tenant_id, scope, default_threshold_cents)
       values ($1, 'payer', 1500)`,
      [f.tenantId],
    );
  },
  async wallets(tx, f) {
    await tx.query(
      `insert into public.wallets (tenant_id, payer_id, balance_cents)
       select e.tenant_id, e.payer_id, 1000 from public.enrollments e where e.id = ${FIRST_ENROLLMENT}`,
      [f.tenantId],
    );
  },
  async wallet_movements(tx, f) {
    await tx.query(
      `insert into public.wallet_movements (tenant_id, wallet_id, kind, amount_cents, day,
         enrollment_id, service_id, beneficiary_id, unit_cents, description)
       select w.tenant_id, w.id, 'use', -450, '2026-10-05', e.id, e.service_id, e.beneficiary_id,
              450, 'Pasto del 05/10/2026'
         from public.wallets w
         join public.enrollments e on e.id = ${FIRST_ENROLLMENT}
        where w.tenant_id = $1`,
      [f.tenantId],
    );
  },
  async wallet_top_ups(tx, f) {
    await tx.query(
      `insert into public.wallet_top_ups (tenant_id, debt_position_id, wallet_id, amount_cents)
       select w.tenant_id, d.id, w.id, d.amount_cents
         from public.wallets w
         join public.debt_positions d on d.tenant_id = w.tenant_id
        where w.tenant_id = $1
        limit 1`,
      [f.tenantId],
    );
  },
  async wallet_alerts(tx, f) {
    const [{ n }] = await tx.query<{ n: number }>(
      "select count(*)::int as n from public.wallet_alerts where tenant_id = $1",
      [f.tenantId],
    );
    if (n > 0) return;
    await tx.query(
      `insert into public.wallet_alerts (tenant_id, wallet_id, level, balance_cents,
         threshold_cents, grace_cents)
       select tenant_id, id, 'low', balance_cents, low_balance_threshold_cents, grace_cents
         from public.wallets where tenant_id = $1`,
      [f.tenantId],
    );
  },
};

/**
 * The demo canteen billed as prepaid: the Ente's IBAN, the canteen's prepaid mode (taxonomy of
 * school canteens), wallet rules (threshold 10,00 €, grace 5,00 €) and the demo family's Sofia
 * enrolled at 4,50 € a meal (tariff assignment as the enrollment module stores it).
 */
export async function setupPrepaidCanteen(db: Db): Promise<PrepaidSetup> {
  const s = await enrollDemoFamilyInCanteen(db);
  await db.asOwner(async (tx) => {
    await tx.query(
      `insert into public.billing_settings (tenant_id, segregation_code, iban, office_name)
       values ($1, '07', 'IT60X0542811101000000123456', 'Ufficio Scuola')
       on conflict (tenant_id) do update set iban = excluded.iban`,
      [s.tenantId],
    );
    await tx.query(
      `insert into public.service_billing (tenant_id, service_id, mode, taxonomy_code)
       values ($1, $2, 'prepaid', '9/0107101TS/')
       on conflict (tenant_id, service_id) do update set mode = 'prepaid'`,
      [s.tenantId, s.serviceId],
    );
    await tx.query(
      `insert into public.wallet_settings (tenant_id, default_threshold_cents, default_grace_cents)
       values ($1, 1000, 500)`,
      [s.tenantId],
    );
    await tx.query(
      `update public.enrollments set tariff_assignment = $2 where id = $1`,
      [s.enrollmentId, {
        tariff_title: "Refezione scolastica: costo del pasto",
        quote: {
          cents: 450,
          per: "meal",
          lines: [],
          summary: { it: "Fascia ISEE 3: 4,50 € a pasto", en: "ISEE band 3: €4.50 per meal" },
        },
      }],
    );
  });
  return s;
}

export type PrepaidSetup = MealsSetup;

/** The claims of a demo user with one role in the Ente. */
export async function claimsOf(
  db: Db,
  email: string,
  role: string,
  tenantId: string,
): Promise<Claims> {
  const [u] = await db.asOwner((tx) =>
    tx.query<{ id: string }>("select id from public.users where email = $1", [email])
  );
  return {
    sub: u.id,
    role: "authenticated",
    app_metadata: { tenant_id: tenantId, roles: [role] },
  } as Claims;
}
