/**
 * Data access for services and school years. Every function runs inside the caller's
 * transaction (`db.asUser`), so row-level security decides what is seen and written.
 *
 * @module
 */

import type { Tx } from "../db/types.ts";
import type { BillingMode, ServiceKind, ServiceStatus } from "./labels.ts";
import { publicationProblems } from "./rules.ts";

export interface SchoolYear {
  id: string;
  label: string;
  starts_on: string;
  ends_on: string;
}

export interface Service {
  id: string;
  kind: ServiceKind;
  code: string;
  title: string;
  description: string | null;
  status: ServiceStatus;
  provider_id: string | null;
  provider_name: string | null;
  billing_mode: BillingMode;
  enrollment_opens_at: string | null;
  enrollment_closes_at: string | null;
  citizen_info: string | null;
  diary_enabled: boolean;
  notices_enabled: boolean;
  school_year_ids: string[];
  created_at: string;
  updated_at: string;
}

/** The general fields an office edits (kind is chosen at creation and then fixed). */
export interface ServiceValues {
  code: string;
  title: string;
  description: string | null;
  provider_id: string | null;
  billing_mode: BillingMode;
  enrollment_opens_at: Date | null;
  enrollment_closes_at: Date | null;
  citizen_info: string | null;
  diary_enabled: boolean;
  notices_enabled: boolean;
}

type Row =
  & Omit<Service, "enrollment_opens_at" | "enrollment_closes_at" | "created_at" | "updated_at">
  & {
    enrollment_opens_at: Date | string | null;
    enrollment_closes_at: Date | string | null;
    created_at: Date | string;
    updated_at: Date | string;
  };

const iso = (d: Date | string | null) => d === null ? null : new Date(d).toISOString();

function toService(r: Row): Service {
  return {
    ...r,
    enrollment_opens_at: iso(r.enrollment_opens_at),
    enrollment_closes_at: iso(r.enrollment_closes_at),
    created_at: iso(r.created_at)!,
    updated_at: iso(r.updated_at)!,
  };
}

// The provider's name comes from the registry when the caller may read it (staff).
const SELECT = `
  select s.id, s.kind, s.code, s.title, s.description, s.status, s.provider_id,
         (select o.name from public.organizations o
           where o.tenant_id = s.tenant_id and o.id = s.provider_id) as provider_name,
         s.billing_mode, s.enrollment_opens_at, s.enrollment_closes_at, s.citizen_info,
         s.diary_enabled, s.notices_enabled,
         coalesce((select array_agg(y.school_year_id::text order by sy.starts_on)
                     from public.service_school_years y
                     join public.school_years sy on sy.tenant_id = y.tenant_id and sy.id = y.school_year_id
                    where y.tenant_id = s.tenant_id and y.service_id = s.id), '{}') as school_year_ids,
         s.created_at, s.updated_at
    from public.services s`;

export interface ServiceFilter {
  status?: ServiceStatus | null;
  kind?: ServiceKind | null;
  q?: string | null;
}

/** Services of the caller's Ente visible to them, by title: `listServices(tx, { status: 'published' })`. */
export async function listServices(tx: Tx, f: ServiceFilter = {}): Promise<Service[]> {
  const rows = await tx.query<Row>(
    `${SELECT}
      where s.tenant_id = app.tenant_id()
        and ($1::text is null or s.status = $1) and ($2::text is null or s.kind = $2)
        and ($3::text is null or s.title ilike $3 escape '\\' or s.code ilike $3 escape '\\')
      order by s.status = 'archived', s.title, s.code`,
    [f.status ?? null, f.kind ?? null, f.q ? `%${f.q.replace(/[\\%_]/g, "\\$&")}%` : null],
  );
  return rows.map(toService);
}

/** One service, or null when it does not exist or the caller may not see it. */
export async function getService(tx: Tx, id: string): Promise<Service | null> {
  const [row] = await tx.query<Row>(`${SELECT} where s.id = $1 and s.tenant_id = app.tenant_id()`, [
    id,
  ]);
  return row ? toService(row) : null;
}

/** Creates a draft service; returns its id. */
export async function createService(
  tx: Tx,
  v: { kind: ServiceKind; code: string; title: string; description: string | null },
): Promise<string> {
  const [row] = await tx.query<{ id: string }>(
    `insert into public.services (tenant_id, kind, code, title, description)
     values (app.tenant_id(), $1, $2, $3, $4) returning id`,
    [v.kind, v.code, v.title, v.description],
  );
  return row.id;
}

