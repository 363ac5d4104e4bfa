/**
 * Zod schemas of `/api/v1/debt-positions/enforced-collections` (riscossione coattiva): the new
 * list's body with the bounds of the office's form (`readCollectionForm`: days 0..365, an amount
 * not negative, a reference of 2 to 200 characters, a note of at most 2000), the lists, one list
 * with its positions as they are now, and the selection a new list would take.
 *
 * @module
 */
import { z } from "zod";
import { Pagination } from "../../../../../lib/api/define_api.ts";
import {
  COLLECTION_MAX_POSITIONS,
  type CollectionInput,
  type CollectionSelection,
  DEFAULT_MIN_DAYS,
  DEFAULT_MIN_PAYER_CENTS,
  EXCLUSIONS,
  MAX_MIN_DAYS,
  needsRelief,
  REMINDER_CHANNELS,
} from "../../../../../lib/billing/enforced_collection.ts";
import type {
  Candidate,
  CollectionPosition,
} from "../../../../../lib/billing/enforced_collection_read.ts";
import { POSITION_STATUSES } from "../../../../../lib/billing/positions_read.ts";
import { HttpError } from "../../../../../lib/http/define.ts";

const Day = z.iso.date().describe("calendar date (Europe/Rome)");
const Cents = z.number().int().describe("integer cents");

export const CollectionBody = z.object({
  run_id: z.uuid().optional().describe(
    "only the overdue positions of this billing run; every overdue position when absent",
  ),
  min_days: z.number().int().min(0).max(MAX_MIN_DAYS).describe(
    `whole days since the last reminder of any channel (0 to ${MAX_MIN_DAYS}; the office's ` +
      `form proposes ${DEFAULT_MIN_DAYS}): reminded on the 1st with 30 days qualifies from the ` +
      "31st, with 0 the same day",
  ),
  min_payer_cents: z.number().int().min(0).describe(
    "a payer is handed over only when their positions taken add up to at least this many " +
      `cents (not negative; the office's form proposes ${DEFAULT_MIN_PAYER_CENTS})`,
  ),
  reference: z.string().trim().min(2).max(200).describe(
    "the act handing the list over, 2 to 200 characters, e.g. «Det. n. 123/2026»",
  ),
  note: z.string().trim().max(2000).nullable().optional().describe(
    "a note kept on the list, at most 2000 characters",
  ),
  dry_run: z.boolean().optional().describe(
    "true: nothing is written, the answer says what the list would take and leave out",
  ),
});

/** The body as the lib's input (the office form's `CollectionInput`). */
export function collectionInputOf(body: z.infer<typeof CollectionBody>): CollectionInput {
  return {
    run_id: body.run_id ?? null,
    minDays: body.min_days,
    minPayerCents: body.min_payer_cents,
    reference: body.reference,
    note: body.note || null,
  };
}

export const CollectionSchema = z.object({
  id: z.uuid(),
  reference: z.string().describe("the act that handed the list over"),
  note: z.string().nullable(),
  min_days_after_reminder: z.number().int().describe("the rule it was made with: days"),
  min_payer_cents: Cents.describe("the rule it was made with: minimum per payer"),
  positions_count: z.number().int().describe("positions handed over (withdrawals included)"),
  total_cents: Cents.describe("the overdue amount handed over"),
  created_by_name: z.string().nullable(),
  created_at: z.string().describe("timestamp"),
  withdrawn_count: z.number().int().describe("positions taken back from the list since"),
});

