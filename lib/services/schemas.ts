/**
 * Zod schemas of the services REST operations (`/api/v1/school-years`, `/api/v1/services/…`).
 * Requests are checked with the same rules as the back-office pages (`rules.ts`); responses are
 * described exactly, so the OpenAPI document says what is sent.
 *
 * @module
 */

import { z } from "zod";
import { isIsoDate, makeDate } from "../calendar/dates.ts";
import { CLOSURE_KINDS } from "../calendar/service_calendar.ts";
import { ALLERGEN_CODES } from "./allergens.ts";
import {
  BILLING_MODES,
  COURSES,
  DIET_KINDS,
  RANGE_KINDS,
  SERVICE_KINDS,
  SERVICE_STATUSES,
} from "./labels.ts";
import {
  checkClosureReason,
  checkDate,
  checkDietCode,
  checkDietName,
  checkDish,
  type Checked,
  checkMenuName,
  checkMenuStart,
  checkRangeLabel,
  checkRecipients,
  checkSchoolYearLabel,
  checkServiceCode,
  checkTime,
  checkTitle,
} from "./rules.ts";

/** A string checked (and normalized) by one of the shared rules; the English message on failure. */
function rule<T>(check: (s: string) => Checked<T>, description: string) {
  return z.string().describe(description).transform((s, ctx) => {
    const r = check(s);
    if (r.ok) return r.value;
    ctx.addIssue({ code: "custom", message: r.problem.en, params: { reason: r.problem.code } });
    return z.NEVER;
  });
}

const IsoDate = z.iso.date().describe("Calendar date, YYYY-MM-DD (Europe/Rome)");
const DateIn = rule(checkDate, "Calendar date, YYYY-MM-DD");
const Instant = z.iso.datetime({ offset: true }).describe(
  "ISO 8601 instant; shown to people in Europe/Rome time",
);
const Weekday = z.int().min(1).max(7).describe("ISO weekday: 1 = Monday … 7 = Sunday");

export const SchoolYearSchema = z.strictObject({
  id: z.uuid(),
  label: z.string().describe("e.g. 2026/27"),
  starts_on: IsoDate,
  ends_on: IsoDate,
}).describe("A school (or educational) year of the Ente");

export const SchoolYearCreate = z.strictObject({
  label: rule(checkSchoolYearLabel, "Two consecutive years, e.g. 2026/27"),
  starts_on: DateIn,
  ends_on: DateIn,
}).refine((v) => v.ends_on > v.starts_on, {
  message: "ends_on must come after starts_on",
  path: ["ends_on"],
});

export const ServiceSchema = z.strictObject({
  id: z.uuid(),
  kind: z.enum(SERVICE_KINDS).describe(
    "canteen, transport, nursery, pre_school, post_school, summer_camp or custom",
  ),
  code: z.string().describe("Short code, unique in the Ente, e.g. MENSA"),
  title: z.string(),
  description: z.string().nullable(),
  status: z.enum(SERVICE_STATUSES).describe("draft, published (visible to families) or archived"),
  provider_id: z.uuid().nullable().describe("Soggetto erogatore: an organization of the registry"),
  provider_name: z.string().nullable().describe("The provider's name (for staff)"),
  billing_mode: z.enum(BILLING_MODES).describe("pagopa_notice, invoice or prepaid_wallet"),
  enrollment_opens_at: Instant.nullable(),
  enrollment_closes_at: Instant.nullable(),
  citizen_info: z.string().nullable().describe("Free text shown to citizens"),
  diary_enabled: z.boolean().describe('Switch "Diario": teachers keep a diary families read'),
  notices_enabled: z.boolean().describe('Switch "Comunicazioni all\'utenza"'),
  school_year_ids: z.array(z.uuid()).describe("The school years the service runs in"),
  created_at: Instant,
  updated_at: Instant,
}).describe("A service a family can apply for (servizio a domanda individuale)");

export const ServiceCreate = z.strictObject({
  kind: z.enum(SERVICE_KINDS),
  code: rule(checkServiceCode, "2–20 letters, digits, - and _; uppercased"),
  title: rule(checkTitle, "2–200 characters"),
  description: z.string().max(2000).nullable().optional(),
});

