/**
 * Storing reporting flows and treasury movements, and matching them: each flow payment to its
 * receipt (IUV + IUR, then amount), each treasury movement to its flow (id in the causale, then
 * total) or, for a single-payment transfer, to its receipt. Idempotent: a flow already stored is
 * not stored again; a statement line already stored (same content, same occurrence in its file)
 * is skipped. Matching is set-based and runs again whenever a late receipt or flow may change it.
 *
 * @module
 */

import type { Tx } from "../db/types.ts";
import { compactCausale, parseCausale } from "./causale.ts";
import { flowInconsistencies, type Message, type ParsedFlow } from "./fdr_xml.ts";
import type { TreasuryRow } from "./treasury_csv.ts";

export type FlowImport =
  | { ok: true; id: string; created: boolean; notes: Message[] }
  | { ok: false; error: Message };

/**
 * Stores `flow` (raw: the XML, or the JSON of the REST calls) for the caller's Ente and matches
 * its payments. A flow already stored (same identificativoFlusso) is returned as it is.
 */
export async function importFlow(
  tx: Tx,
  input: { flow: ParsedFlow; raw: string; source: "xml" | "rest" },
): Promise<FlowImport> {
  const { flow } = input;
  const [ente] = await tx.query<{ tax_code: string; name: string }>(
    "select tax_code, name from public.tenants where id = (select app.tenant_id())",
  );
  if (!ente) throw new Error("importFlow: no tenant in the claims");
  if (flow.receiver_id !== ente.tax_code) {
    return {
      ok: false,
      error: {
        it:
          `Il flusso è destinato all'ente ${flow.receiver_id}, non a ${ente.name} (${ente.tax_code}).`,
        en: `The flow is addressed to ${flow.receiver_id}, not to ${ente.name} (${ente.tax_code}).`,
      },
    };
  }
  const inserted = await tx.query<{ id: string }>(
    `insert into public.fdr_flows (tenant_id, flow_ref, revision, flow_at, regulation_ref,
       regulation_date, psp_id, psp_name, bic, receiver_id, receiver_name, declared_count,
       declared_cents, source, raw, imported_by)
     values ((select app.tenant_id()), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,
             (select app.user_id()))
     on conflict (tenant_id, flow_ref) do nothing
     returning id`,
    [
      flow.flow_ref,
      flow.revision,
      flow.flow_at,
      flow.regulation_ref,
      flow.regulation_date,
      flow.psp_id,
      flow.psp_name,
      flow.bic,
      flow.receiver_id,
      flow.receiver_name,
      flow.declared_count,
      flow.declared_cents,
      input.source,
      input.raw,
    ],
  );
  if (!inserted.length) {
    const [existing] = await tx.query<{ id: string }>(
      `select id from public.fdr_flows
        where tenant_id = (select app.tenant_id()) and flow_ref = $1`,
      [flow.flow_ref],
    );
    return {
      ok: true,
      id: existing.id,
      created: false,
      notes: [{
        it: `Il flusso ${flow.flow_ref} era già stato importato: non è stato registrato di nuovo.`,
        en: `Flow ${flow.flow_ref} had already been imported: it was not stored again.`,
      }],
    };
  }
  const id = inserted[0].id;
  await tx.query(
    `insert into public.fdr_payments (tenant_id, flow_id, idx, iuv, iur, transfer_index,
       amount_cents, outcome_code, outcome_date, match_status)
     select (select app.tenant_id()), $1, x.idx, x.iuv, x.iur, x.transfer_index, x.amount_cents,
            x.outcome_code, x.outcome_date, 'receipt_missing'
       from jsonb_to_recordset($2::jsonb -> 'rows') as x(idx int, iuv text, iur text,
              transfer_index int, amount_cents bigint, outcome_code smallint, outcome_date date)`,
    [id, { rows: flow.payments }],
  );
  await matchFlowPayments(tx, id);
  await matchMovements(tx, { flowRef: flow.flow_ref });
  await tx.query(
    "select app.audit_event((select app.tenant_id()), 'import', 'fdr_flows', $1, $2)",
    [id, {
      flow_ref: flow.flow_ref,
      source: input.source,
      payments: flow.payments.length,
      declared_cents: flow.declared_cents,
    }],
  );
  return { ok: true, id, created: true, notes: flowInconsistencies(flow) };
}

