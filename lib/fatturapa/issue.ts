/**
 * Invoices of an issued run: one FatturaPA invoice per debt position whose service is billed by
 * invoice (`service_billing.mode = 'invoice'`; for an aggregated position, its lines of such
 * services). Called inside the issue transaction after the positions exist, and again at any
 * time to make the invoices that could not be made (idempotent: one invoice per position, the
 * position row is locked while its invoice is numbered, so numbers have no gaps).
 *
 * A payer whose data cannot make a valid invoice (no codice fiscale, an address without CAP) is
 * recorded as a problem of the run and skipped: the position stays payable, its invoice follows
 * when the office has completed the data. Missing settings of the Ente stop the whole issue.
 *
 * @module
 */

import type { Tx } from "../db/types.ts";
import { romeDate } from "../i18n/mod.ts";
import { parseAddress } from "./text.ts";
import {
  type BuiltInvoice,
  type Customer,
  InvoiceDataError,
  type InvoiceLine,
  type Payment,
} from "./xml.ts";
import { numberDocument } from "./numbering.ts";
import { validateInvoicesXml } from "./xsd.ts";
import { loadSupplier } from "./settings.ts";
import { periodLabel } from "./period.ts";

export interface InvoiceProblem {
  positionId: string;
  payerId: string;
  code: string;
  message: string;
  messageEn: string;
}

export interface CreateResult {
  created: string[];
  problems: InvoiceProblem[];
}

interface PositionRow {
  id: string;
  tenant_id: string;
  run_id: string | null;
  payer_id: string;
  amount_cents: number;
  description: string;
  debtor: { fiscal_code?: string };
}

export interface LineRow {
  description: string;
  amount_cents: number;
  quantity: string | number;
  unit: string | null;
  period_start: string;
  period_end: string;
  vat_rate_bp: number;
  vat_nature: string | null;
  service_title: string;
  pupil: string | null;
  enrollment_id: string | null;
}

export interface PayerRow {
  tax_code: string | null;
  name: string;
  surname: string;
  residence_address: string | null;
  postal_address: string | null;
}

/** Line text: service, pupil and period, then what was charged (proof for tax deductions). */
export function lineDescription(
  l: Pick<LineRow, "service_title" | "pupil" | "description" | "period_start" | "period_end">,
): string {
  const who = l.pupil ? ` - ${l.pupil}` : "";
  return `${l.service_title}${who} - ${
    periodLabel(l.period_start, l.period_end)
  }: ${l.description}`;
}

async function invoiceablePositions(
  tx: Tx,
  runId: string,
  only?: string[],
): Promise<PositionRow[]> {
  return await tx.query<PositionRow>(
    `select d.id, d.tenant_id, d.run_id, d.payer_id, d.amount_cents, d.description, d.debtor
       from public.debt_positions d
      where d.run_id = $1 and d.status <> 'cancelled' and d.purpose = 'charges'
        and ($2::uuid[] is null or d.id = any ($2::uuid[]))
        and not exists (select 1 from public.invoices i
                         where i.tenant_id = d.tenant_id and i.debt_position_id = d.id)
        and exists (select 1 from public.charge_lines cl
                      join public.service_billing b
                        on b.tenant_id = cl.tenant_id and b.service_id = cl.service_id
                     where cl.tenant_id = d.tenant_id and cl.debt_position_id = d.id
                       and cl.deleted_at is null and b.mode = 'invoice')
      order by d.id`,
    [runId, only ?? null],
  );
}

/**
 * The lines of services billed by invoice that a document bills: those of debt position
 * `of.positionId` (an invoice) or given back by carried settlement `of.settlementId` (its credit
 * note), in the order they are printed, with their service's VAT treatment.
 */
export async function invoiceLinesOf(
  tx: Tx,
  tenantId: string,
  of: { positionId: string } | { settlementId: string },
): Promise<LineRow[]> {
  const column = "positionId" in of ? "debt_position_id" : "carried_settlement_id";
  return await tx.query<LineRow>(
    `select cl.description, cl.amount_cents, cl.quantity, cl.unit, cl.period_start, cl.period_end,
            b.vat_rate_bp, b.vat_nature, s.title as service_title, cl.enrollment_id,
            case when pb.id is not null then pb.name || ' ' || pb.surname end as pupil
       from public.charge_lines cl
       join public.service_billing b on b.tenant_id = cl.tenant_id and b.service_id = cl.service_id
       join public.services s on s.tenant_id = cl.tenant_id and s.id = cl.service_id
       left join public.people pb on pb.tenant_id = cl.tenant_id and pb.id = cl.beneficiary_id
      where cl.tenant_id = $1 and cl.${column} = $2 and cl.deleted_at is null
        and b.mode = 'invoice'
      order by cl.period_start, s.title, pupil nulls last, (cl.amount_cents < 0), cl.created_at,
               cl.id`,
    [tenantId, "positionId" in of ? of.positionId : of.settlementId],
  );
}

