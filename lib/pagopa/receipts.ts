/**
 * Receipt ingestion: the one write path of every payment reported by pagoPA (paSendRTV2, the GPD
 * receipts API, the checkout). Set-based, a batch per statement: receipts are stored once per
 * receipt id (a receipt delivered twice credits once), matched to their notice by IUV, and a
 * matched one pays the notice and credits its debt position — paying the single payment
 * (instalment 0) pays the whole position and cancels the instalments, paying an instalment
 * cancels the single payment. Unknown IUVs, different amounts and payments of notices no longer
 * payable are kept with their status and shown to the office, never dropped.
 *
 * Runs in a service_role transaction (receipts come from pagoPA, not from a user): each receipt
 * names its Ente; a manual receipt (`receipts_manual.ts`) runs in the office's own transaction
 * with `office: true`. The family hears about it after commit: a realtime hint in `payer:<person>`,
 * an e-mail "Pagamento ricevuto" and a push, all through the outboxes.
 *
 * @module
 */

import type { Tx } from "../db/types.ts";
import { formatDate } from "../i18n/mod.ts";
import { formatEuro } from "../tariffs/money.ts";
import { type ReceiptInput, receiptProblem, type ReceiptStatus } from "./receipts_rules.ts";

export type { ReceiptInput } from "./receipts_rules.ts";

export type IngestResult =
  | {
    index: number;
    ok: true;
    receiptId: string;
    status: ReceiptStatus;
    /** True when this receipt id had been received before: nothing was credited again. */
    duplicate: boolean;
    noticeId: string | null;
    positionId: string | null;
  }
  | { index: number; ok: false; code: string; message: string; messageEn: string };

export interface IngestOptions {
  /** Base of links in the e-mail ("https://servizi.comune.example"); none = a relative path. */
  publicUrl?: string;
  /**
   * The billing office recording a manual receipt in its own transaction (RLS), not pagoPA:
   * events go through `app.realtime_emit` (the Ente from the claims) and the e-mail through
   * `app.queue_manual_receipt_mail` (operators may not write arbitrary mail).
   */
  office?: boolean;
}

interface Inserted {
  i: number;
  id: string;
  tenant_id: string;
  status: ReceiptStatus;
  payment_notice_id: string | null;
  debt_position_id: string | null;
  instalment: number | null;
  amount_cents: number;
  paid_at: string;
}

const INSERT = `
with input as (
  select * from jsonb_to_recordset($1::jsonb -> 'r') as x(
    i int, tenant_id uuid, receipt_ref text, iuv text, notice_number text, amount_cents bigint,
    paid_at timestamptz, psp_id text, psp_name text, payment_method text,
    payer_fiscal_code text, payer_name text, source text, raw text)
),
fresh as (
  select x.* from input x
   where not exists (select 1 from public.payment_receipts r
                      where r.tenant_id = x.tenant_id and r.receipt_ref = x.receipt_ref)
),
classified as (
  select f.*, n.id as notice_id, n.debt_position_id, n.instalment,
         case when n.id is null then 'unmatched'
              when n.amount_cents <> f.amount_cents then 'amount_mismatch'
              when n.status <> 'unpaid' then 'duplicate_payment'
              else 'candidate' end as base
    from fresh f
    left join public.payment_notices n on n.tenant_id = f.tenant_id and n.iuv = f.iuv
),
-- Several receipts of one position in one batch: the first wins; a later one for the same
-- notice, or one that conflicts with it (single payment vs instalment), is a double payment.
ranked as (
  select c.*,
         row_number() over (partition by c.tenant_id, c.notice_id order by c.i) as rn,
         coalesce(bool_or(c.instalment = 0) over w, false) as zero_before,
         count(*) over w as any_before
    from classified c where c.base = 'candidate'
  window w as (partition by c.tenant_id, c.debt_position_id order by c.i
               rows between unbounded preceding and 1 preceding)
),
final as (
  select c.*, c.base as status from classified c where c.base <> 'candidate'
  union all
  select r.i, r.tenant_id, r.receipt_ref, r.iuv, r.notice_number, r.amount_cents, r.paid_at,
         r.psp_id, r.psp_name, r.payment_method, r.payer_fiscal_code, r.payer_name, r.source,
         r.raw, r.notice_id, r.debt_position_id, r.instalment, r.base,
         case when r.rn > 1 or r.zero_before or (r.instalment = 0 and r.any_before > 0)
              then 'duplicate_payment' else 'matched' end
    from ranked r
),
ins as (
  insert into public.payment_receipts (tenant_id, receipt_ref, iuv, notice_number,
    payment_notice_id, amount_cents, paid_at, psp_id, psp_name, payment_method,
    payer_fiscal_code, payer_name, source, status, raw)
  select tenant_id, receipt_ref, iuv, notice_number, notice_id, amount_cents, paid_at, psp_id,
         psp_name, payment_method, payer_fiscal_code, payer_name, source, status, raw
    from final
  on conflict (tenant_id, receipt_ref) do nothing
  returning id, tenant_id, receipt_ref, status, payment_notice_id, amount_cents, paid_at
)
select f.i, ins.id, ins.tenant_id, ins.status, ins.payment_notice_id, f.debt_position_id,
       f.instalment, ins.amount_cents, ins.paid_at
  from ins join final f on f.tenant_id = ins.tenant_id and f.receipt_ref = ins.receipt_ref`;

