/**
 * The demo canteen billed by pagoPA notice, with runs computed and issued as the office does it:
 * for tests of what issues leave behind (carried amounts, credits given back).
 */
import assert from "node:assert/strict";
import { approveRun, createRun, requestIssue } from "../../lib/billing/runs.ts";
import type { Claims, Db } from "../../lib/db/types.ts";
import { claimsOf } from "../../lib/enrollment/review_testing.ts";
import { runPendingBillingJobs } from "../../lib/jobs/billing.ts";

export const OPERATOR = "m.rossi@comune.valdiponte.example";
export const CHIARA = "chiara.colombo@posta.example";

export interface CanteenBilling {
  tenantId: string;
  op: Claims;
  chiara: Claims;
  mensa: string;
  /** Chiara's registry record: she pays the canteen for her children. */
  chiaraPayer: string;
}

/** Billing settings of the demo Ente and the canteen billed by notice (minimum `minCents`). */
export async function canteenBilling(db: Db, minCents = 0): Promise<CanteenBilling> {
  const op = await claimsOf(db, OPERATOR);
  const chiara = await claimsOf(db, CHIARA);
  const tenantId = op.app_metadata.tenant_id as string;
  return await db.asOwner(async (tx) => {
    await tx.query(
      `insert into public.billing_settings (tenant_id, segregation_code, iban, due_days)
       values ($1, '02', 'IT60X0542811101000000123456', 30) on conflict (tenant_id) do nothing`,
      [tenantId],
    );
    const [m] = await tx.query<{ id: string }>(
      "select id from public.services where tenant_id = $1 and code = 'MENSA'",
      [tenantId],
    );
    await tx.query(
      `insert into public.service_billing (tenant_id, service_id, mode, taxonomy_code, min_notice_cents)
       values ($1, $2, 'notice', '9/0107101TS/', $3)
       on conflict (tenant_id, service_id) do update set min_notice_cents = excluded.min_notice_cents`,
      [tenantId, m.id, minCents],
    );
    const [p] = await tx.query<{ id: string }>(
      "select id from public.people where tenant_id = $1 and user_id = $2",
      [tenantId, chiara.sub],
    );
    return { tenantId, op, chiara, mensa: m.id, chiaraPayer: p.id };
  });
}

/** A run of the canteen for `from`–`to`, computed by the job. */
export async function computedRun(
  db: Db,
  b: Pick<CanteenBilling, "op" | "mensa">,
  from: string,
  to: string,
): Promise<string> {
  const id = await db.asUser(
    b.op,
    (tx) => createRun(tx, { periodStart: from, periodEnd: to, serviceIds: [b.mensa] }, b.op.sub),
  );
  assert.deepEqual(await runPendingBillingJobs(db), [id]);
  return id;
}

/** Approves and issues run `runId` as the operator. */
export async function issuedRun(db: Db, op: Claims, runId: string): Promise<void> {
  await db.asUser(op, (tx) => approveRun(tx, runId, op.sub));
  await db.asUser(op, (tx) => requestIssue(tx, runId, op.sub));
  await runPendingBillingJobs(db);
}