/**
 * Matches the payments of one flow, or (no flow) every payment of the Ente not yet matched,
 * then sets the status of the flows concerned. A revoked payment (outcome 3) and one reported
 * already by an earlier flow are never "matched".
 */
export async function matchFlowPayments(tx: Tx, flowId: string | null): Promise<void> {
  const changed = await tx.query<{ flow_id: string }>(
    `with m as (
       select p.id,
              coalesce(ex.id, one.id) as receipt_id,
              case
                when p.outcome_code = 3 then 'revoked'
                when dup.id is not null then 'duplicate'
                when coalesce(ex.id, one.id) is null then 'receipt_missing'
                when coalesce(ex.amount_cents, one.amount_cents) <> p.amount_cents
                  then 'amount_different'
                else 'matched'
              end as status
         from public.fdr_payments p
         join public.fdr_flows pf on pf.tenant_id = p.tenant_id and pf.id = p.flow_id
         left join lateral (
           select r.id, r.amount_cents from public.payment_receipts r
            where r.tenant_id = p.tenant_id and r.iuv = p.iuv and r.receipt_ref = p.iur
            limit 1) ex on true
         left join lateral (
           select (array_agg(r.id))[1] as id, (array_agg(r.amount_cents))[1] as amount_cents
             from public.payment_receipts r
            where r.tenant_id = p.tenant_id and r.iuv = p.iuv
           having count(*) = 1) one on ex.id is null
         left join lateral (
           select o.id from public.fdr_payments o
             join public.fdr_flows f on f.tenant_id = o.tenant_id and f.id = o.flow_id
            where o.tenant_id = p.tenant_id and o.iuv = p.iuv
              and (o.iur = p.iur or o.receipt_id = coalesce(ex.id, one.id))
              and coalesce(o.transfer_index, 1) = coalesce(p.transfer_index, 1)
              and o.outcome_code <> 3 and o.flow_id <> p.flow_id
              and (f.imported_at, f.flow_ref) < (pf.imported_at, pf.flow_ref)
            limit 1) dup on p.outcome_code <> 3
        where p.tenant_id = (select app.tenant_id())
          and (p.flow_id = $1::uuid or ($1::uuid is null and p.match_status <> 'matched'))
     )
     update public.fdr_payments p
        set receipt_id = m.receipt_id, match_status = m.status,
            matched_at = case when m.status = 'matched' then now() end
       from m
      where p.id = m.id and p.tenant_id = (select app.tenant_id())
        and (p.match_status is distinct from m.status or p.receipt_id is distinct from m.receipt_id)
     returning p.flow_id`,
    [flowId],
  );
  const flows = [...new Set(changed.map((c) => c.flow_id))];
  if (flowId && !flows.includes(flowId)) flows.push(flowId);
  if (!flows.length) return;
  await tx.query(
    `update public.fdr_flows f
        set status = case when s.open = 0 and s.n = f.declared_count and s.total = f.declared_cents
                          then 'matched' else 'differences' end
       from (select p.flow_id, count(*)::int as n, coalesce(sum(p.amount_cents), 0)::bigint as total,
                    count(*) filter (where p.match_status <> 'matched')::int as open
               from public.fdr_payments p
              where p.tenant_id = (select app.tenant_id()) and p.flow_id = any($1::uuid[])
              group by p.flow_id) s
      where f.tenant_id = (select app.tenant_id()) and f.id = s.flow_id
        and f.status is distinct from (case when s.open = 0 and s.n = f.declared_count
                                             and s.total = f.declared_cents
                                            then 'matched' else 'differences' end)`,
    [flows],
  );
}

/**
 * Matches treasury movements: the given ones, those naming `flowRef`, or (neither) every one
 * still waiting for a flow or a receipt.
 */
