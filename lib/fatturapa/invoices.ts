/**
 * Reading invoices: the office's list with filters (year, payer, number), one invoice with its
 * lines, and what the courtesy copy needs. Under RLS: the office sees the Ente's invoices, a
 * family only those addressed to a payer of its household.
 *
 * @module
 */

import type { Tx } from "../db/types.ts";
import { pdfAttachment } from "../http/pdf_attachment.ts";
import type { SummaryRow } from "./amounts.ts";
import { XMLParser } from "fast-xml-parser";
import { type InvoiceForPdf, invoicePdf, type SupplierForPdf } from "./pdf.ts";
import type { DocumentType } from "./xml.ts";

export const SDI_STATUSES = ["ready", "sent", "delivered", "not_deliverable", "rejected"] as const;
export type SdiStatus = typeof SDI_STATUSES[number];

export const SDI_STATUS_LABELS: Record<SdiStatus, { it: string; en: string }> = {
  ready: { it: "Pronta per l'invio", en: "Ready to send" },
  sent: { it: "Inviata allo SdI", en: "Sent to the SdI" },
  delivered: { it: "Consegnata", en: "Delivered" },
  not_deliverable: { it: "Messa a disposizione", en: "Made available" },
  rejected: { it: "Scartata", en: "Rejected" },
};

/** How a document is named: invoice (TD01) or credit note (TD04). */
export const DOCUMENT_LABELS: Record<DocumentType, { it: string; en: string }> = {
  TD01: { it: "Fattura", en: "Invoice" },
  TD04: { it: "Nota di credito", en: "Credit note" },
};

/**
 * A linked document: the credit note reversing an invoice, the invoice a credit note reverses,
 * the invoices a partial credit note relates to or the partial credit notes relating to an invoice.
 */
export interface LinkedDocument {
  id: string;
  numero: string;
  issued_on: string;
}

export interface InvoiceSummary {
  id: string;
  document_type: DocumentType;
  /** For a credit note: why it reverses its invoice, or its causale when it gives back a credit. */
  reason: string | null;
  /** For a credit note of part of what invoices billed: the carried credit it gives back. */
  carried_settlement_id: string | null;
  /** The invoices such a credit note names (DatiFattureCollegate; empty otherwise). */
  related_invoices: LinkedDocument[];
  year: number;
  number: number;
  numero: string;
  issued_on: string;
  payer_id: string;
  payer_name: string;
  payer_tax_code: string | null;
  debt_position_id: string | null;
  run_id: string | null;
  notice_number: string | null;
  due_on: string | null;
  description: string;
  taxable_cents: number;
  vat_cents: number;
  total_cents: number;
  stamp_duty_cents: number;
  file_name: string;
  sdi_status: SdiStatus;
  created_at: string;
}

export interface InvoiceLineSnapshot {
  description: string;
  amountCents: number;
  netCents: number;
  quantity: number | null;
  unit: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  vatRateBp: number;
  nature: string | null;
}

export interface InvoiceDetail extends InvoiceSummary {
  customer: InvoiceForPdf["customer"];
  lines: InvoiceLineSnapshot[];
  summary: SummaryRow[];
  position_status: string | null;
  /** A credit note's invoice. */
  reverses: LinkedDocument | null;
  /** An invoice's credit note, once reversed. */
  reversed_by: LinkedDocument | null;
  /** The credit notes that gave back carried credits naming this invoice. */
  partial_credit_notes: LinkedDocument[];
}

export interface InvoiceFilters {
  year?: number | null;
  /** Part of the payer's name or codice fiscale. */
  payer?: string | null;
  /** The printed number ("12/2026", "FE-12") or just its progressive ("12"). */
  number?: string | null;
  payer_id?: string | null;
  run_id?: string | null;
}

const SELECT = `
  select i.id, i.document_type, i.reason, i.carried_settlement_id,
         coalesce(i.related_invoices, '[]'::jsonb) as related_invoices, i.year, i.number,
         i.numero, i.issued_on, i.payer_id,
         btrim(p.surname || ' ' || p.name) as payer_name, p.tax_code as payer_tax_code,
         i.debt_position_id, i.run_id, i.notice_number, i.due_on, i.description,
         i.taxable_cents, i.vat_cents, i.total_cents, i.stamp_duty_cents, i.file_name,
         i.sdi_status, i.created_at
    from public.invoices i
    join public.people p on p.tenant_id = i.tenant_id and p.id = i.payer_id`;

