/**
 * What waits for the office, for its dashboard: each queue counted with the same filters its own
 * page uses (so the number and the list it links to agree), under the caller's RLS, and linked
 * to that page already filtered. Queues with nothing in them are left out.
 *
 * @module
 */
import type { Tx } from "../db/types.ts";
import { listCarried } from "../billing/carried.ts";
import { listRequests } from "../billing/instalment_plan_requests.ts";
import { listPlans } from "../billing/instalment_plans_read.ts";
import { listPositions } from "../billing/positions_read.ts";
import { listRuns } from "../billing/review.ts";
import { listApplications } from "../enrollment/list.ts";
import { countMissingIsee } from "../inps/attestations.ts";
import { receiptsNeedingAttention, TO_CHECK } from "../pagopa/receipts_read.ts";
import { countIssues, DEFAULT_WAIT_DAYS } from "../reconciliation/queries.ts";

export type TodoKey =
  | "applications"
  | "isee"
  | "runs_to_approve"
  | "runs_failed"
  | "overdue"
  | "instalment_requests"
  | "lapses_due"
  | "instalments_missed"
  | "gpd_failed"
  | "receipts"
  | "reconciliation"
  | "credits";

export interface TodoItem {
  key: TodoKey;
  count: number;
  /** Money the queue holds, when it is about money. */
  cents: number | null;
  href: string;
  /** True when the count stopped at the page's own limit ("1000+"). */
  capped: boolean;
}

/** Reconciliation differences are read up to this many (their page shows as many). */
const RECONCILIATION_LIMIT = 1000;

/** The office's queues with something in them, in the order the dashboard shows them. */
export async function officeTodo(tx: Tx): Promise<TodoItem[]> {
  const none = { limit: 0, offset: 0 };
  const applications = await listApplications(
    tx,
    { status: "submitted", outcome: "pending" },
    none,
  );
  const isee = await countMissingIsee(tx);
  const computed = await listRuns(tx, { status: "computed", ...none });
  const failed = await listRuns(tx, { status: "failed", ...none });
  const overdue = await listPositions(tx, { overdue: true }, 0, 0);
  const gpd = await listPositions(tx, { gpd_status: "failed" }, 0, 0);
  const requests = await listRequests(tx, { status: "pending" }, 0, 0);
  const lapseDue = await listPlans(tx, { standing: "lapse_due" }, 0, 0);
  const late = await listPlans(tx, { standing: "late" }, 0, 0);
  const receipts = Object.values(await receiptsNeedingAttention(tx)).reduce((n, x) => n + x, 0);
  const differences = await countIssues(tx, {
    days: DEFAULT_WAIT_DAYS,
    limit: RECONCILIATION_LIMIT,
  });
  const credits = await listCarried(tx, { class: "credit" }, 0, 0);
  const item = (
    key: TodoKey,
    count: number,
    href: string,
    cents: number | null = null,
    capped = false,
  ): TodoItem => ({ key, count, cents, href, capped });
  return [
    item("applications", applications.total, "/operatore/domande?esito=pending"),
    item("isee", isee, "/operatore/isee/mancanti"),
    item("runs_to_approve", computed.total, "/operatore/fatturazione"),
    item("runs_failed", failed.total, "/operatore/fatturazione"),
    item("overdue", overdue.total, "/operatore/posizioni?status=overdue", overdue.overdue_cents),
    item(
      "instalment_requests",
      requests.total,
      "/operatore/posizioni/rateizzazioni?stato=pending",
    ),
    item(
      "lapses_due",
      lapseDue.total,
      "/operatore/posizioni/piani?stato=lapse_due",
      lapseDue.missed_cents,
    ),
    item(
      "instalments_missed",
      late.total,
      "/operatore/posizioni/piani?stato=late",
      late.missed_cents,
    ),
    item("gpd_failed", gpd.total, "/operatore/posizioni?gpd_status=failed"),
    item("receipts", receipts, `/operatore/ricevute?stato=${TO_CHECK}`),
    item(
      "reconciliation",
      differences,
      "/operatore/riconciliazione/da-verificare",
      null,
      differences >= RECONCILIATION_LIMIT,
    ),
    item(
      "credits",
      credits.totals.credit.count,
      "/operatore/fatturazione/riportati?classe=credit",
      -credits.totals.credit.cents,
    ),
  ].filter((i) => i.count > 0);
}
