/**
 * Manual receipts: a payment the Ente received outside pagoPA (cash at the economato, a bank
 * transfer to the treasury, a POS at the office), recorded by the billing office against one
 * notice. It is not a pagoPA receipt: it is stored with source 'manual' and goes through the same
 * ingestion (`ingestReceipts`) as pagoPA receipts, so the notice, the position, the family's
 * e-mail and live updates behave exactly as for a payment through pagoPA.
 *
 * Runs in the office's own transaction (`db.asUser`): RLS and `app.can_bill()` decide who may,
 * the database sets who recorded it and audits the row. The receipt id is derived from the Ente,
 * the method and the reference (till receipt number, the bank's CRO/TRN), so recording the same
 * payment twice stores it once and says so.
 *
 * @module
 */

import { isIsoDate } from "../calendar/dates.ts";
import type { Tx } from "../db/types.ts";
import { romeDate } from "../i18n/mod.ts";
import { ingestReceipts } from "./receipts.ts";
import { MANUAL_METHODS, type ManualMethod, romeDateTime } from "./receipts_rules.ts";
import { isUuid } from "../codes/uuid.ts";

export {
  MANUAL_METHOD_LABELS,
  MANUAL_METHODS,
  type ManualMethod,
  PAGOPA_METHOD_LABELS,
  paymentMethodLabel,
} from "./receipts_rules.ts";

export interface ManualReceiptInput {
  noticeId: string;
  /** When given, the notice must be one of this position's (the form of a position's page). */
  positionId?: string;
  amountCents: number;
  /** `YYYY-MM-DD`, the day the Ente received the money (Europe/Rome). */
  paidOn: string;
  method: ManualMethod;
  /** The till receipt number, the bank's CRO/TRN…: 3 to 64 characters. */
  reference: string;
  note?: string | null;
}

export interface ManualReceiptResult {
  receiptId: string;
  noticeId: string;
  positionId: string;
  /** True when this payment (same method and reference) had been recorded before. */
  duplicate: boolean;
}

export type ManualReceiptErrorCode =
  | "forbidden"
  | "notice_not_found"
  | "already_paid"
  | "not_payable"
  | "amount_mismatch"
  | "amount_invalid"
  | "date_invalid"
  | "date_future"
  | "date_before_issue"
  | "method_invalid"
  | "reference_invalid"
  | "reference_used"
  | "note_invalid"
  | "not_stored";

const STATUS: Record<ManualReceiptErrorCode, number> = {
  forbidden: 403,
  notice_not_found: 404,
  already_paid: 409,
  not_payable: 409,
  reference_used: 409,
  not_stored: 409,
  amount_mismatch: 422,
  amount_invalid: 422,
  date_invalid: 422,
  date_future: 422,
  date_before_issue: 422,
  method_invalid: 422,
  reference_invalid: 422,
  note_invalid: 422,
};

/** Why a manual receipt was refused, in Italian and English; `field` names the form field. */
export class ManualReceiptError extends Error {
  constructor(
    readonly code: ManualReceiptErrorCode,
    readonly it: string,
    readonly en: string,
    readonly field?: "amount" | "paidOn" | "method" | "reference" | "note",
  ) {
    super(en);
  }
  get status(): number {
    return STATUS[this.code];
  }
}

const fail = (
  code: ManualReceiptErrorCode,
  it: string,
  en: string,
  field?: ManualReceiptError["field"],
) => new ManualReceiptError(code, it, en, field);

/** "  cro 1234  5678 " → "CRO 1234 5678": the same reference however it was typed. */
export const normalizeReference = (s: string) => s.trim().replace(/\s+/g, " ").toUpperCase();

/** `MAN-<method>-<hash>`: the same Ente, method and reference always give the same receipt id. */
export async function manualReceiptRef(
  tenantId: string,
  method: ManualMethod,
  reference: string,
): Promise<string> {
  const data = new TextEncoder().encode(
    `${tenantId}|${method}|${normalizeReference(reference)}`,
  );
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", data));
  const hex = [...hash.slice(0, 20)].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `MAN-${method.toUpperCase()}-${hex}`;
}