/** Updates the general fields; false when the service is not the caller's to change. */
export async function updateService(tx: Tx, id: string, v: ServiceValues): Promise<boolean> {
  const rows = await tx.query(
    `update public.services set code = $2, title = $3, description = $4, provider_id = $5,
            billing_mode = $6, enrollment_opens_at = $7, enrollment_closes_at = $8,
            citizen_info = $9, diary_enabled = $10, notices_enabled = $11, updated_at = now()
      where id = $1 and tenant_id = app.tenant_id() returning id`,
    [
      id,
      v.code,
      v.title,
      v.description,
      v.provider_id,
      v.billing_mode,
      v.enrollment_opens_at?.toISOString() ?? null,
      v.enrollment_closes_at?.toISOString() ?? null,
      v.citizen_info,
      v.diary_enabled,
      v.notices_enabled,
    ],
  );
  return rows.length > 0;
}

/** Sets the school years a service runs in (replacing the previous ones). */
export async function setServiceSchoolYears(tx: Tx, id: string, yearIds: string[]): Promise<void> {
  await tx.query(
    `delete from public.service_school_years
      where tenant_id = app.tenant_id() and service_id = $1 and school_year_id <> all($2::uuid[])`,
    [id, yearIds],
  );
  await tx.query(
    `insert into public.service_school_years (tenant_id, service_id, school_year_id)
     select app.tenant_id(), $1, y.id from public.school_years y
      where y.tenant_id = app.tenant_id() and y.id = any($2::uuid[])
     on conflict do nothing`,
    [id, yearIds],
  );
}

/** What publication needs, from the database. */
export async function readiness(tx: Tx, id: string) {
  const [r] = await tx.query<{ school_years: number; weekdays: number }>(
    `select (select count(*)::int from public.service_school_years y
              where y.tenant_id = app.tenant_id() and y.service_id = $1) as school_years,
            coalesce((select cardinality(c.weekdays) from public.service_calendars c
                       where c.tenant_id = app.tenant_id() and c.service_id = $1), 0) as weekdays`,
    [id],
  );
  return publicationProblems({ schoolYears: r.school_years, weekdays: r.weekdays });
}

export class PublicationError extends Error {
  constructor(readonly problems: { code: string; it: string; en: string }[]) {
    super(problems.map((p) => p.en).join(" "));
  }
}

/**
 * Changes the publication status. Publishing checks the requirements first (the database checks
 * them again) and throws a PublicationError listing what is missing. False when not found.
 */
export async function setServiceStatus(tx: Tx, id: string, status: ServiceStatus) {
  if (status === "published") {
    const problems = await readiness(tx, id);
    if (problems.length) throw new PublicationError(problems);
  }
  const rows = await tx.query(
    `update public.services set status = $2, updated_at = now()
      where id = $1 and tenant_id = app.tenant_id() returning id`,
    [id, status],
  );
  return rows.length > 0;
}

/** The online form definition as stored (validated by the caller with `lib/forms`). */
export async function getFormDefinition(tx: Tx, id: string): Promise<unknown | null> {
  const [row] = await tx.query<{ form_definition: unknown }>(
    "select form_definition from public.services where id = $1 and tenant_id = app.tenant_id()",
    [id],
  );
  return row ? row.form_definition : null;
}

export async function saveFormDefinition(tx: Tx, id: string, def: unknown): Promise<boolean> {
  const rows = await tx.query(
    `update public.services set form_definition = $2, updated_at = now()
      where id = $1 and tenant_id = app.tenant_id() returning id`,
    [id, def],
  );
  return rows.length > 0;
}

/** Providers (caterers, bus companies, cooperatives) from the registry, for the provider choice. */
export async function listProviders(tx: Tx): Promise<{ id: string; name: string }[]> {
  return await tx.query<{ id: string; name: string }>(
    `select id, name from public.organizations
      where tenant_id = app.tenant_id() and kind = 'provider' order by name`,
  );
}

/** School years of the caller's Ente, latest first. */
export async function listSchoolYears(tx: Tx): Promise<SchoolYear[]> {
  return await tx.query<SchoolYear>(
    `select id, label, starts_on, ends_on from public.school_years
      where tenant_id = app.tenant_id() order by starts_on desc`,
  );
}

export async function getSchoolYear(tx: Tx, id: string): Promise<SchoolYear | null> {
  const [row] = await tx.query<SchoolYear>(
    `select id, label, starts_on, ends_on from public.school_years
      where id = $1 and tenant_id = app.tenant_id()`,
    [id],
  );
  return row ?? null;
}

/** Creates a school year; overlapping years are refused by the database (23P01). */
export async function createSchoolYear(
  tx: Tx,
  v: { label: string; starts_on: string; ends_on: string },
): Promise<SchoolYear> {
  const [row] = await tx.query<SchoolYear>(
    `insert into public.school_years (tenant_id, label, starts_on, ends_on)
     values (app.tenant_id(), $1, $2, $3) returning id, label, starts_on, ends_on`,
    [v.label, v.starts_on, v.ends_on],
  );
  return row;
}
