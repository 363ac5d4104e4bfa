import { z } from "zod";
import {
  MAX_PLAN_INSTALMENTS,
  maxInstalmentsFor,
  MIN_PLAN_INSTALMENTS,
  PLAN_FIELDS,
  type PlanInput,
  readPlanForm,
} from "../../../../lib/billing/instalment_plan.ts";
import { BULK_LAPSE_MAX } from "../../../../lib/billing/instalment_plan_bulk_lapse.ts";
import type { LapseRule } from "../../../../lib/billing/instalment_plan_lapse.ts";
import { PlanError } from "../../../../lib/billing/instalment_plan_record.ts";
import { PLAN_STANDINGS } from "../../../../lib/billing/instalment_plans_read.ts";
import { GPD_STATUSES } from "../../../../lib/billing/positions_read.ts";
import { PositionDetailSchema } from "../../../../lib/billing/schemas.ts";
import { HttpError } from "../../../../lib/http/define.ts";
import { GpdRequestError, type OfficeOutcome } from "../../../../lib/pagopa/publish_office.ts";

export const CancelBody = z.object({
  reason: z.string().trim().min(5).max(1000).describe(
    "Why the position is cancelled (5 to 1000 characters): kept on the position, shown to the " +
      "family and written on the credit note when the position was invoiced",
  ),
});

export const PAGOPA_OUTCOMES = ["invalidated", "queued", "gave_up", "not_published"] as const;

export const CancelOutcomeSchema = z.object({
  position: PositionDetailSchema.describe("The position after the cancellation"),
  pagopa: z.object({
    outcome: z.enum(PAGOPA_OUTCOMES).describe(
      "invalidated: pagoPA (GPD) invalidated the position, it can no longer be paid there; " +
        "queued: pagoPA did not answer, the publication job will tell it later; gave_up: the " +
        "attempts were given up, the office must invalidate it again; not_published: it was " +
        "never published on pagoPA, there was nothing to tell",
    ),
    gpd_status: z.enum(GPD_STATUSES),
    gpd_error: z.string().nullable(),
  }).describe("What pagoPA was told"),
  credit_note: z.object({
    id: z.uuid(),
    numero: z.string().describe("The credit note's number, as printed (FE-12/2026)"),
  }).nullable().describe(
    "The FatturaPA credit note (TD04) that reversed the position's invoice; null when the " +
      "position was not invoiced",
  ),
});

/** What pagoPA knows after a cancellation, as the position page says it. */
export function pagopaOutcomeOf(
  out: Pick<OfficeOutcome, "result" | "gpd_status">,
): typeof PAGOPA_OUTCOMES[number] {
  if (out.result === "invalidated") return "invalidated";
  if (out.result === "retry") return "queued";
  if (out.result === "gave_up") return "gave_up";
  if (out.gpd_status === "invalidated") return "invalidated";
  if (out.gpd_status === "to_invalidate") return "queued";
  return "not_published";
}

/** A refusal of `cancelAndInvalidate` as a problem: its status and stable code, in English. */
export function officeApiError(e: unknown): unknown {
  if (!(e instanceof GpdRequestError)) return e;
  return new HttpError(e.status, e.en, {
    code: e.code,
    ...(e.status === 422 ? { errors: [{ path: "body.reason", message: e.en, code: e.code }] } : {}),
  });
}

export const InstalmentPlanBody = z.object({
  instalments: z.number().int().min(MIN_PLAN_INSTALMENTS).max(MAX_PLAN_INSTALMENTS).describe(
    "How many monthly instalments (2 to 12, each at least 1,00 €: a small amount allows fewer)",
  ),
  first_due_on: z.iso.date().describe(
    "Due date of the first instalment (and of the single payment of the whole), from today " +
      "(Europe/Rome) to a year ahead; the others fall due on the same day of the following " +
      "months (the month's last day when shorter)",
  ),
  reference: z.string().trim().min(2).max(200).describe(
    "The reference of the family's request (2 to 200 characters), e.g. «Prot. n. 4521/2026»",
  ),
  reason: z.string().trim().min(5).max(1000).describe(
    "Why the plan is granted (5 to 1000 characters), kept on the plan and in the old " +
      "position's cancel reason",
  ),
});

