/**
 * Zod schemas of `/api/v1/sites` and `/api/v1/classes`: requests are checked with the same rules
 * as the back-office forms (`rules.ts`), responses are described field by field for the OpenAPI
 * document.
 *
 * @module
 */

import { z } from "zod";
import { Pagination } from "../api/define_api.ts";
import { HttpError } from "../http/define.ts";
import type { Checked, Problem } from "../tenancy/rules.ts";
import type { ClassValues } from "./classes.ts";
import { SitesError } from "./errors.ts";
import {
  checkClassName,
  checkMunicipality,
  checkPostalCode,
  checkSchoolCode,
  checkSiteName,
  checkStreetAddress,
  CRITERION_CODE,
  criterionCode,
  gradeProblem,
  LIMITS,
  SCHOOL_LEVELS,
  SITE_KINDS,
  siteProblems,
} from "./rules.ts";
import type { Site, SitePhoto, SiteValues } from "./sites.ts";

/** A string checked (and normalized) by one of the shared rules; the English message on failure. */
function rule<T>(check: (s: string) => Checked<T>, description: string) {
  return z.string().describe(description).transform((s, ctx) => {
    const r = check(s);
    if (r.ok) return r.value;
    ctx.addIssue({ code: "custom", message: r.problem.en, params: { reason: r.problem.code } });
    return z.NEVER;
  });
}

const Instant = z.iso.datetime().describe("ISO 8601 instant (UTC)");
const between = (r: { min: number; max: number }) => z.int().min(r.min).max(r.max);

export const SiteKindEnum = z.enum(SITE_KINDS).describe(
  "school (scuola), nursery (asilo nido) or other place where services are delivered",
);
export const SchoolLevelEnum = z.enum(SCHOOL_LEVELS).describe(
  "Ordine di scuola: nido (0–3), infanzia (3–6), primaria, secondaria_primo_grado",
);

const CriterionSchema = z.strictObject({
  code: z.string().regex(CRITERION_CODE).describe("Stable code rankings refer to"),
  label: z.string().describe("What the criterion rewards"),
  points: between(LIMITS.points).describe("Points it is worth in a ranking"),
});

const CriterionInput = z.strictObject({
  code: z.string().regex(CRITERION_CODE).optional().describe(
    "Stable code rankings refer to; made from the label when absent",
  ),
  label: z.string().min(2).max(200).describe("What the criterion rewards (2–200 characters)"),
  points: between(LIMITS.points).describe("Points it is worth in a ranking (0–100)"),
}).transform((c) => ({
  code: c.code ?? criterionCode(c.label),
  label: c.label.trim(),
  points: c.points,
}));

export const PhotoSchema = z.strictObject({
  id: z.uuid(),
  url: z.string().describe("Where signed-in staff of the Ente fetch it (`/files/…`)"),
  content_type: z.enum(["image/jpeg", "image/png", "image/webp"]),
  size_bytes: z.int().min(1),
  alt_text: z.string().describe("Text alternative of the photo"),
  created_at: Instant,
});

export const NewPhotoBody = z.object({
  photo: z.file().describe(
    "The image: JPEG, PNG or WebP judged by its bytes (not its name or declared type), at most " +
      "5 MiB",
  ),
  alt_text: z.string().max(1000).describe(
    "What the photo shows, for people who cannot see it (3–300 characters)",
  ),
}).describe("A photo of a site, sent as multipart/form-data");

export const PhotoList = z.strictObject({
  items: z.array(PhotoSchema).describe("Photos of the site, oldest first"),
});

export const SiteSchema = z.strictObject({
  id: z.uuid(),
  name: z.string(),
  kind: SiteKindEnum,
  school_code: z.string().nullable().describe("Codice meccanografico of the Ministry"),
  address: z.string().describe("Street and number"),
  postal_code: z.string().describe("CAP, 5 digits"),
  municipality: z.string(),
  latitude: z.number().nullable().describe("WGS 84 decimal degrees"),
  longitude: z.number().nullable().describe("WGS 84 decimal degrees"),
  capacity: z.int().nullable().describe("Places available"),
  min_age_months: z.int().nullable().describe("Youngest age accepted, in months"),
  max_age_months: z.int().nullable().describe("Oldest age accepted, in months"),
  residency_priority: z.boolean().describe("Residents of the Comune come first in rankings"),
  criteria: z.array(CriterionSchema).describe("Other acceptance criteria used by rankings"),
  service_ids: z.array(z.uuid()).describe("Services delivered at the site"),
  photos: z.array(PhotoSchema),
  class_count: z.int().min(0).describe("Classes held at the site, every school year"),
  created_at: Instant,
  updated_at: Instant,
}).describe("A site (plesso): a school building or place where services are delivered");

const siteFields = {
  name: rule(checkSiteName, "Name (2–200 characters)"),
  kind: SiteKindEnum,
  school_code: rule(checkSchoolCode, "Codice meccanografico, e.g. FIEE83202C; null clears it")
    .nullable().optional(),
  address: rule(checkStreetAddress, "Street and number (5–300 characters)"),
  postal_code: rule(checkPostalCode, "CAP (5 digits)"),
  municipality: rule(checkMunicipality, "Municipality (2–100 characters)"),
  latitude: z.number().min(-90).max(90).nullable().optional().describe("Decimal degrees"),
  longitude: z.number().min(-180).max(180).nullable().optional().describe("Decimal degrees"),
  capacity: between(LIMITS.siteCapacity).nullable().optional().describe("Places available"),
  min_age_months: between(LIMITS.ageMonths).nullable().optional(),
  max_age_months: between(LIMITS.ageMonths).nullable().optional(),
  residency_priority: z.boolean().optional(),
  criteria: z.array(CriterionInput).max(LIMITS.criteria).optional(),
  service_ids: z.array(z.uuid()).max(100).optional().describe("Services delivered at the site"),
};

