/**
 * Billing run at the scale of a large city (issue 6): 100,000 canteen beneficiaries and one month
 * of per-meal attendance (~2.2 M marks) on a scratch Postgres database. The run — batches of
 * `app.billing_usage`, the tariff engine for every enrollment, lines with explanations — is timed
 * against a bare set-based baseline measured in the same run on the same rows (the median of
 * three): one `INSERT … SELECT` of count × price grouped by enrollment. Target: run ≤ 3 ×
 * baseline, and the process's memory stays flat.
 *
 * Two floors are measured on the same rows and printed beside it: reading the facts alone (the
 * run's own `app.billing_usage` batches, nothing priced or written) and writing the run's lines
 * alone (one `INSERT … SELECT` of a copy of them into `charge_lines`, with its indexes, checks and
 * triggers, rolled back). They say how much of the run no pricing code can remove.
 *
 * Memory is measured on a second, untimed computation of the same run from scratch: every
 * half second a full garbage collection, then the heap still in use — what the run holds, not
 * what V8 has not collected yet. Flat: the largest retained heap of the second half is within
 * 25 % of the first half's (bounded by the batch, not by the run's size). Without `--expose-gc`
 * the peaks of the timed run are compared instead (noisier: they follow V8's collection
 * schedule). RSS before and at its peak are printed too.
 *
 * `deno task bench:billing` (DATABASE_URL required); BILLING_BENCH_BENEFICIARIES to scale down.
 *
 * @module
 */
import postgres from "postgres";
import { createRun } from "../lib/billing/runs.ts";
import { actFor, BATCH_SIZE, computeRun } from "../lib/billing/run_job.ts";
import { migrate } from "../lib/db/migrate.ts";
import { openPostgres } from "../lib/db/postgres.ts";
import type { Claims, Db } from "../lib/db/types.ts";
import { DEMO_TENANT, seedDemo } from "../lib/seed/demo.ts";
import { onCleanup } from "./cleanup.ts";
import { cpuSeconds, cpuSecondsOf } from "./cpu.ts";
import { createScratchDb, redact } from "./postgres.ts";
import { seedPeople } from "./registry_search.ts";

export interface BillingBenchResult {
  beneficiaries: number;
  marks: number;
  lines: number;
  amountCents: number;
  baselineSeconds: number;
  runSeconds: number;
  ratio: number;
  rssBeforeMb: number;
  rssPeakMb: number;
  /**
   * The largest heap in use in the first and the second half of the run (by time): retained
   * after a full collection when `memoryMethod` is "retained", raw peaks otherwise.
   */
  heapFirstHalfMb: number;
  heapSecondHalfMb: number;
  memoryMethod: "retained" | "peak";
  /** The second half's peak within 25 % of the first's: memory bounded by the batch, not the run. */
  memoryFlat: boolean;
  /**
   * What the run cannot go below, measured on the same rows: reading the facts alone
   * (`app.billing_usage` batch after batch, nothing priced or written) and writing the run's own
   * lines alone (one `INSERT … SELECT` into `charge_lines` from a copy: the table's indexes,
   * checks and triggers, nothing computed). The median of three each.
   */
  readFloorSeconds: number;
  writeFloorSeconds: number;
  /**
   * The same lines written into a bare table of the same columns (no index, check, key or
   * trigger): what their width costs, so that the rest of the write floor is the table's
   * indexes and keys.
   */
  bareWriteSeconds: number;
  /**
   * CPU seconds used during the timed run by this process (the pricing, the rows read and the
   * COPY text written, on one JavaScript thread) and by the database's server processes of the
   * scratch database (null when they are not on this machine): which side a 2-core machine
   * spent the run on.
   */
  runCpu: { process: number | null; database: number | null };
  pass: boolean;
}

const MONTH_FROM = "2026-10-01";
/** Connections of the bench's pool (the run reads and writes on two at once). */
const POOL = 4;
const MONTH_TO = "2026-10-31";

