/**
 * The back-office forms of sites and classes: what a posted form holds (all strings, as typed),
 * and its check into values the data layer takes, with a message per field in the page's
 * language. Pure, so the pages stay thin and the rules are tested without HTTP.
 *
 * @module
 */

import { type Checked, collect, optional } from "../tenancy/rules.ts";
import type { ClassValues, SchoolClass } from "./classes.ts";
import {
  checkClassName,
  checkCoordinate,
  checkInteger,
  checkMunicipality,
  checkPostalCode,
  checkSchoolCode,
  checkSchoolLevel,
  checkSiteKind,
  checkSiteName,
  checkStreetAddress,
  type Criterion,
  criterionCode,
  gradeProblem,
  LIMITS,
  siteProblems,
} from "./rules.ts";
import type { Site, SiteValues } from "./sites.ts";

export type Body = Record<string, string | File | (string | File)[]>;
type Lang = "it" | "en";

const str = (body: Body, k: string): string => {
  const v = body[k];
  const one = Array.isArray(v) ? v[0] : v;
  return typeof one === "string" ? one : "";
};
const list = (body: Body, k: string): string[] => {
  const v = body[k];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v])
    .filter((x): x is string => typeof x === "string" && x !== "");
};
const text = (n: number | null) => n === null ? "" : String(n);

export interface CriterionRow {
  code: string;
  label: string;
  points: string;
}

export interface SiteForm {
  name: string;
  kind: string;
  school_code: string;
  address: string;
  postal_code: string;
  municipality: string;
  latitude: string;
  longitude: string;
  capacity: string;
  min_age_months: string;
  max_age_months: string;
  residency_priority: boolean;
  criteria: CriterionRow[];
  service_ids: string[];
}

/** Rows offered for new criteria below the existing ones. */
export const EMPTY_CRITERIA_ROWS = 2;

/** The form of an existing site, or an empty one. */
export function siteFormOf(site: Site | null): SiteForm {
  return {
    name: site?.name ?? "",
    kind: site?.kind ?? "",
    school_code: site?.school_code ?? "",
    address: site?.address ?? "",
    postal_code: site?.postal_code ?? "",
    municipality: site?.municipality ?? "",
    latitude: text(site?.latitude ?? null).replace(".", ","),
    longitude: text(site?.longitude ?? null).replace(".", ","),
    capacity: text(site?.capacity ?? null),
    min_age_months: text(site?.min_age_months ?? null),
    max_age_months: text(site?.max_age_months ?? null),
    residency_priority: site?.residency_priority ?? false,
    criteria: (site?.criteria ?? []).map((c) => ({ ...c, points: String(c.points) })),
    service_ids: site?.service_ids ?? [],
  };
}

/** What a posted site form holds; criteria rows are `criterion_label_<n>` and friends. */
export function readSiteForm(body: Body): SiteForm {
  const criteria: CriterionRow[] = [];
  for (let i = 0; i < LIMITS.criteria + EMPTY_CRITERIA_ROWS; i++) {
    const row = {
      code: str(body, `criterion_code_${i}`),
      label: str(body, `criterion_label_${i}`),
      points: str(body, `criterion_points_${i}`),
    };
    if (row.label.trim() || row.points.trim()) criteria.push(row);
  }
  return {
    name: str(body, "name"),
    kind: str(body, "kind"),
    school_code: str(body, "school_code"),
    address: str(body, "address"),
    postal_code: str(body, "postal_code"),
    municipality: str(body, "municipality"),
    latitude: str(body, "latitude"),
    longitude: str(body, "longitude"),
    capacity: str(body, "capacity"),
    min_age_months: str(body, "min_age_months"),
    max_age_months: str(body, "max_age_months"),
    residency_priority: str(body, "residency_priority") === "on",
    criteria,
    service_ids: list(body, "service_ids"),
  };
}

function checkCriteria(rows: CriterionRow[]): Checked<Criterion[]> {
  const out: Criterion[] = [];
  for (const r of rows) {
    const points = /^\s*[0-9]{1,3}\s*$/.test(r.points) ? Number(r.points) : NaN;
    out.push({ code: r.code || criterionCode(r.label), label: r.label.trim(), points });
  }
  return { ok: true, value: out };
}