/** The checks that need no database: the first problem of `input`, or null. */
export function manualReceiptProblem(
  input: Partial<ManualReceiptInput>,
  today = romeDate(),
): ManualReceiptError | null {
  if (!Number.isSafeInteger(input.amountCents) || (input.amountCents as number) <= 0) {
    return fail(
      "amount_invalid",
      "L'importo deve essere maggiore di zero.",
      "The amount must be greater than zero.",
      "amount",
    );
  }
  if (!isIsoDate(input.paidOn)) {
    return fail(
      "date_invalid",
      "Data del pagamento mancante o non valida.",
      "Missing or invalid payment date.",
      "paidOn",
    );
  }
  if (input.paidOn > today) {
    return fail(
      "date_future",
      "La data del pagamento non può essere futura.",
      "The payment date cannot be in the future.",
      "paidOn",
    );
  }
  if (!MANUAL_METHODS.includes(input.method as ManualMethod)) {
    return fail(
      "method_invalid",
      "Scegliere come è stato pagato: contanti, bonifico, POS o altro.",
      "Choose how it was paid: cash, bank transfer, POS or other.",
      "method",
    );
  }
  const ref = typeof input.reference === "string" ? normalizeReference(input.reference) : "";
  if (ref.length < 3 || ref.length > 64) {
    return fail(
      "reference_invalid",
      "Indicare il riferimento del pagamento (numero dello scontrino, CRO/TRN del bonifico): da 3 a 64 caratteri.",
      "Give the payment's reference (till receipt number, CRO/TRN of the transfer): 3 to 64 characters.",
      "reference",
    );
  }
  if (input.note != null && (typeof input.note !== "string" || input.note.trim().length > 500)) {
    return fail(
      "note_invalid",
      "La nota può avere al massimo 500 caratteri.",
      "The note can have at most 500 characters.",
      "note",
    );
  }
  return null;
}

interface NoticeRow {
  id: string;
  tenant_id: string;
  iuv: string;
  notice_number: string;
  amount_cents: number;
  status: string;
  debt_position_id: string;
  position_status: string;
  gpd_status: string;
  debtor: { fiscal_code?: string; full_name?: string };
  issued_on: string;
}

/**
 * Records `input` as a payment received by the office, in `tx` (the office's `db.asUser`
 * transaction; `userId` is the signed-in user, who must be the claims' subject). Throws
 * `ManualReceiptError` when it is refused; a repeat of the same method and reference for the same
 * notice returns the stored receipt with `duplicate: true`.
 */