async function vacuum(url: string, table: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`vacuum analyze ${table}`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function seed(
  db: Db,
  scratchUrl: string,
  tenantId: string,
  beneficiaries: number,
): Promise<number> {
  const payers = Math.ceil(beneficiaries / 3);
  await seedPeople(db, tenantId, beneficiaries + payers);
  return await db.asOwner(async (tx) => {
    await tx.query("alter table public.enrollments disable trigger enrollments_audit");
    await tx.query("alter table public.attendance_marks disable trigger attendance_marks_audit");
    // Beneficiaries take the tariff situations of the demo canteen's children in turn, with
    // the ISEE of their payer.
    await tx.query(
      `with demo as (
         select e.service_id, e.school_year_id, e.tariff_id, e.tariff_assignment, e.site_id,
                e.class_id, row_number() over (order by e.id) - 1 as k
           from public.enrollments e join public.services s on s.id = e.service_id
          where e.tenant_id = $1 and s.code = 'MENSA' and e.tariff_assignment is not null),
       nd as (select count(*) as n from demo),
       ppl as (
         select p.id, row_number() over (order by p.id) - 1 as r from public.people p
          where p.tenant_id = $1
            and not exists (select 1 from public.enrollments e where e.beneficiary_id = p.id)
            and not exists (select 1 from public.enrollments e where e.payer_id = p.id)),
       kids as (select id, r from ppl where r < $2),
       adults as (select id, r - $2 as r from ppl where r >= $2 and r < $2 + $3)
       insert into public.enrollments (tenant_id, service_id, school_year_id, beneficiary_id,
         payer_id, site_id, class_id, starts_on, ends_on, tariff_id, tariff_assignment)
       select $1, d.service_id, d.school_year_id, kids.id, adults.id, d.site_id, d.class_id,
              '2026-09-15', '2027-06-10', d.tariff_id,
              -- Each family its own ISEE (siblings share it), as in a real city.
              jsonb_set(d.tariff_assignment, '{situation,iseeCents}',
                        to_jsonb(100000 + (adults.r * 7919) % 4000000))
         from kids
         join adults on adults.r = kids.r % $3
         join demo d on d.k = kids.r % (select n from nd)`,
      [tenantId, beneficiaries, payers],
    );
    // A month of marks as a roll-call service would have them: present, one in twenty absent.
    const [{ n }] = await tx.query<{ n: number }>(
      `with days as (
         select d::date as day from generate_series($2::date, $3::date, '1 day') d
           join public.services s on s.tenant_id = $1 and s.code = 'MENSA'
          where app.is_service_day($1, s.id, d::date)),
       ins as (
         insert into public.attendance_marks (tenant_id, enrollment_id, day, status, meal, source,
                                              marked_at)
         select $1, e.id, days.day,
                case when hashtext(e.id::text || days.day) % 20 = 0 then 'absent' else 'present' end,
                case when hashtext(e.id::text || days.day) % 20 = 0 then null else 'standard' end,
                'teacher', now()
           from public.enrollments e join public.services s on s.id = e.service_id
          cross join days
          where e.tenant_id = $1 and s.code = 'MENSA'
         returning 1)
       select count(*)::int as n from ins`,
      [tenantId, MONTH_FROM, MONTH_TO],
    );
    await tx.query("alter table public.enrollments enable trigger enrollments_audit");
    await tx.query("alter table public.attendance_marks enable trigger attendance_marks_audit");
    return n;
  }).then(async (n) => {
    // As autovacuum would have done on a live database after a month of marks: statistics and
    // the visibility map (index-only reads of the marks).
    await db.asOwner((tx) => tx.exec("analyze public.enrollments; analyze public.people"));
    await vacuum(scratchUrl, "public.attendance_marks");
    return n;
  });
}

/**
 * Count × price grouped by enrollment, over the same marks, into a plain table: the median of
 * three (one run varies by ±15 % on a small machine, and the ratio with it).
 */
async function baseline(db: Db, tenantId: string, log: (line: string) => void): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) times.push(await baselineOnce(db, tenantId));
  log(`  baseline runs: ${times.map((t) => t.toFixed(2)).join(", ")} s`);
  return times.sort((a, b) => a - b)[1];
}