export const InstalmentPlanOutcomeSchema = z.object({
  position: PositionDetailSchema.describe(
    "The new position: notice 0 for the whole by the first due date, notices 1..n for the " +
      "instalments, the charge lines and invoice of the position it replaces",
  ),
  replaced_position_id: z.uuid().describe("The position it replaces, now cancelled"),
  plan: z.object({
    instalments: z.number().int().min(MIN_PLAN_INSTALMENTS).max(MAX_PLAN_INSTALMENTS),
    first_due_on: z.iso.date(),
    last_due_on: z.iso.date(),
    reference: z.string(),
  }),
  pagopa: z.array(z.object({
    position_id: z.uuid(),
    action: z.enum(["publish", "invalidate"]),
    result: z.enum(["published", "invalidated", "retry", "gave_up", "skipped"]).describe(
      "What pagoPA (GPD) answered at once; retry: the publication job will try again later",
    ),
  })).describe(
    "What pagoPA was asked right away: invalidate the old position, publish the new one (empty " +
      "when GPD is off for the Ente)",
  ),
});

/** The API's name and error code for each field of the office's plan form. */
const PLAN_API_FIELDS: Record<string, { name: string; code: string }> = {
  [PLAN_FIELDS.count]: { name: "instalments", code: "instalments_out_of_range" },
  [PLAN_FIELDS.first_due]: { name: "first_due_on", code: "first_due_out_of_range" },
  [PLAN_FIELDS.reference]: { name: "reference", code: "reference_length" },
  [PLAN_FIELDS.reason]: { name: "reason", code: "reason_length" },
};

/**
 * The office form's checks on an API body, for a position owing `amountCents` on `today`: the
 * input to grant, or a 422 problem listing each field wrong (`body.<field>`, a stable code).
 */
export function planInputOf(
  body: z.infer<typeof InstalmentPlanBody>,
  amountCents: number,
  today: string,
): PlanInput {
  const { input, errors } = readPlanForm(
    {
      count: String(body.instalments),
      first_due: body.first_due_on,
      reference: body.reference,
      reason: body.reason,
    },
    amountCents,
    today,
    (_it, en) => en,
  );
  if (input) return input;
  const tooSmall = maxInstalmentsFor(amountCents) < MIN_PLAN_INSTALMENTS;
  throw new HttpError(422, "The body is not valid", {
    code: "validation_failed",
    errors: Object.entries(errors).map(([id, message]) => ({
      path: `body.${PLAN_API_FIELDS[id].name}`,
      message,
      code: id === PLAN_FIELDS.count && tooSmall ? "amount_too_small" : PLAN_API_FIELDS[id].code,
    })),
  });
}

/** The body field a database refusal of a plan is about, if any. */
const PLAN_REFUSAL_FIELDS: Record<string, string> = {
  count: "instalments",
  past: "first_due_on",
  reference: "reference",
  reason: "reason",
};

/**
 * A refusal of `grantInstalmentPlan`, `lapseInstalmentPlan` or `revokeInstalmentPlanLapse` as a
 * problem: its status and stable code, in English (a 422 about a field lists it in `errors`).
 */
export function planApiError(e: unknown): unknown {
  if (!(e instanceof PlanError)) return e;
  const field = e.status === 422 ? PLAN_REFUSAL_FIELDS[e.code] : undefined;
  return new HttpError(e.status, e.en, {
    code: e.code,
    ...(field ? { errors: [{ path: `body.${field}`, message: e.en, code: e.code }] } : {}),
  });
}

export const LapseBody = z.object({
  reason: z.string().trim().min(5).max(1000).describe(
    "Why the plan lapsed (5 to 1000 characters), e.g. the instalments missed despite a " +
      "reminder: kept on the plan and written in the payer's e-mail",
  ),
});

export const LapseOutcomeSchema = z.object({
  position_id: z.uuid().describe("The position carrying the plan, still payable on pagoPA"),
  residual_cents: z.number().int().describe(
    "What the plan still owes (its unpaid instalments), now due at once: from the day after " +
      "it all counts as overdue for reminders and enforced collection",
  ),
  mailed: z.boolean().describe(
    "The payer has an e-mail address in the registry and was written to",
  ),
  lapsed_at: z.string().describe("When the plan was declared lapsed (ISO 8601 instant)"),
});

export const RevokeLapseBody = z.object({
  reason: z.string().trim().min(5).max(1000).describe(
    "Why the lapse is revoked (5 to 1000 characters), e.g. a payment the office learned of " +
      "late or a reminder that never reached the family: kept on the plan and written in the " +
      "payer's e-mail",
  ),
});

export const LapseRevokedSchema = z.object({
  position_id: z.uuid().describe("The position carrying the plan, which holds again"),
  residual_cents: z.number().int().describe(
    "What the plan still owes (its unpaid instalments), due again on the instalments' own " +
      "dates: only the instalments past their due date count as overdue",
  ),
  mailed: z.boolean().describe(
    "The payer has an e-mail address in the registry and was written to",
  ),
  revoked_at: z.string().describe("When the lapse was revoked (ISO 8601 instant)"),
});

