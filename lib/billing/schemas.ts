/**
 * Zod schemas of `/api/v1/billing-runs`, `/api/v1/debt-positions` and `/api/v1/billing-settings`:
 * requests are checked by the same rules as the back-office forms (`settings.ts`, `lines.ts`),
 * responses are described field by field for the OpenAPI document.
 *
 * @module
 */
import { z } from "zod";
import { Pagination } from "../api/define_api.ts";
import { HttpError } from "../http/define.ts";
import { CARRIED_CLASSES } from "./carried.ts";
import { BillingError } from "./errors.ts";
import { ReviewError } from "./lines.ts";
import { GPD_STATUSES, POSITION_STATUSES } from "./positions_read.ts";
import { CAMPAIGN_ITEM_OUTCOMES, CAMPAIGN_STATUSES } from "./reminder_campaigns.ts";
import { REMINDER_BATCH_MAX, REMINDER_OUTCOMES } from "./reminders.ts";
import { LINE_KINDS, RUN_STATUSES } from "./review.ts";
import { BILLING_MODES, type Issue } from "./settings.ts";

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).describe("calendar date (Europe/Rome)");
const Stamp = z.string().describe("timestamp");
const Cents = z.number().int().describe("integer cents");

export const RunSchema = z.object({
  id: z.uuid(),
  number: z.number().int().describe("sequence number per Ente (Elaborazione n.)"),
  label: z.string(),
  period_start: Day,
  period_end: Day,
  service_ids: z.array(z.uuid()),
  services: z.array(z.object({ id: z.uuid(), title: z.string() })),
  status: z.enum(RUN_STATUSES),
  progress_done: z.number().int(),
  progress_total: z.number().int(),
  issue_done: z.number().int(),
  issue_total: z.number().int(),
  error: z.string().nullable(),
  created_at: Stamp,
  computed_at: Stamp.nullable(),
  approved_at: Stamp.nullable(),
  issued_at: Stamp.nullable(),
  cancelled_at: Stamp.nullable(),
  total_cents: Cents.describe("sum of the lines not deleted"),
  line_count: z.number().int(),
  problem_count: z.number().int(),
  position_count: z.number().int(),
});

