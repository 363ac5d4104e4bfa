/**
 * Carried amounts ("importi riportati"): when a run is issued, a payer's lines whose total is
 * zero, negative (a credit: the Ente owes the family) or under the service's minimum get no debt
 * position (`issue.ts`, `groupsOf`). They stay without one and join the payer's next issue —
 * only if the payer has lines in a later run. This module makes them visible: to the office (the
 * Ente's list, with totals per class) and to a family (its own balances, under its RLS).
 *
 * Lines are grouped as the issue groups them: per payer and service, or per payer when the Ente
 * aggregates its positions (`billing_settings.position_grouping`, read through
 * `app.position_grouping()` so a family gets the same grouping without reading the settings).
 * With aggregated positions there is no minimum (the issue applies none), as in `issue.ts`.
 *
 * @module
 */
import type { Tx } from "../db/types.ts";
import { explanationIn, type ExplanationJson } from "./family_read.ts";

/**
 * credit: the total is negative (the Ente owes the payer); below_minimum: positive but under the
 * service's minimum for a notice; zero: nothing either way; pending: enough for a notice but not
 * issued (the payer had no codice fiscale at issue, or the minimum was lowered since).
 */
export const CARRIED_CLASSES = ["credit", "below_minimum", "zero", "pending"] as const;
export type CarriedClass = typeof CARRIED_CLASSES[number];

export const CARRIED_CLASS_LABELS: Record<CarriedClass, { it: string; en: string; badge: string }> =
  {
    credit: { it: "Credito della famiglia", en: "Family's credit", badge: "success" },
    below_minimum: { it: "Sotto la soglia minima", en: "Below the minimum", badge: "warning" },
    zero: { it: "Saldo zero", en: "Zero balance", badge: "secondary" },
    pending: { it: "Da emettere", en: "Not yet issued", badge: "info" },
  };

/** The class of a carried total, given the minimum of a notice (0 = no minimum). */
export function classify(amountCents: number, minCents: number): CarriedClass {
  if (amountCents < 0) return "credit";
  if (amountCents === 0) return "zero";
  return amountCents < minCents ? "below_minimum" : "pending";
}

/** The same rule in SQL, over the columns `amount_cents` and `min_cents` (kept beside `classify`). */
const CLASS_SQL = `case when g.amount_cents < 0 then 'credit' when g.amount_cents = 0 then 'zero'
                        when g.amount_cents < g.min_cents then 'below_minimum' else 'pending' end`;

export interface CarriedLine {
  id: string;
  run_id: string;
  /** Run number and label: null for a family (runs are the office's). */
  run_number: number | null;
  run_label: string | null;
  service_title: string;
  beneficiary_name: string | null;
  period_start: string;
  period_end: string;
  kind: "usage" | "fee" | "one_off" | "adjustment" | "credit" | "debit";
  description: string;
  amount_cents: number;
  /** The explanation's summary in both languages (null when the line has none). */
  summary: { it: string | null; en: string | null };
}

export interface CarriedBalance {
  payer_id: string;
  /** "Surname Name" for the office (its lists' order), "Name Surname" for a family. */
  payer_name: string;
  payer_tax_code: string | null;
  /** Null when the Ente aggregates positions (one balance for all services). */
  service_id: string | null;
  service_titles: string[];
  class: CarriedClass;
  amount_cents: number;
  /** The minimum of a notice that applied (0 = none). */
  min_cents: number;
  lines: CarriedLine[];
}

export type CarriedTotals = Record<CarriedClass, { count: number; cents: number }>;

export interface CarriedFilters {
  class?: CarriedClass | null;
  service_id?: string | null;
  /** Part of the payer's name or codice fiscale. */
  payer?: string | null;
}

type RawLine = Omit<CarriedLine, "summary"> & { explanation: ExplanationJson | null };
type RawBalance = Omit<CarriedBalance, "lines"> & { lines: RawLine[] };

/** A carried line as shown: its explanation reduced to the summary, in both languages. */
export function toLine({ explanation, ...l }: RawLine): CarriedLine {
  return {
    ...l,
    summary: {
      it: explanationIn(explanation, "it").summary,
      en: explanationIn(explanation, "en").summary,
    },
  };
}

/** Zeroed totals with every class present. */
export function emptyTotals(): CarriedTotals {
  return Object.fromEntries(
    CARRIED_CLASSES.map((c) => [c, { count: 0, cents: 0 }]),
  ) as CarriedTotals;
}

const like = (q: string | null | undefined) =>
  q && q.trim() ? `%${q.trim().replace(/[\\%_]/g, (m) => `\\${m}`)}%` : null;

/**
 * The carried balances as one set-based statement: `scope` office reads the Ente's lines of
 * issued runs (joined, with run number and label); family reads the caller's household's, the
 * run's status tested by `app.run_is_issued` (families cannot read runs) — RLS filters both.
 * Without `lines` the lines are not aggregated (for the totals). Parameters: $1 service id,
 * $2 payer pattern.
 */
