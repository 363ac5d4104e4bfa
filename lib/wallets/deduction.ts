/**
 * Deduction of the uses of a prepaid service from the wallets, set-based and idempotent: every
 * billable day of `app.effective_attendance` (present, not voided, on a service day) becomes one
 * `use` movement at the enrollment's unit price — the office's override, else the tariff quote
 * per meal/ride/day/use, else the daily rate of a monthly-plus-daily tariff — and every use whose
 * day is no longer billable (voided, cancelled late, a day closed after the fact) gets one
 * `refund`. Unique keys (use per enrollment, day and seq; refund per use) make a repeated or
 * concurrent run insert nothing twice. A negative balance never stops a deduction: meals are not
 * refused by the software.
 *
 * Runs in the caller's transaction with the Ente in the claims (service_role for the job, the
 * office from its page).
 *
 * @module
 */
import type { Tx } from "../db/types.ts";

export interface DeductionResult {
  uses: number;
  refunds: number;
  /** Billable days with no price (no tariff assigned): listed to the office, not deducted. */
  unpriced: number;
  wallets: number;
}

/** The unit price of one use for an enrollment row `e` (SQL expression). */
const UNIT_CENTS = `coalesce(e.override_cents,
  case when e.tariff_assignment -> 'quote' ->> 'per' in ('meal', 'ride', 'day', 'use')
       then (e.tariff_assignment -> 'quote' ->> 'cents')::bigint
       else (select (l ->> 'unit_cents')::bigint
               from jsonb_array_elements(coalesce(e.tariff_assignment -> 'quote' -> 'lines', '[]'))
                    l where l ->> 'part' = 'daily' limit 1) end)`;