/** A charge line as an invoice line: its text, amount and the service's VAT rate or natura. */
export function invoiceLine(l: LineRow): InvoiceLine {
  return {
    description: lineDescription(l),
    amountCents: Number(l.amount_cents),
    quantity: Number(l.quantity),
    unit: l.unit,
    periodStart: l.period_start,
    periodEnd: l.period_end,
    vatRateBp: l.vat_rate_bp > 0 ? l.vat_rate_bp : 0,
    nature: l.vat_rate_bp > 0 ? null : l.vat_nature,
  };
}

async function paymentsOf(tx: Tx, p: PositionRow, total: number): Promise<Payment[]> {
  const notices = await tx.query<
    { instalment: number; notice_number: string; due_on: string; amount_cents: number }
  >(
    `select instalment, notice_number, due_on, amount_cents from public.payment_notices
      where tenant_id = $1 and debt_position_id = $2 and status <> 'cancelled'
      order by instalment`,
    [p.tenant_id, p.id],
  );
  const whole = notices.find((n) => n.instalment === 0);
  const parts = notices.filter((n) => n.instalment > 0);
  if (total !== Number(p.amount_cents)) {
    // Part of an aggregated position: the invoice is paid with the position's single notice.
    return whole
      ? [{ noticeNumber: whole.notice_number, dueOn: whole.due_on, amountCents: total }]
      : [];
  }
  if (parts.length > 1) {
    return parts.map((n) => ({
      noticeNumber: n.notice_number,
      dueOn: n.due_on,
      amountCents: Number(n.amount_cents),
    }));
  }
  return whole
    ? [{ noticeNumber: whole.notice_number, dueOn: whole.due_on, amountCents: total }]
    : [];
}

/**
 * The payer as an invoice's customer (`fallbackCode`: the codice fiscale the position was
 * issued with); throws `InvoiceDataError` when the payer's data cannot make a valid document.
 */
export function payerCustomer(payer: PayerRow | undefined, fallbackCode?: string): Customer {
  const fiscalCode = payer?.tax_code ?? fallbackCode ?? "";
  if (!payer || !fiscalCode) {
    throw new InvoiceDataError(
      "payer_without_tax_code",
      "The payer has no codice fiscale: the invoice cannot be made",
      "Il pagatore non ha il codice fiscale: la fattura non può essere emessa.",
    );
  }
  const address = parseAddress(payer.residence_address) ?? parseAddress(payer.postal_address);
  if (!address) {
    throw new InvoiceDataError(
      "payer_address_incomplete",
      "The payer's address has no CAP and comune (e.g. 'Via Roma 12, 50099 Valdiponte (FI)')",
      "L'indirizzo del pagatore non ha CAP e comune (per esempio 'Via Roma 12, 50099 Valdiponte (FI)'): completarlo in anagrafica.",
    );
  }
  return { fiscalCode, name: payer.name, surname: payer.surname, address };
}

/** The registry data an invoice's customer is made of, for payers `ids`, by id. */
export async function loadPayers(
  tx: Tx,
  tenantId: string,
  ids: string[],
): Promise<Map<string, PayerRow>> {
  return new Map(
    (await tx.query<PayerRow & { id: string }>(
      `select id, tax_code, name, surname, residence_address, postal_address
         from public.people where tenant_id = $1 and id = any ($2::uuid[])`,
      [tenantId, [...new Set(ids)]],
    )).map((r) => [r.id, r]),
  );
}

/** The Ente's invoicing data are missing: no document can be issued. */
export function supplierMissing(): InvoiceDataError {
  return new InvoiceDataError(
    "invoice_settings_missing",
    "The Ente's invoice data (P.IVA, sede, regime fiscale) are not configured",
    "Mancano i dati dell'Ente per la fatturazione (partita IVA, sede, regime fiscale): compilarli in Fatture › Impostazioni.",
  );
}

/**
 * Creates the missing invoices of run `runId` (optionally only for `positionIds`), dated `today`
 * (Europe/Rome). Returns the new invoice ids and the positions skipped with their problem.
 */
