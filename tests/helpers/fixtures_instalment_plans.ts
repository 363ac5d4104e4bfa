/**
 * An instalment plan with instalments missed, for the tests of decadenza and of the plans' list:
 * the enforced-collection fixture (`fixtures_enforced.ts`), the demo Ente's pagoPA settings, and
 * Chiara's overdue 40,00 € (`late`) spread by the office over 3 instalments (13,34 €, 13,33 €,
 * 13,33 €), whose notices are then moved back: the single payment and instalment 1 due 40 days
 * ago, instalment 2 ten days ago (both missed), instalment 3 in 20 days.
 */
import { defaultFirstDue } from "../../lib/billing/instalment_plan.ts";
import { grantInstalmentPlan } from "../../lib/billing/instalment_plan_record.ts";
import type { Db } from "../../lib/db/types.ts";
import { simulatedGpdGateway } from "../../lib/pagopa/gpd_client.ts";
import { enforcedFixture, remindedAgo } from "./fixtures_enforced.ts";
import { demoOperator } from "./fixtures_reconciliation.ts";

export const PLAN_REQUEST = {
  reference: "Prot. n. 4521/2026",
  reason: "Difficoltà economiche temporanee",
};

export async function lapsingPlan(db: Db) {
  const f = await enforcedFixture(db);
  await db.asOwner((tx) =>
    tx.query(
      `insert into public.billing_settings (tenant_id, segregation_code, iban, due_days)
       values ($1, '02', 'IT60X0542811101000000123456', 30) on conflict (tenant_id) do nothing`,
      [f.tenantId],
    )
  );
  const { claims: op } = await demoOperator(db);
  const gw = await simulatedGpdGateway();
  const input = { count: 3, firstDue: defaultFirstDue(f.today), ...PLAN_REQUEST };
  const { position_id: plan } = await grantInstalmentPlan(db, op, gw, f.late, input);
  const due = [f.day(-40), f.day(-40), f.day(-10), f.day(20)];
  await dueOn(db, plan, due);
  const [{ iupd }] = await db.asOwner((tx) =>
    tx.query<{ iupd: string }>("select iupd from public.debt_positions where id = $1", [plan])
  );
  return { f, op, gw, plan, iupd, input, due };
}

/** Moves the notices of position `id` (by instalment: 0, 1, …) to the days `due`. */
export async function dueOn(db: Db, id: string, due: readonly string[]): Promise<void> {
  await db.asOwner(async (tx) => {
    for (const [i, d] of due.entries()) {
      await tx.query(
        "update public.payment_notices set due_on = $3 where debt_position_id = $1 and instalment = $2",
        [id, i, d],
      );
    }
  });
}

/**
 * Three plans with instalments 1 and 2 missed as `lapsingPlan` has them: Chiara's (40,00 €),
 * Roberta's (15,00 €) and Marco's (12,00 €, no e-mail); those named in `reminded` reminded five
 * days ago, after instalment 2 fell due, so that they meet the law's rule (`lapse_due`); the
 * others are `late`.
 */
export async function threePlans(
  db: Db,
  reminded: readonly ("chiara" | "roberta" | "marco")[],
) {
  const { f, op, gw, plan: chiara, input, due } = await lapsingPlan(db);
  const { position_id: roberta } = await grantInstalmentPlan(db, op, gw, f.other, input);
  await dueOn(db, roberta, due);
  const { position_id: marco } = await grantInstalmentPlan(db, op, gw, f.unreachable, input);
  await dueOn(db, marco, due);
  const plans = { chiara, roberta, marco };
  for (const who of reminded) await remindedAgo(db, plans[who], 5);
  return { f, op, gw, ...plans };
}

/** The plans lapsed (position → reason), and the addresses of the e-mails of a lapse. */
export const lapsesWritten = (db: Db) =>
  db.asOwner(async (tx) => ({
    lapsed: Object.fromEntries(
      (await tx.query<{ position_id: string; lapse_reason: string }>(
        "select position_id, lapse_reason from public.instalment_plans where lapsed_at is not null",
      )).map((r) => [r.position_id, r.lapse_reason]),
    ),
    mails: (await tx.query<{ to_address: string }>(
      `select to_address from public.mail_outbox where subject like '%rateizzazione decaduta'
        order by to_address`,
    )).map((m) => m.to_address),
  }));

/** The e-mail address in the registry of the payer of `position`. */
export const payerEmailOf = async (db: Db, position: string) =>
  (await db.asOwner((tx) =>
    tx.query<{ email: string }>(
      `select pe.email from public.debt_positions d join public.people pe on pe.id = d.payer_id
        where d.id = $1`,
      [position],
    )
  ))[0].email;