export async function matchMovements(
  tx: Tx,
  which: { ids?: string[]; flowRef?: string } = {},
): Promise<void> {
  await tx.query(
    `with m as (
       select t.id, f.id as flow_id, r.id as receipt_id,
              case
                when t.kind = 'other' then 'not_pagopa'
                when t.kind = 'flow' and f.id is null then 'flow_missing'
                when t.kind = 'flow' and f.declared_cents <> t.amount_cents then 'amount_different'
                when t.kind = 'flow' then 'matched'
                when r.id is null then 'receipt_missing'
                when r.amount_cents <> t.amount_cents then 'amount_different'
                else 'matched'
              end as status
         from public.treasury_movements t
         left join public.fdr_flows f
           on t.kind = 'flow' and f.tenant_id = t.tenant_id and f.flow_ref = t.flow_ref
         left join lateral (
           select r.id, r.amount_cents from public.payment_receipts r
            where t.kind = 'single' and r.tenant_id = t.tenant_id and r.iuv = t.iuv
            order by r.received_at limit 1) r on true
        where t.tenant_id = (select app.tenant_id())
          and case when $1::uuid[] is not null then t.id = any($1::uuid[])
                   when $2::text is not null then t.flow_ref = $2::text
                   else t.match_status in ('flow_missing', 'receipt_missing', 'amount_different') end
     )
     update public.treasury_movements t
        set fdr_flow_id = m.flow_id, receipt_id = m.receipt_id, match_status = m.status
       from m
      where t.id = m.id and t.tenant_id = (select app.tenant_id())
        and (t.match_status, t.fdr_flow_id, t.receipt_id)
            is distinct from (m.status, m.flow_id, m.receipt_id)`,
    [which.ids ?? null, which.flowRef ?? null],
  );
}

/** Runs every match again: receipts and flows that arrived late close what was open. */
export async function rematchAll(tx: Tx): Promise<void> {
  await matchFlowPayments(tx, null);
  await matchMovements(tx);
}

/** SHA-256 hex of a statement line's content and its occurrence among identical lines. */
async function fingerprint(row: TreasuryRow, occurrence: number): Promise<string> {
  const text = [
    row.booked_on,
    row.value_date ?? "",
    row.amount_cents,
    compactCausale(row.causale),
    row.reference ?? "",
    occurrence,
  ].join("\u001f");
  const hash = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(hash)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export interface TreasuryImport {
  inserted: number;
  /** Lines already stored by an earlier import of the same statement. */
  already: number;
  matched: number;
}

/** Stores the good rows of a statement and matches them; returns how many of each. */
export async function importTreasury(
  tx: Tx,
  rows: TreasuryRow[],
  sourceFile: string | null,
): Promise<TreasuryImport> {
  const seen = new Map<string, number>();
  const records = [];
  for (const row of rows) {
    const base = await fingerprint(row, 0);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    const info = row.amount_cents > 0 ? parseCausale(row.causale) : { kind: "other" as const };
    records.push({
      booked_on: row.booked_on,
      value_date: row.value_date,
      amount_cents: row.amount_cents,
      causale: row.causale,
      reference: row.reference,
      kind: info.kind,
      flow_ref: info.kind === "flow" ? info.flow_ref : null,
      iuv: info.kind === "single" ? info.iuv : null,
      fingerprint: n === 1 ? base : await fingerprint(row, n - 1),
      source_line: row.line,
    });
  }
  const inserted = await tx.query<{ id: string }>(
    `insert into public.treasury_movements (tenant_id, booked_on, value_date, amount_cents,
       causale, reference, kind, flow_ref, iuv, match_status, fingerprint, source_file,
       source_line, imported_by)
     select (select app.tenant_id()), x.booked_on, x.value_date, x.amount_cents, x.causale,
            x.reference, x.kind, x.flow_ref, x.iuv,
            case when x.kind = 'other' then 'not_pagopa'
                 when x.kind = 'flow' then 'flow_missing' else 'receipt_missing' end,
            x.fingerprint, $2, x.source_line, (select app.user_id())
       from jsonb_to_recordset($1::jsonb -> 'rows') as x(booked_on date, value_date date,
              amount_cents bigint, causale text, reference text, kind text, flow_ref text,
              iuv text, fingerprint text, source_line int)
     on conflict (tenant_id, fingerprint) do nothing
     returning id`,
    [{ rows: records }, sourceFile],
  );
  const ids = inserted.map((r) => r.id);
  if (ids.length) await matchMovements(tx, { ids });
  const [m] = ids.length
    ? await tx.query<{ n: number }>(
      `select count(*)::int as n from public.treasury_movements
        where tenant_id = (select app.tenant_id()) and id = any($1::uuid[])
          and match_status = 'matched'`,
      [ids],
    )
    : [{ n: 0 }];
  await tx.query(
    "select app.audit_event((select app.tenant_id()), 'import', 'treasury_movements', null, $1)",
    [{ file: sourceFile, rows: rows.length, inserted: ids.length, matched: m.n }],
  );
  return { inserted: ids.length, already: rows.length - ids.length, matched: m.n };
}
