import { z } from "zod";
import { HttpError } from "../../../../lib/http/define.ts";
import { MANUAL_METHODS, ManualReceiptError } from "../../../../lib/pagopa/receipts_manual.ts";
import type { ReceiptDetail, ReceiptRow } from "../../../../lib/pagopa/receipts_read.ts";
import { RECEIPT_SOURCES, RECEIPT_STATUSES } from "../../../../lib/pagopa/receipts_rules.ts";
import {
  SETTLEMENT_KINDS,
  SettlementError,
  type SettlementResult,
} from "../../../../lib/pagopa/receipts_settlement.ts";

export const ReceiptsQuery = z.object({
  status: z.enum(RECEIPT_STATUSES).optional(),
  from: z.iso.date().optional().describe("Paid on or after this day (Europe/Rome)"),
  to: z.iso.date().optional().describe("Paid on or before this day (Europe/Rome)"),
  iuv: z.string().regex(/^[0-9A-Za-z]{1,35}$/).optional()
    .describe("Start of the IUV or of the notice number"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const ReceiptSchema = z.object({
  id: z.uuid(),
  receipt_ref: z.string().describe("pagoPA receiptId"),
  iuv: z.string(),
  notice_number: z.string().nullable(),
  amount_cents: z.number().int(),
  paid_at: z.string(),
  received_at: z.string(),
  source: z.enum(RECEIPT_SOURCES),
  status: z.enum(RECEIPT_STATUSES).describe(
    "matched: paid its notice; unmatched: no notice with that IUV; amount_mismatch: the notice " +
      "exists but the amount differs; duplicate_payment: the notice was already paid or cancelled",
  ),
  psp_name: z.string().nullable(),
  payer_fiscal_code: z.string().nullable(),
  payer_name: z.string().nullable(),
  debt_position_id: z.uuid().nullable(),
  notice_amount_cents: z.number().int().nullable(),
});

export const ReceiptDetailSchema = ReceiptSchema.extend({
  psp_id: z.string().nullable(),
  payment_method: z.string().nullable(),
  instalment: z.number().int().nullable(),
  raw: z.string().nullable().describe("The message as received (paSendRTV2 XML, GPD receipt)"),
});

export const ReceiptPage = z.object({
  items: z.array(ReceiptSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
  attention: z.record(z.string(), z.number().int())
    .describe("Receipts needing the office, by status (every one not matched)"),
});

const iso = (d: Date | string) => new Date(d).toISOString();

export function receiptJson(r: ReceiptRow) {
  return {
    id: r.id,
    receipt_ref: r.receipt_ref,
    iuv: r.iuv,
    notice_number: r.notice_number,
    amount_cents: Number(r.amount_cents),
    paid_at: iso(r.paid_at),
    received_at: iso(r.received_at),
    source: r.source as z.infer<typeof ReceiptSchema>["source"],
    status: r.status,
    psp_name: r.psp_name,
    payer_fiscal_code: r.payer_fiscal_code,
    payer_name: r.payer_name,
    debt_position_id: r.position_id,
    notice_amount_cents: r.notice_amount_cents == null ? null : Number(r.notice_amount_cents),
  };
}

export function receiptDetailJson(r: ReceiptDetail) {
  return {
    ...receiptJson(r),
    psp_id: r.psp_id,
    payment_method: r.payment_method,
    instalment: r.instalment,
    raw: r.raw,
  };
}

export const ManualReceiptBody = z.object({
  notice_id: z.uuid().describe("The notice (avviso) paid: one of the Ente's unpaid notices"),
  debt_position_id: z.uuid().optional().describe(
    "When given, the notice must be one of this position's",
  ),
  amount_cents: z.number().int().positive().describe(
    "The amount received, in cents: the notice's whole amount (a partial payment is refused)",
  ),
  paid_on: z.iso.date().describe(
    "The day the Ente received the money (Europe/Rome): not in the future, not before the " +
      "position was issued",
  ),
  method: z.enum(MANUAL_METHODS).describe("How it was paid"),
  reference: z.string().trim().min(3).max(64).describe(
    "The payment's reference (till receipt number, CRO/TRN of the transfer), 3 to 64 " +
      "characters. With the method it identifies the payment: recording it again returns the " +
      "same receipt and credits nothing twice",
  ),
  note: z.string().trim().max(500).nullable().optional(),
});

export const ManualReceiptSchema = ReceiptSchema.extend({
  duplicate: z.boolean().describe(
    "True when this payment (same method and reference, same notice) had been recorded before: " +
      "the stored receipt is returned and nothing was credited again",
  ),
});

const SettlementNote = z.string().trim().max(1000).nullable().optional()
  .describe("What the office wants to remember about it (5 to 1000 characters)");

export const SettlementBody = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("refunded").describe("The amount was refunded to the payer"),
    refunded_on: z.iso.date().describe("The day of the refund (Europe/Rome), not in the future"),
    reference: z.string().trim().min(3).max(64)
      .describe("The refund's reference (CRO/TRN of the transfer), 3 to 64 characters"),
    note: SettlementNote,
  }),
  z.object({
    kind: z.literal("wallet_credit").describe(
      "The amount was credited to a prepaid wallet of the receipt's payer",
    ),
    wallet_id: z.uuid().describe(
      "A wallet of the receipt's payer (its position's payer or, when unmatched, the person " +
        "with the payer's codice fiscale)",
    ),
    note: SettlementNote,
  }),
  z.object({
    kind: z.literal("other").describe("Something else, said in words"),
    note: z.string().trim().min(5).max(1000)
      .describe("What was done with the amount (5 to 1000 characters)"),
  }),
]);

