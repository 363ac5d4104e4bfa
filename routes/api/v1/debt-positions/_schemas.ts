import { z } from "zod";
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
