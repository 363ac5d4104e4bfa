/**
 * Giving back a carried credit: a payer's lines of issued runs that total less than zero are
 * carried and netted against the payer's next position — which a family with nothing more to pay
 * never gets. The billing office gives the credit back, once: a refund by bank transfer (its
 * reference and day) or a credit of exactly that amount to a prepaid wallet of the payer (an
 * office adjustment in the same transaction). The lines are then marked as given back and are
 * never carried again nor put on a position.
 *
 * Lines of services billed by invoice were invoiced in full: giving them back issues, in the same
 * transaction, a credit note (TD04) for their credit (`createCarriedCreditNote`), which the
 * database requires by commit. When the balance mixes services (positions for all services
 * together), the credit note covers the lines of the services billed by invoice only.
 *
 * Runs in the office's own transaction (`db.asUser`); `app.settle_carried_credit` locks the lines,
 * checks that they still make the credit the office saw (`expectedCents`), records who and when
 * from the claims, and is the only way to mark lines (see 20261129150000_carried_settlements.sql).
 *
 * @module
 */
import type { Tx } from "../db/types.ts";
import {
  type CarriedCreditNote,
  createCarriedCreditNote,
} from "../fatturapa/carried_credit_note.ts";
import { InvoiceDataError } from "../fatturapa/xml.ts";
import { romeDate } from "../i18n/mod.ts";
import { normalizeReference } from "../pagopa/receipts_manual.ts";
import { settlementProblem, type SettlementWallet } from "../pagopa/receipts_settlement.ts";
import { sqlState } from "../tenancy/errors.ts";
import { adjustWallet } from "../wallets/db.ts";
import { formatEuro } from "../tariffs/money.ts";
import { isUuid } from "../codes/uuid.ts";

export type CarriedSettlementInput =
  | { kind: "refunded"; refundedOn: string; reference: string; note?: string | null }
  | { kind: "wallet_credit"; walletId: string; note?: string | null };

export interface CarriedSettlementRequest {
  payerId: string;
  /** The balance's service; null when the Ente issues one position for all services. */
  serviceId: string | null;
  /** The credit the office saw and gives back (positive cents). */
  expectedCents: number;
  input: CarriedSettlementInput;
}

export interface CarriedSettlementResult {
  settlementId: string;
  walletMovementId: string | null;
  /** The credit note of the lines of services billed by invoice (null when there are none). */
  creditNote: CarriedCreditNote | null;
}

export type CarriedSettlementErrorCode =
  | "forbidden"
  | "not_a_credit"
  | "changed"
  | "invoiced"
  | "credit_note"
  | "grouping"
  | "kind_invalid"
  | "date_invalid"
  | "date_future"
  | "reference_invalid"
  | "note_invalid"
  | "wallet_not_found";

const STATUS: Record<CarriedSettlementErrorCode, number> = {
  forbidden: 403,
  not_a_credit: 409,
  changed: 409,
  invoiced: 409,
  credit_note: 409,
  grouping: 422,
  kind_invalid: 422,
  date_invalid: 422,
  date_future: 422,
  reference_invalid: 422,
  note_invalid: 422,
  wallet_not_found: 422,
};

/** Why giving back a credit was refused, in Italian and English; `field` names the form field. */
export class CarriedSettlementError extends Error {
  constructor(
    readonly code: CarriedSettlementErrorCode,
    readonly it: string,
    readonly en: string,
    readonly field?: "kind" | "refundedOn" | "reference" | "walletId" | "note",
    /** Why the credit note could not be issued (`InvoiceDataError` code), for `credit_note`. */
    readonly invoiceCode?: string,
  ) {
    super(en);
  }
  get status(): number {
    return STATUS[this.code];
  }
}

/** The checks that need no database (the same rules as a receipt's refund): the first problem. */
export function carriedSettlementProblem(
  input: Partial<{ kind: string; refundedOn: string; reference: string; walletId: string }> & {
    note?: string | null;
  },
  today = romeDate(),
): CarriedSettlementError | null {
  if (input.kind !== "refunded" && input.kind !== "wallet_credit") {
    return new CarriedSettlementError(
      "kind_invalid",
      "Scegliere come restituire il credito: rimborso con bonifico o accredito sul borsellino.",
      "Choose how to give the credit back: a refund by transfer or a credit to a wallet.",
      "kind",
    );
  }
  const p = settlementProblem(input, today);
  return p
    ? new CarriedSettlementError(p.code as CarriedSettlementErrorCode, p.it, p.en, p.field)
    : null;
}

