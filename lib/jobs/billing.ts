/**
 * The billing jobs: compute queued runs, resume runs whose worker stopped (no heartbeat for a
 * minute), issue runs asked to be issued. A run is claimed with `FOR UPDATE SKIP LOCKED`, so any
 * number of processes may run this loop; the work itself is resumable (see
 * `lib/billing/run_job.ts` and `lib/billing/issue.ts`).
 *
 * @module
 */
import type { Db } from "../db/types.ts";
import { issueRun } from "../billing/issue.ts";
import { actFor, computeRun } from "../billing/run_job.ts";
import { emit } from "../realtime/emit.ts";
import { type JobLoop, startJobLoop } from "./loop.ts";

const WORKER = `${Deno.hostname?.() ?? "host"}:${Deno.pid}:${crypto.randomUUID().slice(0, 8)}`;
const STALE = "60 seconds";

interface Claimed {
  id: string;
  tenant_id: string;
  status: "computing" | "issuing";
}

/** Claims one run to work on, or null. */
export async function claimRun(db: Db): Promise<Claimed | null> {
  return await db.asService(async (tx) => {
    const [r] = await tx.query<Claimed>(
      `update public.billing_runs r
          set status = case when r.status = 'issuing' then 'issuing' else 'computing' end,
              claimed_by = $1, heartbeat_at = now(), attempts = r.attempts + 1
        where r.id = (
          select id from public.billing_runs
           where status = 'queued'
              or (status in ('computing', 'issuing')
                  and (claimed_by is null or heartbeat_at is null
                       or heartbeat_at < now() - interval '${STALE}'))
           order by created_at
           for update skip locked
           limit 1)
        returning r.id, r.tenant_id, r.status`,
      [WORKER],
    );
    return r ?? null;
  });
}

async function fail(db: Db, run: Claimed, e: unknown): Promise<void> {
  const message = e instanceof Error ? e.message : String(e);
  await db.asService(async (tx) => {
    await actFor(tx, run.tenant_id);
    // An interrupted issue stays `issuing` and is resumed; a computation becomes `failed`.
    await tx.query(
      `update public.billing_runs
          set status = case when status = 'computing' then 'failed' else status end,
              error = $2, claimed_by = null, heartbeat_at = null
        where id = $1`,
      [run.id, message.slice(0, 1000)],
    );
    await emit(tx, `billing_run:${run.id}`, "billing.progress", {
      status: run.status === "computing" ? "failed" : "issuing",
      error: message.slice(0, 300),
    });
  });
}

/** Works until no run is left to claim; returns the runs it worked on. */
export async function runPendingBillingJobs(db: Db): Promise<string[]> {
  const done: string[] = [];
  while (true) {
    const run = await claimRun(db);
    if (!run) return done;
    try {
      if (run.status === "issuing") await issueRun(db, run.id);
      else await computeRun(db, run.id);
    } catch (e) {
      console.error(`[fatturazione] elaborazione ${run.id} interrotta:`, e);
      await fail(db, run, e);
      if (run.status === "issuing") return done;
    }
    done.push(run.id);
  }
}

export type BillingJobs = JobLoop<string[]>;

let current: BillingJobs | null = null;

/** Asks the in-process billing jobs, when started, to look for work now. */
export function kickBillingJobs(): void {
  current?.kick();
}

export function startBillingJobs(db: Db, opts: { intervalMs?: number } = {}): BillingJobs {
  const jobs: BillingJobs = startJobLoop("fatturazione", () => runPendingBillingJobs(db), {
    intervalMs: opts.intervalMs,
    onStop: () => {
      if (current === jobs) current = null;
    },
  });
  current = jobs;
  return jobs;
}
