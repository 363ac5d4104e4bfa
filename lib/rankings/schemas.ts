/**
 * Zod schemas of `/api/v1/rankings`: the rules are described for the OpenAPI document and then
 * checked by `checkRules` (the same check as the back-office form), responses field by field.
 *
 * @module
 */
import { z } from "zod";
import { CRITERION_KINDS, TIE_BREAKERS } from "./criteria.ts";

const Uuid = z.uuid();
const Instant = z.string().describe("ISO 8601 instant");

const Criterion = z.object({
  kind: z.enum(CRITERION_KINDS as [string, ...string[]]).describe(
    "working_parents (points_each × parents working, from the form field `field`, 0–2); " +
      "siblings_enrolled, disability, resident, single_parent (points); isee_below " +
      "(threshold_cents, points); age_months (ranges of completed months at the start of the " +
      "year); answer (form `field` equal to `value` gives points)",
  ),
  code: z.string().describe("lowercase letters, digits and _, unique in the rules"),
  label: z.string().describe("Italian label shown in the ranking"),
  points: z.number().int().optional(),
  points_each: z.number().int().optional(),
  field: z.string().optional(),
  value: z.string().optional(),
  threshold_cents: z.number().int().optional(),
  ranges: z.array(z.object({
    from_months: z.number().int(),
    to_months: z.number().int(),
    points: z.number().int(),
  })).optional(),
});

export const RulesSchema = z.object({
  criteria: z.array(Criterion),
  tie_breakers: z.array(z.enum(TIE_BREAKERS)).describe(
    "applied in order after the score; the receipt time is always the last",
  ),
  residents_first: z.boolean().describe("non-residents after every resident"),
  offer_days: z.number().int().describe("days a family has to accept an offered place"),
});

export const CriteriaQuery = z.object({ service_id: Uuid, school_year_id: Uuid });
export const CriteriaBody = z.object({
  service_id: Uuid,
  school_year_id: Uuid,
  rules: z.record(z.string(), z.unknown()).describe("see RankingRules"),
});
export const CriteriaSchema = z.object({
  service_id: Uuid,
  school_year_id: Uuid,
  rules: RulesSchema,
});

export const ComputeBody = z.object({
  service_id: Uuid,
  school_year_id: Uuid,
  places: z.number().int().min(0).max(10000).optional().describe(
    "places available; by default the capacity of the classes (or sites) of the service",
  ),
});
export const PlacesBody = z.object({ places: z.number().int().min(0).max(10000) });

const STATUSES = ["provisional", "final", "published"] as const;
const STATES = [
  "admitted",
  "waiting",
  "offered",
  "accepted",
  "declined",
  "expired",
  "withdrawn",
] as const;

export const RankingSchema = z.object({
  id: Uuid,
  service_id: Uuid,
  service_title: z.string(),
  school_year_id: Uuid,
  school_year_label: z.string(),
  places: z.number().int(),
  status: z.enum(STATUSES),
  rules: RulesSchema,
  reference_date: z.string().describe("ages are counted at this date (start of the year)"),
  offer_days: z.number().int(),
  computed_at: Instant,
  finalized_at: Instant.nullable(),
  published_at: Instant.nullable(),
  entry_count: z.number().int(),
  public_url: z.string().nullable().describe("the public page, once published"),
});
export const RankingList = z.object({ items: z.array(RankingSchema) });

export const EntrySchema = z.object({
  id: Uuid,
  application_id: Uuid,
  application_item_id: Uuid,
  protocol_number: z.string(),
  child_name: z.string(),
  score: z.number().int(),
  breakdown: z.array(z.object({
    code: z.string(),
    label: z.string(),
    points: z.number().int(),
    detail: z.string(),
  })),
  group: z.enum(["all", "resident", "non_resident"]),
  position: z.number().int(),
  state: z.enum(STATES),
  offer_sent_at: Instant.nullable(),
  offer_deadline: Instant.nullable(),
  responded_at: Instant.nullable(),
});
export const RankingWithEntries = RankingSchema.extend({ entries: z.array(EntrySchema) });

export const ProcessResult = z.object({
  expired: z.number().int().describe("offers expired now"),
  offered: z.number().int().describe("places offered now"),
});

export const OfferSchema = z.object({
  id: Uuid,
  ranking_id: Uuid,
  service_title: z.string(),
  school_year_label: z.string(),
  protocol_number: z.string(),
  child_name: z.string(),
  position: z.number().int(),
  score: z.number().int(),
  state: z.enum(STATES),
  offer_sent_at: Instant.nullable(),
  offer_deadline: Instant.nullable(),
  responded_at: Instant.nullable(),
});
export const OfferList = z.object({ items: z.array(OfferSchema) });
export const AnswerBody = z.object({
  entry_id: Uuid.describe("the entry (offer) answered"),
  answer: z.enum(["accept", "decline"]),
});

export const publicUrl = (r: { id: string; status: string }) =>
  r.status === "published" ? `/graduatorie/${r.id}` : null;
