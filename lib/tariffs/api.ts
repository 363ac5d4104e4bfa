/**
 * The REST view of tariffs: request and response schemas (they generate the OpenAPI document),
 * the mapping from rows to JSON, and from the engine's refusals to HTTP problems. Rules travel as
 * plain JSON objects and are checked by the engine, so errors come with its Italian messages.
 */
import { z } from "zod";
import type { Access } from "../api/define_api.ts";
import { HttpError } from "../http/define.ts";
import { TariffConflict, type TariffDetail, TariffInvalid, type TariffRow } from "./db.ts";
import { type Quote, QuoteError } from "./engine.ts";
import { ROUNDING_MODES } from "./money.ts";
import { MODES, SCHOOL_LEVELS, type SituationInput } from "./schema.ts";

export const READ: Access = { roles: ["admin", "operator"], apiKey: "read" };
export const WRITE: Access = { roles: ["admin", "operator"], apiKey: "write" };

const Timestamp = z.iso.datetime({ offset: true });
const Day = z.iso.date();
const Code = z.string().trim().toUpperCase().regex(/^[A-Z0-9][A-Z0-9_-]{1,19}$/, {
  error: "2–20 capital letters, digits, '-' or '_'",
});
const Rules = z.record(z.string(), z.unknown()).describe(
  "TariffRules (lib/tariffs/schema.ts): `kind` (per_use, monthly, per_period, one_off, " +
    "monthly_plus_daily), `amount` (fixed, isee_brackets, isee_linear, isee_proportional or a " +
    "`by` switch on a determinant), optional `daily`, `missingIsee`, `adjustments`. Validated by " +
    "the tariff engine: problems come back as 422 with Italian messages.",
);
const Rounding = z.enum(ROUNDING_MODES).describe(
  "How exact amounts become cents: half_up, half_even, down, up",
);

export const VersionJson = z.object({
  id: z.uuid(),
  valid_from: Day,
  valid_to: Day.nullable(),
  rounding: Rounding,
  rules: Rules,
  created_by: z.object({ id: z.uuid(), name: z.string().nullable() }).nullable(),
  created_at: Timestamp,
});

export const TariffSummaryJson = z.object({
  id: z.uuid(),
  service: z.object({ id: z.uuid(), code: z.string(), title: z.string(), kind: z.string() }),
  code: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  status: z.enum(["draft", "published", "archived"]),
  versions_count: z.int(),
  current_from: Day.nullable().describe("Start of the version in force today, if any"),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export const TariffJson = TariffSummaryJson.extend({ versions: z.array(VersionJson) });

const iso = (d: Date) => new Date(d).toISOString();

export function summaryJson(t: TariffRow): z.infer<typeof TariffSummaryJson> {
  return {
    id: t.id,
    service: {
      id: t.service_id,
      code: t.service_code,
      title: t.service_title,
      kind: t.service_kind,
    },
    code: t.code,
    title: t.title,
    description: t.description,
    status: t.status,
    versions_count: t.versions_count,
    current_from: t.current_from,
    created_at: iso(t.created_at),
    updated_at: iso(t.updated_at),
  };
}

export function tariffJson(t: TariffDetail): z.infer<typeof TariffJson> {
  return {
    ...summaryJson(t),
    versions: t.versions.map((v) => ({
      id: v.id,
      valid_from: v.valid_from,
      valid_to: v.valid_to,
      rounding: v.rounding,
      rules: v.rules as Record<string, unknown>,
      created_by: v.created_by ? { id: v.created_by, name: v.created_by_name } : null,
      created_at: iso(v.created_at),
    })),
  };
}

export const NewVersionBody = z.object({
  valid_from: Day.describe(
    "First day the rules apply (on a published tariff: not in a past month)",
  ),
  valid_to: Day.nullable().optional().describe(
    "Last day; omit to run until the next version (or open-ended)",
  ),
  rounding: Rounding.default("half_up"),
  rules: Rules,
});

export const NewTariffBody = z.object({
  service_id: z.uuid(),
  code: Code,
  title: z.string().trim().min(2).max(200),
  description: z.string().trim().max(2000).nullable().optional(),
  status: z.enum(["draft", "published"]).default("draft"),
  version: NewVersionBody.optional().describe("The first version (required to publish)"),
});

export const TariffPatchBody = z.object({
  service_id: z.uuid().optional(),
  code: Code.optional(),
  title: z.string().trim().min(2).max(200).optional(),
  description: z.string().trim().max(2000).nullable().optional(),
  status: z.enum(["draft", "published", "archived"]).optional(),
}).refine((b) => Object.values(b).some((v) => v !== undefined), {
  message: "change at least one field",
});

const Count = z.int().min(0).max(1000);

/** A family's situation for a month, as the quote operation takes it. */
export const QuoteBody = z.object({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: "YYYY-MM" }).describe(
    "The month quoted: the version in force on its first day (or on `on`) is used",
  ),
  on: Day.optional().describe("A day of the month to pick the version by (mid-month changes)"),
  isee_cents: z.int().min(0).nullable().default(null).describe("ISEE in cents; null if none"),
  isee_expires_on: Day.nullable().default(null).describe(
    "The ISEE's expiry: expired for a later month (then the missing-ISEE rule applies)",
  ),
  resident: z.boolean().default(true),
  sibling_rank: z.int().min(1).max(20).default(1).describe(
    "1 for the first child enrolled in the same service, 2 for the second…",
  ),
  minors_in_household: z.int().min(0).max(30).default(1),
  school_level: z.enum(SCHOOL_LEVELS).nullable().default(null),
  grade: z.int().min(1).max(5).nullable().default(null),
  mode: z.enum(MODES).nullable().default(null),
  disability: z.boolean().default(false),
  social_services_exemption: z.boolean().default(false),
  days_present: Count.nullable().default(null),
  open_days: Count.nullable().default(null),
  uses_count: z.int().min(0).max(100_000).nullable().default(null).describe(
    "Meals, rides or uses in the month; null quotes the unit price",
  ),
  settling_in: z.boolean().default(false).describe("The month of the settling-in (inserimento)"),
  start_day: z.int().min(1).max(31).nullable().default(null),
  flags: z.array(z.string().regex(/^[a-z0-9_]{2,40}$/)).max(20).default([]).describe(
    "Ente-defined facts the rules test, e.g. servizi_sociali",
  ),
});