async function baselineOnce(db: Db, tenantId: string): Promise<number> {
  await db.asOwner((tx) =>
    tx.exec(
      `drop table if exists public.bench_billing_baseline;
       create table public.bench_billing_baseline (
         tenant_id uuid, enrollment_id uuid, meals bigint, amount_cents bigint)`,
    )
  );
  const t = performance.now();
  await db.asOwner((tx) =>
    tx.query(
      `insert into public.bench_billing_baseline (tenant_id, enrollment_id, meals, amount_cents)
       select c.tenant_id, c.enrollment_id, c.n,
              c.n * coalesce(e.override_cents, (e.tariff_assignment -> 'quote' ->> 'cents')::bigint)
         from (select m.tenant_id, m.enrollment_id, count(*) as n
                 from public.attendance_marks m
                where m.tenant_id = $1 and m.day between $2 and $3 and m.status = 'present'
                  and m.voided_at is null
                group by m.tenant_id, m.enrollment_id) c
         join public.enrollments e on e.tenant_id = c.tenant_id and e.id = c.enrollment_id`,
      [tenantId, MONTH_FROM, MONTH_TO],
    )
  );
  return (performance.now() - t) / 1000;
}

/** The facts of every enrollment of the month read as the run reads them, and nothing else. */
async function readFloorOnce(db: Db, tenantId: string, serviceIds: string[]): Promise<number> {
  const t = performance.now();
  let after: string | null = null;
  while (true) {
    const rows: { id: string }[] = await db.asService(async (tx) => {
      await actFor(tx, tenantId);
      return await tx.query<{ id: string }>(
        `select enrollment_id as id from app.billing_usage($1::uuid[], $2::date, $3::date,
           $4::uuid, $5::int)`,
        [serviceIds, MONTH_FROM, MONTH_TO, after, BATCH_SIZE],
      );
    });
    if (rows.length < BATCH_SIZE) break;
    after = rows[rows.length - 1].id;
  }
  return (performance.now() - t) / 1000;
}

/**
 * The run's own lines written again, set-based, into `charge_lines` (rolled back): a copy with new
 * ids, a month later so that the unique index on computed lines takes them as new lines. With
 * `bare`, into a table of the same columns and nothing else (created and dropped in the same
 * transaction).
 */
async function writeFloorOnce(db: Db, runId: string, bare = false): Promise<number> {
  let seconds = 0;
  await db.asOwner(async (tx) => {
    const target = bare ? "public.bench_bare_lines" : "public.charge_lines";
    if (bare) await tx.exec("create table public.bench_bare_lines (like public.charge_lines)");
    await tx.query(
      `create temp table floor_lines on commit drop as
         select * from public.charge_lines where run_id = $1`,
      [runId],
    );
    await tx.exec(
      `update floor_lines set id = gen_random_uuid(),
              period_start = (period_start + interval '1 month')::date,
              period_end = (period_end + interval '1 month')::date`,
    );
    const t = performance.now();
    await tx.exec(`insert into ${target} select * from floor_lines`);
    seconds = (performance.now() - t) / 1000;
    throw new RolledBack();
  }).catch((e) => {
    if (!(e instanceof RolledBack)) throw e;
  });
  return seconds;
}

class RolledBack extends Error {}

const median3 = async (f: () => Promise<number>): Promise<number> => {
  const xs = [await f(), await f(), await f()];
  return xs.sort((a, b) => a - b)[1];
};

/** The server processes of the scratch database (the pool's connections, when local). */
async function backendPids(db: Db): Promise<number[]> {
  const rows = await db.asOwner((tx) =>
    tx.query<{ pid: number }>(
      "select pid from pg_stat_activity where datname = current_database()",
    )
  );
  return rows.map((r) => r.pid);
}

/**
 * Computes run `runId` again, untimed, collecting garbage every half second: the heap still in use
 * after each collection, over time (the last once the run is done).
 */
async function retainedHeap(
  db: Db,
  runId: string,
  gc: () => void,
): Promise<{ at: number; mb: number }[]> {
  // The same run from scratch (its lines gone without a row of audit each).
  await db.asOwner(async (tx) => {
    await tx.exec("set local session_replication_role = replica");
    await tx.query("delete from public.charge_lines where run_id = $1", [runId]);
    await tx.query("delete from public.billing_problems where run_id = $1", [runId]);
    await tx.query(
      `update public.billing_runs set status = 'computing', started_at = null,
              cursor_enrollment = null, cursor_period = null, cursor_phase = 'period',
              progress_done = 0
        where id = $1`,
      [runId],
    );
  });
  const out: { at: number; mb: number }[] = [];
  const sample = () => {
    gc();
    out.push({ at: performance.now(), mb: Deno.memoryUsage().heapUsed / 2 ** 20 });
  };
  const sampler = setInterval(sample, 500);
  try {
    await computeRun(db, runId);
  } finally {
    clearInterval(sampler);
  }
  sample();
  return out;
}

