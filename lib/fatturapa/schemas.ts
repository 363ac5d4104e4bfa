/**
 * Zod schemas of `/api/v1/invoices`: the list's filters, an invoice (with its lines, VAT summary
 * and XML), the Ente's invoicing data, and the issue of a run's missing invoices.
 *
 * @module
 */

import { z } from "zod";
import { Pagination } from "../api/define_api.ts";
import { HttpError } from "../http/define.ts";
import type { InvoiceDetail, InvoiceSummary } from "./invoices.ts";
import { SDI_STATUSES } from "./invoices.ts";
import { checkSettings, type InvoiceSettings, TAX_REGIMES } from "./settings.ts";
import { DOCUMENT_TYPES } from "./xml.ts";

const Cents = z.int().describe("Integer cents of euro");
const IsoDate = z.iso.date();

export const InvoicesQuery = Pagination.extend({
  year: z.coerce.number().int().min(2000).max(2200).optional().describe("Calendar year"),
  payer: z.string().max(100).optional().describe("Part of the payer's name or codice fiscale"),
  number: z.string().max(20).optional().describe('The printed number ("FE-12/2026") or "12"'),
  payer_id: z.uuid().optional(),
  run_id: z.uuid().optional().describe("Invoices of one billing run"),
});

const Linked = z.object({ id: z.uuid(), numero: z.string(), issued_on: IsoDate });

export const InvoiceSchema = z.object({
  id: z.uuid(),
  document_type: z.enum(DOCUMENT_TYPES).describe(
    "TD01 invoice; TD04 credit note (amounts positive, as the invoice it reverses: they count " +
      "against it, as in total_cents of a page)",
  ),
  reason: z.string().nullable().describe(
    "A credit note's reason (for one giving back a carried credit: its causale)",
  ),
  carried_settlement_id: z.uuid().nullable().describe(
    "A credit note of part of what invoices billed: the carried credit it gives back " +
      "(its lines are the carried lines, amounts negated; some may be negative)",
  ),
  related_invoices: z.array(Linked).describe(
    "The invoices such a credit note names in DatiFattureCollegate (may be empty; empty for " +
      "other documents)",
  ),
  year: z.int(),
  number: z.int().describe("Progressive number in the year, without gaps"),
  numero: z.string().describe("The number as printed and in <Numero>"),
  issued_on: IsoDate,
  payer_id: z.uuid(),
  payer_name: z.string(),
  payer_tax_code: z.string().nullable(),
  debt_position_id: z.uuid().nullable(),
  run_id: z.uuid().nullable(),
  notice_number: z.string().nullable().describe("pagoPA notice (CodicePagamento, MP23)"),
  due_on: IsoDate.nullable(),
  description: z.string().describe("Causale: service, pupil and period"),
  taxable_cents: Cents,
  vat_cents: Cents,
  total_cents: Cents,
  stamp_duty_cents: Cents.describe("Bollo virtuale borne by the Ente (0 when not due)"),
  file_name: z.string().describe("SdI file name IT<codice>_<progressivo>.xml"),
  sdi_status: z.enum(SDI_STATUSES),
  created_at: z.iso.datetime(),
});

export const InvoicePage = z.object({
  items: z.array(InvoiceSchema),
  total: z.int(),
  total_cents: Cents,
  limit: z.int(),
  offset: z.int(),
});

const Line = z.object({
  description: z.string(),
  amountCents: Cents.describe("Charged, VAT included (negative for a credit)"),
  netCents: Cents.describe("Taxable amount (PrezzoTotale)"),
  quantity: z.number().nullable(),
  unit: z.string().nullable(),
  periodStart: IsoDate.nullable(),
  periodEnd: IsoDate.nullable(),
  vatRateBp: z.int().describe("VAT rate in basis points (400 = 4%)"),
  nature: z.string().nullable().describe("Natura of a line without VAT (N1…N7)"),
});

export const InvoiceDetailSchema = InvoiceSchema.extend({
  customer: z.object({
    fiscal_code: z.string(),
    name: z.string(),
    surname: z.string(),
    address: z.object({
      street: z.string(),
      number: z.string().nullable(),
      postalCode: z.string(),
      municipality: z.string(),
      province: z.string().nullable(),
      country: z.string().optional(),
    }).optional(),
  }),
  lines: z.array(Line),
  summary: z.array(z.object({
    vatRateBp: z.int(),
    nature: z.string().nullable(),
    taxableCents: Cents,
    vatCents: Cents,
  })).describe("DatiRiepilogo: one row per rate or natura"),
  position_status: z.string().nullable(),
  reverses: Linked.nullable().describe("A credit note's invoice"),
  reversed_by: Linked.nullable().describe("The credit note that reversed this invoice"),
  partial_credit_notes: z.array(Linked).describe(
    "Credit notes that gave back carried credits naming this invoice",
  ),
  xml: z.string().describe("The FatturaPA XML (FPR12) as stored, valid against schema 1.2.3"),
});