/** Deducts and refunds the uses of `serviceId` on the days `from`..`to` (inclusive). */
export async function deductService(
  tx: Tx,
  tenantId: string,
  serviceId: string,
  from: string,
  to: string,
): Promise<DeductionResult> {
  await tx.query(
    `create temporary table if not exists wallet_billable (
       enrollment_id uuid, day date, meal text, primary key (enrollment_id, day)) on commit drop`,
  );
  await tx.query("truncate wallet_billable");
  await tx.query(
    `insert into wallet_billable
     select enrollment_id, day, meal from app.effective_attendance($1, $2, $3) where billable`,
    [serviceId, from, to],
  );
  const [{ per_child }] = await tx.query<{ per_child: boolean }>(
    `select coalesce((select scope = 'beneficiary' from public.wallet_settings
                       where tenant_id = $1), false) as per_child`,
    [tenantId],
  );
  const owner = per_child ? "e.beneficiary_id" : "null::uuid";
  const [created] = await tx.query<{ n: number }>(
    `with ins as (insert into public.wallets (tenant_id, payer_id, beneficiary_id)
     select distinct e.tenant_id, e.payer_id, ${owner}
       from wallet_billable a
       join public.enrollments e on e.tenant_id = $1 and e.id = a.enrollment_id
     on conflict do nothing returning 1) select count(*)::int as n from ins`,
    [tenantId],
  );
  const [uses] = await tx.query<{ n: number }>(
    `with ins as (insert into public.wallet_movements (tenant_id, wallet_id, kind, amount_cents, day,
       enrollment_id, service_id, beneficiary_id, seq, unit_cents, description, explanation)
     select e.tenant_id, w.id, 'use', -f.unit_cents, a.day, e.id, e.service_id, e.beneficiary_id,
            (select count(*) from public.wallet_movements r
              where r.tenant_id = e.tenant_id and r.kind = 'refund'
                and r.enrollment_id = e.id and r.day = a.day)::int,
            f.unit_cents,
            left(s.title || ' del ' || to_char(a.day, 'DD/MM/YYYY') || ' - ' || b.name || ' '
                 || b.surname, 300),
            jsonb_build_object(
              'summary', jsonb_build_object(
                'it', s.title || ', ' || to_char(a.day, 'DD/MM/YYYY') || ': '
                      || case a.meal when 'white' then 'presente (pasto in bianco)' else 'presente' end
                      || ', addebitati ' || app.wallet_euro(f.unit_cents, 'it')
                      || case when e.override_cents is not null then ' (importo stabilito dall''ufficio)'
                              else coalesce(' (tariffa "' || (e.tariff_assignment ->> 'tariff_title') || '": '
                                   || (e.tariff_assignment -> 'quote' -> 'summary' ->> 'it') || ')', '') end
                      || '.',
                'en', s.title || ', ' || to_char(a.day, 'YYYY-MM-DD') || ': '
                      || case a.meal when 'white' then 'present (plain meal)' else 'present' end
                      || ', charged ' || app.wallet_euro(f.unit_cents, 'en')
                      || case when e.override_cents is not null then ' (amount set by the office)'
                              else coalesce(' (tariff "' || (e.tariff_assignment ->> 'tariff_title') || '": '
                                   || (e.tariff_assignment -> 'quote' -> 'summary' ->> 'en') || ')', '') end
                      || '.'),
              'unit_cents', f.unit_cents,
              'source', case when e.override_cents is not null then 'override' else 'tariff' end,
              'tariff_id', e.tariff_id,
              'tariff_title', e.tariff_assignment ->> 'tariff_title',
              'meal', a.meal)
       from wallet_billable a
       join public.enrollments e on e.tenant_id = $1 and e.id = a.enrollment_id
       cross join lateral (select ${UNIT_CENTS} as unit_cents) f
       join public.services s on s.tenant_id = e.tenant_id and s.id = e.service_id
       join public.people b on b.tenant_id = e.tenant_id and b.id = e.beneficiary_id
       join public.wallets w on w.tenant_id = e.tenant_id and w.payer_id = e.payer_id
                            and w.beneficiary_id is not distinct from ${owner}
      where f.unit_cents > 0 and not e.social_services_exemption
        and not exists (
          select 1 from public.wallet_movements u
           where u.tenant_id = e.tenant_id and u.kind = 'use' and u.enrollment_id = e.id
             and u.day = a.day
             and not exists (select 1 from public.wallet_movements r
                              where r.tenant_id = u.tenant_id and r.kind = 'refund' and r.refund_of = u.id))
     on conflict do nothing
     returning 1) select count(*)::int as n from ins`,
    [tenantId],
  );
  const [refunds] = await tx.query<{ n: number }>(
    `with ins as (insert into public.wallet_movements (tenant_id, wallet_id, kind, amount_cents, day,
       enrollment_id, service_id, beneficiary_id, refund_of, unit_cents, description, explanation)
     select u.tenant_id, u.wallet_id, 'refund', -u.amount_cents, u.day, u.enrollment_id,
            u.service_id, u.beneficiary_id, u.id, u.unit_cents,
            left('Storno: ' || u.description, 300),
            jsonb_build_object(
              'summary', jsonb_build_object(
                'it', 'Restituiti ' || app.wallet_euro(-u.amount_cents, 'it') || ': il consumo del '
                      || to_char(u.day, 'DD/MM/YYYY') || ' è stato annullato o corretto dopo l''addebito ('
                      || coalesce(ea.why_it, 'giorno non più di servizio o iscrizione non attiva') || ').',
                'en', 'Refunded ' || app.wallet_euro(-u.amount_cents, 'en') || ': the use of '
                      || to_char(u.day, 'YYYY-MM-DD') || ' was voided or corrected after it was charged ('
                      || coalesce(ea.why_en, 'no longer a service day or enrollment not active') || ').'),
              'refund_of', u.id)
       from public.wallet_movements u
       left join lateral (
         select case when m.voided_at is not null then 'giornata annullata'
                     when m.status = 'absent' then 'assenza registrata'
                     when m.status = 'cancelled' then 'pasto disdetto' end as why_it,
                case when m.voided_at is not null then 'day voided'
                     when m.status = 'absent' then 'absence recorded'
                     when m.status = 'cancelled' then 'meal cancelled' end as why_en
           from public.attendance_marks m
          where m.tenant_id = u.tenant_id and m.enrollment_id = u.enrollment_id and m.day = u.day) ea
         on true
      where u.tenant_id = $1 and u.service_id = $2 and u.kind = 'use' and u.day between $3 and $4
        and not exists (select 1 from public.wallet_movements r
                         where r.tenant_id = u.tenant_id and r.kind = 'refund' and r.refund_of = u.id)
        and not exists (select 1 from wallet_billable a
                         where a.enrollment_id = u.enrollment_id and a.day = u.day)
     on conflict do nothing
     returning 1) select count(*)::int as n from ins`,
    [tenantId, serviceId, from, to],
  );
  const [{ unpriced }] = await tx.query<{ unpriced: number }>(
    `select count(*)::int as unpriced
       from wallet_billable a
       join public.enrollments e on e.tenant_id = $1 and e.id = a.enrollment_id
      where not e.social_services_exemption and coalesce(${UNIT_CENTS}, 0) <= 0
        and e.override_cents is distinct from 0`,
    [tenantId],
  );
  return { uses: uses.n, refunds: refunds.n, unpriced, wallets: created.n };
}