const Cents = z.number().int().describe("integer cents");

/** Where a plan stands, in the words of the OpenAPI document. */
const STANDING_TEXT = "lapse_due: instalments missed and the Ente's rule of decadenza is met " +
  "(so many instalments missed, consecutive or within a window, and a reminder sent after them " +
  "when the rule asks for one: see `rule`), the office may declare the plan lapsed; late: " +
  "instalments missed, the rule not met yet; regular: nothing missed; lapsed: declared lapsed, " +
  "the whole residual due; paid: paid off; cancelled: cancelled";

export const PlansQuery = z.object({
  standing: z.enum(PLAN_STANDINGS).optional().describe(
    `Only the plans standing so. ${STANDING_TEXT}`,
  ),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  offset: z.coerce.number().int().min(0).default(0),
});

export const PlanRowSchema = z.object({
  position_id: z.uuid().describe("The position carrying the plan (its instalments' notices)"),
  iupd: z.string(),
  description: z.string(),
  payer_id: z.uuid(),
  payer_name: z.string(),
  payer_tax_code: z.string().nullable(),
  instalments: z.number().int(),
  amount_cents: Cents.describe("what the plan spreads"),
  granted_at: z.string().describe("when the plan was granted (ISO 8601 instant)"),
  lapsed_at: z.string().nullable().describe("when it was declared lapsed; null if not"),
  lapse_revoked_at: z.string().nullable().describe(
    "the last revocation of a lapse (ISO 8601 instant); null when never revoked",
  ),
  paid_instalments: z.number().int(),
  missed: z.number().int().describe("instalments unpaid past their due date (Europe/Rome)"),
  missed_cents: Cents.describe("what the missed instalments owe"),
  residual_cents: Cents.describe("what the unpaid instalments owe, due or not (0 once settled)"),
  missed_since: z.iso.date().nullable().describe("the earliest due date missed; null when none"),
  standing: z.enum(PLAN_STANDINGS).describe(STANDING_TEXT),
});

export const LapseRuleSchema = z.object({
  missed: z.number().int().min(1).max(12).describe("instalments missed that make the plan lapse"),
  consecutive: z.boolean().describe("they must be consecutive by number"),
  window_months: z.number().int().nullable().describe(
    "not consecutive: they fall due within so many months; null: at any time",
  ),
  after_reminder: z.boolean().describe(
    "a reminder must be sent after the instalment that completes the count",
  ),
}).describe(
  "The Ente's rule of decadenza (billing settings), by which `lapse_due` is judged; without one " +
    "of its own, the law's: two consecutive instalments missed after an express reminder " +
    "(L. 160/2019, art. 1 c. 800)",
);

/** The rule as the API says it. */
export const lapseRuleOut = (r: LapseRule): z.infer<typeof LapseRuleSchema> => ({
  missed: r.missed,
  consecutive: r.consecutive,
  window_months: r.windowMonths,
  after_reminder: r.afterReminder,
});

export const PlanPage = z.object({
  items: z.array(PlanRowSchema),
  total: z.number().int(),
  missed_cents: Cents.describe(
    "what the missed instalments of the plans found owe (those `lapse_due` and `late`)",
  ),
  rule: LapseRuleSchema,
  limit: z.number().int(),
  offset: z.number().int(),
});

export const BulkLapseBody = z.object({
  position_ids: z.array(z.uuid()).min(1).max(BULK_LAPSE_MAX).describe(
    `The positions whose plans to declare lapsed (1 to ${BULK_LAPSE_MAX}); an id given twice ` +
      "counts once",
  ),
  reason: z.string().trim().min(5).max(1000).describe(
    "Why the plans lapsed (5 to 1000 characters), the same for all: kept on each plan and " +
      "written in each payer's e-mail",
  ),
});

export const BulkLapseOutcomeSchema = z.object({
  lapsed: z.array(z.object({
    position_id: z.uuid(),
    residual_cents: Cents.describe("what the plan still owes, now due at once"),
    mailed: z.boolean().describe(
      "The payer has an e-mail address in the registry and was written to",
    ),
  })).describe("The plans declared lapsed, in the order given"),
  refused: z.array(z.object({
    position_id: z.string().describe("The id as given (lowercase)"),
    code: z.string().describe(
      "not_found: no such position, or it carries no plan; already: lapsed before; settled: " +
        "paid or cancelled; rule_not_met: the Ente's rule of decadenza is not met now; " +
        "not_overdue: nothing missed (checked again at the lapse); error: an unexpected error, " +
        "try the single lapse",
    ),
    message: z.string().describe("Why, in English"),
  })).describe("The ids not declared lapsed, each with why, in the order given"),
});
