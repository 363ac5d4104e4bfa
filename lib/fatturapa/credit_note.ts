/**
 * Credit notes: an issued invoice is never rewritten; when what it bills is no longer due (the
 * office cancelled its debt position) a nota di credito (TD04) reverses it in full. The credit
 * note has the invoice's customer, lines and amounts as invoiced (snapshots, whatever the registry
 * says now), names the invoice (DatiFattureCollegate) and the reason, takes the next number of
 * the same yearly sequence and is validated against the official XSD before it is stored.
 * Idempotent: one credit note per invoice (a second call returns the first). Refused for an
 * invoice already credited in part by a carried credit's note (`carried_credit_note.ts`): the
 * whole reversal would give that part back twice.
 *
 * @module
 */

import type { Tx } from "../db/types.ts";
import { romeDate } from "../i18n/mod.ts";
import type { InvoiceLineSnapshot, LinkedDocument } from "./invoices.ts";
import { italianDate } from "./period.ts";
import { loadSupplier } from "./settings.ts";
import type { Address } from "./text.ts";
import { InvoiceDataError, type InvoiceInput } from "./xml.ts";
import { supplierMissing } from "./issue.ts";
import { numberDocument, type NumberedDocument } from "./numbering.ts";
import { validateInvoicesXml } from "./xsd.ts";

interface InvoiceRow {
  id: string;
  tenant_id: string;
  numero: string;
  issued_on: string;
  payer_id: string;
  debt_position_id: string | null;
  run_id: string | null;
  document_type: "TD01" | "TD04";
  customer: CustomerSnapshot;
  lines: InvoiceLineSnapshot[];
  description: string;
}

/** A document's customer as stored with it (whatever the registry says later). */
export interface CustomerSnapshot {
  fiscal_code: string;
  name: string;
  surname: string;
  address: Address;
}

/** The causale of a credit note: which invoice it reverses and why (≤ 200 characters). */
export function creditNoteCausale(numero: string, issuedOn: string, reason: string): string {
  return `Storno totale della fattura ${numero} del ${italianDate(issuedOn)}: ${reason.trim()}`
    .slice(0, 200);
}

/**
 * Issues the credit note reversing invoice `invoiceId` (in the caller's transaction, as a member
 * who can bill or as service_role), dated `today` (Europe/Rome). Returns its id and whether it
 * was made now.
 */
export async function createCreditNote(
  tx: Tx,
  invoiceId: string,
  reason: string,
  opts: { today?: string; userId?: string | null } = {},
): Promise<{ id: string; created: boolean }> {
  const why = reason.trim();
  if (why.length < 5 || why.length > 1000) {
    throw new InvoiceDataError(
      "reason_required",
      "A credit note needs its reason (5 to 1000 characters)",
      "Indicare il motivo della nota di credito (almeno 5 caratteri).",
    );
  }
  const [inv] = await tx.query<InvoiceRow>(
    `select id, tenant_id, numero, issued_on, payer_id, debt_position_id, run_id, document_type,
            customer, lines, description
       from public.invoices where id = $1`,
    [invoiceId],
  );
  if (!inv) {
    throw new InvoiceDataError(
      "invoice_not_found",
      "Invoice not found",
      "Fattura non trovata.",
    );
  }
  if (inv.document_type !== "TD01") {
    throw new InvoiceDataError(
      "not_an_invoice",
      "A credit note is not reversed by another credit note",
      "Una nota di credito non si storna con un'altra nota di credito.",
    );
  }
  const [before] = await tx.query<{ id: string }>(
    "select id from public.invoices where tenant_id = $1 and credit_of = $2",
    [inv.tenant_id, inv.id],
  );
  if (before) return { id: before.id, created: false };
  // Part of this invoice was already given back by a carried credit's note: reversing it whole
  // would credit that part twice. What is left is for the office to settle by hand.
  const partial = await tx.query<{ numero: string }>(
    `select numero from public.invoices
      where tenant_id = $1 and document_type = 'TD04' and carried_settlement_id is not null
        and related_invoices @> jsonb_build_array(jsonb_build_object('id', $2::text))
      order by year, number`,
    [inv.tenant_id, inv.id],
  );
  if (partial.length > 0) {
    const notes = partial.map((n) => n.numero).join(", ");
    throw new InvoiceDataError(
      "partially_credited",
      `Invoice ${inv.numero} was already credited in part (credit note ${notes}): reversing it whole would credit that part twice`,
      `La fattura ${inv.numero} ha già una nota di credito per una parte (n. ${notes}, credito restituito): stornarla per intero accrediterebbe due volte quella parte. Lo storno del resto va emesso dalla ragioneria.`,
    );
  }
  const settings = await loadSupplier(tx, inv.tenant_id);
  if (!settings) throw supplierMissing();
  const today = opts.today ?? romeDate();
  const year = Number(today.slice(0, 4));
  const draft = {
    supplier: settings.supplier,
    customer: {
      fiscalCode: inv.customer.fiscal_code,
      name: inv.customer.name,
      surname: inv.customer.surname,
      address: inv.customer.address,
    },
    date: today,
    causale: creditNoteCausale(inv.numero, inv.issued_on, why),
    lines: inv.lines.map((l) => ({
      description: l.description,
      amountCents: l.amountCents,
      quantity: l.quantity,
      unit: l.unit,
      periodStart: l.periodStart,
      periodEnd: l.periodEnd,
      vatRateBp: l.vatRateBp,
      nature: l.nature,
    })),
    payments: [],
    documentType: "TD04" as const,
    reverses: { number: inv.numero, date: inv.issued_on },
  };
  // A concurrent second credit note of the same invoice fails on its unique index (23505) and
  // rolls back with the number it took.
  const numbered = await numberDocument(tx, inv.tenant_id, year, settings.numberPrefix, draft);
  const id = await storeCreditNote(tx, numbered, {
    tenantId: inv.tenant_id,
    creditOf: inv.id,
    reason: why,
    issuedOn: today,
    payerId: inv.payer_id,
    debtPositionId: inv.debt_position_id,
    runId: inv.run_id,
    customer: inv.customer,
    description: draft.causale,
    lines: draft.lines,
    userId: opts.userId ?? null,
  });
  return { id, created: true };
}

