/**
 * What the office asks of GPD for one position (through the `pagopa` edge function): publish it
 * now (first time, or again after a failure that was given up), or cancel it with a reason and
 * invalidate it on pagoPA. Checked under RLS as the signed-in user (admins and operators write
 * positions, `app.can_bill()`); the GPD call itself goes through the publication job's path.
 *
 * @module
 */

import type { Claims, Db, Tx } from "../db/types.ts";
import { createCreditNote } from "../fatturapa/credit_note.ts";
import { InvoiceDataError } from "../fatturapa/xml.ts";
import type { GpdGateway } from "./gpd_client.ts";
import { processNow, type PublishResult } from "./publish_job.ts";

/** A refusal of the office's request: HTTP status, code, Italian and English words. */
export class GpdRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly it: string,
    readonly en: string,
  ) {
    super(en);
  }
}

interface Visible {
  id: string;
  status: string;
  gpd_status: string;
  gpd_enabled: boolean | null;
}

async function visiblePosition(tx: Tx, id: string): Promise<Visible> {
  const [p] = await tx.query<Visible>(
    `select d.id, d.status, d.gpd_status, s.gpd_enabled
       from public.debt_positions d
       left join public.billing_settings s on s.tenant_id = d.tenant_id
      where d.id = $1 and d.tenant_id = (select app.tenant_id())`,
    [id],
  );
  if (!p) {
    throw new GpdRequestError(
      404,
      "not_found",
      "Posizione debitoria non trovata.",
      "Debt position not found.",
    );
  }
  return p;
}

export interface OfficeOutcome {
  position_id: string;
  gpd_status: string;
  gpd_error: string | null;
  result: PublishResult | "already_published";
  /** The credit note that reversed the position's invoice, when it was invoiced and cancelled. */
  credit_note: { id: string; numero: string } | null;
}

async function outcomeOf(db: Db, claims: Claims, id: string, result: OfficeOutcome["result"]) {
  const [r] = await db.asUser(
    claims,
    (tx) =>
      tx.query<
        { gpd_status: string; gpd_error: string | null; credit_id: string | null; numero: string }
      >(
        `select d.gpd_status, d.gpd_error, i.id as credit_id, i.numero
           from public.debt_positions d
           left join public.invoices i
             on i.tenant_id = d.tenant_id and i.debt_position_id = d.id
            and i.document_type = 'TD04'
          where d.id = $1`,
        [id],
      ),
  );
  return {
    position_id: id,
    gpd_status: r.gpd_status,
    gpd_error: r.gpd_error,
    result,
    credit_note: r.credit_id ? { id: r.credit_id, numero: r.numero } : null,
  };
}

/**
 * The office publishes a position now (first time, or again after a failure that was given up):
 * allowed to admins and operators (RLS `app.can_bill()`), refused when cancelled or GPD is off.
 */
export async function publishNowForOffice(
  db: Db,
  claims: Claims,
  gw: GpdGateway,
  id: string,
): Promise<OfficeOutcome> {
  const p = await db.asUser(claims, async (tx) => {
    const p = await visiblePosition(tx, id);
    if (p.status === "cancelled") {
      throw new GpdRequestError(
        409,
        "cancelled",
        "La posizione è annullata: non può essere pubblicata.",
        "The position is cancelled: it cannot be published.",
      );
    }
    if (p.gpd_status === "none" && p.gpd_enabled === false) {
      throw new GpdRequestError(
        409,
        "gpd_disabled",
        "La pubblicazione su GPD non è attiva nelle impostazioni pagoPA dell'Ente.",
        "Publication on GPD is not enabled in the Ente's pagoPA settings.",
      );
    }
    if (p.gpd_status === "published" || p.gpd_status === "invalidated") return p;
    if (p.gpd_status === "to_invalidate") {
      throw new GpdRequestError(
        409,
        "invalidating",
        "La posizione è in corso di annullamento su pagoPA.",
        "The position is being invalidated on pagoPA.",
      );
    }
    await tx.query(
      `update public.debt_positions
          set gpd_status = 'to_publish', gpd_attempts = 0, gpd_next_attempt_at = null,
              updated_at = now()
        where id = $1`,
      [id],
    );
    return p;
  });
  if (p.gpd_status === "published" || p.gpd_status === "invalidated") {
    return outcomeOf(db, claims, id, "already_published");
  }
  const [done] = await processNow(db, gw, [id]);
  return outcomeOf(db, claims, id, done?.result ?? "retry");
}