/** The wallets of payer `payerId` (a credit may be given back onto one of them). */
export async function carriedWallets(tx: Tx, payerId: string): Promise<SettlementWallet[]> {
  if (!isUuid(payerId)) return [];
  return await tx.query<SettlementWallet>(
    `select w.id, pp.surname || ' ' || pp.name as payer_name,
            b.name || ' ' || b.surname as beneficiary_name, w.balance_cents
       from public.wallets w
       join public.people pp on pp.tenant_id = w.tenant_id and pp.id = w.payer_id
       left join public.people b on b.tenant_id = w.tenant_id and b.id = w.beneficiary_id
      where w.tenant_id = (select app.tenant_id()) and w.payer_id = $1
      order by b.sort_key nulls first, w.id`,
    [payerId],
  );
}

const notACredit = () =>
  new CarriedSettlementError(
    "not_a_credit",
    "Il pagatore non ha più un credito riportato da restituire (forse è già stato restituito o è entrato in un avviso).",
    "The payer no longer has a carried credit to give back (it may have been given back or put on a notice).",
  );

/**
 * Why a credit is not given back: its lines of services billed by invoice do not make a credit by
 * themselves (positions for all services together), so their credit note would give nothing back.
 */
export const invoiced = () =>
  new CarriedSettlementError(
    "invoiced",
    "Le righe dei servizi fatturati di questo saldo non sono un credito: una nota di credito non può restituirle. Il credito resta riportato e sarà detratto dal prossimo avviso o dalla prossima fattura del pagatore.",
    "The lines of services billed by invoice in this balance are not a credit: a credit note cannot give them back. The credit stays carried and is deducted from the payer's next notice or invoice.",
  );

/** The credit note could not be issued (the payer's or the Ente's data): nothing is given back. */
function creditNoteRefused(e: InvoiceDataError): CarriedSettlementError {
  return new CarriedSettlementError(
    "credit_note",
    `Il credito è di un servizio fatturato e la nota di credito non può essere emessa: ${e.messageIt} Il credito resta riportato.`,
    `The credit is of a service billed by invoice and its credit note cannot be issued: ${e.message}. The credit stays carried.`,
    undefined,
    e.code,
  );
}

/**
 * The part of `lineIds` that is of services billed by invoice, as its total in cents (what a
 * credit note gives back, negated), or null when none is.
 */
export async function invoicedCents(tx: Tx, lineIds: string[]): Promise<number | null> {
  if (lineIds.length === 0) return null;
  const [r] = await tx.query<{ cents: number | null }>(
    `select sum(cl.amount_cents)::bigint as cents
       from public.charge_lines cl
       join public.service_billing b
         on b.tenant_id = cl.tenant_id and b.service_id = cl.service_id
      where cl.tenant_id = (select app.tenant_id()) and cl.id = any ($1::uuid[])
        and b.mode = 'invoice'`,
    [lineIds],
  );
  return r.cents === null ? null : Number(r.cents);
}

/** A refusal of `app.settle_carried_credit`, in words. */
function refusal(e: unknown, expectedCents: number): CarriedSettlementError | null {
  const message = (e as { message?: string })?.message ?? "";
  const state = sqlState(e);
  if (state === "42501") {
    return new CarriedSettlementError(
      "forbidden",
      "Solo l'ufficio che gestisce la fatturazione può restituire un credito.",
      "Only the billing office can give a credit back.",
    );
  }
  if (message.startsWith("carried_not_credit")) return notACredit();
  if (message.startsWith("carried_changed")) {
    const now = Number(message.match(/now (-?\d+) cents/)?.[1] ?? NaN);
    const it = Number.isFinite(now) ? ` (ora ${formatEuro(now, "it")})` : "";
    const en = Number.isFinite(now) ? ` (now ${formatEuro(now, "en")})` : "";
    return new CarriedSettlementError(
      "changed",
      `Il credito non è più di ${
        formatEuro(expectedCents, "it")
      }${it}: ricaricare la pagina e verificare.`,
      `The credit is no longer ${formatEuro(expectedCents, "en")}${en}: reload the page and check.`,
    );
  }
  if (message.startsWith("carried_invoiced")) return invoiced();
  if (message.startsWith("carried_grouping")) {
    return new CarriedSettlementError(
      "grouping",
      "Il saldo va indicato come l'Ente emette gli avvisi (per servizio o per pagatore).",
      "Name the balance as the Ente issues its notices (per service or per payer).",
    );
  }
  if (message.startsWith("carried_future")) {
    return new CarriedSettlementError(
      "date_future",
      "La data del rimborso non può essere futura.",
      "The refund date cannot be in the future.",
      "refundedOn",
    );
  }
  return null;
}

const walletMissing = () =>
  new CarriedSettlementError(
    "wallet_not_found",
    "Borsellino non trovato tra quelli del pagatore.",
    "Wallet not found among the payer's.",
    "walletId",
  );

/**
 * Gives back the carried credit of `req.payerId` (and `req.serviceId`) as `req.input` says, in
 * `tx` (the office's transaction; `userId` is the signed-in user). Throws
 * `CarriedSettlementError` when refused; nothing is written then (the caller's transaction rolls
 * back, the wallet adjustment with it).
 */
