/**
 * Reading enrollments: the operators' list with filters (service, year, site, class, status,
 * ISEE flag) and one enrollment with the names a page shows. Under RLS: staff see the Ente's,
 * a family its household's, a teacher those of their classes (names of people they may not read
 * come back empty).
 *
 * @module
 */
import type { Tx } from "../db/types.ts";
import { romeDate } from "../i18n/mod.ts";
import type { IseeFlag, TariffAssignment } from "./tariff_assignment.ts";

export interface EnrollmentRow {
  id: string;
  service_id: string;
  service_title: string;
  service_kind: string;
  school_year_id: string;
  school_year_label: string;
  beneficiary_id: string;
  beneficiary_name: string | null;
  beneficiary_tax_code: string | null;
  beneficiary_birth_date: string | null;
  payer_id: string;
  payer_name: string | null;
  household_id: string | null;
  application_item_id: string | null;
  protocol_number: string | null;
  site_id: string | null;
  site_name: string | null;
  class_id: string | null;
  class_name: string | null;
  diet_id: string | null;
  diet_name: string | null;
  route_id: string | null;
  route_name: string | null;
  stop_id: string | null;
  stop_name: string | null;
  mode: string | null;
  starts_on: string;
  ends_on: string;
  withdrawn_on: string | null;
  withdrawal_reason: string | null;
  status: "active" | "withdrawn" | "ended" | "upcoming";
  tariff_id: string | null;
  tariff_assignment: TariffAssignment | null;
  override_cents: number | null;
  override_reason: string | null;
  override_at: string | null;
  social_services_exemption: boolean;
  /** The act granting the exemption: staff only (`enrollmentJson` drops it for others). */
  social_services_exemption_reference: string | null;
  social_services_exemption_at: string | null;
  disability: boolean;
  created_at: string;
}

export interface EnrollmentFilter {
  serviceId?: string | null;
  yearId?: string | null;
  siteId?: string | null;
  classId?: string | null;
  status?: "active" | "withdrawn" | null;
  iseeFlag?: IseeFlag | "unpriced" | null;
  q?: string | null;
  limit?: number;
  offset?: number;
}

const SELECT = `
  select e.id, e.service_id, s.title as service_title, s.kind as service_kind, e.school_year_id,
         y.label as school_year_label, e.beneficiary_id,
         nullif(concat_ws(' ', b.surname, b.name), '') as beneficiary_name,
         b.tax_code as beneficiary_tax_code, b.birth_date::text as beneficiary_birth_date,
         e.payer_id, nullif(concat_ws(' ', pa.surname, pa.name), '') as payer_name,
         e.household_id, e.application_item_id, a.protocol_number,
         e.site_id, si.name as site_name, e.class_id, c.name as class_name,
         e.diet_id, d.name as diet_name, e.route_id, r.name as route_name, e.stop_id,
         st.name as stop_name, e.mode, e.starts_on::text as starts_on, e.ends_on::text as ends_on,
         e.withdrawn_on::text as withdrawn_on, e.withdrawal_reason,
         case when e.withdrawn_on is not null and e.withdrawn_on <= $1::date then 'withdrawn'
              when e.withdrawn_on is not null then 'withdrawn'
              when e.ends_on < $1::date then 'ended'
              when e.starts_on > $1::date then 'upcoming'
              else 'active' end as status,
         e.tariff_id, e.tariff_assignment, e.override_cents, e.override_reason,
         e.override_at::text as override_at, e.social_services_exemption,
         e.social_services_exemption_reference,
         e.social_services_exemption_at::text as social_services_exemption_at, e.disability,
         e.created_at::text as created_at
    from public.enrollments e
    join public.services s on s.tenant_id = e.tenant_id and s.id = e.service_id
    join public.school_years y on y.tenant_id = e.tenant_id and y.id = e.school_year_id
    left join public.people b on b.tenant_id = e.tenant_id and b.id = e.beneficiary_id
    left join public.people pa on pa.tenant_id = e.tenant_id and pa.id = e.payer_id
    left join public.application_items i
      on i.tenant_id = e.tenant_id and i.id = e.application_item_id
    left join public.applications a on a.tenant_id = i.tenant_id and a.id = i.application_id
    left join public.sites si on si.tenant_id = e.tenant_id and si.id = e.site_id
    left join public.classes c on c.tenant_id = e.tenant_id and c.id = e.class_id
    left join public.canteen_diets d on d.tenant_id = e.tenant_id and d.id = e.diet_id
    left join public.transport_routes r on r.tenant_id = e.tenant_id and r.id = e.route_id
    left join public.transport_stops st on st.tenant_id = e.tenant_id and st.id = e.stop_id`;