export const invoiceJson = (i: InvoiceSummary) => ({
  id: i.id,
  document_type: i.document_type,
  reason: i.reason,
  carried_settlement_id: i.carried_settlement_id,
  related_invoices: i.related_invoices,
  year: i.year,
  number: i.number,
  numero: i.numero,
  issued_on: i.issued_on,
  payer_id: i.payer_id,
  payer_name: i.payer_name,
  payer_tax_code: i.payer_tax_code,
  debt_position_id: i.debt_position_id,
  run_id: i.run_id,
  notice_number: i.notice_number,
  due_on: i.due_on,
  description: i.description,
  taxable_cents: i.taxable_cents,
  vat_cents: i.vat_cents,
  total_cents: i.total_cents,
  stamp_duty_cents: i.stamp_duty_cents,
  file_name: i.file_name,
  sdi_status: i.sdi_status,
  created_at: i.created_at,
});

export const invoiceDetailJson = (i: InvoiceDetail, xml: string) => ({
  ...invoiceJson(i),
  customer: i.customer,
  lines: i.lines,
  summary: i.summary,
  position_status: i.position_status,
  reverses: i.reverses,
  reversed_by: i.reversed_by,
  partial_credit_notes: i.partial_credit_notes,
  xml,
});

export const SettingsSchema = z.object({
  vat_number: z.string().describe("Partita IVA (11 digits)"),
  tax_code: z.string().describe("Codice fiscale of the Ente (11 digits)"),
  name: z.string().describe("Denominazione (2–80 characters)"),
  address: z.string().describe("Street of the seat"),
  street_number: z.string().nullable(),
  postal_code: z.string().describe("CAP (5 digits)"),
  municipality: z.string(),
  province: z.string().nullable().describe("2-letter code"),
  tax_regime: z.enum(TAX_REGIMES).describe("RegimeFiscale (RF01 ordinary)"),
  rea_office: z.string().nullable(),
  rea_number: z.string().nullable(),
  number_prefix: z.string().describe('Printed before the number ("FE" → FE-12/2026)'),
  transmitter_code: z.string().nullable().describe("IdTrasmittente when an intermediary sends"),
  vat_references: z.record(z.string(), z.string()).describe(
    'RiferimentoNormativo per natura, e.g. {"N4": "Esente art. 10 DPR 633/72"}',
  ),
  stamp_duty: z.boolean().describe("Bollo virtuale on exempt amounts above 77.47 EUR"),
});

/** Settings as the API answers them. */
export const settingsJson = (s: InvoiceSettings): z.infer<typeof SettingsSchema> => ({
  ...s,
  tax_regime: s.tax_regime as typeof TAX_REGIMES[number],
  vat_references: s.vat_references ?? {},
});

export const SettingsBody = z.object({
  vat_number: z.string().max(20),
  tax_code: z.string().max(20),
  name: z.string().max(200),
  address: z.string().max(200),
  street_number: z.string().max(20).nullish(),
  postal_code: z.string().max(10),
  municipality: z.string().max(200),
  province: z.string().max(10).nullish(),
  tax_regime: z.string().max(10).optional().describe("Default RF01"),
  rea_office: z.string().max(10).nullish(),
  rea_number: z.string().max(40).nullish(),
  number_prefix: z.string().max(10).optional(),
  transmitter_code: z.string().max(20).nullish(),
  vat_references: z.record(z.string(), z.string()).optional(),
  stamp_duty: z.boolean().optional(),
});

/** The body checked with the same rules as the form; 422 with one error per field otherwise. */
export function checkedSettings(body: z.infer<typeof SettingsBody>): InvoiceSettings {
  const r = checkSettings(body);
  if (r.ok) return r.value;
  throw new HttpError(422, "The invoicing data are not valid", {
    code: "validation_failed",
    errors: r.problems.map((p) => ({ path: `body.${p.field}`, message: p.en, code: "invalid" })),
  });
}

export const IssueBody = z.object({ run_id: z.uuid().describe("An issued billing run") });

export const IssueResult = z.object({
  created: z.array(z.uuid()).describe("Invoices created now"),
  problems: z.array(z.object({
    position_id: z.uuid(),
    payer_id: z.uuid(),
    code: z.string().describe("payer_without_tax_code, payer_address_incomplete…"),
    message: z.string(),
    message_it: z.string(),
  })).describe("Positions that could not be invoiced (also recorded as problems of the run)"),
});
