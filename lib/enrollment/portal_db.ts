/**
 * What the families' portal reads, under the family's own RLS: its household (parents and
 * minors from the registry), the services open for enrollment, the Ente's published services
 * with their calendar and tariffs, the family's effective enrollments and applications.
 * Draft writes and the submission live in `applications.ts`.
 *
 * @module
 */

import type { Tx } from "../db/types.ts";
import { type FormDefinition, parseDefinition } from "../forms/definition.ts";
import type { TariffRules } from "../tariffs/schema.ts";
import { type WindowState, windowState } from "./portal.ts";
import { isUuid } from "../codes/uuid.ts";

export interface Member {
  id: string;
  surname: string;
  name: string;
  tax_code: string | null;
  birth_date: string | null;
  sex: "M" | "F" | null;
  email: string | null;
  mobile: string | null;
  residence_address: string | null;
  resident: boolean;
  role: "parent" | "legal_guardian" | "other_adult" | "minor";
  user_id: string | null;
}

export interface Household {
  id: string;
  name: string;
  parents: Member[];
  minors: Member[];
}

/** The caller's household (the first, when a person is parent in more than one), or null. */
export async function myHousehold(tx: Tx): Promise<Household | null> {
  const [h] = await tx.query<{ id: string; name: string }>(
    `select h.id, h.name from public.households h
      where h.tenant_id = app.tenant_id() and h.id = any (app.my_household_ids())
      order by h.created_at, h.id limit 1`,
  );
  if (!h) return null;
  const members = await tx.query<Member>(
    `select p.id, p.surname, p.name, p.tax_code, p.birth_date::text as birth_date, p.sex, p.email,
            p.mobile, p.residence_address, p.resident, m.role, p.user_id
       from public.household_members m
       join public.people p on p.tenant_id = m.tenant_id and p.id = m.person_id
      where m.tenant_id = app.tenant_id() and m.household_id = $1 and p.merged_into is null
      order by p.birth_date nulls last, p.sort_key`,
    [h.id],
  );
  return {
    ...h,
    parents: members.filter((m) => m.role === "parent" || m.role === "legal_guardian"),
    minors: members.filter((m) => m.role === "minor"),
  };
}

export interface CatalogService {
  id: string;
  kind: string;
  code: string;
  title: string;
  description: string | null;
  citizen_info: string | null;
  enrollment_opens_at: string | null;
  enrollment_closes_at: string | null;
  window: WindowState;
  years: { id: string; label: string }[];
}

interface ServiceRow extends Omit<CatalogService, "window" | "years"> {
  years: { id: string; label: string }[] | null;
}

const iso = (v: unknown) => v == null ? null : new Date(v as string).toISOString();

/** The Ente's published services, by title, with their window as of `now`. */
export async function publishedServices(tx: Tx, now = new Date()): Promise<CatalogService[]> {
  const rows = await tx.query<ServiceRow>(
    `select s.id, s.kind, s.code, s.title, s.description, s.citizen_info, s.enrollment_opens_at,
            s.enrollment_closes_at,
            (select json_agg(json_build_object('id', y.id, 'label', y.label) order by y.starts_on)
               from public.service_school_years sy
               join public.school_years y on y.tenant_id = sy.tenant_id and y.id = sy.school_year_id
              where sy.tenant_id = s.tenant_id and sy.service_id = s.id) as years
       from public.services s
      where s.tenant_id = app.tenant_id() and s.status = 'published'
      order by s.title, s.code`,
  );
  return rows.map((r) => {
    const opens = iso(r.enrollment_opens_at);
    const closes = iso(r.enrollment_closes_at);
    return {
      ...r,
      enrollment_opens_at: opens,
      enrollment_closes_at: closes,
      window: windowState(opens, closes, now),
      years: r.years ?? [],
    };
  });
}

/** One published service, or null. */
export async function publishedService(tx: Tx, id: string): Promise<CatalogService | null> {
  if (!isUuid(id)) return null;
  return (await publishedServices(tx)).find((s) => s.id === id) ?? null;
}

export interface ServiceCalendarSummary {
  weekdays: number[];
  periods: { label: string; starts_on: string; ends_on: string }[];
  breaks: { label: string; starts_on: string; ends_on: string }[];
}

/** Days of the week and the periods and breaks of a service's calendar. */
export async function calendarSummary(tx: Tx, serviceId: string): Promise<ServiceCalendarSummary> {
  const [cal] = await tx.query<{ weekdays: number[] }>(
    `select weekdays from public.service_calendars
      where tenant_id = app.tenant_id() and service_id = $1`,
    [serviceId],
  );
  const ranges = await tx.query<
    { kind: string; label: string; starts_on: string; ends_on: string }
  >(
    `select kind, label, starts_on::text, ends_on::text from public.service_calendar_ranges
      where tenant_id = app.tenant_id() and service_id = $1 order by starts_on`,
    [serviceId],
  );
  return {
    weekdays: (cal?.weekdays ?? []).map(Number),
    periods: ranges.filter((r) => r.kind === "period"),
    breaks: ranges.filter((r) => r.kind !== "period"),
  };
}

export interface PublishedTariff {
  id: string;
  title: string;
  description: string | null;
  valid_from: string;
  valid_to: string | null;
  rules: TariffRules;
}

