import type { Fixture } from "./second_tenant.ts";

/** The service core: a school year and a canteen service running in it. */
export const SERVICE_FIXTURES: Record<string, Fixture> = {
  async school_years(tx, f) {
    await tx.query(
      `insert into public.school_years (tenant_id, label, starts_on, ends_on)
       values ($1, '2026/27', '2026-09-01', '2027-08-31')`,
      [f.tenantId],
    );
  },
  async services(tx, f) {
    await tx.query(
      `insert into public.services (tenant_id, kind, code, title, status)
       values ($1, 'canteen', 'MENSA', 'Refezione scolastica', 'published')`,
      [f.tenantId],
    );
  },
  async service_school_years(tx, f) {
    await tx.query(
      `insert into public.service_school_years (tenant_id, service_id, school_year_id)
       select s.tenant_id, s.id, y.id from public.services s
         join public.school_years y on y.tenant_id = s.tenant_id
        where s.tenant_id = $1 limit 1`,
      [f.tenantId],
    );
  },
};
