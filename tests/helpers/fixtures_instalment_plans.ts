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
import { enforcedFixture } from "./fixtures_enforced.ts";
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