/** Enrollments matching `f`, by service then child's name, with the total count. */
export async function listEnrollments(
  tx: Tx,
  f: EnrollmentFilter = {},
): Promise<{ items: EnrollmentRow[]; total: number }> {
  const where = `where e.tenant_id = app.tenant_id()
      and ($2::uuid is null or e.service_id = $2) and ($3::uuid is null or e.school_year_id = $3)
      and ($4::uuid is null or e.site_id = $4) and ($5::uuid is null or e.class_id = $5)
      and ($6::text is null or ($6 = 'withdrawn') = (e.withdrawn_on is not null))
      and ($7::text is null
           or ($7 = 'unpriced' and e.tariff_assignment is null)
           or e.tariff_assignment ->> 'isee_flag' = $7)
      and ($8::text is null or app.registry_fold(concat_ws(' ', b.surname, b.name, b.tax_code))
           like '%' || app.registry_fold($8) || '%')`;
  const params = [
    romeDate(),
    f.serviceId ?? null,
    f.yearId ?? null,
    f.siteId ?? null,
    f.classId ?? null,
    f.status ?? null,
    f.iseeFlag ?? null,
    f.q?.trim() || null,
  ];
  const items = await tx.query<EnrollmentRow>(
    `${SELECT} ${where} order by s.title, b.surname, b.name, e.starts_on, e.id
      limit ${Math.min(f.limit ?? 100, 500)} offset ${Math.max(f.offset ?? 0, 0)}`,
    params,
  );
  const [{ n }] = await tx.query<{ n: number }>(
    `select count(*)::int as n from public.enrollments e
       left join public.people b on b.tenant_id = e.tenant_id and b.id = e.beneficiary_id
      ${where} and $1::date is not null`,
    params,
  );
  return { items, total: n };
}

/** One enrollment, or null when absent or not visible to the caller. */
export async function getEnrollment(tx: Tx, id: string): Promise<EnrollmentRow | null> {
  const [row] = await tx.query<EnrollmentRow>(
    `${SELECT} where e.tenant_id = app.tenant_id() and e.id = $2`,
    [romeDate(), id],
  );
  return row ?? null;
}

/**
 * Records that the caller read an enrollment carrying special categories of a minor's data: a
 * diet (health, religion) or a certified disability (health).
 */
export async function auditDietRead(tx: Tx, e: EnrollmentRow): Promise<void> {
  if (!e.diet_id && !e.disability) return;
  await tx.query(
    "select app.audit_event(app.tenant_id(), 'view', 'enrollments', $1, $2)",
    [e.id, e.disability ? { diet_id: e.diet_id, disability: true } : { diet_id: e.diet_id }],
  );
}

export interface FilterChoices {
  services: { id: string; title: string }[];
  years: { id: string; label: string }[];
  sites: { id: string; name: string }[];
  classes: { id: string; name: string; site_name: string }[];
}

/** The options of the operators' filters. */
export async function enrollmentFilterChoices(tx: Tx): Promise<FilterChoices> {
  return {
    services: await tx.query(
      "select id, title from public.services where tenant_id = app.tenant_id() order by title",
    ),
    years: await tx.query(
      `select id, label from public.school_years where tenant_id = app.tenant_id()
        order by starts_on desc`,
    ),
    sites: await tx.query(
      "select id, name from public.sites where tenant_id = app.tenant_id() order by name",
    ),
    classes: await tx.query(
      `select c.id, c.name, s.name as site_name from public.classes c
         join public.sites s on s.tenant_id = c.tenant_id and s.id = c.site_id
        where c.tenant_id = app.tenant_id() order by s.name, c.name`,
    ),
  };
}