export const ServicePatch = z.strictObject({
  code: rule(checkServiceCode, "2–20 letters, digits, - and _; uppercased").optional(),
  title: rule(checkTitle, "2–200 characters").optional(),
  description: z.string().max(2000).nullable().optional(),
  provider_id: z.uuid().nullable().optional(),
  billing_mode: z.enum(BILLING_MODES).optional(),
  enrollment_opens_at: Instant.nullable().optional(),
  enrollment_closes_at: Instant.nullable().optional(),
  citizen_info: z.string().max(5000).nullable().optional(),
  diary_enabled: z.boolean().optional(),
  notices_enabled: z.boolean().optional(),
  school_year_ids: z.array(z.uuid()).max(10).optional(),
  status: z.enum(SERVICE_STATUSES).optional().describe(
    "Publishing needs a school year and a calendar with weekdays (409 otherwise)",
  ),
}).describe("Only the fields sent are changed");

export const ServicesQuery = z.object({
  status: z.enum(SERVICE_STATUSES).optional(),
  kind: z.enum(SERVICE_KINDS).optional(),
  q: z.string().max(100).optional().describe("Part of the title or code"),
});

export const ServiceList = z.strictObject({ items: z.array(ServiceSchema) });

const Range = z.strictObject({
  kind: z.enum(RANGE_KINDS).describe("period (the service runs) or break (it does not)"),
  label: rule(checkRangeLabel, "e.g. Vacanze natalizie"),
  starts_on: DateIn,
  ends_on: DateIn,
}).refine((r) => r.ends_on >= r.starts_on, {
  message: "ends_on before starts_on",
  path: ["ends_on"],
});

const RangeOut = z.strictObject({
  id: z.uuid(),
  kind: z.enum(RANGE_KINDS),
  label: z.string(),
  starts_on: IsoDate,
  ends_on: IsoDate,
});

const Patron = z.strictObject({
  name: z.string().trim().min(2).max(100),
  month: z.int().min(1).max(12),
  day: z.int().min(1).max(31),
}).refine((p) => isIsoDate(makeDate(2000, p.month, p.day)), {
  message: "not a day of the year",
}).describe("The Comune's patron saint's day");

export const CalendarPut = z.strictObject({
  weekdays: z.array(Weekday).max(7).describe("Active weekdays"),
  national_holidays: z.boolean().default(true).describe("Closed on Italian national holidays"),
  patron: Patron.nullable().default(null),
  ranges: z.array(Range).max(50).optional().describe("Periods and breaks; replaces all when sent"),
});

export const ClosureSchema = z.strictObject({
  id: z.uuid(),
  kind: z.enum(CLOSURE_KINDS),
  reason: z.string(),
  starts_on: IsoDate,
  ends_on: IsoDate,
});

const Reason = z.strictObject({
  code: z.enum(["holiday", "patron", "closure", "break", "out_of_period", "weekday"]),
  text: z.string().describe("The reason in words, in the caller's language"),
});

export const CalendarSchema = z.strictObject({
  configured: z.boolean().describe("False until the service has a calendar"),
  weekdays: z.array(Weekday),
  national_holidays: z.boolean(),
  patron: z.strictObject({ name: z.string(), month: z.int(), day: z.int() }).nullable(),
  ranges: z.array(RangeOut),
  closures: z.array(ClosureSchema),
  month: z.string().describe("YYYY-MM"),
  days: z.array(z.strictObject({
    date: IsoDate,
    weekday: Weekday,
    open: z.boolean(),
    reason: Reason.nullable(),
  })).describe("Every day of the month with whether the service runs, and why not"),
  service_days: z.array(IsoDate).describe("The days of the month the service runs"),
});

export const CalendarQuery = z.object({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: "month is YYYY-MM" }).optional()
    .describe("YYYY-MM; the current month (Europe/Rome) when absent"),
  lang: z.enum(["it", "en"]).optional(),
});

export const ClosureIn = z.strictObject({
  kind: z.enum(CLOSURE_KINDS).describe("strike, weather, election, maintenance or other"),
  reason: rule(checkClosureReason, "Why, as families will read it"),
  starts_on: DateIn,
  ends_on: DateIn.optional().describe("Same as starts_on when absent"),
}).refine((c) => !c.ends_on || c.ends_on >= c.starts_on, {
  message: "ends_on before starts_on",
  path: ["ends_on"],
});