export function situationOf(b: z.infer<typeof QuoteBody>): SituationInput {
  return {
    month: b.month,
    ...(b.on ? { on: b.on } : {}),
    iseeCents: b.isee_cents,
    iseeExpiresOn: b.isee_expires_on,
    resident: b.resident,
    siblingRank: b.sibling_rank,
    minorsInHousehold: b.minors_in_household,
    schoolLevel: b.school_level,
    grade: b.grade,
    mode: b.mode,
    disability: b.disability,
    socialServicesExemption: b.social_services_exemption,
    daysPresent: b.days_present,
    openDays: b.open_days,
    usesCount: b.uses_count,
    isSettlingInMonth: b.settling_in,
    startDay: b.start_day,
    flags: b.flags,
  };
}

export const QuoteJson = z.object({
  tariff_id: z.uuid(),
  amount_cents: z.int().describe("What is due, in euro cents"),
  lines: z.array(z.object({
    part: z.enum(["amount", "fixed", "daily"]),
    unit: z.string().describe("meal, ride, day, use, month, term, year or once"),
    unit_cents: z.int(),
    quantity: z.int(),
    amount_cents: z.int(),
  })),
  version: z.object({ valid_from: Day, valid_to: Day.nullable() }),
  explanation: z.object({
    summary: z.object({ it: z.string(), en: z.string() }),
    it: z.array(z.string()),
    en: z.array(z.string()),
    steps: z.array(z.record(z.string(), z.unknown())).describe(
      "What the engine did, step by step; exact amounts as decimal strings of euro",
    ),
  }),
});

export function quoteJson(tariffId: string, r: Quote): z.infer<typeof QuoteJson> {
  return {
    tariff_id: tariffId,
    amount_cents: r.amountCents,
    lines: r.lines.map((l) => ({
      part: l.part,
      unit: l.unit,
      unit_cents: l.unitCents,
      quantity: l.quantity,
      amount_cents: l.amountCents,
    })),
    version: { valid_from: r.version.validFrom, valid_to: r.version.validTo },
    explanation: r.explanation,
  };
}

export const notFound = () =>
  new HttpError(404, "No such tariff in your Ente", { code: "not_found" });

/** The engine's and the database's refusals as problems (422, 409), messages in Italian. */
export function asHttp(e: unknown): never {
  if (e instanceof TariffInvalid) {
    throw new HttpError(422, "Le regole della tariffa non sono valide.", {
      code: "invalid_tariff",
      errors: e.issues.map((i) => ({
        path: i.path,
        message: i.message,
        message_en: i.messageEn,
        code: i.code,
      })),
    });
  }
  if (e instanceof TariffConflict) {
    throw new HttpError(409, e.message, { code: "tariff_conflict", message_en: e.messageEn });
  }
  if (e instanceof QuoteError) {
    throw new HttpError(422, e.message, { code: e.code, message_en: e.messageEn });
  }
  throw e;
}
