/**
 * The Ente's instalment plans as the billing office follows them: each plan with its payer, the
 * instalments paid and missed, what it still owes, and where it stands — instalments missed (the
 * office decides on a decadenza, first those that meet the Ente's rule of decadenza), running
 * regularly, lapsed, paid off, cancelled. The missed instalments and the rule are decided as
 * `planStanding` (instalment_plan_lapse.ts) decides them: unpaid past their due date in Rome; the
 * rule's count reached and, when it asks for one, a reminder sent on a later Rome day (since the
 * last revocation of a lapse). Under the caller's RLS (staff read plans; families only their own).
 *
 * @module
 */
import type { Tx } from "../db/types.ts";
import type { LapseRule } from "./instalment_plan_lapse.ts";
import { getLapseRule } from "./settings.ts";

export const PLAN_STANDINGS = [
  "lapse_due",
  "late",
  "regular",
  "lapsed",
  "paid",
  "cancelled",
] as const;
export type PlanStandingKey = typeof PLAN_STANDINGS[number];

export const PLAN_STANDING_LABELS: Record<
  PlanStandingKey,
  { it: string; en: string; badge: string }
> = {
  lapse_due: { it: "Decadenza maturata", en: "Lapse rule met", badge: "danger" },
  late: { it: "Rate scadute", en: "Instalments missed", badge: "warning" },
  regular: { it: "In regola", en: "On schedule", badge: "success" },
  lapsed: { it: "Decaduta", en: "Lapsed", badge: "dark" },
  paid: { it: "Saldata", en: "Paid off", badge: "secondary" },
  cancelled: { it: "Annullata", en: "Cancelled", badge: "secondary" },
};

export interface PlanRow {
  position_id: string;
  iupd: string;
  description: string;
  payer_id: string;
  payer_name: string;
  payer_tax_code: string | null;
  instalments: number;
  amount_cents: number;
  /** ISO 8601 instant. */
  granted_at: string;
  lapsed_at: string | null;
  /** The last revocation of a lapse (ISO 8601 instant); null when never revoked. */
  lapse_revoked_at: string | null;
  paid_instalments: number;
  missed: number;
  missed_cents: number;
  /** What the unpaid instalments owe, due or not (0 once paid or cancelled). */
  residual_cents: number;
  /** Earliest due date missed; null when none. */
  missed_since: string | null;
  standing: PlanStandingKey;
}

/** Plans with missed instalments: the rule met, or not yet. */
const MISSING = "p.standing in ('lapse_due', 'late')";

/** The plans; `$1`–`$4` are the Ente's `LapseRule` (missed, consecutive, window, reminder). */
const PLANS = `
  with x as (select (now() at time zone 'Europe/Rome')::date as today),
  p as (
    select ip.position_id, d.iupd, d.description, d.payer_id,
           btrim(coalesce(pe.surname, '') || ' ' || coalesce(pe.name, '')) as payer_name,
           pe.tax_code as payer_tax_code,
           ip.instalments, ip.amount_cents::bigint as amount_cents,
           to_json(ip.granted_at) #>> '{}' as granted_at,
           to_json(ip.lapsed_at) #>> '{}' as lapsed_at,
           to_json(ip.lapse_revoked_at) #>> '{}' as lapse_revoked_at,
           s.paid_instalments, s.missed, s.missed_cents, s.residual_cents, s.missed_since::text,
           case when d.status = 'paid' then 'paid'
                when d.status = 'cancelled' then 'cancelled'
                when ip.lapsed_at is not null then 'lapsed'
                when t.due_on is not null and (not $4::boolean or exists (
                  select 1 from public.payment_reminders r
                   where r.tenant_id = d.tenant_id and r.debt_position_id = d.id
                     and (r.sent_at at time zone 'Europe/Rome')::date > t.due_on
                     and (ip.lapse_revoked_at is null or r.sent_at > ip.lapse_revoked_at)))
                  then 'lapse_due'
                when s.missed > 0 then 'late'
                else 'regular' end as standing
      from public.instalment_plans ip
      join public.debt_positions d on d.tenant_id = ip.tenant_id and d.id = ip.position_id
      left join public.people pe on pe.tenant_id = d.tenant_id and pe.id = d.payer_id
      cross join x
      cross join lateral (
        select count(*) filter (where n.status = 'paid')::int as paid_instalments,
               count(*) filter (where n.status = 'unpaid' and n.due_on < x.today)::int as missed,
               coalesce(sum(n.amount_cents) filter (
                 where n.status = 'unpaid' and n.due_on < x.today), 0)::bigint as missed_cents,
               coalesce(sum(n.amount_cents) filter (where n.status = 'unpaid'), 0)::bigint
                 as residual_cents,
               min(n.due_on) filter (where n.status = 'unpaid' and n.due_on < x.today)
                 as missed_since
          from public.payment_notices n
         where n.tenant_id = d.tenant_id and n.debt_position_id = d.id and n.instalment > 0
           and d.status in ('open', 'partially_paid', 'paid')) s
      -- The first missed instalment that completes the rule's count with the missed ones before
      -- it (consecutive: the numbers right before it; else due within the window, or any).
      left join lateral (
        select n.due_on
          from public.payment_notices n
         where n.tenant_id = d.tenant_id and n.debt_position_id = d.id and n.instalment > 0
           and n.status = 'unpaid' and n.due_on < x.today
           and d.status in ('open', 'partially_paid')
           and (select count(*) from public.payment_notices m
                 where m.tenant_id = n.tenant_id and m.debt_position_id = n.debt_position_id
                   and m.instalment between 1 and n.instalment
                   and m.status = 'unpaid' and m.due_on < x.today
                   and case when $2::boolean then m.instalment > n.instalment - $1::int
                            when $3::int is not null
                              then m.due_on > (n.due_on - make_interval(months => $3::int))::date
                            else true end) >= $1::int
         order by n.instalment limit 1) t on true
     where ip.tenant_id = (select app.tenant_id())
  )`;