function balancesSql(scope: "office" | "family", lines = true): string {
  const office = scope === "office";
  const run = office
    ? `join public.billing_runs r on r.tenant_id = cl.tenant_id and r.id = cl.run_id
                                   and r.status = 'issued'`
    : "";
  // The household's payers as an array too, so the carried lines are read by payer (index).
  const mine = office ? "" : `and cl.payer_id = any (array_append(app.my_household_person_ids(),
                                                     app.my_person_id()))
                      and app.is_my_payer(cl.payer_id) and app.run_is_issued(cl.run_id)`;
  const name = office
    ? "coalesce(nullif(btrim(coalesce(p.surname, '') || ' ' || coalesce(p.name, '')), ''), '')"
    : "coalesce(nullif(btrim(coalesce(p.name, '') || ' ' || coalesce(p.surname, '')), ''), '')";
  const agg = lines
    ? `jsonb_agg(jsonb_build_object(
         'id', cl.id, 'run_id', cl.run_id,
         'run_number', ${office ? "r.number" : "null"}, 'run_label', ${office ? "r.label" : "null"},
         'service_title', s.title,
         'beneficiary_name', nullif(btrim(coalesce(b.name, '') || ' ' || coalesce(b.surname, '')), ''),
         'period_start', cl.period_start, 'period_end', cl.period_end, 'kind', cl.kind,
         'description', cl.description, 'amount_cents', cl.amount_cents,
         'explanation', cl.explanation)
         order by cl.period_start, cl.created_at, cl.id)`
    : "null::jsonb";
  return `with settings as (select app.position_grouping() = 'aggregated' as aggregated),
  g0 as (
    select cl.payer_id, case when settings.aggregated then null else cl.service_id end as service_id,
           sum(cl.amount_cents)::bigint as amount_cents,
           array_agg(distinct s.title order by s.title) as service_titles,
           array_agg(distinct cl.service_id) as service_ids,
           ${agg} as lines
      from public.charge_lines cl
      cross join settings
      ${run}
      join public.services s on s.tenant_id = cl.tenant_id and s.id = cl.service_id
      left join public.people b on b.tenant_id = cl.tenant_id and b.id = cl.beneficiary_id
     where cl.tenant_id = (select app.tenant_id()) and cl.deleted_at is null
       and cl.debt_position_id is null and cl.carried_settlement_id is null ${mine}
     group by 1, 2),
  g as (
    select g0.*, coalesce(sb.min_notice_cents, 0)::bigint as min_cents
      from g0
      left join public.service_billing sb
        on sb.tenant_id = (select app.tenant_id()) and sb.service_id = g0.service_id)
  select g.payer_id,
         ${name} as payer_name,
         p.tax_code as payer_tax_code, g.service_id, g.service_titles, ${CLASS_SQL} as class,
         g.amount_cents, g.min_cents, g.lines
    from g
    left join public.people p on p.tenant_id = (select app.tenant_id()) and p.id = g.payer_id
   where ($1::uuid is null or $1::uuid = any (g.service_ids))
     and ($2::text is null or (p.surname || ' ' || p.name) ilike $2
          or (p.name || ' ' || p.surname) ilike $2 or p.tax_code ilike $2)`;
}

const ORDER = `order by case class when 'credit' then 0 when 'below_minimum' then 1
                                   when 'pending' then 2 else 3 end,
                        payer_name, payer_id, service_titles[1], service_id`;

const asBalance = (r: RawBalance): CarriedBalance => ({ ...r, lines: r.lines.map(toLine) });

/**
 * The Ente's carried balances, paged (credits first, then by payer), with totals per class under
 * the service and payer filters (the class filter narrows the page and `total` only).
 *
 * @example const { items, totals } = await listCarried(tx, { class: "credit" }, 50, 0);
 */
export async function listCarried(
  tx: Tx,
  f: CarriedFilters,
  limit: number,
  offset: number,
): Promise<{ items: CarriedBalance[]; total: number; totals: CarriedTotals }> {
  const params = [f.service_id ?? null, like(f.payer)];
  const rows = limit > 0
    ? await tx.query<RawBalance>(
      `select * from (${balancesSql("office")}) x where ($3::text is null or class = $3)
        ${ORDER} limit $4 offset $5`,
      [...params, f.class ?? null, limit, offset],
    )
    : [];
  const sums = await tx.query<{ class: CarriedClass; count: number; cents: number }>(
    `select class, count(*)::int as count, sum(amount_cents)::bigint as cents
       from (${balancesSql("office", false)}) x group by class`,
    params,
  );
  const totals = emptyTotals();
  for (const s of sums) totals[s.class] = { count: s.count, cents: s.cents };
  const total = f.class
    ? totals[f.class].count
    : CARRIED_CLASSES.reduce((n, c) => n + totals[c].count, 0);
  return { items: rows.map(asBalance), total, totals };
}

/**
 * One carried balance of the Ente: payer `payerId`'s for service `serviceId` (null when the Ente
 * aggregates positions), or null when nothing is carried for them.
 */
export async function getCarried(
  tx: Tx,
  payerId: string,
  serviceId: string | null,
): Promise<CarriedBalance | null> {
  const [row] = await tx.query<RawBalance>(
    `select * from (${balancesSql("office")}) x
      where x.payer_id = $3 and x.service_id is not distinct from $4::uuid`,
    [null, null, payerId, serviceId],
  );
  return row ? asBalance(row) : null;
}

/**
 * The caller's household's carried balances (a family, or a staff member as payer): only lines
 * of issued runs, never a run in review. Credits first.
 *
 * @example const balances = await myCarried(tx);
 */
export async function myCarried(tx: Tx): Promise<CarriedBalance[]> {
  const rows = await tx.query<RawBalance>(
    `select * from (${balancesSql("family")}) x ${ORDER} limit 200`,
    [null, null],
  );
  return rows.map(asBalance);
}