export const CollectionPage = z.object({
  items: z.array(CollectionSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});

export const CollectionsQuery = Pagination;

export const ListedPositionSchema = z.object({
  debt_position_id: z.uuid(),
  iupd: z.string(),
  description: z.string(),
  period_start: Day.nullable(),
  period_end: Day.nullable(),
  payer_id: z.uuid(),
  debtor: z.object({
    name: z.string().nullable(),
    tax_code: z.string().nullable(),
    address: z.string().nullable(),
  }).describe("the debtor as the registry knew them at hand-over"),
  overdue_cents: Cents.describe("the amount handed over"),
  overdue_since: Day.describe("the earliest due date missed"),
  paid_cents_then: Cents.describe("paid on the position at hand-over"),
  paid_cents_now: Cents.describe("paid on the position now"),
  status: z.enum(POSITION_STATUSES).describe("the position's status now"),
  last_reminder_at: z.string().describe("the last reminder before the hand-over (timestamp)"),
  last_reminder_channel: z.enum(REMINDER_CHANNELS),
  notice_numbers: z.array(z.string()).describe("the notices still unpaid now"),
  needs_relief: z.boolean().describe(
    "paid (in full or in part) or cancelled since the hand-over while still on the list: tell " +
      "the collector to drop or reduce it (sgravio)",
  ),
  withdrawn_at: z.string().nullable().describe("taken back from the list (timestamp)"),
  withdrawn_reason: z.string().nullable(),
  withdrawn_by_name: z.string().nullable(),
});

export const CollectionDetailSchema = CollectionSchema.extend({
  positions: z.array(ListedPositionSchema).describe(
    "every position handed over, withdrawn ones included, by the debtor's name",
  ),
});

/** A listed position as the API tells it (the debtor's three fields, the "sgravio" flag). */
export function listedPositionOf(p: CollectionPosition): z.infer<typeof ListedPositionSchema> {
  return {
    debt_position_id: p.debt_position_id,
    iupd: p.iupd,
    description: p.description,
    period_start: p.period_start,
    period_end: p.period_end,
    payer_id: p.payer_id,
    debtor: {
      name: p.debtor.name ?? null,
      tax_code: p.debtor.tax_code ?? null,
      address: p.debtor.address ?? null,
    },
    overdue_cents: p.overdue_cents,
    overdue_since: p.overdue_since,
    paid_cents_then: p.paid_cents_then,
    paid_cents_now: p.paid_cents_now,
    status: p.status,
    last_reminder_at: p.last_reminder_at,
    last_reminder_channel: p.last_reminder_channel,
    notice_numbers: p.notice_numbers,
    needs_relief: needsRelief(p),
    withdrawn_at: p.withdrawn_at,
    withdrawn_reason: p.withdrawn_reason,
    withdrawn_by_name: p.withdrawn_by_name,
  };
}

const SelectionCounts = {
  positions_count: z.number().int().describe("positions the list takes"),
  payers: z.number().int().describe("payers the list takes"),
  total_cents: Cents.describe("the overdue amount the list takes"),
  excluded: z.object(
    Object.fromEntries(EXCLUSIONS.map((e) => [e, z.number().int()])) as Record<
      typeof EXCLUSIONS[number],
      z.ZodNumber
    >,
  ).describe(
    "overdue positions left out, by reason: never_reminded; too_recent (the last reminder " +
      "within `min_days`); already_listed (on another list that has not withdrawn it); " +
      "under_threshold (its payer's positions add up to less than `min_payer_cents`)",
  ),
  excluded_payers: z.number().int().describe("payers left out for `min_payer_cents`"),
};

const SelectionSchema = z.object({
  ...SelectionCounts,
  positions: z.array(z.object({
    position_id: z.uuid(),
    iupd: z.string(),
    payer_id: z.uuid(),
    overdue_cents: Cents,
    overdue_since: Day,
    last_reminder_on: Day.describe("the day of the last reminder (Europe/Rome)"),
  })).describe("the positions the list takes, by payer"),
});

export const CollectionOutcomeSchema = z.object({
  collection: CollectionSchema.nullable().describe(
    "the list created (its positions at `GET …/enforced-collections/{id}`); null for a dry run",
  ),
  selection: SelectionSchema,
});

/** The counts of a selection (for a 409 problem too). */
function countsOf(s: CollectionSelection<Candidate>) {
  return {
    positions_count: s.included.length,
    payers: s.payers,
    total_cents: s.total_cents,
    excluded: s.excluded,
    excluded_payers: s.excluded_payers,
  };
}

/** A selection as the API tells it. */
export function selectionOf(s: CollectionSelection<Candidate>): z.infer<typeof SelectionSchema> {
  return {
    ...countsOf(s),
    positions: s.included.map((c) => ({
      position_id: c.position_id,
      iupd: c.iupd,
      payer_id: c.payer_id,
      overdue_cents: c.overdue_cents,
      overdue_since: c.overdue_since!,
      last_reminder_on: c.last_reminder_on!,
    })),
  };
}

/** A refused creation as a 409 problem, with the counts that refused it. */
export function refusal(
  error: "empty" | "too_many",
  s: CollectionSelection<Candidate>,
): HttpError {
  return new HttpError(
    409,
    error === "empty"
      ? "No position to hand over: meanwhile they were paid, reminded or handed over. " +
        "Nothing was created."
      : `More than ${COLLECTION_MAX_POSITIONS} positions: choose a billing run (run_id) to split ` +
        "the list. Nothing was created.",
    { code: error, ...countsOf(s), max_positions: COLLECTION_MAX_POSITIONS },
  );
}

/** The list's id and one of its positions' ids. */
export const WithdrawParams = z.object({
  id: z.uuid({ error: "must be a UUID" }),
  position_id: z.uuid({ error: "must be a UUID" }),
});

export const WithdrawBody = z.object({
  reason: z.string().trim().min(5).max(1000).describe(
    "why the position is taken back (5 to 1000 characters), e.g. added by mistake, payment " +
      "received, instalment plan granted: kept on the list and in the lista di carico",
  ),
});
