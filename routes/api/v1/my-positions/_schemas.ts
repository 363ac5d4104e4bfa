import { z } from "zod";
import { CarriedBalanceSchema } from "../../../../lib/billing/schemas.ts";

const IsoDate = z.iso.date();
const Cents = z.number().int();

export const MyNoticeSchema = z.object({
  id: z.uuid(),
  instalment: z.number().int().min(0).max(12).describe("0 = single payment, 1..n = instalments"),
  notice_number: z.string().regex(/^3[0-9]{17}$/).describe("Codice avviso (18 digits)"),
  iuv: z.string(),
  amount_cents: Cents,
  due_on: IsoDate,
  status: z.enum(["unpaid", "paid", "cancelled"]),
  paid_at: z.string().nullable(),
  receipt_id: z.uuid().nullable(),
});

export const MyPositionSchema = z.object({
  id: z.uuid(),
  iupd: z.string(),
  purpose: z.enum(["charges", "top_up"]).describe("top_up: a prepaid wallet top-up"),
  description: z.string().describe("Causale: service, pupil(s) and period"),
  service_title: z.string().nullable(),
  period_start: IsoDate.nullable(),
  period_end: IsoDate.nullable(),
  amount_cents: Cents,
  paid_cents: Cents,
  status: z.enum(["open", "partially_paid", "paid", "cancelled"]),
  state: z.enum(["to_pay", "overdue", "partially_paid", "paid", "cancelled"])
    .describe("What the family reads: Da pagare, Scaduto, Pagato in parte, Pagato, Annullato"),
  overdue: z.boolean(),
  next_due_on: IsoDate.nullable(),
  year: z.number().int(),
  payer_name: z.string(),
  created_at: z.string(),
  paid_at: z.string().nullable(),
  replaced_by: z.uuid().nullable().optional().describe(
    "The position of the instalment plan (rateizzazione) that replaced this one, now cancelled",
  ),
  notices: z.array(MyNoticeSchema),
});

export const MyPositionListSchema = z.object({
  items: z.array(MyPositionSchema),
  years: z.array(z.number().int()).describe("Years with any position, newest first"),
  carried: z.array(CarriedBalanceSchema).describe(
    "Balances of issued runs that got no position yet (a credit, a sum under a notice's " +
      "minimum): they join the payer's next position. Not filtered by year",
  ),
});

export const MyLineSchema = z.object({
  id: z.uuid(),
  beneficiary_id: z.uuid().nullable(),
  beneficiary_name: z.string().nullable(),
  service_title: z.string(),
  site_name: z.string().nullable(),
  period_start: IsoDate,
  period_end: IsoDate,
  kind: z.enum(["usage", "fee", "one_off", "adjustment", "credit", "debit"]),
  quantity: z.string().describe('Decimal, e.g. "10.000"'),
  unit: z.string().nullable(),
  unit_cents: Cents.nullable(),
  amount_cents: Cents,
  description: z.string(),
  explanation: z.record(z.string(), z.unknown())
    .describe("{summary: {it, en}, steps: {it: [], en: []}, usage: {...}}"),
});

export const MyReceiptSchema = z.object({
  id: z.uuid(),
  receipt_ref: z.string(),
  iuv: z.string(),
  notice_number: z.string().nullable(),
  payment_notice_id: z.uuid(),
  instalment: z.number().int(),
  amount_cents: Cents,
  paid_at: z.string(),
  psp_name: z.string().nullable(),
  psp_id: z.string().nullable(),
  payment_method: z.string().nullable(),
  payer_name: z.string().nullable(),
  payer_fiscal_code: z.string().nullable(),
  source: z.string(),
});

export const MyPositionDetailSchema = z.object({
  position: MyPositionSchema,
  lines: z.array(MyLineSchema),
  receipts: z.array(MyReceiptSchema),
});