/** The published tariffs of a service with the version in force today (or the next one). */
export async function publishedTariffs(tx: Tx, serviceId: string): Promise<PublishedTariff[]> {
  return await tx.query<PublishedTariff>(
    `select t.id, t.title, t.description, v.valid_from::text, v.valid_to::text, v.rules
       from public.tariffs t
       join lateral (
         select * from public.tariff_versions v
          where v.tenant_id = t.tenant_id and v.tariff_id = t.id
            and (v.valid_to is null or v.valid_to >= (now() at time zone 'Europe/Rome')::date)
          order by v.valid_from <= (now() at time zone 'Europe/Rome')::date desc, v.valid_from
          limit 1) v on true
      where t.tenant_id = app.tenant_id() and t.service_id = $1 and t.status = 'published'
      order by t.title`,
    [serviceId],
  );
}

export interface FamilyEnrollment {
  id: string;
  service_title: string;
  school_year_label: string;
  child_name: string;
  site_name: string | null;
  class_name: string | null;
  starts_on: string;
  ends_on: string;
  withdrawn_on: string | null;
}

/** The effective enrollments of the household's children, active first. */
export async function familyEnrollments(tx: Tx): Promise<FamilyEnrollment[]> {
  return await tx.query<FamilyEnrollment>(
    `select e.id, s.title as service_title, y.label as school_year_label,
            p.name || ' ' || p.surname as child_name, si.name as site_name, c.name as class_name,
            e.starts_on::text, e.ends_on::text, e.withdrawn_on::text
       from public.enrollments e
       join public.services s on s.tenant_id = e.tenant_id and s.id = e.service_id
       join public.school_years y on y.tenant_id = e.tenant_id and y.id = e.school_year_id
       join public.people p on p.tenant_id = e.tenant_id and p.id = e.beneficiary_id
       left join public.sites si on si.tenant_id = e.tenant_id and si.id = e.site_id
       left join public.classes c on c.tenant_id = e.tenant_id and c.id = e.class_id
      where e.tenant_id = app.tenant_id()
      order by e.withdrawn_on is not null, y.starts_on desc, p.birth_date, s.title`,
  );
}

export interface FamilyApplication {
  id: string;
  status: "draft" | "submitted" | "withdrawn";
  kind: "new" | "renewal";
  protocol_number: string | null;
  submitted_at: string | null;
  created_at: string;
  school_year_label: string;
  services: string[];
  children: string[];
  outcomes: string[];
}

/** The household's applications, drafts first, then the newest. */
export async function familyApplications(tx: Tx): Promise<FamilyApplication[]> {
  const rows = await tx.query<FamilyApplication>(
    `select a.id, a.status, a.kind, a.protocol_number, a.submitted_at, a.created_at,
            y.label as school_year_label,
            coalesce(array_agg(distinct s.title) filter (where s.title is not null), '{}') as services,
            coalesce(array_agg(distinct (i.child ->> 'name')) filter (where i.id is not null), '{}')
              as children,
            coalesce(array_agg(i.outcome) filter (where i.id is not null), '{}') as outcomes
       from public.applications a
       join public.school_years y on y.tenant_id = a.tenant_id and y.id = a.school_year_id
       left join public.application_items i
         on i.tenant_id = a.tenant_id and i.application_id = a.id
       left join public.services s on s.tenant_id = i.tenant_id and s.id = i.service_id
      where a.tenant_id = app.tenant_id() and a.household_id = any (app.my_household_ids())
      group by a.id, y.label
      order by a.status = 'draft' desc, coalesce(a.submitted_at, a.created_at) desc`,
  );
  return rows.map((r) => ({
    ...r,
    submitted_at: iso(r.submitted_at),
    created_at: iso(r.created_at)!,
  }));
}

/** The items of a draft whose details step the family has completed (saving touches the row). */
export async function itemsDone(tx: Tx, applicationId: string): Promise<Set<string>> {
  const rows = await tx.query<{ id: string }>(
    `select id from public.application_items
      where tenant_id = app.tenant_id() and application_id = $1 and updated_at > created_at`,
    [applicationId],
  );
  return new Set(rows.map((r) => r.id));
}

export interface ItemOptions {
  kind: string;
  form: FormDefinition;
  diets: { id: string; name: string; certificate_required: boolean }[];
  routes: { id: string; name: string; code: string; route_name: string; color: string }[];
  stops: {
    id: string;
    route_id: string;
    name: string;
    pickup_time: string | null;
    position: number;
    latitude: number;
    longitude: number;
  }[];
}

/** What a family chooses from for one service: its form, diets, routes and stops (with places). */
export async function itemOptions(tx: Tx, serviceId: string): Promise<ItemOptions> {
  const [s] = await tx.query<{ kind: string; form_definition: unknown }>(
    `select kind, form_definition from public.services
      where tenant_id = app.tenant_id() and id = $1`,
    [serviceId],
  );
  const diets = s?.kind === "canteen"
    ? await tx.query<ItemOptions["diets"][number]>(
      `select id, name, certificate_required from public.canteen_diets
        where tenant_id = app.tenant_id() and service_id = $1 and active order by name`,
      [serviceId],
    )
    : [];
  const routes = s?.kind === "transport"
    ? await tx.query<ItemOptions["routes"][number]>(
      `select id, code || ' – ' || name as name, code, name as route_name, color
         from public.transport_routes
        where tenant_id = app.tenant_id() and service_id = $1 and active order by code`,
      [serviceId],
    )
    : [];
  const stops = routes.length
    ? await tx.query<ItemOptions["stops"][number]>(
      `select id, route_id, name, to_char(time_there, 'HH24:MI') as pickup_time, position,
              latitude, longitude
         from public.transport_stops
        where tenant_id = app.tenant_id() and route_id = any ($1::uuid[])
        order by route_id, position`,
      [routes.map((r) => r.id)],
    )
    : [];
  return {
    kind: s?.kind ?? "custom",
    form: parseDefinition(s?.form_definition),
    diets,
    routes,
    stops,
  };
}
