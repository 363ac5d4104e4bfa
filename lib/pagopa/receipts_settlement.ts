/**
 * Settling a receipt that paid nothing: pagoPA keeps the family's money when no notice has the
 * IUV (unmatched), when the amount differs (the notice stays unpaid) or when the notice was
 * already paid (a double payment). The office records what it did with it, once: a refund (the
 * bank's reference and date), a credit to a prepaid wallet of the receipt's payer (an office
 * adjustment of exactly the receipt's amount, in the same transaction), or something else said in
 * words.
 *
 * Runs in the office's own transaction (`db.asUser`): RLS and `app.can_bill()` decide who may,
 * the database sets who settled it and when, audits the row and refuses any later change. The
 * receipt is locked while it is settled, so a second identical submission finds it settled and is
 * answered as a repeat, with no second credit.
 *
 * @module
 */

import { isIsoDate } from "../calendar/dates.ts";
import type { Tx } from "../db/types.ts";
import { romeDate } from "../i18n/mod.ts";
import { adjustWallet } from "../wallets/db.ts";
import { normalizeReference } from "./receipts_manual.ts";
import { isUuid } from "../codes/uuid.ts";

export const SETTLEMENT_KINDS = ["refunded", "wallet_credit", "other"] as const;
export type SettlementKind = typeof SETTLEMENT_KINDS[number];

/** The receipt statuses that kept money without paying a notice: what the office settles. */
export const UNSETTLED_STATUSES = ["unmatched", "amount_mismatch", "duplicate_payment"] as const;

export type SettlementInput =
  | { kind: "refunded"; refundedOn: string; reference: string; note?: string | null }
  | { kind: "wallet_credit"; walletId: string; note?: string | null }
  | { kind: "other"; note: string };

export interface SettlementResult {
  receiptId: string;
  kind: SettlementKind;
  /** The wallet movement of a wallet credit. */
  walletMovementId: string | null;
  /** True when the receipt had already been settled exactly so (a repeated submission). */
  duplicate: boolean;
}

/** A wallet the receipt's amount may be credited to. */
export interface SettlementWallet {
  id: string;
  payer_name: string;
  beneficiary_name: string | null;
  balance_cents: number;
}

export type SettlementErrorCode =
  | "forbidden"
  | "receipt_not_found"
  | "receipt_matched"
  | "already_settled"
  | "kind_invalid"
  | "date_invalid"
  | "date_future"
  | "reference_invalid"
  | "note_invalid"
  | "wallet_not_found";

const STATUS: Record<SettlementErrorCode, number> = {
  forbidden: 403,
  receipt_not_found: 404,
  receipt_matched: 409,
  already_settled: 409,
  kind_invalid: 422,
  date_invalid: 422,
  date_future: 422,
  reference_invalid: 422,
  note_invalid: 422,
  wallet_not_found: 422,
};

/** Why a settlement was refused, in Italian and English; `field` names the form field. */
export class SettlementError extends Error {
  constructor(
    readonly code: SettlementErrorCode,
    readonly it: string,
    readonly en: string,
    readonly field?: "kind" | "refundedOn" | "reference" | "walletId" | "note",
  ) {
    super(en);
  }
  get status(): number {
    return STATUS[this.code];
  }
}

const fail = (
  code: SettlementErrorCode,
  it: string,
  en: string,
  field?: SettlementError["field"],
) => new SettlementError(code, it, en, field);

const cleanNote = (note: unknown) => typeof note === "string" ? note.trim() : "";