export async function createInvoicesForRun(
  tx: Tx,
  runId: string,
  opts: { positionIds?: string[]; today?: string; userId?: string | null } = {},
): Promise<CreateResult> {
  const today = opts.today ?? romeDate();
  const positions = await invoiceablePositions(tx, runId, opts.positionIds);
  const result: CreateResult = { created: [], problems: [] };
  if (positions.length === 0) return result;
  const tenantId = positions[0].tenant_id;
  const settings = await loadSupplier(tx, tenantId);
  if (!settings) throw supplierMissing();
  const payers = await loadPayers(tx, tenantId, positions.map((p) => p.payer_id));
  const year = Number(today.slice(0, 4));
  const pending: { p: PositionRow; built: BuiltInvoice; row: Record<string, unknown> }[] = [];
  for (const p of positions) {
    // Lock the position: a concurrent call waits here, then finds the invoice and skips.
    const [locked] = await tx.query<{ id: string }>(
      `select d.id from public.debt_positions d
        where d.tenant_id = $1 and d.id = $2
          and not exists (select 1 from public.invoices i
                           where i.tenant_id = d.tenant_id and i.debt_position_id = d.id)
        for update of d`,
      [tenantId, p.id],
    );
    if (!locked) continue;
    const lines = await invoiceLinesOf(tx, tenantId, { positionId: p.id });
    try {
      const customer = payerCustomer(payers.get(p.payer_id), p.debtor?.fiscal_code);
      const invLines: InvoiceLine[] = lines.map(invoiceLine);
      const total = invLines.reduce((s, l) => s + l.amountCents, 0);
      if (total <= 0) {
        throw new InvoiceDataError(
          "invoice_total_not_positive",
          "The invoiced lines add up to zero or less",
          "Le righe da fatturare hanno totale nullo o negativo.",
        );
      }
      const payments = await paymentsOf(tx, p, total);
      const draft = {
        supplier: settings.supplier,
        customer,
        date: today,
        causale: p.description,
        lines: invLines,
        payments,
      };
      const { number, numero, transmissionId: tid, fileName, built } = await numberDocument(
        tx,
        tenantId,
        year,
        settings.numberPrefix,
        draft,
      );
      pending.push({
        p,
        built,
        row: {
          year,
          number,
          numero,
          issued_on: today,
          payer_id: p.payer_id,
          debt_position_id: p.id,
          run_id: p.run_id,
          notice_number: payments[0]?.noticeNumber ?? null,
          due_on: payments[0]?.dueOn ?? null,
          customer: {
            fiscal_code: customer.fiscalCode,
            name: customer.name,
            surname: customer.surname,
            address: customer.address,
          },
          lines: invLines.map((l, i) => ({ ...l, netCents: built.lineNetCents[i] })),
          summary: built.summary,
          description: p.description,
          taxable_cents: built.taxableCents,
          vat_cents: built.vatCents,
          total_cents: built.totalCents,
          stamp_duty_cents: built.stampDutyCents,
          transmission_id: tid,
          file_name: fileName,
        },
      });
    } catch (e) {
      if (!(e instanceof InvoiceDataError)) throw e;
      result.problems.push({
        positionId: p.id,
        payerId: p.payer_id,
        code: e.code,
        message: e.messageIt,
        messageEn: e.message,
      });
      await tx.query(
        `insert into public.billing_problems (tenant_id, run_id, enrollment_id, payer_id, code, message, message_en)
         values ($1, $2, $3, $4, $5, $6, $7) on conflict do nothing`,
        [
          tenantId,
          runId,
          lines.find((l) => l.enrollment_id)?.enrollment_id ?? null,
          p.payer_id,
          e.code,
          e.messageIt,
          e.message,
        ],
      );
    }
  }
  const checks = await validateInvoicesXml(pending.map((x) => x.built.xml));
  checks.forEach((c, i) => {
    if (!c.valid) {
      // Our own output failing the official schema is a bug: refuse to store anything.
      throw new Error(
        `invoice for position ${pending[i].p.id} is not valid FatturaPA: ${c.errors.join("; ")}`,
      );
    }
  });
  if (pending.length > 0) {
    const ids = await tx.query<{ id: string }>(
      `insert into public.invoices (tenant_id, year, number, numero, issued_on, payer_id,
         debt_position_id, run_id, notice_number, due_on, customer, lines, summary, description,
         taxable_cents, vat_cents, total_cents, stamp_duty_cents, transmission_id, file_name, xml,
         created_by)
       select $1, x.year, x.number, x.numero, x.issued_on, x.payer_id, x.debt_position_id, x.run_id,
              x.notice_number, x.due_on, x.customer, x.lines, x.summary, x.description,
              x.taxable_cents, x.vat_cents, x.total_cents, x.stamp_duty_cents, x.transmission_id,
              x.file_name, x.xml, $3
         from jsonb_to_recordset($2::jsonb -> 'rows') as x(year int, number int, numero text,
                issued_on date, payer_id uuid, debt_position_id uuid, run_id uuid,
                notice_number text, due_on date, customer jsonb, lines jsonb, summary jsonb,
                description text, taxable_cents bigint, vat_cents bigint, total_cents bigint,
                stamp_duty_cents int, transmission_id text, file_name text, xml text)
       returning id`,
      [
        tenantId,
        { rows: pending.map((x) => ({ ...x.row, xml: x.built.xml })) },
        opts.userId ?? null,
      ],
    );
    result.created = ids.map((r) => r.id);
  }
  return result;
}