export const ClosuresPut = z.strictObject({ items: z.array(ClosureIn).max(200) });
export const ClosureList = z.strictObject({ items: z.array(ClosureSchema) });

export const DietIn = z.strictObject({
  code: rule(checkDietCode, "e.g. CELIACHIA"),
  name: rule(checkDietName, "2–100 characters"),
  kind: z.enum(DIET_KINDS).describe("medical, religious or ethical"),
  certificate_required: z.boolean().default(false),
  description: z.string().max(1000).nullable().default(null),
  active: z.boolean().default(true).describe("Retired diets stay for the history"),
});

export const DietSchema = z.strictObject({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(DIET_KINDS),
  certificate_required: z.boolean(),
  description: z.string().nullable(),
  active: z.boolean(),
}).describe("A diet type of a canteen (staff only: health data once tied to a child)");
export const DietList = z.strictObject({ items: z.array(DietSchema) });
export const DietParams = z.object({ id: z.uuid(), diet_id: z.uuid() });

const MenuItemIn = z.strictObject({
  week: z.int().min(1).max(8),
  weekday: Weekday,
  course: z.enum(COURSES),
  dish: rule(checkDish, "2–200 characters"),
  allergens: z.array(z.enum(ALLERGEN_CODES)).max(14).default([]).describe(
    "Codes of the 14 allergens of Reg. (EU) 1169/2011, Annex II",
  ),
});

export const MenuIn = z.strictObject({
  name: rule(checkMenuName, "e.g. Menù invernale"),
  rotation_weeks: z.int().min(1).max(8),
  starts_on: rule(checkMenuStart, "A Monday: the first day of week 1"),
  ends_on: DateIn.nullable().default(null),
  items: z.array(MenuItemIn).max(400),
}).superRefine((m, ctx) => {
  if (m.ends_on && m.ends_on < m.starts_on) {
    ctx.addIssue({ code: "custom", path: ["ends_on"], message: "ends_on before starts_on" });
  }
  m.items.forEach((i, n) => {
    if (i.week > m.rotation_weeks) {
      ctx.addIssue({
        code: "custom",
        path: ["items", n, "week"],
        message: `week ${i.week} is beyond the rotation of ${m.rotation_weeks} weeks`,
      });
    }
  });
});

export const MenuSchema = z.strictObject({
  id: z.uuid(),
  name: z.string(),
  rotation_weeks: z.int(),
  starts_on: IsoDate,
  ends_on: IsoDate.nullable(),
  items: z.array(z.strictObject({
    id: z.uuid().optional(),
    week: z.int(),
    weekday: Weekday,
    course: z.enum(COURSES),
    position: z.int(),
    dish: z.string(),
    allergens: z.array(z.enum(ALLERGEN_CODES)),
  })),
});
export const MenuList = z.strictObject({ items: z.array(MenuSchema) });
export const MenuParams = z.object({ id: z.uuid(), menu_id: z.uuid() });

export const CanteenSettingsSchema = z.strictObject({
  canteen: z.boolean().describe("False for services that are not canteens (they have none)"),
  attendance_cutoff: z.string().describe(
    "hh:mm, Europe/Rome: schools send the day's presences by then",
  ),
  attendance_recipients: z.array(z.string()).describe("Who receives the daily totals"),
});
export const CanteenSettingsPut = z.strictObject({
  attendance_cutoff: rule(checkTime, "hh:mm"),
  attendance_recipients: z.array(z.string()).max(20).transform((list, ctx) => {
    const r = checkRecipients(list);
    if (r.ok) return r.value;
    ctx.addIssue({ code: "custom", message: r.problem.en });
    return z.NEVER;
  }),
});

export const FormCheckBody = z.strictObject({
  values: z.record(z.string(), z.string()).describe(
    "Field name → value as typed; files cannot be checked here",
  ),
});
export const FormCheckResult = z.strictObject({
  ok: z.boolean(),
  values: z.record(z.string(), z.unknown()),
  errors: z.record(z.string(), z.strictObject({ it: z.string(), en: z.string() })),
});
