/**
 * REST shapes of reconciliation (`/api/v1/reconciliation/…`): flows with their payments'
 * matches, treasury movements, and the list of what does not match.
 *
 * @module
 */

import { z } from "zod";
import { Pagination } from "../api/define_api.ts";

const Cents = z.int().describe("Euro cents");
const Message = z.object({ it: z.string(), en: z.string() });

export const FlowsQuery = Pagination.extend({
  status: z.enum(["matched", "differences"]).optional(),
});

export const FlowSchema = z.object({
  id: z.uuid(),
  flow_ref: z.string().describe("identificativoFlusso"),
  regulation_date: z.iso.date(),
  regulation_ref: z.string().describe("identificativoUnivocoRegolamento (the transfer's TRN)"),
  psp_id: z.string(),
  psp_name: z.string().nullable(),
  declared_count: z.int(),
  declared_cents: Cents,
  status: z.enum(["matched", "differences"]).describe(
    "matched: every payment matched its receipt and the totals agree",
  ),
  source: z.enum(["xml", "rest"]),
  matched: z.int().describe("Payments matched to their receipt"),
  open: z.int().describe("Payments to check"),
  movement_id: z.uuid().nullable().describe("The treasury movement that carried the flow"),
  movement_status: z.string().nullable(),
});

export const FlowPage = z.object({
  items: z.array(FlowSchema),
  total: z.int(),
  limit: z.int(),
  offset: z.int(),
});

export const FlowDetail = FlowSchema.extend({
  payments: z.array(z.object({
    idx: z.int(),
    iuv: z.string(),
    iur: z.string(),
    transfer_index: z.int().nullable(),
    amount_cents: Cents,
    outcome_code: z.int().describe(
      "codiceEsitoSingoloPagamento: 0 paid, 3 revoked, 4 stand-in, 8 stand-in without RPT, 9 without RPT",
    ),
    outcome_date: z.iso.date(),
    match_status: z.enum([
      "matched",
      "receipt_missing",
      "amount_different",
      "duplicate",
      "revoked",
    ]),
    receipt_id: z.uuid().nullable(),
    receipt_cents: Cents.nullable(),
  })),
});

export const FlowUpload = z.object({
  file: z.file().describe("The FlussoRiversamento 1.0.4 XML, at most 5 MB"),
}).describe("A reporting flow, sent as multipart/form-data");

export const FlowImported = z.object({
  id: z.uuid(),
  created: z.boolean().describe("False when the same flow had already been imported"),
  notes: z.array(Message).describe("What the flow says about itself that does not add up"),
});

export const MovementsQuery = Pagination.extend({
  pagopa_only: z.enum(["true", "false"]).optional(),
});

export const MovementSchema = z.object({
  id: z.uuid(),
  booked_on: z.iso.date(),
  value_date: z.iso.date().nullable(),
  amount_cents: Cents.describe("Credits positive, debits negative"),
  causale: z.string(),
  reference: z.string().nullable(),
  kind: z.enum(["flow", "single", "other"]),
  flow_ref: z.string().nullable(),
  iuv: z.string().nullable(),
  match_status: z.enum([
    "matched",
    "amount_different",
    "flow_missing",
    "receipt_missing",
    "not_pagopa",
  ]),
  fdr_flow_id: z.uuid().nullable(),
});

export const MovementPage = z.object({
  items: z.array(MovementSchema),
  total: z.int(),
  limit: z.int(),
  offset: z.int(),
});

export const StatementReport = z.object({
  inserted: z.int(),
  already: z.int().describe("Lines stored by an earlier import of the same statement"),
  matched: z.int(),
  rejected: z.array(z.object({ line: z.int(), reason: Message })),
});

export const IssuesQuery = z.object({
  days: z.coerce.number().int().min(0).max(365).default(5).describe(
    "Days a receipt may wait for its flow, and a flow for its transfer",
  ),
});

export const IssueList = z.object({
  items: z.array(z.object({
    kind: z.enum([
      "receipt_without_flow",
      "payment_without_receipt",
      "payment_amount_different",
      "payment_duplicate",
      "payment_revoked",
      "transfer_without_flow",
      "transfer_amount_different",
      "transfer_without_receipt",
      "flow_without_transfer",
    ]),
    day: z.iso.date(),
    amount_cents: Cents,
    reference: z.string(),
    other_cents: Cents.nullable(),
    flow_id: z.uuid().nullable(),
    flow_ref: z.string().nullable(),
  })),
});
