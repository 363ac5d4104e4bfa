/**
 * The credit note of a carried credit given back (TD04 for part of what invoices billed): when
 * the office gives back a carried credit whose lines include services billed by invoice
 * (`lib/billing/carried_settlement.ts`), those charges were invoiced in full, so the money given
 * back is documented by a nota di credito, issued in the settlement's own transaction:
 *
 * - one line per carried line of a service billed by invoice, its amount negated (a credit of
 *   the balance is a positive line of the note, a charge carried beside it a negative one), with
 *   the text and the VAT treatment the invoices give it (`issue.ts`); its total is the credit;
 * - the payer as customer, as an invoice has it (the same errors when the registry lacks data);
 * - DatiFattureCollegate: each invoice (TD01) of the payer that billed the same enrollment and
 *   period as one of its lines (the invoice of the position holding a computed line with that
 *   enrollment and period start), oldest first;
 * - the next number of the same yearly sequence, validated against the XSD before it is stored.
 *
 * The database refuses the commit of such a settlement without its credit note
 * (carried_settlements_credit_note in 20261129180000_carried_credit_notes.sql). Idempotent: one
 * credit note per settlement.
 *
 * @module
 */

import type { Tx } from "../db/types.ts";
import { romeDate } from "../i18n/mod.ts";
import type { LinkedDocument } from "./invoices.ts";
import {
  invoiceLine,
  invoiceLinesOf,
  loadPayers,
  payerCustomer,
  supplierMissing,
} from "./issue.ts";
import { storeCreditNote } from "./credit_note.ts";
import { numberDocument } from "./numbering.ts";
import { italianDate } from "./period.ts";
import { loadSupplier } from "./settings.ts";

interface SettlementRow {
  id: string;
  tenant_id: string;
  payer_id: string;
  kind: "refunded" | "wallet_credit";
  refund_ref: string | null;
  refunded_on: string | null;
  note: string | null;
}

/** A credit note as the settlement's callers name it. */
export interface CarriedCreditNote {
  id: string;
  numero: string;
}

/**
 * The causale of the credit note (≤ 200 characters): the office's note when it wrote one,
 * otherwise how the credit was given back.
 */
export function carriedCreditNoteCausale(
  s: Pick<SettlementRow, "kind" | "refund_ref" | "refunded_on" | "note">,
): string {
  const how = s.note?.trim() ||
    (s.kind === "refunded"
      ? `bonifico del ${italianDate(s.refunded_on!)} (rif. ${s.refund_ref})`
      : "accredito sul borsellino prepagato");
  return `Restituzione del credito riportato: ${how}`.slice(0, 200);
}

/** The invoices of payer `payerId` that billed the enrollments and periods of the settlement's lines. */
async function relatedInvoices(
  tx: Tx,
  s: SettlementRow,
): Promise<LinkedDocument[]> {
  return await tx.query<LinkedDocument>(
    `select i.id, i.numero, i.issued_on::text as issued_on
       from public.invoices i
      where i.tenant_id = $1 and i.payer_id = $3 and i.document_type = 'TD01'
        and i.debt_position_id in (
          select pl.debt_position_id
            from public.charge_lines cl
            join public.service_billing b
              on b.tenant_id = cl.tenant_id and b.service_id = cl.service_id and b.mode = 'invoice'
            join public.charge_lines pl
              on pl.tenant_id = cl.tenant_id and pl.enrollment_id = cl.enrollment_id
             and pl.period_start = cl.period_start and pl.source = 'computed'
             and pl.deleted_at is null and pl.debt_position_id is not null
           where cl.tenant_id = $1 and cl.carried_settlement_id = $2
             and cl.enrollment_id is not null)
      order by i.year, i.number`,
    [s.tenant_id, s.id, s.payer_id],
  );
}

/**
 * Issues the credit note of carried settlement `settlementId` (in the settlement's transaction,
 * as a member who can bill), dated `today` (Europe/Rome). Returns null when none of its lines is
 * of a service billed by invoice. Throws `InvoiceDataError` when the Ente's invoicing data or the
 * payer's registry data cannot make a valid document (the caller rolls back the settlement).
 */
export async function createCarriedCreditNote(
  tx: Tx,
  settlementId: string,
  opts: { today?: string; userId?: string | null } = {},
): Promise<(CarriedCreditNote & { created: boolean }) | null> {
  const [s] = await tx.query<SettlementRow>(
    `select id, tenant_id, payer_id, kind, refund_ref, refunded_on::text as refunded_on, note
       from public.carried_settlements where id = $1`,
    [settlementId],
  );
  if (!s) throw new Error(`carried settlement ${settlementId} not found`);
  const [before] = await tx.query<CarriedCreditNote>(
    "select id, numero from public.invoices where tenant_id = $1 and carried_settlement_id = $2",
    [s.tenant_id, s.id],
  );
  if (before) return { ...before, created: false };
  const charged = await invoiceLinesOf(tx, s.tenant_id, { settlementId: s.id });
  if (charged.length === 0) return null;
  const settings = await loadSupplier(tx, s.tenant_id);
  if (!settings) throw supplierMissing();
  const payer = (await loadPayers(tx, s.tenant_id, [s.payer_id])).get(s.payer_id);
  const customer = payerCustomer(payer);
  // What was charged, given back: each line with the opposite sign.
  const lines = charged.map((l) => {
    const line = invoiceLine(l);
    return { ...line, amountCents: -line.amountCents };
  });
  const related = await relatedInvoices(tx, s);
  const today = opts.today ?? romeDate();
  const year = Number(today.slice(0, 4));
  const causale = carriedCreditNoteCausale(s);
  const draft = {
    supplier: settings.supplier,
    customer,
    date: today,
    causale,
    lines,
    payments: [],
    documentType: "TD04" as const,
    // No invoice billed these enrollments and periods (office lines without an enrollment, a
    // month carried whole): the credit note names none, as the XSD allows (minOccurs 0).
    related: related.map((r) => ({ number: r.numero, date: r.issued_on })),
  };
  const numbered = await numberDocument(tx, s.tenant_id, year, settings.numberPrefix, draft);
  if (numbered.built.totalCents <= 0) {
    // app.settle_carried_credit refuses invoiced lines that are no credit: a bug if reached.
    throw new Error(`credit note of settlement ${s.id} totals ${numbered.built.totalCents} cents`);
  }
  const id = await storeCreditNote(tx, numbered, {
    tenantId: s.tenant_id,
    carriedSettlementId: s.id,
    relatedInvoices: related,
    reason: causale,
    issuedOn: today,
    payerId: s.payer_id,
    customer: {
      fiscal_code: customer.fiscalCode,
      name: customer.name,
      surname: customer.surname,
      address: customer.address,
    },
    description: causale,
    lines,
    userId: opts.userId ?? null,
  });
  return { id, numero: numbered.numero, created: true };
}