const num = (r: PlanRow): PlanRow => ({
  ...r,
  amount_cents: Number(r.amount_cents),
  missed_cents: Number(r.missed_cents),
  residual_cents: Number(r.residual_cents),
});

/** The rule's values as `PLANS` takes them (`$1`–`$4`). */
const ruleParams = (r: LapseRule) => [r.missed, r.consecutive, r.windowMonths, r.afterReminder];

/**
 * The plans, `standing` only when given, paged: those meeting the Ente's rule of decadenza first,
 * then the others with missed instalments (the longest missed first), then the rest by payer;
 * with the count, what the missed instalments owe, and the rule they were judged by.
 */
export async function listPlans(
  tx: Tx,
  f: { standing?: PlanStandingKey | null },
  limit: number,
  offset: number,
): Promise<{ items: PlanRow[]; total: number; missed_cents: number; rule: LapseRule }> {
  const rule = await getLapseRule(tx);
  const where = "($5::text is null or p.standing = $5)";
  const params = [...ruleParams(rule), f.standing ?? null];
  const [t] = await tx.query<{ n: number; missed_cents: number }>(
    `${PLANS} select count(*)::int as n,
                     coalesce(sum(p.missed_cents) filter (where ${MISSING}), 0)::bigint
                       as missed_cents
                from p where ${where}`,
    params,
  );
  const items = limit > 0
    ? await tx.query<PlanRow>(
      `${PLANS} select * from p where ${where}
        order by (p.standing = 'lapse_due') desc, ${MISSING} desc, p.missed_since nulls last,
                 p.payer_name, p.granted_at desc, p.position_id
        limit $6 offset $7`,
      [...params, limit, offset],
    )
    : [];
  return { items: items.map(num), total: t.n, missed_cents: Number(t.missed_cents), rule };
}

/** Where a position stands as to a plan: its status, whether it carries one, lapsed or not. */
export interface PlanState {
  id: string;
  description: string;
  payer_name: string | null;
  status: string;
  has_plan: boolean;
  lapsed: boolean;
}

/** Positions `ids` the caller may read (RLS) and their plans, to say why one cannot lapse. */
export async function planStatesOf(tx: Tx, ids: readonly string[]): Promise<PlanState[]> {
  return await tx.query<PlanState>(
    `select d.id, d.description, d.status,
            nullif(btrim(coalesce(pe.surname, '') || ' ' || coalesce(pe.name, '')), '')
              as payer_name,
            ip.position_id is not null as has_plan, ip.lapsed_at is not null as lapsed
       from public.debt_positions d
       left join public.instalment_plans ip
         on ip.tenant_id = d.tenant_id and ip.position_id = d.id
       left join public.people pe on pe.tenant_id = d.tenant_id and pe.id = d.payer_id
      where d.tenant_id = (select app.tenant_id()) and d.id = any ($1::uuid[])`,
    [ids],
  );
}