/** Checks a site form: `{ values, serviceIds, errors }`, `errors` empty when all is well. */
export function checkSiteForm(form: SiteForm, lang: Lang) {
  const age = (s: string, what: { it: string; en: string }, field: string) =>
    optional(s, (x) => checkInteger(x, LIMITS.ageMonths, field, what));
  const { values, errors } = collect(lang, {
    name: checkSiteName(form.name),
    kind: checkSiteKind(form.kind),
    school_code: optional(form.school_code, checkSchoolCode),
    address: checkStreetAddress(form.address),
    postal_code: checkPostalCode(form.postal_code),
    municipality: checkMunicipality(form.municipality),
    latitude: optional(form.latitude, (s) => checkCoordinate(s, "latitude")),
    longitude: optional(form.longitude, (s) => checkCoordinate(s, "longitude")),
    capacity: optional(
      form.capacity,
      (s) => checkInteger(s, LIMITS.siteCapacity, "capacity", { it: "Posti", en: "Places" }),
    ),
    min_age_months: age(form.min_age_months, {
      it: "Età minima in mesi",
      en: "Minimum age in months",
    }, "min_age_months"),
    max_age_months: age(form.max_age_months, {
      it: "Età massima in mesi",
      en: "Maximum age in months",
    }, "max_age_months"),
    residency_priority: { ok: true, value: form.residency_priority },
    criteria: checkCriteria(form.criteria),
  });
  const site = values as SiteValues;
  // Fields that failed on their own are left out of the checks between fields.
  const badPosition = !!(errors.latitude || errors.longitude);
  const related = siteProblems({
    latitude: badPosition ? null : site.latitude,
    longitude: badPosition ? null : site.longitude,
    min_age_months: errors.min_age_months ? null : site.min_age_months,
    max_age_months: errors.max_age_months ? null : site.max_age_months,
    criteria: site.criteria,
  });
  for (const [field, p] of Object.entries(related)) errors[field] ??= p[lang];
  return { values: site, serviceIds: form.service_ids, errors };
}

export interface ClassForm {
  school_year_id: string;
  site_id: string;
  name: string;
  school_level: string;
  grade: string;
  capacity: string;
  teacher_ids: string[];
}

/** The form of an existing class, or an empty one in `schoolYearId`. */
export function classFormOf(c: SchoolClass | null, schoolYearId = ""): ClassForm {
  return {
    school_year_id: c?.school_year_id ?? schoolYearId,
    site_id: c?.site_id ?? "",
    name: c?.name ?? "",
    school_level: c?.school_level ?? "",
    grade: text(c?.grade ?? null),
    capacity: text(c?.capacity ?? null),
    teacher_ids: c?.teachers.map((t) => t.user_id) ?? [],
  };
}

export function readClassForm(body: Body): ClassForm {
  return {
    school_year_id: str(body, "school_year_id"),
    site_id: str(body, "site_id"),
    name: str(body, "name"),
    school_level: str(body, "school_level"),
    grade: str(body, "grade"),
    capacity: str(body, "capacity"),
    teacher_ids: list(body, "teacher_ids"),
  };
}

const chosen = (s: string, field: string, it: string, en: string): Checked<string> =>
  s ? { ok: true, value: s } : { ok: false, problem: { code: field, it, en } };

/** Checks a class form: `{ values, teacherIds, errors }`. */
export function checkClassForm(form: ClassForm, lang: Lang) {
  const { values, errors } = collect(lang, {
    school_year_id: chosen(
      form.school_year_id,
      "school_year_id",
      "Scegli l'anno scolastico.",
      "Choose the school year.",
    ),
    site_id: chosen(form.site_id, "site_id", "Scegli il plesso.", "Choose the site."),
    name: checkClassName(form.name),
    school_level: checkSchoolLevel(form.school_level),
    grade: optional(
      form.grade,
      (s) => checkInteger(s, { min: 1, max: 5 }, "grade", { it: "Anno di corso", en: "Grade" }),
    ),
    capacity: optional(
      form.capacity,
      (s) =>
        checkInteger(s, LIMITS.classCapacity, "capacity", {
          it: "Posti",
          en: "Places",
        }),
    ),
  });
  const v = values as ClassValues;
  if (!errors.school_level && !errors.grade) {
    const p = gradeProblem(v.school_level, v.grade);
    if (p) errors.grade = p[lang];
  }
  return { values: v, teacherIds: form.teacher_ids, errors };
}