const MATCHED = `jsonb_to_recordset($1::jsonb -> 'm') as m(
  id uuid, tenant_id uuid, payment_notice_id uuid, debt_position_id uuid, instalment int,
  amount_cents bigint, paid_at timestamptz)`;

/**
 * Stores `receipts` and credits the matched ones, in `tx` (service_role). Results are in input
 * order; a malformed receipt gets `ok: false` with its reason and nothing is stored for it.
 */
export async function ingestReceipts(
  tx: Tx,
  receipts: ReceiptInput[],
  opts: IngestOptions = {},
): Promise<IngestResult[]> {
  const results: (IngestResult | undefined)[] = new Array(receipts.length);
  const rows: Record<string, unknown>[] = [];
  const firstOf = new Map<string, number>();
  receipts.forEach((r, i) => {
    const p = receiptProblem(r);
    if (p) {
      results[i] = { index: i, ok: false, code: p.code, message: p.it, messageEn: p.en };
      return;
    }
    const key = `${r.tenantId}|${r.receiptRef}`;
    if (firstOf.has(key)) return; // the same receipt twice in one batch: answered below
    firstOf.set(key, i);
    rows.push({
      i,
      tenant_id: r.tenantId,
      receipt_ref: r.receiptRef,
      iuv: r.iuv,
      notice_number: r.noticeNumber ?? null,
      amount_cents: r.amountCents,
      paid_at: r.paidAt,
      psp_id: r.pspId ?? null,
      psp_name: r.pspName ?? null,
      payment_method: r.paymentMethod ?? null,
      payer_fiscal_code: r.payerFiscalCode ?? null,
      payer_name: r.payerName ?? null,
      source: r.source,
      raw: r.raw ?? null,
    });
  });

  let inserted: Inserted[] = [];
  if (rows.length) {
    // Lock the notices' positions first, in a fixed order, as every writer of a position does:
    // two receipts of one position run one by one, even for different notices (paying the single
    // payment cancels the instalments and the reverse; locking only the paid notice deadlocked).
    await tx.query(
      `select d.id from public.debt_positions d
         join public.payment_notices n on n.tenant_id = d.tenant_id and n.debt_position_id = d.id
         join jsonb_to_recordset($1::jsonb -> 'r') as x(tenant_id uuid, iuv text)
           on n.tenant_id = x.tenant_id and n.iuv = x.iuv
        order by d.id for update of d`,
      [{ r: rows }],
    );
    inserted = await tx.query<Inserted>(INSERT, [{ r: rows }]);
    await credit(tx, inserted.filter((r) => r.status === "matched"), opts);
  }

  const byIndex = new Map(inserted.map((r) => [r.i, r]));
  const missing = rows.filter((r) => !byIndex.has(r.i as number));
  const existing = missing.length
    ? await tx.query<Inserted & { receipt_ref: string }>(
      `select r.id, r.tenant_id, r.receipt_ref, r.status, r.payment_notice_id,
              n.debt_position_id, n.instalment, r.amount_cents, r.paid_at
         from jsonb_to_recordset($1::jsonb -> 'r') as x(tenant_id uuid, receipt_ref text)
         join public.payment_receipts r on r.tenant_id = x.tenant_id and r.receipt_ref = x.receipt_ref
         left join public.payment_notices n on n.tenant_id = r.tenant_id and n.id = r.payment_notice_id`,
      [{ r: missing }],
    )
    : [];
  const existingByKey = new Map(existing.map((e) => [`${e.tenant_id}|${e.receipt_ref}`, e]));

  return receipts.map((r, i) => {
    if (results[i]) return results[i]!;
    const key = `${r.tenantId}|${r.receiptRef}`;
    const first = firstOf.get(key)!;
    const fresh = first === i ? byIndex.get(i) : undefined;
    const row = fresh ?? byIndex.get(first) ?? existingByKey.get(key);
    if (!row) {
      return {
        index: i,
        ok: false,
        code: "not_stored",
        message: "La ricevuta non è stata registrata: riprovare.",
        messageEn: "The receipt was not stored: try again.",
      };
    }
    return {
      index: i,
      ok: true,
      receiptId: row.id,
      status: row.status,
      duplicate: !fresh,
      noticeId: row.payment_notice_id,
      positionId: row.debt_position_id ?? null,
    };
  });
}

