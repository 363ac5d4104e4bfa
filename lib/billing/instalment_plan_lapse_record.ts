/**
 * Decadenza, the writes: the billing office declares the plan carried by a position lapsed
 * (`app.lapse_instalment_plan` checks again under a lock and e-mails the payer), or revokes a
 * lapse declared by mistake (`app.revoke_instalment_plan_lapse`). Nothing changes
 * on pagoPA: the instalments' notices stay payable, and from the next day the whole residual
 * counts as overdue for reminders and enforced collection.
 *
 * @module
 */
import type { Claims, Db, Tx } from "../db/types.ts";
import { romeDate } from "../i18n/mod.ts";
import { sqlState } from "../tenancy/errors.ts";
import { lapseMail, lapseRefusalOf, planStanding } from "./instalment_plan_lapse.ts";
import { nextInstalment, revokeMail, revokeRefusalOf } from "./instalment_plan_lapse_revoke.ts";
import { queuePlanPush } from "./instalment_plan_notify.ts";
import { PlanError } from "./instalment_plan_record.ts";

/** The office's refusal a database error names, looked up by `of` (lapse or revocation). */
function refusal(e: unknown, of: typeof lapseRefusalOf): PlanError | null {
  const state = sqlState(e);
  if (state !== "22023" && state !== "42501" && state !== "P0002") return null;
  const r = of(e instanceof Error ? e.message : String(e));
  return r ? new PlanError(r.status, r.code, r.it, r.en) : null;
}

/** What the payer's e-mail about the plan of position `positionId` says, and its notices. */
async function mailFacts(tx: Tx, positionId: string) {
  const [p] = await tx.query<{
    what: string;
    ente: string;
    payer: string | null;
    /** Rome days of the plan's grant and lapse (null without a plan, or not lapsed). */
    granted_on: string | null;
    lapsed_on: string | null;
    email: string | null;
  }>(
    `select d.description as what, t.name as ente, d.debtor ->> 'full_name' as payer,
            ((ip.granted_at at time zone 'Europe/Rome')::date)::text as granted_on,
            ((ip.lapsed_at at time zone 'Europe/Rome')::date)::text as lapsed_on,
            nullif(btrim(pe.email), '') as email
       from public.debt_positions d
       join public.tenants t on t.id = d.tenant_id
       join public.people pe on pe.tenant_id = d.tenant_id and pe.id = d.payer_id
       left join public.instalment_plans ip
         on ip.tenant_id = d.tenant_id and ip.position_id = d.id
      where d.id = $1`,
    [positionId],
  );
  const notices = await tx.query<
    { instalment: number; status: string; amount_cents: number; due_on: string }
  >(
    `select instalment, status, amount_cents::bigint as amount_cents, due_on::text
       from public.payment_notices where debt_position_id = $1`,
    [positionId],
  );
  return {
    p: p as typeof p | undefined,
    notices: notices.map((n) => ({ ...n, amount_cents: Number(n.amount_cents) })),
  };
}

export interface Lapsed {
  position_id: string;
  /** What the plan still owes, now due at once. */
  residual_cents: number;
  /** The payer has an e-mail address in the registry (and was written to). */
  mailed: boolean;
  /** When the plan was declared lapsed (ISO 8601 instant, the transaction's). */
  lapsed_at: string;
}

/**
 * Declares the plan of position `positionId` lapsed for `reason`, as the signed-in office user
 * (`claims`). Throws `PlanError` for a refusal the office can act on (no plan, already lapsed,
 * settled, nothing overdue, reason, not the billing office).
 */
export async function lapseInstalmentPlan(
  db: Db,
  claims: Claims,
  positionId: string,
  reason: string,
): Promise<Lapsed> {
  try {
    return await db.asUser(claims, async (tx) => {
      const { p, notices } = await mailFacts(tx, positionId);
      if (!p || !p.granted_on) {
        throw new PlanError(
          404,
          "not_found",
          "Questa posizione non ha un piano di rateizzazione.",
          "This position has no instalment plan.",
        );
      }
      const standing = planStanding(notices, romeDate(new Date()));
      const mail = lapseMail(
        { ente: p.ente, payer: p.payer, what: p.what, grantedOn: p.granted_on, reason },
        standing,
      );
      const [r] = await tx.query<{ residual: number; lapsed_at: string }>(
        `select app.lapse_instalment_plan($1, $2, $3, $4)::bigint as residual,
                to_json(now()) #>> '{}' as lapsed_at`,
        [positionId, reason, mail.subject, mail.text],
      );
      await queuePlanPush(tx, "lapsed", positionId);
      return {
        position_id: positionId,
        residual_cents: Number(r.residual),
        mailed: !!p.email,
        lapsed_at: r.lapsed_at,
      };
    });
  } catch (e) {
    throw refusal(e, lapseRefusalOf) ?? e;
  }
}

export interface LapseRevoked {
  position_id: string;
  /** What the plan still owes, due on the instalments' own dates again. */
  residual_cents: number;
  /** The payer has an e-mail address in the registry (and was written to). */
  mailed: boolean;
  /** When the lapse was revoked (ISO 8601 instant, the transaction's). */
  revoked_at: string;
}

/**
 * Revokes the lapse of the plan of position `positionId` for `reason`, as the signed-in office
 * user (`claims`): the plan holds again. Throws `PlanError` for a refusal the office can act on
 * (no plan, not lapsed, settled, on an enforced-collection list, reason, not the billing office).
 */
export async function revokeInstalmentPlanLapse(
  db: Db,
  claims: Claims,
  positionId: string,
  reason: string,
): Promise<LapseRevoked> {
  try {
    return await db.asUser(claims, async (tx) => {
      const { p, notices } = await mailFacts(tx, positionId);
      const today = romeDate(new Date());
      // Not lapsed (or no plan): the database refuses with its own words; no e-mail to build.
      const mail = p?.lapsed_on
        ? revokeMail(
          { ente: p.ente, payer: p.payer, what: p.what, lapsedOn: p.lapsed_on, reason },
          planStanding(notices, today),
          nextInstalment(notices, today),
        )
        : null;
      const [r] = await tx.query<{ residual: number; revoked_at: string }>(
        `select app.revoke_instalment_plan_lapse($1, $2, $3, $4)::bigint as residual,
                to_json(now()) #>> '{}' as revoked_at`,
        [positionId, reason, mail?.subject ?? null, mail?.text ?? null],
      );
      await queuePlanPush(tx, "restored", positionId);
      return {
        position_id: positionId,
        residual_cents: Number(r.residual),
        mailed: !!p?.email,
        revoked_at: r.revoked_at,
      };
    });
  } catch (e) {
    throw refusal(e, revokeRefusalOf) ?? e;
  }
}