export const SettledReceiptSchema = ReceiptSchema.extend({
  settlement: z.object({
    kind: z.enum(SETTLEMENT_KINDS),
    settled_at: z.string(),
    settled_by_name: z.string().nullable(),
    reference: z.string().nullable().describe("The refund's reference (refunded)"),
    refunded_on: z.iso.date().nullable().describe("The day of the refund (refunded)"),
    note: z.string().nullable(),
    wallet_id: z.uuid().nullable().describe("The wallet credited (wallet_credit)"),
    wallet_movement_id: z.uuid().nullable()
      .describe("The wallet adjustment of exactly the receipt's amount (wallet_credit)"),
  }),
  duplicate: z.boolean().describe(
    "True when the receipt had already been settled exactly so: nothing was credited again",
  ),
});

export function settledReceiptJson(r: ReceiptDetail, res: SettlementResult) {
  return {
    ...receiptJson(r),
    settlement: {
      kind: res.kind,
      settled_at: iso(r.settled_at!),
      settled_by_name: r.settled_by_name,
      reference: r.settlement_ref,
      refunded_on: r.settlement_on,
      note: r.settlement_note,
      wallet_id: r.settlement_wallet_id,
      wallet_movement_id: res.walletMovementId,
    },
    duplicate: res.duplicate,
  };
}

/** The body field each domain field is sent as. */
const BODY_FIELD: Record<string, string> = {
  amount: "amount_cents",
  paidOn: "paid_on",
  method: "method",
  reference: "reference",
  note: "note",
  kind: "kind",
  refundedOn: "refunded_on",
  walletId: "wallet_id",
};

/**
 * A refusal of `recordManualReceipt` or `settleReceipt` as a problem: its status and stable
 * code, in English, with the body field at fault in `errors` when there is one.
 */
export function receiptApiError(e: unknown): unknown {
  if (!(e instanceof ManualReceiptError) && !(e instanceof SettlementError)) return e;
  return new HttpError(e.status, e.en, {
    code: e.code,
    ...(e.field
      ? { errors: [{ path: `body.${BODY_FIELD[e.field]}`, message: e.en, code: e.code }] }
      : {}),
  });
}