/** What a credit note is stored with besides its numbered document. */
export interface CreditNoteRow {
  tenantId: string;
  /** The invoice it reverses in full, or … */
  creditOf?: string | null;
  /** … the carried settlement it gives back, with the invoices it names. */
  carriedSettlementId?: string | null;
  relatedInvoices?: LinkedDocument[] | null;
  reason: string;
  issuedOn: string;
  payerId: string;
  debtPositionId?: string | null;
  runId?: string | null;
  /** The customer as printed (snapshot). */
  customer: CustomerSnapshot;
  description: string;
  lines: InvoiceInput["lines"];
  userId: string | null;
}

/**
 * Stores a numbered credit note (TD04) after checking its XML against the official XSD: our own
 * output failing the schema is a bug, and nothing is stored. Returns its id.
 */
export async function storeCreditNote(
  tx: Tx,
  doc: NumberedDocument,
  r: CreditNoteRow,
): Promise<string> {
  const { built } = doc;
  const [check] = await validateInvoicesXml([built.xml]);
  if (!check.valid) {
    throw new Error(`credit note ${doc.numero} is not valid FatturaPA: ${check.errors}`);
  }
  const [row] = await tx.query<{ id: string }>(
    `insert into public.invoices (tenant_id, document_type, credit_of, carried_settlement_id,
       related_invoices, reason, year, number, numero, issued_on, payer_id, debt_position_id,
       run_id, customer, lines, summary, description, taxable_cents, vat_cents, total_cents,
       stamp_duty_cents, transmission_id, file_name, xml, created_by)
     values ($1, 'TD04', $2, $3, $4::jsonb -> 'related', $5, $6, $7, $8, $9, $10, $11, $12,
             $4::jsonb -> 'customer', $4::jsonb -> 'lines', $4::jsonb -> 'summary', $13, $14, $15,
             $16, $17, $18, $19, $20, $21)
     returning id`,
    [
      r.tenantId,
      r.creditOf ?? null,
      r.carriedSettlementId ?? null,
      // One object: drivers send a bare array as a Postgres array, not as jsonb.
      {
        // Absent, not JSON null: the column is SQL null for a full reversal.
        ...(r.relatedInvoices ? { related: r.relatedInvoices } : {}),
        customer: r.customer,
        lines: r.lines.map((l, i) => ({ ...l, netCents: built.lineNetCents[i] })),
        summary: built.summary,
      },
      r.reason,
      doc.year,
      doc.number,
      doc.numero,
      r.issuedOn,
      r.payerId,
      r.debtPositionId ?? null,
      r.runId ?? null,
      r.description,
      built.taxableCents,
      built.vatCents,
      built.totalCents,
      built.stampDutyCents,
      doc.transmissionId,
      doc.fileName,
      built.xml,
      r.userId,
    ],
  );
  return row.id;
}
