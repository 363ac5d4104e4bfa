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
import type { InvoiceLineSnapshot } from "./invoices.ts";
import { italianDate } from "./period.ts";
import { loadSupplier } from "./settings.ts";
import type { Address } from "./text.ts";
import { InvoiceDataError } from "./xml.ts";
import { supplierMissing } from "./issue.ts";
import { numberDocument } from "./numbering.ts";
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
  customer: { fiscal_code: string; name: string; surname: string; address: Address };
  lines: InvoiceLineSnapshot[];
  description: string;
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
  const { number, numero, transmissionId: tid, fileName, built } = await numberDocument(
    tx,
    inv.tenant_id,
    year,
    settings.numberPrefix,
    draft,
  );
  const [check] = await validateInvoicesXml([built.xml]);
  if (!check.valid) {
    // Our own output failing the official schema is a bug: refuse to store anything.
    throw new Error(`credit note for invoice ${inv.id} is not valid FatturaPA: ${check.errors}`);
  }
  const [row] = await tx.query<{ id: string }>(
    `insert into public.invoices (tenant_id, document_type, credit_of, reason, year, number, numero,
       issued_on, payer_id, debt_position_id, run_id, customer, lines, summary, description,
       taxable_cents, vat_cents, total_cents, stamp_duty_cents, transmission_id, file_name, xml,
       created_by)
     values ($1, 'TD04', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb -> 'customer',
             $11::jsonb -> 'lines', $11::jsonb -> 'summary', $12, $13, $14, $15, $16, $17, $18,
             $19, $20)
     returning id`,
    [
      inv.tenant_id,
      inv.id,
      why,
      year,
      number,
      numero,
      today,
      inv.payer_id,
      inv.debt_position_id,
      inv.run_id,
      // One object: drivers send a bare array as a Postgres array, not as jsonb.
      {
        customer: inv.customer,
        lines: draft.lines.map((l, i) => ({ ...l, netCents: built.lineNetCents[i] })),
        summary: built.summary,
      },
      draft.causale,
      built.taxableCents,
      built.vatCents,
      built.totalCents,
      built.stampDutyCents,
      tid,
      fileName,
      built.xml,
      opts.userId ?? null,
    ],
  );
  return { id: row.id, created: true };
}