/** The checks that need no database: the first problem of `input`, or null. */
export function settlementProblem(
  input: Partial<{ kind: string; refundedOn: string; reference: string; walletId: string }> & {
    note?: string | null;
  },
  today = romeDate(),
): SettlementError | null {
  if (!SETTLEMENT_KINDS.includes(input.kind as SettlementKind)) {
    return fail(
      "kind_invalid",
      "Scegliere l'esito: rimborsata, accreditata sul borsellino o altro.",
      "Choose the outcome: refunded, credited to a wallet or other.",
      "kind",
    );
  }
  if (input.kind === "refunded") {
    if (!isIsoDate(input.refundedOn)) {
      return fail(
        "date_invalid",
        "Data del rimborso mancante o non valida.",
        "Missing or invalid refund date.",
        "refundedOn",
      );
    }
    if (input.refundedOn > today) {
      return fail(
        "date_future",
        "La data del rimborso non può essere futura.",
        "The refund date cannot be in the future.",
        "refundedOn",
      );
    }
    const ref = typeof input.reference === "string" ? normalizeReference(input.reference) : "";
    if (ref.length < 3 || ref.length > 64) {
      return fail(
        "reference_invalid",
        "Indicare il riferimento del rimborso (CRO/TRN del bonifico): da 3 a 64 caratteri.",
        "Give the refund's reference (CRO/TRN of the transfer): 3 to 64 characters.",
        "reference",
      );
    }
  }
  if (input.kind === "wallet_credit" && !isUuid(input.walletId)) {
    return fail(
      "wallet_not_found",
      "Scegliere il borsellino da accreditare.",
      "Choose the wallet to credit.",
      "walletId",
    );
  }
  const note = cleanNote(input.note);
  if ((input.kind === "other" || note) && (note.length < 5 || note.length > 1000)) {
    return fail(
      "note_invalid",
      input.kind === "other"
        ? "Descrivere che cosa è stato fatto della somma: da 5 a 1000 caratteri."
        : "La nota deve avere da 5 a 1000 caratteri.",
      input.kind === "other"
        ? "Describe what was done with the amount: 5 to 1000 characters."
        : "The note must have 5 to 1000 characters.",
      "note",
    );
  }
  return null;
}

/** The payers a receipt can be tied to: its position's, or (unmatched) the person with its CF. */
const PAYERS = `
  select d.payer_id as id
    from public.payment_receipts r
    join public.payment_notices n on n.tenant_id = r.tenant_id and n.id = r.payment_notice_id
    join public.debt_positions d on d.tenant_id = n.tenant_id and d.id = n.debt_position_id
   where r.tenant_id = (select app.tenant_id()) and r.id = $1
  union
  select p.id
    from public.payment_receipts r
    join public.people p on p.tenant_id = r.tenant_id and p.tax_code = upper(btrim(r.payer_fiscal_code))
   where r.tenant_id = (select app.tenant_id()) and r.id = $1 and r.status = 'unmatched'`;

/** The wallets of the receipt's payer, which its amount may be credited to. */
export async function settlementWallets(tx: Tx, receiptId: string): Promise<SettlementWallet[]> {
  if (!isUuid(receiptId)) return [];
  return await tx.query<SettlementWallet>(
    `select w.id, pp.surname || ' ' || pp.name as payer_name,
            b.name || ' ' || b.surname as beneficiary_name, w.balance_cents
       from public.wallets w
       join public.people pp on pp.tenant_id = w.tenant_id and pp.id = w.payer_id
       left join public.people b on b.tenant_id = w.tenant_id and b.id = w.beneficiary_id
      where w.tenant_id = (select app.tenant_id()) and w.payer_id in (${PAYERS})
      order by pp.sort_key, b.sort_key nulls first, w.id`,
    [receiptId],
  );
}

interface ReceiptRow {
  id: string;
  iuv: string;
  amount_cents: number;
  paid_on: string;
  status: string;
  settlement: SettlementKind | null;
  settlement_ref: string | null;
  settlement_on: string | null;
  settlement_note: string | null;
  wallet_movement_id: string | null;
  settled_wallet_id: string | null;
}

/** Whether the settlement already stored is the one `input` asks for (a repeated submission). */
function sameSettlement(r: ReceiptRow, input: SettlementInput): boolean {
  if (r.settlement !== input.kind) return false;
  if (input.kind === "refunded") {
    return r.settlement_on === input.refundedOn &&
      r.settlement_ref === normalizeReference(input.reference ?? "");
  }
  if (input.kind === "wallet_credit") return r.settled_wallet_id === input.walletId;
  return r.settlement_note === cleanNote(input.note);
}

const itDate = (iso: string) => iso.split("-").reverse().join("/");

/**
 * Settles receipt `receiptId` as `input` says, in `tx` (the office's `db.asUser` transaction;
 * `userId` is the signed-in user, who must be the claims' subject). Throws `SettlementError` when
 * it is refused; the same settlement submitted again returns it with `duplicate: true`.
 */