interface Credited {
  id: string;
  tenant_id: string;
  payer_id: string;
  status: string;
  description: string;
  paid_cents: number;
  email: string | null;
  payer_name: string;
  notice_number: string;
  amount_cents: number;
  receipt_id: string;
  paid_at: string;
}

/** Pays the matched receipts' notices, cancels the options they exclude, credits positions. */
async function credit(tx: Tx, matched: Inserted[], opts: IngestOptions): Promise<void> {
  if (matched.length === 0) return;
  const m = { m: matched };
  await tx.query(
    `update public.payment_notices n
        set status = 'paid', paid_at = m.paid_at, receipt_id = m.id
       from ${MATCHED}
      where n.tenant_id = m.tenant_id and n.id = m.payment_notice_id`,
    [m],
  );
  await tx.query(
    `update public.payment_notices n set status = 'cancelled'
       from (select m.tenant_id, m.debt_position_id, bool_or(m.instalment = 0) as zero,
                    bool_or(m.instalment > 0) as inst
               from ${MATCHED} group by 1, 2) p
      where n.tenant_id = p.tenant_id and n.debt_position_id = p.debt_position_id
        and n.status = 'unpaid'
        and ((p.zero and n.instalment > 0) or (p.inst and n.instalment = 0))`,
    [m],
  );
  const credited = await tx.query<Credited>(
    `with p as (
       select m.tenant_id, m.debt_position_id, sum(m.amount_cents) as amt,
              max(m.paid_at) as last_paid, (array_agg(m.id order by m.paid_at desc))[1] as receipt_id
         from ${MATCHED} group by 1, 2
     ),
     upd as (
       update public.debt_positions d
          set paid_cents = least(d.amount_cents, d.paid_cents + p.amt),
              status = case when d.paid_cents + p.amt >= d.amount_cents then 'paid'
                            else 'partially_paid' end,
              paid_at = case when d.paid_cents + p.amt >= d.amount_cents then p.last_paid
                             else d.paid_at end,
              updated_at = now()
         from p
        where d.tenant_id = p.tenant_id and d.id = p.debt_position_id
        returning d.id, d.tenant_id, d.payer_id, d.status, d.description, d.paid_cents,
                  p.receipt_id, p.amt
     )
     select u.id, u.tenant_id, u.payer_id, u.status, u.description, u.paid_cents,
            pe.email, pe.name || ' ' || pe.surname as payer_name, r.notice_number,
            u.amt as amount_cents, u.receipt_id, r.paid_at
       from upd u
       join public.people pe on pe.tenant_id = u.tenant_id and pe.id = u.payer_id
       join public.payment_receipts r on r.tenant_id = u.tenant_id and r.id = u.receipt_id`,
    [m],
  );
  await notifyFamilies(tx, credited, opts);
}