/** The credit note of a cancelled position's invoice (none when it was not invoiced). */
async function reverseInvoice(tx: Tx, positionId: string, reason: string, userId: string) {
  const [inv] = await tx.query<{ id: string }>(
    `select id from public.invoices
      where debt_position_id = $1 and document_type = 'TD01'`,
    [positionId],
  );
  if (!inv) return;
  try {
    await createCreditNote(tx, inv.id, reason, { userId });
  } catch (e) {
    if (!(e instanceof InvoiceDataError)) throw e;
    throw new GpdRequestError(
      409,
      `credit_note_${e.code}`,
      `La posizione è fatturata e la nota di credito non può essere emessa: ${e.messageIt}`,
      `The position is invoiced and its credit note cannot be issued: ${e.message}`,
    );
  }
}

const alreadyPaid = () =>
  new GpdRequestError(
    409,
    "paid",
    "La posizione è già pagata (anche in parte): non può essere annullata.",
    "The position is already (partly) paid: it cannot be cancelled.",
  );

/**
 * The office cancels a position with a reason and invalidates it on GPD, so it can no longer be
 * paid: refused when (partly) paid. Its unpaid notices are cancelled in the same transaction, and
 * its invoice, if it was invoiced, is reversed by a credit note with the same reason (all or
 * nothing: a credit note that cannot be made leaves the position as it was, with the reason in
 * words); the invalidation is tried at once and, if pagoPA is unreachable, by the job later.
 */
export async function cancelAndInvalidate(
  db: Db,
  claims: Claims,
  gw: GpdGateway,
  id: string,
  reason: string,
): Promise<OfficeOutcome> {
  const why = reason.trim();
  if (why.length < 5 || why.length > 1000) {
    throw new GpdRequestError(
      422,
      "reason_required",
      "Indicare il motivo dell'annullamento (almeno 5 caratteri).",
      "Give the reason for the cancellation (at least 5 characters).",
    );
  }
  const p = await db.asUser(claims, async (tx) => {
    const p = await visiblePosition(tx, id);
    if (p.status === "paid" || p.status === "partially_paid") {
      throw alreadyPaid();
    }
    if (p.status === "cancelled") return p;
    // Only while still open: a receipt committed since the read above (its update holds the row
    // until then) leaves the position paid, and this cancellation is refused.
    const cancelled = await tx.query(
      `update public.debt_positions
          set status = 'cancelled', cancelled_at = now(), cancel_reason = $2,
              gpd_status = case when gpd_status = 'none' then 'none' else 'to_invalidate' end,
              gpd_attempts = 0, gpd_next_attempt_at = null, gpd_error = null, updated_at = now()
        where id = $1 and status = 'open'
        returning id`,
      [id, why],
    );
    if (cancelled.length === 0) {
      const now = await visiblePosition(tx, id);
      if (now.status === "cancelled") return now;
      throw alreadyPaid();
    }
    await tx.query(
      `update public.payment_notices set status = 'cancelled'
        where debt_position_id = $1 and status = 'unpaid'`,
      [id],
    );
    await reverseInvoice(tx, id, why, claims.sub);
    return p;
  });
  if (p.status === "cancelled") return outcomeOf(db, claims, id, "skipped");
  const [done] = await processNow(db, gw, [id]);
  return outcomeOf(db, claims, id, done?.result ?? "skipped");
}