export async function settleCarriedCredit(
  tx: Tx,
  req: CarriedSettlementRequest,
  userId: string,
  opts: { today?: string } = {},
): Promise<CarriedSettlementResult> {
  const today = opts.today ?? romeDate();
  const problem = carriedSettlementProblem(req.input, today);
  if (problem) throw problem;
  if (!isUuid(req.payerId) || (req.serviceId !== null && !isUuid(req.serviceId))) {
    throw notACredit();
  }
  if (!Number.isSafeInteger(req.expectedCents) || req.expectedCents <= 0) {
    // The amount the office saw travels with the form: without it, nothing to compare.
    throw new CarriedSettlementError(
      "changed",
      "Manca l'importo del credito visto nella pagina: ricaricare la pagina e riprovare.",
      "The credit's amount seen on the page is missing: reload the page and try again.",
    );
  }
  const { input } = req;
  const note = typeof input.note === "string" && input.note.trim() ? input.note.trim() : null;
  let movementId: string | null = null;
  if (input.kind === "wallet_credit") {
    const wallets = await carriedWallets(tx, req.payerId);
    if (!wallets.some((w) => w.id === input.walletId)) throw walletMissing();
    const movement = await adjustWallet(tx, input.walletId, {
      cents: req.expectedCents,
      reason: `Restituzione del credito riportato${note ? `: ${note}` : ""}`.slice(0, 1000),
      userId,
      day: today,
    });
    if (!movement) throw walletMissing();
    movementId = movement.id;
  }
  let settlementId: string;
  try {
    const [row] = await tx.query<{ id: string }>(
      "select app.settle_carried_credit($1, $2, $3, $4, $5, $6, $7, $8) as id",
      [
        req.payerId,
        req.serviceId,
        req.expectedCents,
        input.kind,
        input.kind === "refunded" ? normalizeReference(input.reference) : null,
        input.kind === "refunded" ? input.refundedOn : null,
        movementId,
        note,
      ],
    );
    settlementId = row.id;
  } catch (e) {
    throw refusal(e, req.expectedCents) ?? e;
  }
  try {
    const note = await createCarriedCreditNote(tx, settlementId, { today, userId });
    return {
      settlementId,
      walletMovementId: movementId,
      creditNote: note && { id: note.id, numero: note.numero },
    };
  } catch (e) {
    throw e instanceof InvoiceDataError ? creditNoteRefused(e) : e;
  }
}

/** A credit given back, as the office reads it. */
export interface CarriedSettlementRow {
  id: string;
  service_id: string | null;
  amount_cents: number;
  kind: "refunded" | "wallet_credit";
  refund_ref: string | null;
  refunded_on: string | null;
  wallet_id: string | null;
  note: string | null;
  settled_by_name: string | null;
  settled_at: string;
  lines: number;
  /** The credit note that gave back the lines of services billed by invoice. */
  credit_note: CarriedCreditNote | null;
}

/** The credits given back to payer `payerId`, newest first. */
export async function listCarriedSettlements(
  tx: Tx,
  payerId: string,
): Promise<CarriedSettlementRow[]> {
  if (!isUuid(payerId)) return [];
  return await tx.query<CarriedSettlementRow>(
    `select cs.id, cs.service_id, cs.amount_cents, cs.kind, cs.refund_ref,
            cs.refunded_on::text as refunded_on, m.wallet_id, cs.note,
            u.full_name as settled_by_name, cs.settled_at,
            (select count(*)::int from public.charge_lines cl
              where cl.tenant_id = cs.tenant_id and cl.carried_settlement_id = cs.id) as lines,
            (select jsonb_build_object('id', i.id, 'numero', i.numero) from public.invoices i
              where i.tenant_id = cs.tenant_id and i.carried_settlement_id = cs.id) as credit_note
       from public.carried_settlements cs
       left join public.wallet_movements m
         on m.tenant_id = cs.tenant_id and m.id = cs.wallet_movement_id
       left join public.users u on u.id = cs.settled_by
      where cs.tenant_id = (select app.tenant_id()) and cs.payer_id = $1
      order by cs.settled_at desc, cs.id`,
    [payerId],
  );
}

/** A credit given back to the caller's household, as the family reads it. */
export interface MyCarriedSettlement {
  id: string;
  amount_cents: number;
  kind: "refunded" | "wallet_credit";
  refund_ref: string | null;
  refunded_on: string | null;
  settled_at: string;
}

/** The credits given back to the caller's household's payers, newest first (the last 20). */
export async function myCarriedSettlements(tx: Tx): Promise<MyCarriedSettlement[]> {
  return await tx.query<MyCarriedSettlement>(
    `select id, amount_cents, kind, refund_ref, refunded_on::text as refunded_on, settled_at
       from public.carried_settlements
      where tenant_id = (select app.tenant_id()) and app.is_my_payer(payer_id)
      order by settled_at desc, id
      limit 20`,
  );
}