const like = (s: string) => `%${s.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

/** Invoices matching `f`, newest first, with the total count and amount. */
export async function listInvoices(
  tx: Tx,
  f: InvoiceFilters,
  limit: number,
  offset: number,
): Promise<{ items: InvoiceSummary[]; total: number; total_cents: number }> {
  const payer = f.payer?.trim() ? like(f.payer.trim().toLowerCase()) : null;
  const num = f.number?.trim() || null;
  const where = `where ($1::int is null or i.year = $1)
      and ($2::text is null or lower(p.surname || ' ' || p.name) like $2
           or lower(p.name || ' ' || p.surname) like $2 or lower(coalesce(p.tax_code, '')) like $2)
      and ($3::text is null or i.numero ilike $3 || '%' or i.number::text = $3
           or i.numero ilike '%-' || $3 || '/%' or i.numero ilike $3 || '/%')
      and ($4::uuid is null or i.payer_id = $4)
      and ($5::uuid is null or i.run_id = $5)`;
  const params = [f.year ?? null, payer, num, f.payer_id ?? null, f.run_id ?? null];
  const items = await tx.query<InvoiceSummary>(
    `${SELECT} ${where} order by i.year desc, i.number desc limit $6 offset $7`,
    [...params, limit, offset],
  );
  const [agg] = await tx.query<{ total: number; total_cents: number }>(
    // Credit notes count against the invoices they reverse.
    `select count(*)::int as total,
            coalesce(sum(case when i.document_type = 'TD04' then -i.total_cents
                              else i.total_cents end), 0)::bigint as total_cents
       from public.invoices i
       join public.people p on p.tenant_id = i.tenant_id and p.id = i.payer_id ${where}`,
    params,
  );
  return {
    items: items.map(norm),
    total: agg.total,
    total_cents: Number(agg.total_cents),
  };
}

function norm<T extends InvoiceSummary>(r: T): T {
  return {
    ...r,
    taxable_cents: Number(r.taxable_cents),
    vat_cents: Number(r.vat_cents),
    total_cents: Number(r.total_cents),
    created_at: new Date(r.created_at).toISOString(),
  };
}

/** One invoice with its lines and VAT summary, or null (not found or not visible). */
export async function getInvoice(tx: Tx, id: string): Promise<InvoiceDetail | null> {
  const [r] = await tx.query<InvoiceDetail>(
    `${
      SELECT.replace(
        "i.created_at\n",
        `i.created_at, i.customer, i.lines, i.summary, d.status as position_status,
         (select jsonb_build_object('id', o.id, 'numero', o.numero, 'issued_on', o.issued_on)
            from public.invoices o where o.tenant_id = i.tenant_id and o.id = i.credit_of)
           as reverses,
         (select jsonb_build_object('id', c.id, 'numero', c.numero, 'issued_on', c.issued_on)
            from public.invoices c where c.tenant_id = i.tenant_id and c.credit_of = i.id)
           as reversed_by,
         coalesce((select jsonb_agg(jsonb_build_object('id', c.id, 'numero', c.numero,
                                                       'issued_on', c.issued_on)
                                    order by c.year, c.number)
                     from public.invoices c
                    where c.tenant_id = i.tenant_id and c.carried_settlement_id is not null
                      and c.related_invoices @> jsonb_build_array(jsonb_build_object('id', i.id))),
                  '[]'::jsonb) as partial_credit_notes\n`,
      )
    }
      left join public.debt_positions d on d.tenant_id = i.tenant_id and d.id = i.debt_position_id
     where i.id = $1`,
    [id],
  );
  return r ? norm(r) : null;
}

/** The stored XML and its SdI file name. */
export async function getInvoiceXml(
  tx: Tx,
  id: string,
): Promise<{ xml: string; file_name: string } | null> {
  const [r] = await tx.query<{ xml: string; file_name: string }>(
    "select xml, file_name from public.invoices where id = $1",
    [id],
  );
  return r ?? null;
}

/**
 * The cedente as printed on the courtesy copy, read from the invoice's own XML: the copy shows
 * what was invoiced (the settings may have changed since), and families cannot read the settings.
 */
export function supplierFromXml(xml: string): SupplierForPdf {
  const doc = new XMLParser({ parseTagValue: false }).parse(xml)["p:FatturaElettronica"];
  const c = doc.FatturaElettronicaHeader.CedentePrestatore;
  const a = c.DatiAnagrafici;
  return {
    name: a.Anagrafica.Denominazione,
    vat_number: a.IdFiscaleIVA.IdCodice,
    tax_code: a.CodiceFiscale ?? "",
    address: c.Sede.Indirizzo,
    street_number: c.Sede.NumeroCivico ?? null,
    postal_code: c.Sede.CAP,
    municipality: c.Sede.Comune,
    province: c.Sede.Provincia ?? null,
  };
}

/** The courtesy copy of a stored invoice, as PDF bytes. */
export async function courtesyCopy(
  tx: Tx,
  id: string,
): Promise<{ pdf: Uint8Array; numero: string; document_type: DocumentType } | null> {
  const inv = await getInvoice(tx, id);
  const x = inv && await getInvoiceXml(tx, id);
  if (!inv || !x) return null;
  return {
    pdf: await invoicePdf(inv, supplierFromXml(x.xml)),
    numero: inv.numero,
    document_type: inv.document_type,
  };
}

/** A file name for downloads: "fattura-FE-12-2026.pdf", "nota-di-credito-FE-13-2026.pdf". */
export function downloadName(
  numero: string,
  ext: "pdf" | "xml",
  type: DocumentType = "TD01",
): string {
  const kind = type === "TD04" ? "nota-di-credito" : "fattura";
  return `${kind}-${numero.replace(/[^A-Za-z0-9-]+/g, "-")}.${ext}`;
}

/** The stored XML as a download (the SdI file name), or 404. */
export async function xmlDownload(tx: Tx, id: string): Promise<Response | null> {
  const x = await getInvoiceXml(tx, id);
  if (!x) return null;
  return new Response(x.xml, {
    headers: {
      "content-type": "application/xml; charset=utf-8",
      "content-disposition": `attachment; filename="${x.file_name}"`,
      "cache-control": "private, no-store",
    },
  });
}

/** The courtesy copy as a download, or 404. */
export async function pdfDownload(tx: Tx, id: string): Promise<Response | null> {
  const copy = await courtesyCopy(tx, id);
  if (!copy) return null;
  return pdfAttachment(copy.pdf, downloadName(copy.numero, "pdf", copy.document_type));
}