export async function benchBilling(
  serverUrl: string,
  log: (line: string) => void = console.log,
): Promise<BillingBenchResult> {
  const beneficiaries = Number(Deno.env.get("BILLING_BENCH_BENEFICIARIES") ?? 100_000);
  const scratch = await createScratchDb(serverUrl);
  const db = openPostgres(scratch.url, { max: POOL });
  // BILLING_BENCH_KEEP=1 keeps the scratch database for EXPLAIN sessions (dropped otherwise).
  const keep = Deno.env.get("BILLING_BENCH_KEEP") === "1";
  const drop = onCleanup(async () => {
    await db.close();
    if (!keep) await scratch.drop();
  });
  log(`Billing run: ${beneficiaries} beneficiaries in scratch database ${redact(scratch.url)}`);
  try {
    await migrate(db);
    await seedDemo(db);
    const [{ tenant_id, operator, mensa }] = await db.asOwner((tx) =>
      tx.query<{ tenant_id: string; operator: string; mensa: string }>(
        `select t.id as tenant_id, m.user_id as operator, s.id as mensa from public.tenants t
           join public.memberships m on m.tenant_id = t.id and m.role = 'operator'
           join public.services s on s.tenant_id = t.id and s.code = 'MENSA'
          where t.istat_code = $1 limit 1`,
        [DEMO_TENANT.istatCode],
      )
    );
    const began = performance.now();
    const marks = await seed(db, scratch.url, tenant_id, beneficiaries);
    log(`  seeded ${marks} marks in ${((performance.now() - began) / 1000).toFixed(1)} s`);
    // The canteen billed per meal as a roll-call service, as the marks were written.
    await db.asOwner((tx) =>
      tx.query("update public.services set attendance_mode = 'roll_call' where id = $1", [mensa])
    );
    // Warm the caches the same way for both: one read of the month's marks.
    await db.asOwner((tx) =>
      tx.query("select count(*) from public.attendance_marks where tenant_id = $1", [tenant_id])
    );
    const baselineSeconds = await baseline(db, tenant_id, log);
    log(`  baseline INSERT … SELECT (median): ${baselineSeconds.toFixed(2)} s`);

    const claims: Claims = {
      sub: operator,
      role: "authenticated",
      app_metadata: { tenant_id, roles: ["operator"] },
    };
    const runId = await db.asUser(
      claims,
      (tx) =>
        createRun(
          tx,
          { periodStart: MONTH_FROM, periodEnd: MONTH_TO, serviceIds: [mensa] },
          operator,
        ),
    );
    await db.asService((tx) =>
      tx.query("update public.billing_runs set status = 'computing' where id = $1", [runId])
    );
    const rssBefore = Deno.memoryUsage().rss;
    let rssPeak = rssBefore;
    const peaks: { at: number; mb: number }[] = [];
    const sampler = setInterval(() => {
      const m = Deno.memoryUsage();
      rssPeak = Math.max(rssPeak, m.rss);
      peaks.push({ at: performance.now(), mb: m.heapUsed / 2 ** 20 });
    }, 50);
    // The pool opened to its size before the clocks start, so that every backend is counted.
    await Promise.all(
      Array.from({ length: POOL }, () => db.asOwner((tx) => tx.query("select pg_sleep(0.05)"))),
    );
    const pids = await backendPids(db);
    const cpu0 = { process: cpuSeconds("self"), database: cpuSecondsOf(pids) };
    const t = performance.now();
    try {
      await computeRun(db, runId);
    } finally {
      clearInterval(sampler);
    }
    const runSeconds = (performance.now() - t) / 1000;
    const cpu1 = { process: cpuSeconds("self"), database: cpuSecondsOf(pids) };
    const spent = (a: number | null, b: number | null) => a === null || b === null ? null : b - a;
    const runCpu = {
      process: spent(cpu0.process, cpu1.process),
      database: spent(cpu0.database, cpu1.database),
    };
    const [r] = await db.asOwner((tx) =>
      tx.query<{ lines: number; amount: number }>(
        `select count(*)::int as lines, coalesce(sum(amount_cents), 0)::bigint as amount
           from public.charge_lines where run_id = $1`,
        [runId],
      )
    );
    const readFloorSeconds = await median3(() => readFloorOnce(db, tenant_id, [mensa]));
    const writeFloorSeconds = await median3(() => writeFloorOnce(db, runId));
    const bareWriteSeconds = await median3(() => writeFloorOnce(db, runId, true));
    const gc = (globalThis as { gc?: () => void }).gc;
    const heap = gc ? await retainedHeap(db, runId, gc) : peaks;
    const ratio = runSeconds / baselineSeconds;
    const middle = (heap[0].at + heap[heap.length - 1].at) / 2;
    const peak = (xs: { mb: number }[]) => xs.reduce((n, x) => Math.max(n, x.mb), 0);
    const heapFirstHalfMb = peak(heap.filter((x) => x.at < middle));
    const heapSecondHalfMb = peak(heap.filter((x) => x.at >= middle));
    const result: BillingBenchResult = {
      beneficiaries,
      marks,
      lines: r.lines,
      amountCents: Number(r.amount),
      baselineSeconds,
      runSeconds,
      ratio,
      rssBeforeMb: rssBefore / 2 ** 20,
      rssPeakMb: rssPeak / 2 ** 20,
      heapFirstHalfMb,
      heapSecondHalfMb,
      memoryMethod: gc ? "retained" : "peak",
      memoryFlat: heapSecondHalfMb <= heapFirstHalfMb * 1.25,
      readFloorSeconds,
      writeFloorSeconds,
      bareWriteSeconds,
      runCpu,
      pass: ratio <= 3,
    };
    log(toText(result));
    return result;
  } finally {
    await drop();
  }
}