export async function recordManualReceipt(
  tx: Tx,
  input: ManualReceiptInput,
  userId: string,
  opts: { publicUrl?: string; today?: string } = {},
): Promise<ManualReceiptResult> {
  const [who] = await tx.query<{ can: boolean; tenant_id: string | null; uid: string | null }>(
    "select app.can_bill() as can, app.tenant_id() as tenant_id, app.user_id() as uid",
  );
  if (!who?.can || !who.tenant_id || !who.uid || who.uid !== userId) {
    throw fail(
      "forbidden",
      "Solo l'ufficio che gestisce la fatturazione può registrare un pagamento.",
      "Only the billing office can record a payment.",
    );
  }
  const problem = manualReceiptProblem(input, opts.today);
  if (problem) throw problem;

  const [n] = isUuid(input.noticeId)
    ? await tx.query<NoticeRow>(
      `select n.id, n.tenant_id, n.iuv, n.notice_number, n.amount_cents, n.status,
              n.debt_position_id, d.status as position_status, d.gpd_status, d.debtor,
              (d.created_at at time zone 'Europe/Rome')::date::text as issued_on
         from public.payment_notices n
         join public.debt_positions d on d.tenant_id = n.tenant_id and d.id = n.debt_position_id
        where n.tenant_id = (select app.tenant_id()) and n.id = $1
        for update of n`,
      [input.noticeId],
    )
    : [];
  if (!n || (input.positionId !== undefined && n.debt_position_id !== input.positionId)) {
    throw fail(
      "notice_not_found",
      "Avviso non trovato in questo Ente.",
      "Notice not found in this Ente.",
    );
  }

  const receiptRef = await manualReceiptRef(n.tenant_id, input.method, input.reference);
  const [seen] = await tx.query<{ id: string; payment_notice_id: string | null }>(
    `select id, payment_notice_id from public.payment_receipts
      where tenant_id = $1 and receipt_ref = $2`,
    [n.tenant_id, receiptRef],
  );
  if (seen) {
    if (seen.payment_notice_id !== n.id) {
      throw fail(
        "reference_used",
        "Questo riferimento è già stato registrato per un altro avviso.",
        "This reference was already recorded for another notice.",
        "reference",
      );
    }
    return {
      receiptId: seen.id,
      noticeId: n.id,
      positionId: n.debt_position_id,
      duplicate: true,
    };
  }

  if (n.status === "paid") {
    throw fail("already_paid", "L'avviso è già pagato.", "The notice is already paid.");
  }
  if (
    n.status !== "unpaid" || n.position_status === "cancelled" ||
    n.gpd_status === "invalidated" || n.gpd_status === "to_invalidate"
  ) {
    throw fail(
      "not_payable",
      "L'avviso è annullato o invalidato: non si può registrare un pagamento.",
      "The notice is cancelled or invalidated: no payment can be recorded.",
    );
  }
  if (Number(n.amount_cents) !== input.amountCents) {
    throw fail(
      "amount_mismatch",
      "L'importo deve essere quello dell'avviso: un pagamento parziale non si registra come ricevuta.",
      "The amount must be the notice's: a partial payment is not recorded as a receipt.",
      "amount",
    );
  }
  if (input.paidOn < n.issued_on) {
    throw fail(
      "date_before_issue",
      "La data del pagamento precede l'emissione della posizione.",
      "The payment date is before the position was issued.",
      "paidOn",
    );
  }

  const [user] = await tx.query<{ full_name: string | null }>(
    "select full_name from public.users where id = $1",
    [userId],
  );
  const note = input.note?.trim() || null;
  const [res] = await ingestReceipts(tx, [{
    tenantId: n.tenant_id,
    receiptRef,
    iuv: n.iuv,
    noticeNumber: n.notice_number,
    amountCents: input.amountCents,
    // Noon in Rome: the day stays the same whatever zone a reader shows it in.
    paidAt: romeDateTime(`${input.paidOn}T12:00:00`)!,
    source: "manual",
    paymentMethod: input.method,
    payerFiscalCode: n.debtor.fiscal_code ?? null,
    payerName: n.debtor.full_name ?? null,
    raw: JSON.stringify({
      kind: "manual",
      method: input.method,
      reference: normalizeReference(input.reference),
      paid_on: input.paidOn,
      recorded_by: userId,
      recorded_by_name: user?.full_name ?? null,
      note,
    }),
  }], { publicUrl: opts.publicUrl, office: true });
  if (!res.ok || res.status !== "matched" || !res.positionId) {
    throw fail(
      "not_stored",
      "Il pagamento non è stato registrato: riprovare.",
      "The payment was not recorded: try again.",
    );
  }
  // Settled in full outside pagoPA: withdrawn from pagoPA too (the publication job invalidates
  // it on GPD), so the family is not offered it online again. A position never sent there
  // has nothing to withdraw; one paid only in part stays payable for the rest.
  await tx.query(
    `update public.debt_positions
        set gpd_status = 'to_invalidate', gpd_error = null, gpd_next_attempt_at = null
      where tenant_id = (select app.tenant_id()) and id = $1 and status = 'paid'
        and gpd_status in ('published', 'failed')`,
    [res.positionId],
  );
  return {
    receiptId: res.receiptId,
    noticeId: n.id,
    positionId: res.positionId,
    duplicate: res.duplicate,
  };
}
