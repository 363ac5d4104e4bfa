/**
 * Effective enrollments as `/api/v1/enrollments` exchanges them (zod → OpenAPI).
 *
 * @module
 */
import { z } from "zod";
import type { EnrollmentRow } from "./enrollments_read.ts";
import { appliedCents } from "./tariff_assignment.ts";

const Uuid = z.uuid();
const IsoDate = z.iso.date();

export const ISEE_FLAG_FILTERS = ["ok", "missing", "expired", "to_verify", "unpriced"] as const;

export const EnrollmentsQuery = z.object({
  service_id: Uuid.optional(),
  school_year_id: Uuid.optional(),
  site_id: Uuid.optional(),
  class_id: Uuid.optional(),
  status: z.enum(["active", "withdrawn"]).optional(),
  isee_flag: z.enum(ISEE_FLAG_FILTERS).optional(),
  q: z.string().trim().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export const TariffAssignmentSchema = z.object({
  tariff_id: Uuid,
  tariff_title: z.string(),
  version_valid_from: IsoDate,
  month: z.string(),
  situation: z.record(z.string(), z.unknown()),
  quote: z.object({
    cents: z.int(),
    per: z.string(),
    lines: z.array(z.record(z.string(), z.unknown())),
    summary: z.object({ it: z.string(), en: z.string() }),
    explanation: z.object({ it: z.array(z.string()), en: z.array(z.string()) }),
    bracket: z.record(z.string(), z.unknown()).nullable(),
    reductions: z.array(z.record(z.string(), z.unknown())),
  }),
  isee_attestation_id: Uuid.nullable(),
  isee_value_cents: z.int().nullable(),
  isee_flag: z.enum(["ok", "missing", "expired", "to_verify"]),
  assigned_at: z.string(),
});

export const EnrollmentSchema = z.object({
  id: Uuid,
  service_id: Uuid,
  service_title: z.string(),
  school_year_id: Uuid,
  school_year_label: z.string(),
  beneficiary_id: Uuid,
  beneficiary_name: z.string().nullable(),
  payer_id: Uuid,
  payer_name: z.string().nullable(),
  household_id: Uuid.nullable(),
  application_item_id: Uuid.nullable(),
  protocol_number: z.string().nullable(),
  site_id: Uuid.nullable(),
  site_name: z.string().nullable(),
  class_id: Uuid.nullable(),
  class_name: z.string().nullable(),
  diet_id: Uuid.nullable(),
  diet_name: z.string().nullable(),
  route_id: Uuid.nullable(),
  stop_id: Uuid.nullable(),
  stop_name: z.string().nullable(),
  mode: z.string().nullable(),
  starts_on: IsoDate,
  ends_on: IsoDate,
  withdrawn_on: IsoDate.nullable(),
  withdrawal_reason: z.string().nullable(),
  status: z.enum(["active", "withdrawn", "ended", "upcoming"]),
  tariff_assignment: TariffAssignmentSchema.nullable(),
  override_cents: z.int().nullable(),
  override_reason: z.string().nullable(),
  /** What the family pays: the override when set, else the quote (per `tariff_assignment.quote.per`). */
  applied_cents: z.int().nullable(),
  social_services_exemption: z.boolean(),
  /** The act granting the exemption; null for families and teachers. */
  social_services_exemption_reference: z.string().nullable(),
  social_services_exemption_at: z.string().nullable(),
  /** Certified disability (health data); null for teachers. */
  disability: z.boolean().nullable(),
});
export type EnrollmentJson = z.infer<typeof EnrollmentSchema>;

export const EnrollmentPage = z.object({
  items: z.array(EnrollmentSchema),
  total: z.int(),
  limit: z.int(),
  offset: z.int(),
});

export const CreateEnrollmentBody = z.strictObject({
  /** An accepted item of a submitted application. */
  application_item_id: Uuid,
  starts_on: IsoDate.optional(),
  ends_on: IsoDate.optional(),
});

export const BulkEnrollmentBody = z.strictObject({
  application_item_ids: z.array(Uuid).min(1).max(500),
});

export const BulkReport = z.object({
  lines: z.array(z.object({
    item_id: Uuid,
    child: z.string(),
    service: z.string(),
    result: z.enum(["created", "existing", "refused"]),
    enrollment_id: Uuid.nullable(),
    message: z.string().nullable(),
  })),
});

export const WithdrawBody = z.strictObject({
  withdrawn_on: IsoDate,
  reason: z.string().trim().min(3).max(1000),
});

export const OverrideBody = z.strictObject({
  /** The amount applied instead of the quote, in cents; null with an empty reason clears it. */
  override_cents: z.int().min(0).max(10_000_000).nullable(),
  reason: z.string().max(1000),
});

export const ConditionsBody = z.strictObject({
  /** Grant (true) or revoke (false) the social-services exemption; omitted leaves it. */
  social_services_exemption: z.boolean().optional(),
  /** The act granting or revoking the exemption, required to grant or revoke (5–1000). */
  exemption_reference: z.string().max(1000).nullable().optional(),
  /** The disability certified to the office (tariff reductions, e.g. transport exemption). */
  disability: z.boolean().optional(),
}).refine((b) => b.social_services_exemption !== undefined || b.disability !== undefined, {
  message: "Give social_services_exemption, disability or both",
});

const STAFF = new Set(["admin", "operator", "superadmin", "api_read", "api_write"]);

/**
 * The row as the API returns it to a caller with `roles`: the exemption's act is for staff, the
 * disability for staff and the family (a teacher reads neither).
 */
export function enrollmentJson(e: EnrollmentRow, roles: readonly string[]): EnrollmentJson {
  const staff = roles.some((r) => STAFF.has(r));
  const family = roles.includes("family");
  return {
    id: e.id,
    service_id: e.service_id,
    service_title: e.service_title,
    school_year_id: e.school_year_id,
    school_year_label: e.school_year_label,
    beneficiary_id: e.beneficiary_id,
    beneficiary_name: e.beneficiary_name,
    payer_id: e.payer_id,
    payer_name: e.payer_name,
    household_id: e.household_id,
    application_item_id: e.application_item_id,
    protocol_number: e.protocol_number,
    site_id: e.site_id,
    site_name: e.site_name,
    class_id: e.class_id,
    class_name: e.class_name,
    diet_id: e.diet_id,
    diet_name: e.diet_name,
    route_id: e.route_id,
    stop_id: e.stop_id,
    stop_name: e.stop_name,
    mode: e.mode,
    starts_on: e.starts_on,
    ends_on: e.ends_on,
    withdrawn_on: e.withdrawn_on,
    withdrawal_reason: e.withdrawal_reason,
    status: e.status,
    tariff_assignment: e.tariff_assignment as EnrollmentJson["tariff_assignment"],
    override_cents: e.override_cents,
    override_reason: e.override_reason,
    applied_cents: appliedCents(e),
    social_services_exemption: e.social_services_exemption,
    social_services_exemption_reference: staff ? e.social_services_exemption_reference : null,
    social_services_exemption_at: staff ? e.social_services_exemption_at : null,
    disability: staff || family ? e.disability : null,
  };
}
