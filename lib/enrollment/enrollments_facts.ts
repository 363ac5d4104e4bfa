/**
 * Pricing an enrollment from the database: collects the facts `tariff_assignment.ts` needs (the
 * beneficiary in the registry, the household's minors, ISEE attestations and the siblings
 * enrolled in the same service), finds the service's published tariff in force and stores the
 * assignment. Runs in the caller's transaction, under RLS (staff).
 *
 * @module
 */
import type { Tx } from "../db/types.ts";
import { romeDate } from "../i18n/mod.ts";
import { engineTariff, getTariff } from "../tariffs/db.ts";
import {
  assignTariff,
  type EnrollmentFacts,
  type IseeAttestation,
  type TariffAssignment,
} from "./tariff_assignment.ts";

export interface PricingInput {
  id: string | null;
  service_id: string;
  school_year_id: string;
  beneficiary_id: string;
  payer_id: string;
  household_id: string | null;
  class_id: string | null;
  mode: string | null;
  starts_on: string;
  ends_on: string;
  withdrawn_on?: string | null;
  disability: boolean;
  social_services_exemption: boolean;
  /** From the application when there is no class (infanzia or nido sections of mixed ages). */
  school_level?: string | null;
  grade?: number | null;
}

/**
 * The month an assignment prices: the current one while the enrollment runs, its first month
 * before it starts, its last after it ends.
 */
export function pricingMonth(e: { starts_on: string; ends_on: string }, today = romeDate()) {
  const day = today < e.starts_on ? e.starts_on : today > e.ends_on ? e.ends_on : today;
  return day.slice(0, 7);
}

/** The published tariff of the service with a version in force on `day`, if any. */
export async function tariffInForce(tx: Tx, serviceId: string, day: string) {
  const [t] = await tx.query<{ id: string }>(
    `select t.id from public.tariffs t
      where t.tenant_id = app.tenant_id() and t.service_id = $1 and t.status = 'published'
        and exists (select 1 from public.tariff_versions v
                     where v.tenant_id = t.tenant_id and v.tariff_id = t.id
                       and v.valid_from <= $2::date
                       and (v.valid_to is null or v.valid_to >= $2::date))
      order by t.code limit 1`,
    [serviceId, day],
  );
  return t ? await getTariff(tx, t.id) : null;
}

/** The facts of an enrollment (existing or about to be inserted) for `month`. */
export async function loadFacts(tx: Tx, e: PricingInput, month: string): Promise<EnrollmentFacts> {
  const day = `${month}-01`;
  const [b] = await tx.query<{ birth_date: string | null; resident: boolean }>(
    "select birth_date, resident from public.people where tenant_id = app.tenant_id() and id = $1",
    [e.beneficiary_id],
  );
  const [cls] = e.class_id
    ? await tx.query<{ school_level: string; grade: number | null }>(
      "select school_level, grade from public.classes where tenant_id = app.tenant_id() and id = $1",
      [e.class_id],
    )
    : [];
  const members = e.household_id
    ? await tx.query<{ id: string; role: string; birth_date: string | null }>(
      `select p.id, m.role, p.birth_date from public.household_members m
         join public.people p on p.tenant_id = m.tenant_id and p.id = m.person_id
        where m.tenant_id = app.tenant_id() and m.household_id = $1`,
      [e.household_id],
    )
    : [];
  const adultOn = (birth: string | null) =>
    birth !== null && birth <= `${Number(day.slice(0, 4)) - 18}${day.slice(4)}`;
  const minors = members.filter((m) => m.role === "minor" && !adultOn(m.birth_date)).length;
  const people = [...new Set([e.beneficiary_id, e.payer_id, ...members.map((m) => m.id)])];
  const attestations = await tx.query<IseeAttestation>(
    `select id, kind, value_cents, status, presented_on, valid_until, protocol,
            retrieved_at::text as retrieved_at
       from public.isee_attestations
      where tenant_id = app.tenant_id() and person_id = any ($1::uuid[])`,
    [people],
  );
  // Children of the same household in the same service whose enrollment covers the month.
  const siblings = e.household_id
    ? await tx.query<{ id: string; birth_date: string | null }>(
      `select distinct p.id, p.birth_date from public.enrollments x
         join public.people p on p.tenant_id = x.tenant_id and p.id = x.beneficiary_id
        where x.tenant_id = app.tenant_id() and x.service_id = $1 and x.school_year_id = $2
          and x.household_id = $3 and x.beneficiary_id <> $4
          and ($5::uuid is null or x.id <> $5)
          and x.starts_on <= ($6::date + interval '1 month' - interval '1 day')::date
          and coalesce(x.withdrawn_on, x.ends_on) >= $6::date`,
      [e.service_id, e.school_year_id, e.household_id, e.beneficiary_id, e.id, day],
    )
    : [];
  const level = cls?.school_level ?? e.school_level ?? null;
  return {
    month,
    beneficiary: {
      id: e.beneficiary_id,
      birth_date: b?.birth_date ?? null,
      resident: b?.resident ?? false,
      disability: e.disability,
      school_level: level as EnrollmentFacts["beneficiary"]["school_level"],
      grade: cls ? cls.grade : e.grade ?? null,
    },
    mode: e.mode as EnrollmentFacts["mode"],
    minors_in_household: Math.max(minors, 1),
    siblings,
    attestations,
    social_services_exemption: e.social_services_exemption,
  };
}

/**
 * The tariff assignment of an enrollment for `month` (default `pricingMonth`), or null when the
 * service has no published tariff in force then (the enrollment is kept, shown as "da tariffare").
 */
export async function priceEnrollment(
  tx: Tx,
  e: PricingInput,
  month = pricingMonth(e),
): Promise<TariffAssignment | null> {
  const tariff = await tariffInForce(tx, e.service_id, `${month}-01`);
  if (!tariff) return null;
  const facts = await loadFacts(tx, e, month);
  return assignTariff({ id: tariff.id, title: tariff.title, ...engineTariff(tariff) }, facts);
}