export async function settleReceipt(
  tx: Tx,
  receiptId: string,
  input: SettlementInput,
  userId: string,
  opts: { today?: string } = {},
): Promise<SettlementResult> {
  const [who] = await tx.query<{ can: boolean; tenant_id: string | null; uid: string | null }>(
    "select app.can_bill() as can, app.tenant_id() as tenant_id, app.user_id() as uid",
  );
  if (!who?.can || !who.tenant_id || !who.uid || who.uid !== userId) {
    throw fail(
      "forbidden",
      "Solo l'ufficio che gestisce la fatturazione può registrare l'esito di una ricevuta.",
      "Only the billing office can record a receipt's outcome.",
    );
  }
  const [r] = isUuid(receiptId)
    ? await tx.query<ReceiptRow>(
      `select r.id, r.iuv, r.amount_cents, r.status, r.settlement, r.settlement_ref,
              r.settlement_on::text, r.settlement_note, r.wallet_movement_id,
              (r.paid_at at time zone 'Europe/Rome')::date::text as paid_on,
              m.wallet_id as settled_wallet_id
         from public.payment_receipts r
         left join public.wallet_movements m
           on m.tenant_id = r.tenant_id and m.id = r.wallet_movement_id
        where r.tenant_id = (select app.tenant_id()) and r.id = $1
        for update of r`,
      [receiptId],
    )
    : [];
  if (!r) {
    throw fail(
      "receipt_not_found",
      "Ricevuta non trovata in questo Ente.",
      "Receipt not found in this Ente.",
    );
  }
  if (r.settlement) {
    if (sameSettlement(r, input)) {
      return {
        receiptId: r.id,
        kind: r.settlement,
        walletMovementId: r.wallet_movement_id,
        duplicate: true,
      };
    }
    throw fail(
      "already_settled",
      "L'esito di questa ricevuta è già stato registrato e non si può cambiare.",
      "This receipt's outcome was already recorded and cannot be changed.",
    );
  }
  if (!(UNSETTLED_STATUSES as readonly string[]).includes(r.status)) {
    throw fail(
      "receipt_matched",
      "Questa ricevuta ha già pagato il suo avviso: non c'è nulla da rimborsare o riattribuire.",
      "This receipt already paid its notice: there is nothing to refund or reassign.",
    );
  }
  const problem = settlementProblem(input, opts.today);
  if (problem) throw problem;

  const note = cleanNote(input.note) || null;
  let movementId: string | null = null;
  if (input.kind === "wallet_credit") {
    const wallets = await settlementWallets(tx, r.id);
    if (!wallets.some((w) => w.id === input.walletId)) {
      throw fail(
        "wallet_not_found",
        "Borsellino non trovato tra quelli del pagatore di questa ricevuta.",
        "Wallet not found among those of this receipt's payer.",
        "walletId",
      );
    }
    const reason = `Ricevuta pagoPA IUV ${r.iuv} del ${
      itDate(r.paid_on)
    } riattribuita al borsellino${note ? `: ${note}` : ""}`;
    const movement = await adjustWallet(tx, input.walletId, {
      cents: Number(r.amount_cents),
      reason: reason.slice(0, 1000),
      userId,
      day: opts.today ?? romeDate(),
    });
    if (!movement) {
      throw fail(
        "wallet_not_found",
        "Borsellino non trovato tra quelli del pagatore di questa ricevuta.",
        "Wallet not found among those of this receipt's payer.",
        "walletId",
      );
    }
    movementId = movement.id;
  }
  await tx.query(
    `update public.payment_receipts
        set settlement = $2, settlement_ref = $3, settlement_on = $4, settlement_note = $5,
            wallet_movement_id = $6
      where tenant_id = (select app.tenant_id()) and id = $1 and settlement is null`,
    [
      r.id,
      input.kind,
      input.kind === "refunded" ? normalizeReference(input.reference) : null,
      input.kind === "refunded" ? input.refundedOn : null,
      note,
      movementId,
    ],
  );
  return { receiptId: r.id, kind: input.kind, walletMovementId: movementId, duplicate: false };
}