/** Realtime hint, e-mail and push to the payer's family: queued, delivered after commit. */
async function notifyFamilies(tx: Tx, credited: Credited[], opts: IngestOptions) {
  if (credited.length === 0) return;
  const base = opts.publicUrl?.replace(/\/$/, "") ?? "";
  const events: { tenant_id: string; room: string; event: string; data: unknown }[] = credited
    .flatMap((c) => [
      {
        tenant_id: c.tenant_id,
        room: `payer:${c.payer_id}`,
        event: "payment.received",
        data: { position_id: c.id, status: c.status, receipt_id: c.receipt_id },
      },
      {
        tenant_id: c.tenant_id,
        room: `push:${c.receipt_id}`,
        event: "push.payment",
        data: { subject: c.receipt_id, position_id: c.id },
      },
    ]);
  const tenants = [...new Set(credited.map((c) => c.tenant_id))];
  for (const t of tenants) {
    events.push({
      tenant_id: t,
      room: `tenant:${t}:ops`,
      event: "receipts.ingested",
      data: { count: credited.filter((c) => c.tenant_id === t).length },
    });
  }
  const emitCall = opts.office
    ? "app.realtime_emit(e ->> 'room', e ->> 'event', e -> 'data')"
    : "app.realtime_emit_for((e ->> 'tenant_id')::uuid, e ->> 'room', e ->> 'event', e -> 'data')";
  await tx.query(
    `select ${emitCall}
       from jsonb_array_elements($1::jsonb -> 'e') with ordinality as x(e, n)
      order by n`,
    [{ e: events }],
  );
  const mails = credited.filter((c) => c.email).map((c) => ({
    receipt_id: c.receipt_id,
    tenant_id: c.tenant_id,
    to_address: c.email,
    subject: "Pagamento ricevuto",
    body_text: [
      `Gentile ${c.payer_name},`,
      "",
      `abbiamo ricevuto il pagamento di ${formatEuro(Number(c.amount_cents))} del ` +
      `${
        formatDate("it", new Date(c.paid_at), "short")
      } per "${c.description}" (avviso n. ${c.notice_number}).`,
      c.status === "paid"
        ? "La posizione risulta interamente pagata."
        : "La posizione risulta pagata in parte: le altre rate restano da pagare.",
      "",
      `La ricevuta è disponibile nel portale: ${base}/famiglie/pagamenti/${c.id}`,
      "",
      "Questo messaggio è stato inviato automaticamente, non rispondere.",
    ].join("\n"),
  }));
  if (mails.length && opts.office) {
    for (const m of mails) {
      await tx.query("select app.queue_manual_receipt_mail($1, $2, $3)", [
        m.receipt_id,
        m.subject,
        m.body_text,
      ]);
    }
  } else if (mails.length) {
    await tx.query(
      `insert into public.mail_outbox (tenant_id, to_address, subject, body_text)
       select tenant_id, to_address, subject, body_text
         from jsonb_to_recordset($1::jsonb -> 'm')
           as x(tenant_id uuid, to_address text, subject text, body_text text)`,
      [{ m: mails }],
    );
  }
}
