/**
 * Rateizzazione, the write and the reads: the billing office spreads an unpaid position over
 * monthly instalments (`app.grant_instalment_plan`: a new position with the instalments replaces
 * the old one, which is cancelled), then pagoPA is asked at once to invalidate the old position
 * and publish the new one (the publication job retries what it could not do). A position's page
 * reads whether it is a plan, or was replaced by one.
 *
 * @module
 */
import type { Claims, Db, Tx } from "../db/types.ts";
import type { GpdGateway } from "../pagopa/gpd_client.ts";
import { processNow, type PublishOutcome } from "../pagopa/publish_job.ts";
import { sqlState } from "../tenancy/errors.ts";
import { type PlanInput, planMail, planRefusalOf, planSchedule } from "./instalment_plan.ts";
import { queuePlanPush } from "./instalment_plan_notify.ts";
import { getLapseRule } from "./settings.ts";

/** A plan refused: HTTP status, code, Italian and English words. */
export class PlanError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly it: string,
    readonly en: string,
  ) {
    super(en);
  }
}

function refusal(e: unknown): PlanError | null {
  const state = sqlState(e);
  if (state !== "22023" && state !== "42501" && state !== "P0002") return null;
  const r = planRefusalOf(e instanceof Error ? e.message : String(e));
  return r ? new PlanError(r.status, r.code, r.it, r.en) : null;
}

export interface Granted {
  /** The new position, with the instalments. */
  position_id: string;
  /** The position it replaces (now cancelled). */
  replaced_id: string;
  /** What pagoPA answered right away, per position (empty when GPD is off). */
  pagopa: PublishOutcome[];
}

/**
 * Grants `input` on position `positionId` as the signed-in office user (`claims`): the amount the
 * position owes is split by `planSchedule`, the database checks everything again and writes, then
 * GPD is called for both positions. Throws `PlanError` for a refusal the office can act on.
 */
export async function grantInstalmentPlan(
  db: Db,
  claims: Claims,
  gw: GpdGateway,
  positionId: string,
  input: PlanInput,
): Promise<Granted> {
  let id: string;
  try {
    id = await db.asUser(claims, async (tx) => {
      const [p] = await tx.query<
        { amount_cents: number; what: string; ente: string; payer: string }
      >(
        `select d.amount_cents, d.description as what, t.name as ente,
                d.debtor ->> 'full_name' as payer
           from public.debt_positions d join public.tenants t on t.id = d.tenant_id
          where d.id = $1`,
        [positionId],
      );
      if (!p) {
        throw new PlanError(
          404,
          "not_found",
          "Posizione debitoria non trovata.",
          "Debt position not found.",
        );
      }
      const schedule = planSchedule(Number(p.amount_cents), input.count, input.firstDue);
      const mail = planMail(
        { ente: p.ente, payer: p.payer, what: p.what },
        schedule,
        await getLapseRule(tx),
      );
      const [r] = await tx.query<{ id: string }>(
        "select app.grant_instalment_plan($1, $2::jsonb -> 'items', $3, $4, $5, $6) as id",
        [
          positionId,
          { items: schedule.map((s) => ({ amount_cents: s.amount_cents, due_on: s.due_on })) },
          input.reference,
          input.reason,
          mail.subject,
          mail.text,
        ],
      );
      await queuePlanPush(tx, "granted", r.id);
      return r.id;
    });
  } catch (e) {
    throw refusal(e) ?? e;
  }
  const pagopa = await processNow(db, gw, [positionId, id]);
  return { position_id: id, replaced_id: positionId, pagopa };
}

/** A plan as its position's page shows it. */
export interface PlanFacts {
  position_id: string;
  replaced_position_id: string;
  replaced_iupd: string;
  instalments: number;
  amount_cents: number;
  first_due_on: string;
  last_due_on: string;
  reference: string;
  reason: string;
  /** ISO 8601 instant. */
  granted_at: string;
  /** Office readers only (null for families). */
  granted_by_name: string | null;
  /** Decadenza: ISO 8601 instant; null while the plan holds. */
  lapsed_at: string | null;
  lapse_reason: string | null;
  /** Office readers only (null for families). */
  lapsed_by_name: string | null;
  /** The last revocation of a lapse: ISO 8601 instants, the reason; null when never revoked. */
  lapse_revoked_at: string | null;
  lapse_revoke_reason: string | null;
  /** When the revoked lapse had been declared. */
  revoked_lapse_at: string | null;
  /** Office readers only (null for families). */
  lapse_revoked_by_name: string | null;
}

/** What links position `id` to a plan: the plan it carries, and the plan that replaced it. */
export interface PlanLinks {
  plan: PlanFacts | null;
  replacedBy: PlanFacts | null;
}

/** Reads the plan links of position `id`, under the caller's RLS (office or family). */
export async function planLinks(tx: Tx, id: string): Promise<PlanLinks> {
  const rows = await tx.query<PlanFacts>(
    `select p.position_id, p.replaced_position_id, d.iupd as replaced_iupd, p.instalments,
            p.amount_cents::bigint as amount_cents, p.first_due_on::text, p.last_due_on::text,
            p.reference, p.reason, to_json(p.granted_at) #>> '{}' as granted_at,
            case when (select app.is_staff()) or (select app.can_configure())
                 then u.full_name end as granted_by_name,
            to_json(p.lapsed_at) #>> '{}' as lapsed_at, p.lapse_reason,
            case when (select app.is_staff()) or (select app.can_configure())
                 then l.full_name end as lapsed_by_name,
            to_json(p.lapse_revoked_at) #>> '{}' as lapse_revoked_at, p.lapse_revoke_reason,
            to_json(p.revoked_lapse_at) #>> '{}' as revoked_lapse_at,
            case when (select app.is_staff()) or (select app.can_configure())
                 then rv.full_name end as lapse_revoked_by_name
       from public.instalment_plans p
       left join public.users u on u.id = p.granted_by
       left join public.users l on l.id = p.lapsed_by
       left join public.users rv on rv.id = p.lapse_revoked_by
       left join public.debt_positions d
         on d.tenant_id = p.tenant_id and d.id = p.replaced_position_id
      where p.tenant_id = (select app.tenant_id())
        and (p.position_id = $1 or p.replaced_position_id = $1)`,
    [id],
  );
  const facts = (r: PlanFacts): PlanFacts => ({ ...r, amount_cents: Number(r.amount_cents) });
  const plan = rows.find((r) => r.position_id === id);
  const replacedBy = rows.find((r) => r.replaced_position_id === id);
  return {
    plan: plan ? facts(plan) : null,
    replacedBy: replacedBy ? facts(replacedBy) : null,
  };
}