export function toText(r: BillingBenchResult): string {
  return [
    `billing run: ${r.beneficiaries} beneficiaries, ${r.marks} marks → ${r.lines} lines`,
    `  baseline ${r.baselineSeconds.toFixed(2)} s, run ${r.runSeconds.toFixed(2)} s, ratio ${
      r.ratio.toFixed(2)
    } (target ≤ 3: ${r.pass ? "met" : "NOT met"})`,
    `  floors on the same rows: reading the facts alone ${r.readFloorSeconds.toFixed(2)} s (${
      (r.readFloorSeconds / r.baselineSeconds).toFixed(1)
    } × baseline), writing the run's lines alone ${r.writeFloorSeconds.toFixed(2)} s (${
      (r.writeFloorSeconds / r.baselineSeconds).toFixed(1)
    } × baseline)`,
    `  the same lines into a bare table of the same columns (no index, key, check or trigger): ${
      r.bareWriteSeconds.toFixed(2)
    } s (${(r.bareWriteSeconds / r.baselineSeconds).toFixed(1)} × baseline)`,
    `  CPU during the run: this process ${cpuText(r.runCpu.process, r.runSeconds)}, the database ${
      cpuText(r.runCpu.database, r.runSeconds)
    }`,
    `  RSS before ${r.rssBeforeMb.toFixed(0)} MB, peak during the run ${r.rssPeakMb.toFixed(0)} MB`,
    `  heap in use, ${
      r.memoryMethod === "retained" ? "retained after a full collection" : "peak"
    }: first half of the run ${r.heapFirstHalfMb.toFixed(0)} MB, second half ${
      r.heapSecondHalfMb.toFixed(0)
    } MB (flat: ${r.memoryFlat ? "yes" : "NO"})`,
  ].join("\n");
}

const cpuText = (seconds: number | null, wall: number) =>
  seconds === null
    ? "not measured (not on this machine)"
    : `${seconds.toFixed(2)} s (${Math.round((seconds / wall) * 100)} % of one core)`;

if (import.meta.main) {
  const url = Deno.env.get("DATABASE_URL");
  if (!url) {
    console.error("DATABASE_URL is required (a Postgres server where a scratch database is made)");
    Deno.exit(2);
  }
  const r = await benchBilling(url);
  console.log(`BENCH_JSON ${JSON.stringify({ billing: r })}`);
  Deno.exit(0);
}