export const RunPage = z.object({
  items: z.array(RunSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});

export const RunsQuery = Pagination.extend({ status: z.enum(RUN_STATUSES).optional() });

export const NewRunBody = z.object({
  period_start: Day,
  period_end: Day,
  label: z.string().trim().min(2).max(120).optional().describe(
    'shown to people; generated from the period when absent ("Ottobre 2026")',
  ),
  service_ids: z.array(z.uuid()).min(1).max(50),
});

const Total = z.object({
  key: z.string().nullable(),
  label: z.string().nullable(),
  lines: z.number().int(),
  cents: Cents,
});

export const ReviewSchema = z.object({
  run: RunSchema,
  totals: z.object({
    total_cents: Cents,
    lines: z.number().int(),
    payers: z.number().int(),
    by_service: z.array(Total),
    by_site: z.array(Total),
    by_payer: z.array(Total).describe("the 20 payers with the largest amounts"),
  }),
  comparison: z.object({
    previous: z.object({ id: z.uuid(), number: z.number().int(), label: z.string() }).nullable(),
    rows: z.array(z.object({
      key: z.string(),
      label: z.string(),
      current_cents: Cents,
      previous_cents: Cents,
      diff_cents: Cents,
      pct: z.number().nullable(),
    })),
  }),
  problems: z.array(z.object({
    id: z.uuid(),
    enrollment_id: z.uuid().nullable(),
    payer_id: z.uuid().nullable(),
    code: z.string(),
    message: z.string(),
    message_en: z.string(),
    beneficiary_name: z.string().nullable(),
    payer_name: z.string().nullable(),
    service_title: z.string().nullable(),
  })),
});

export const LineSchema = z.object({
  id: z.uuid(),
  run_id: z.uuid(),
  enrollment_id: z.uuid().nullable(),
  service_id: z.uuid(),
  service_title: z.string(),
  payer_id: z.uuid(),
  payer_name: z.string(),
  payer_tax_code: z.string().nullable(),
  beneficiary_id: z.uuid().nullable(),
  beneficiary_name: z.string().nullable(),
  site_id: z.uuid().nullable(),
  period_start: Day,
  period_end: Day,
  kind: z.enum(LINE_KINDS),
  source: z.enum(["computed", "operator"]),
  quantity: z.number(),
  unit: z.string().nullable(),
  unit_cents: Cents.nullable(),
  amount_cents: Cents.describe("negative for credits"),
  description: z.string(),
  explanation: z.record(z.string(), z.unknown()),
  reason: z.string().nullable(),
  deleted_at: Stamp.nullable(),
  delete_reason: z.string().nullable(),
  debt_position_id: z.uuid().nullable(),
  created_at: Stamp,
  updated_at: Stamp.nullable(),
});

export const LinePage = z.object({
  items: z.array(LineSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});

export const LinesQuery = Pagination.extend({
  payer: z.string().max(100).optional().describe("part of the payer's name or codice fiscale"),
  pupil: z.string().max(100).optional().describe("part of the pupil's name"),
  service_id: z.uuid().optional(),
  kind: z.enum(LINE_KINDS).optional(),
  include_deleted: z.enum(["true", "false"]).optional(),
});

const Reason = z.string().describe("why: at least 5 characters, kept in the audit log");

export const NewLineBody = z.object({
  kind: z.enum(["credit", "debit", "one_off"]),
  amount_cents: z.number().int().positive().describe("positive; a credit is stored negative"),
  description: z.string(),
  reason: Reason,
  enrollment_id: z.uuid().optional(),
  payer_id: z.uuid().optional(),
  service_id: z.uuid().optional(),
});

export const LinePatchBody = z.object({
  amount_cents: z.number().int().positive().optional(),
  description: z.string().optional(),
  reason: Reason,
});

/** DELETE carries no body: the reason is a query parameter, checked by `deleteLine`. */
export const LineDeleteQuery = z.object({ reason: z.string().max(1000).optional() });

export const LineParams = z.object({ id: z.uuid(), lineId: z.string().max(64) });

export const PositionSchema = z.object({
  id: z.uuid(),
  run_id: z.uuid().nullable(),
  run_label: z.string().nullable(),
  iupd: z.string(),
  payer_id: z.uuid(),
  payer_name: z.string(),
  payer_tax_code: z.string().nullable(),
  service_id: z.uuid().nullable(),
  service_title: z.string().nullable(),
  purpose: z.enum(["charges", "top_up"]),
  period_start: Day.nullable(),
  period_end: Day.nullable(),
  description: z.string(),
  amount_cents: Cents,
  paid_cents: Cents,
  taxonomy_code: z.string(),
  status: z.enum(POSITION_STATUSES),
  gpd_status: z.enum(GPD_STATUSES),
  gpd_error: z.string().nullable(),
  published_at: Stamp.nullable(),
  paid_at: Stamp.nullable(),
  created_at: Stamp,
  notice_count: z.number().int(),
  overdue_since: Day.nullable().describe(
    "the earliest due date passed without payment (Europe/Rome); null when nothing is overdue",
  ),
  overdue_cents: Cents.describe(
    "unpaid past due: the instalments past due, or the single notice when there are none",
  ),
  enforced: z.boolean().describe(
    "on a live list handed to enforced collection (riscossione coattiva): no more reminders",
  ),
  replaces_position_id: z.uuid().nullable().describe(
    "an instalment plan (rateizzazione): the position it replaces, cancelled when it was granted",
  ),
  replaced: z.boolean().describe("replaced by an instalment plan (and so cancelled)"),
  lapsed: z.boolean().describe(
    "carries an instalment plan the office declared lapsed (decadenza): from the day after, " +
      "every unpaid instalment counts as overdue",
  ),
});

export const PositionPage = z.object({
  items: z.array(PositionSchema),
  total: z.number().int(),
  total_cents: Cents,
  overdue_cents: Cents.nullable().describe("with `overdue=true`: the sum overdue; else null"),
  limit: z.number().int(),
  offset: z.number().int(),
});

/** A carried balance: lines of issued runs left without a position (`carried.ts`). */
export const CarriedBalanceSchema = z.object({
  payer_id: z.uuid(),
  payer_name: z.string(),
  payer_tax_code: z.string().nullable(),
  service_id: z.uuid().nullable().describe("null when the Ente aggregates positions"),
  service_titles: z.array(z.string()),
  class: z.enum(CARRIED_CLASSES).describe(
    "credit: negative total, the Ente owes the payer; below_minimum: under the service's " +
      "minimum for a notice; zero; pending: enough for a notice but not issued (e.g. no codice " +
      "fiscale at issue)",
  ),
  amount_cents: Cents,
  min_cents: Cents.describe("the minimum of a notice that applies (0 = none)"),
  lines: z.array(z.object({
    id: z.uuid(),
    run_id: z.uuid(),
    run_number: z.number().int().nullable().describe("null for a family"),
    run_label: z.string().nullable().describe("null for a family"),
    service_title: z.string(),
    beneficiary_name: z.string().nullable(),
    period_start: Day,
    period_end: Day,
    kind: z.enum(LINE_KINDS),
    description: z.string(),
    amount_cents: Cents,
    summary: z.object({ it: z.string().nullable(), en: z.string().nullable() })
      .describe("the explanation's summary"),
  })),
});

const ClassTotal = z.object({ count: z.number().int(), cents: Cents });

export const CarriedPage = z.object({
  items: z.array(CarriedBalanceSchema),
  total: z.number().int(),
  totals: z.object({
    credit: ClassTotal,
    below_minimum: ClassTotal,
    zero: ClassTotal,
    pending: ClassTotal,
  }).describe("per class, under the service and payer filters (not the class filter)"),
  limit: z.number().int(),
  offset: z.number().int(),
});

export const CarriedQuery = Pagination.extend({
  class: z.enum(CARRIED_CLASSES).optional(),
  service_id: z.uuid().optional().describe("balances with a line of this service"),
  payer: z.string().max(100).optional().describe("part of the payer's name or codice fiscale"),
});

export const PositionsQuery = Pagination.extend({
  run_id: z.uuid().optional(),
  payer: z.string().max(100).optional().describe(
    "part of the payer's name, codice fiscale or IUPD",
  ),
  status: z.enum(POSITION_STATUSES).optional(),
  gpd_status: z.enum(GPD_STATUSES).optional(),
  overdue: z.enum(["true", "false"]).optional().describe(
    "true: only positions with something unpaid past its due date, the oldest first",
  ),
});

export const PositionDetailSchema = PositionSchema.extend({
  debtor: z.record(z.string(), z.unknown()),
  cancel_reason: z.string().nullable(),
  notices: z.array(z.object({
    id: z.uuid(),
    instalment: z.number().int().describe("0 = the whole amount, 1..n = instalments"),
    notice_number: z.string(),
    iuv: z.string(),
    amount_cents: Cents,
    due_on: Day,
    status: z.enum(["unpaid", "paid", "cancelled"]),
    paid_at: Stamp.nullable(),
  })),
  lines: z.array(LineSchema),
  invoices: z.array(z.object({
    id: z.uuid(),
    document_type: z.enum(["TD01", "TD04"]).describe("TD01 invoice, TD04 credit note"),
    numero: z.string(),
    issued_on: Day,
    total_cents: Cents,
  })).describe("The position's FatturaPA invoice and the credit note that reversed it, if any"),
  receipts: z.array(z.object({
    id: z.uuid(),
    receipt_ref: z.string(),
    iuv: z.string(),
    notice_number: z.string().nullable(),
    amount_cents: Cents,
    paid_at: Stamp,
    psp_name: z.string().nullable(),
    payment_method: z.string().nullable(),
    source: z.string(),
    status: z.string(),
  })),
  reminders: z.array(z.object({
    id: z.uuid(),
    sent_at: Stamp,
    overdue_cents: Cents.describe("unpaid past due when reminded"),
    overdue_since: Day.describe("the earliest due date missed when reminded"),
    email_to: z.string().nullable().describe(
      "the address the e-mail went to; null: push only, or a letter",
    ),
    push: z.boolean(),
    letter: z.boolean().describe("a letter by post, recorded by the office (no e-mail, no push)"),
    sent_by_name: z.string().nullable(),
  })).describe("Payment reminders (solleciti) sent to the payer, newest first"),
});

const Iban = z.string().nullable();
export const SettingsSchema = z.object({
  segregation_code: z.string().describe("codice di segregazione, 2 digits"),
  iban: Iban,
  postal_account: z.string().nullable().describe("conto corrente postale, 12 digits"),
  postal_iban: Iban,
  postal_account_holder: z.string().nullable(),
  postal_authorization: z.string().nullable(),
  cbill: z.string().nullable(),
  office_name: z.string().nullable(),
  office_contact: z.string().nullable(),
  position_grouping: z.enum(["per_service", "aggregated"]),
  due_days: z.number().int(),
  gpd_enabled: z.boolean(),
  reminder_min_days: z.number().int().describe(
    "minimum days between two payment reminders of the same position, 1 to 90 (default 15)",
  ),
  lapse_missed_instalments: z.number().int().describe(
    "decadenza of instalment plans: instalments missed (unpaid past their due date), 1 to 12 " +
      "(default 2, the law's: L. 160/2019, art. 1 c. 800)",
  ),
  lapse_consecutive: z.boolean().describe(
    "the missed instalments must be consecutive by number (default true)",
  ),
  lapse_window_months: z.number().int().nullable().describe(
    "instalments not consecutive: they fall due within so many months, 1 to 24; null: at any " +
      "time (must be null for consecutive instalments)",
  ),
  lapse_after_reminder: z.boolean().describe(
    "a payment reminder must have been sent after the instalments were missed (default true)",
  ),
});

export const ServiceBillingSchema = z.object({
  service_id: z.uuid(),
  service_title: z.string(),
  configured: z.boolean(),
  mode: z.enum(BILLING_MODES),
  taxonomy_code: z.string().nullable(),
  instalments: z.number().int(),
  min_notice_cents: Cents,
  vat_nature: z.string().nullable(),
  vat_rate_bp: z.number().int().describe("basis points: 2200 = 22 %"),
});

export const SettingsResponse = z.object({
  settings: SettingsSchema,
  saved: z.boolean().describe("false while the Ente never saved them (defaults shown)"),
  updated_at: Stamp.nullable(),
  services: z.array(ServiceBillingSchema),
});

export const SettingsBody = z.object({
  settings: SettingsSchema.partial().extend({
    segregation_code: z.string(),
    due_days: z.number().int(),
    gpd_enabled: z.boolean(),
  }).optional(),
  services: z.array(z.object({
    service_id: z.uuid(),
    mode: z.enum(BILLING_MODES),
    taxonomy_code: z.string(),
    instalments: z.number().int().default(1),
    min_notice_cents: z.number().int().min(0).default(0),
    vat_nature: z.string().nullable().optional(),
    vat_rate_bp: z.number().int().min(0).max(10_000).default(0),
  })).optional(),
});

/** A 422 problem listing the settings' issues. */
export function issuesProblem(issues: Issue[], where: string): HttpError {
  return new HttpError(422, issues[0].en, {
    code: "validation_failed",
    errors: issues.map((i) => ({ path: `${where}.${i.field}`, message: i.en, code: i.code })),
  });
}

/** A `BillingError` or `ReviewError` as problem+json (other errors pass through). */
export function apiError(e: unknown): unknown {
  if (e instanceof BillingError) {
    return new HttpError(e.status, e.en, {
      code: e.code === "invalid" ? "validation_failed" : e.code,
      ...(e.code === "invalid"
        ? { errors: [{ path: "body", message: e.en, code: "invalid" }] }
        : {}),
    });
  }
  if (!(e instanceof ReviewError)) return e;
  const issues = Object.entries(e.issues);
  return new HttpError(e.status, e.text.en, {
    code: e.code === "invalid" ? "validation_failed" : e.code,
    ...(issues.length
      ? {
        errors: issues.map(([field, t]) => ({
          path: `body.${field}`,
          message: t.en,
          code: "invalid",
        })),
      }
      : {}),
  });
}

export const ReminderBody = z.object({
  position_ids: z.array(z.uuid()).min(1).max(REMINDER_BATCH_MAX).optional().describe(
    `the positions to remind, at most ${REMINDER_BATCH_MAX}; each is checked again (overdue, ` +
      "not reminded recently)",
  ),
  overdue_filters: z.object({
    run_id: z.uuid().optional().describe("only the positions of this billing run"),
    payer: z.string().max(100).optional().describe(
      "part of the payer's name, codice fiscale or IUPD",
    ),
  }).optional().describe(
    "every overdue position matching, however many: queued as a reminder campaign, worked by " +
      "the reminder job in batches (answered 202 with the campaign to follow)",
  ),
}).refine((b) => (b.position_ids === undefined) !== (b.overdue_filters === undefined), {
  message: "Give either position_ids or overdue_filters",
});

export const ReminderResultSchema = z.object({
  batch_id: z.uuid().nullable().describe("the batch of the reminders written; null when none"),
  counts: z.object(
    Object.fromEntries(REMINDER_OUTCOMES.map((o) => [o, z.number().int()])) as Record<
      typeof REMINDER_OUTCOMES[number],
      z.ZodNumber
    >,
  ).describe("positions per outcome"),
  remaining: z.number().int().describe("always 0 (kept for clients of the capped filter form)"),
  min_days: z.number().int().describe("the Ente's minimum days between two reminders"),
  outcomes: z.array(z.object({
    position_id: z.uuid(),
    outcome: z.enum(REMINDER_OUTCOMES).describe(
      "sent: reminded now; recent: reminded within the minimum days; not_overdue: nothing is " +
        "unpaid past its due date (paid, due today or later, cancelled) or the position is " +
        "handed to enforced collection; no_contact: the payer " +
        "has no e-mail in the registry nor a device for push notifications; not_found: no such " +
        "position in your Ente",
    ),
    iupd: z.string().nullable(),
    payer_name: z.string().nullable(),
    reminder_id: z.uuid().nullable(),
    email_to: z.string().nullable().describe("the address the e-mail went to"),
    push: z.boolean().describe("a push notification was queued to the family's devices"),
  })),
});

const OUTCOME_COUNTS = Object.fromEntries(
  REMINDER_OUTCOMES.map((o) => [o, z.number().int()]),
) as Record<typeof REMINDER_OUTCOMES[number], z.ZodNumber>;

export const ReminderCampaignSchema = z.object({
  id: z.uuid(),
  status: z.enum(CAMPAIGN_STATUSES).describe(
    "queued: waiting for the reminder job; running: being worked in batches; done; failed " +
      "(see `error`, e.g. the operator who asked is no longer in the billing office); " +
      "cancelled: stopped by the billing office (reminders already sent stay sent). A failed " +
      "or cancelled campaign can be resumed from where it stopped",
  ),
  run_id: z.uuid().nullable().describe("the filter: only the positions of this billing run"),
  run_label: z.string().nullable(),
  payer: z.string().nullable().describe("the filter: part of the payer's name, CF or IUPD"),
  total: z.number().int().describe("overdue positions of the filter when the job (re)started"),
  done: z.number().int().describe("positions walked so far"),
  ...OUTCOME_COUNTS,
  min_days: z.number().int().nullable().describe("the Ente's minimum days between reminders"),
  requested_by: z.uuid().nullable().describe(
    "the operator the job acts as: who asked, or who resumed it last",
  ),
  requested_by_name: z.string().nullable(),
  error: z.string().nullable(),
  attempts: z.number().int().describe("claims by the job (more than one after a resume)"),
  cancelled_by: z.uuid().nullable().describe("who stopped it (status `cancelled`)"),
  cancelled_by_name: z.string().nullable(),
  cancelled_at: z.string().nullable(),
  created_at: z.string(),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
  unsent: z.array(z.object({
    debt_position_id: z.uuid(),
    outcome: z.enum(CAMPAIGN_ITEM_OUTCOMES),
    iupd: z.string().nullable(),
    payer_name: z.string().nullable(),
  })).describe(
    "positions not reminded that need the office: no_contact (no e-mail in the registry nor a " +
      "device for push), not_overdue (paid or cancelled meanwhile), not_found; those reminded " +
      "recently are only counted",
  ),
});
