import type { Fixture } from "./second_tenant.ts";

/** The Ente's canteen service (made by the core's fixtures): `(select … )` for the statements below. */
const CANTEEN =
  `(select id from public.services where tenant_id = $1 and kind = 'canteen' limit 1)`;

/** Service configuration: calendar, ranges, closures, canteen settings, diets and a menu. */
export const SERVICE_CONFIG_FIXTURES: Record<string, Fixture> = {
  async service_calendars(tx, f) {
    await tx.query(
      `insert into public.service_calendars (tenant_id, service_id, weekdays, patron_name, patron_month, patron_day)
       values ($1, ${CANTEEN}, '{1,2,3,4,5}', 'San Vittore', 5, 8)`,
      [f.tenantId],
    );
  },
  async service_calendar_ranges(tx, f) {
    await tx.query(
      `insert into public.service_calendar_ranges (tenant_id, service_id, kind, label, starts_on, ends_on)
       values ($1, ${CANTEEN}, 'break', 'Vacanze natalizie', '2026-12-23', '2027-01-06')`,
      [f.tenantId],
    );
  },
  async service_closures(tx, f) {
    await tx.query(
      `insert into public.service_closures (tenant_id, service_id, kind, reason, starts_on, ends_on)
       values ($1, ${CANTEEN}, 'weather', 'Neve: scuole chiuse per ordinanza', '2027-01-15', '2027-01-15')`,
      [f.tenantId],
    );
  },
  async canteen_settings(tx, f) {
    await tx.query(
      `insert into public.canteen_settings (tenant_id, service_id, attendance_cutoff, attendance_recipients)
       values ($1, ${CANTEEN}, '10:00', '{cucina@cooperativaprealpi.example}')`,
      [f.tenantId],
    );
  },
  async canteen_diets(tx, f) {
    await tx.query(
      `insert into public.canteen_diets (tenant_id, service_id, code, name, kind, certificate_required)
       values ($1, ${CANTEEN}, 'CELIACHIA', 'Celiachia', 'medical', true)`,
      [f.tenantId],
    );
  },
  async canteen_menus(tx, f) {
    await tx.query(
      `insert into public.canteen_menus (tenant_id, service_id, name, rotation_weeks, starts_on)
       values ($1, ${CANTEEN}, 'Menù Montecalvo', 2, '2026-09-07')`,
      [f.tenantId],
    );
  },
  async canteen_menu_items(tx, f) {
    await tx.query(
      `insert into public.canteen_menu_items (tenant_id, menu_id, week, weekday, course, dish, allergens)
       select $1, id, 1, 1, 'first', 'Polenta al sugo di funghi', '{celery}'
         from public.canteen_menus where tenant_id = $1 limit 1`,
      [f.tenantId],
    );
  },
};
