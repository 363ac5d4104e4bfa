import { z } from "zod";
import { RECEIPT_SOURCES, RECEIPT_STATUSES } from "../../../../lib/pagopa/receipts_rules.ts";
import type { ReceiptDetail, ReceiptRow } from "../../../../lib/pagopa/receipts_read.ts";

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
