import type { Db } from "../../lib/db/types.ts";
import { romeDate } from "../../lib/i18n/mod.ts";
import type { TariffRules } from "../../lib/tariffs/schema.ts";
import type { Fixture } from "./second_tenant.ts";

/** A tariff of the Ente's first service, with one version, published after the version. */
export const TARIFF_FIXTURES: Record<string, Fixture> = {
  async tariffs(tx, f) {
    await tx.query(
      `insert into public.tariffs (tenant_id, service_id, code, title)
       select tenant_id, id, 'MENSA-PASTO', 'Costo del pasto' from public.services
        where tenant_id = $1 order by created_at limit 1`,
      [f.tenantId],
    );
  },
  async tariff_versions(tx, f) {
    await tx.query(
      `insert into public.tariff_versions (tenant_id, tariff_id, valid_from, rules)
       select tenant_id, id, '2026-09-01', $2 from public.tariffs where tenant_id = $1 limit 1`,
      [f.tenantId, {
        kind: "per_use",
        unit: "meal",
        amount: { type: "fixed", cents: 480 },
      }],
    );
    await tx.query("update public.tariffs set status = 'published' where tenant_id = $1", [
      f.tenantId,
    ]);
  },
};

/** First day of the month `offset` months from the current one (Europe/Rome). */
export function monthStart(offset: number): string {
  const [y, m] = romeDate().split("-").map(Number);
  const d = new Date(Date.UTC(y, m - 1 + offset, 1));
  return d.toISOString().slice(0, 10);
}

export const CANTEEN: TariffRules = {
  kind: "per_use",
  unit: "meal",
  amount: {
    type: "isee_brackets",
    brackets: [
      { fromCents: 0, toCents: 600000, cents: 200 },
      { fromCents: 600001, toCents: 1000000, cents: 320 },
      { fromCents: 1000001, toCents: 1500000, cents: 380 },
      { fromCents: 1500001, toCents: null, cents: 450 },
    ],
  },
  adjustments: [
    {
      type: "reduction_percent",
      bp: 3000,
      group: "fratelli",
      when: { siblingRank: { min: 2, max: 2 } },
    },
    { type: "reduction_percent", bp: 5000, group: "fratelli", when: { siblingRank: { min: 3 } } },
    { type: "surcharge_percent", bp: 2000, when: { resident: false } },
  ],
};

export async function serviceId(db: Db, code = "MENSA"): Promise<string> {
  const [s] = await db.asOwner((tx) =>
    tx.query<{ id: string }>(
      `select s.id from public.services s join public.tenants t on t.id = s.tenant_id
        where t.istat_code = '048099' and s.code = $1`,
      [code],
    )
  );
  return s.id;
}