export const NewSiteBody = z.strictObject(siteFields).describe("A new site");
export const SitePatchBody = z.strictObject({
  ...siteFields,
  name: siteFields.name.optional(),
  kind: siteFields.kind.optional(),
  address: siteFields.address.optional(),
  postal_code: siteFields.postal_code.optional(),
  municipality: siteFields.municipality.optional(),
}).describe("Fields to change; `service_ids` replaces the list");

export const SitesQuery = Pagination.extend({
  q: z.string().max(100).optional().describe("Part of the name, address, municipality or code"),
  kind: SiteKindEnum.optional(),
});

const page = <T extends z.ZodType>(item: T, what: string) =>
  z.strictObject({
    items: z.array(item).describe(what),
    total: z.int().min(0).describe("How many match in all (for paging)"),
    limit: z.int().describe("Page size used"),
    offset: z.int().describe("Position of the first item"),
  });

export const SitePage = page(SiteSchema, "Sites, by name");

export const ClassSchema = z.strictObject({
  id: z.uuid(),
  school_year_id: z.uuid(),
  school_year_label: z.string().describe("e.g. 2026/27"),
  site_id: z.uuid(),
  site_name: z.string(),
  name: z.string().describe("Class or section, e.g. 1A"),
  school_level: SchoolLevelEnum,
  grade: z.int().nullable().describe("Year of the course: 1–5 primaria, 1–3 otherwise"),
  capacity: z.int().nullable(),
  teachers: z.array(z.strictObject({
    user_id: z.uuid(),
    full_name: z.string().nullable().describe("Null when the caller may not see the person"),
  })),
  created_at: Instant,
  updated_at: Instant,
}).describe("A class or section of a school year at a site, with its teachers");

const classFields = {
  school_year_id: z.uuid(),
  site_id: z.uuid(),
  name: rule(checkClassName, "Class or section name (1–60 characters), e.g. 1A"),
  school_level: SchoolLevelEnum,
  grade: z.int().min(1).max(5).nullable().optional(),
  capacity: between(LIMITS.classCapacity).nullable().optional(),
  teacher_ids: z.array(z.uuid()).max(20).optional().describe(
    "People with the teacher role in the Ente; replaces the list",
  ),
};

export const NewClassBody = z.strictObject(classFields).describe("A new class");
export const ClassPatchBody = z.strictObject({
  ...classFields,
  school_year_id: classFields.school_year_id.optional(),
  site_id: classFields.site_id.optional(),
  name: classFields.name.optional(),
  school_level: classFields.school_level.optional(),
}).describe("Fields to change; `teacher_ids` replaces the teachers");

export const TeachersBody = z.strictObject({
  user_ids: z.array(z.uuid()).max(20).describe("People with the teacher role in the Ente"),
}).describe("The class's teachers, all of them: the list replaces the current one");

export const ClassesQuery = Pagination.extend({
  school_year_id: z.uuid().optional(),
  site_id: z.uuid().optional(),
});
export const ClassPage = page(ClassSchema, "Classes, by site, level, grade and name");

function invalid(problems: Record<string, Problem>): HttpError {
  return new HttpError(422, "The body is not valid", {
    code: "validation_failed",
    errors: Object.entries(problems).map(([field, p]) => ({
      path: `body.${field}`,
      message: p.en,
      code: p.code,
    })),
  });
}

/** Throws a 422 when the fields of a site disagree (coordinates, age range, criteria). */
export function assertSiteConsistent(v: SiteValues): void {
  const problems = siteProblems(v);
  if (Object.keys(problems).length) throw invalid(problems);
}

/** Throws a 422 when the grade does not fit the school level. */
export function assertClassConsistent(v: Pick<ClassValues, "school_level" | "grade">): void {
  const p = gradeProblem(v.school_level, v.grade);
  if (p) throw invalid({ grade: p });
}

/** A SitesError as the API's problem; anything else unchanged. */
export function apiError(e: unknown): unknown {
  if (!(e instanceof SitesError)) return e;
  return new HttpError(e.status, e.text.en, {
    code: e.code,
    ...e.extra,
    ...(e.field ? { errors: [{ path: `body.${e.field}`, message: e.text.en, code: e.code }] } : {}),
  });
}

/** A photo as the API sends it (without its storage key). */
export function photoJson(p: SitePhoto): z.infer<typeof PhotoSchema> {
  return {
    id: p.id,
    url: p.url,
    content_type: p.content_type as "image/jpeg" | "image/png" | "image/webp",
    size_bytes: p.size_bytes,
    alt_text: p.alt_text,
    created_at: p.created_at,
  };
}

/** A site as the API sends it. */
export function siteJson(s: Site): z.infer<typeof SiteSchema> {
  return { ...s, photos: s.photos.map(photoJson) };
}
