/**
 * Computing a billing run: for each month of the run's period, enrollments are read in batches
 * by id (`app.billing_usage`), priced (`price.ts`) against what earlier issued runs already billed
 * for the same enrollment and month, and written as charge lines in one statement per batch,
 * together with the run's progress and resume point, in one transaction. A crash loses at most
 * the batch in flight; computing again resumes after the last committed batch, and the unique
 * index on computed lines makes a repeated batch insert nothing.
 *
 * After the period, the late-changes phase looks for marks recorded or voided, and enrollments
 * changed, after the previous run of the same services started: their months already issued are
 * priced again and the difference becomes an adjustment line in this run (issued money is never
 * rewritten).
 *
 * @module
 */
import type { Db, Tx } from "../db/types.ts";
import { emit } from "../realtime/emit.ts";
import { engineTariff, getTariff } from "../tariffs/db.ts";
import { monthName } from "../tariffs/labels.ts";
import { formatEuro } from "../tariffs/money.ts";
import { sqlState } from "../tenancy/errors.ts";
import {
  billedOnce,
  type MonthFacts,
  monthsOf,
  type PricedLine,
  priceMonth,
  type Problem,
  type QuoteCache,
  type TariffWithId,
  type Usage,
} from "./price.ts";

export interface RunRow {
  id: string;
  tenant_id: string;
  number: number;
  period_start: string;
  period_end: string;
  label: string;
  service_ids: string[];
  status: string;
  progress_done: number;
  progress_total: number;
  cursor_enrollment: string | null;
  cursor_period: string | null;
  cursor_phase: "period" | "late_changes";
  started_at: string | null;
}

export interface ComputeOptions {
  batchSize?: number;
  /** Tests: throw after this many committed batches (a crash in the middle of a run). */
  crashAfterBatches?: number;
}

export class SimulatedCrash extends Error {}

/** Enrollments priced and written per transaction. */
export const BATCH_SIZE = 4000;

const PROFILE = Deno.env.get("BILLING_PROFILE") === "1";

/** Sets the claims of a system job acting for one Ente (service_role, tenant named). */
export async function actFor(tx: Tx, tenantId: string): Promise<void> {
  await tx.query("select set_config('request.jwt.claims', $1, true)", [
    JSON.stringify({ role: "service_role", app_metadata: { tenant_id: tenantId, roles: [] } }),
  ]);
}

export const billingRunRoom = (id: string) => `billing_run:${id}`;

interface Line extends PricedLine {
  enrollment_id: string;
  service_id: string;
  payer_id: string;
  beneficiary_id: string;
  site_id: string | null;
  period_start: string;
  period_end: string;
  computed: number;
}

interface ProblemRow extends Problem {
  enrollment_id: string;
  payer_id: string;
}

/** Loads tariffs once per run. */
class Tariffs {
  #cache = new Map<string, TariffWithId | null>();
  readonly quotes: QuoteCache = new Map();
  async get(tx: Tx, id: string | null): Promise<TariffWithId | null> {
    if (!id) return null;
    if (!this.#cache.has(id)) {
      const t = await getTariff(tx, id);
      this.#cache.set(
        id,
        t ? { id: t.id, title: t.title, status: t.status, ...engineTariff(t) } : null,
      );
    }
    return this.#cache.get(id)!;
  }
  /** A tariff loaded before by `get`. */
  peek(id: string | null): TariffWithId | null {
    return id ? this.#cache.get(id) ?? null : null;
  }
}

async function loadRun(tx: Tx, runId: string): Promise<RunRow | null> {
  const [r] = await tx.query<RunRow>(
    `select id, tenant_id, number, period_start, period_end, label, service_ids, status,
            progress_done, progress_total, cursor_enrollment, cursor_period, cursor_phase,
            started_at
       from public.billing_runs where id = $1`,
    [runId],
  );
  return r ?? null;
}

async function monthFacts(
  tx: Tx,
  run: RunRow,
  m: { month: string; from: string; to: string },
): Promise<Map<string, MonthFacts>> {
  const rows = await tx.query<{ id: string; title: string; open_days: number }>(
    `select s.id, s.title,
            (select count(*)::int from generate_series($2::date,
               ($2::date + interval '1 month' - interval '1 day')::date, interval '1 day') d
              where app.is_service_day(s.tenant_id, s.id, d::date)) as open_days
       from public.services s where s.tenant_id = $1 and s.id = any ($3::uuid[])`,
    [run.tenant_id, `${m.month}-01`, run.service_ids],
  );
  return new Map(rows.map((r) => [r.id, {
    month: m.month,
    from: m.from,
    to: m.to,
    monthOpenDays: r.open_days,
    serviceTitle: r.title,
  }]));
}

/**
 * What runs other than `run` already billed (computed amounts, issued or approved) per
 * enrollment for `periodStart`, and which enrollments had a once-only fee billed.
 */
async function alreadyBilled(
  tx: Tx,
  run: RunRow,
  ids: string[],
  periodStart: string,
): Promise<{ month: Map<string, number>; once: Set<string> }> {
  const rows = await tx.query<
    { enrollment_id: string; cents: number; has_month: boolean; once: boolean }
  >(
    `select cl.enrollment_id,
            coalesce(sum(cl.computed_cents) filter (where cl.period_start = $4
              and cl.unit not in ('term', 'year', 'once')), 0)::bigint as cents,
            bool_or(cl.period_start = $4 and cl.unit not in ('term', 'year', 'once')) as has_month,
            bool_or(cl.unit in ('term', 'year', 'once')) as once
       from public.charge_lines cl
       join public.billing_runs r on r.tenant_id = cl.tenant_id and r.id = cl.run_id
      where cl.tenant_id = $1 and cl.enrollment_id = any ($2::uuid[]) and cl.source = 'computed'
        and r.id <> $3 and r.status in ('approved', 'issuing', 'issued')
        and (cl.period_start = $4 or cl.unit in ('term', 'year', 'once'))
      group by cl.enrollment_id`,
    [run.tenant_id, ids, run.id, periodStart],
  );
  const month = new Map<string, number>();
  const once = new Set<string>();
  for (const r of rows) {
    if (r.has_month) month.set(r.enrollment_id, Number(r.cents));
    if (r.once) once.add(r.enrollment_id);
  }
  return { month, once };
}

function adjustmentLine(
  u: Usage,
  m: MonthFacts,
  due: PricedLine[],
  billed: number,
): Line | null {
  const dueCents = due.reduce((n, l) => n + l.amount_cents, 0);
  const delta = dueCents - billed;
  if (delta === 0) return null;
  const month = `${monthName(Number(m.month.slice(5, 7)), "it")} ${m.month.slice(0, 4)}`;
  const monthEn = `${monthName(Number(m.month.slice(5, 7)), "en")} ${m.month.slice(0, 4)}`;
  const first = due[0]?.explanation;
  const it = `Conguaglio ${m.serviceTitle} ${month}: dovuto ${
    formatEuro(dueCents, "it")
  }, già addebitato ${formatEuro(billed, "it")}, differenza ${formatEuro(delta, "it")}`;
  const en = `Adjustment ${m.serviceTitle} ${monthEn}: due ${
    formatEuro(dueCents, "en")
  }, already charged ${formatEuro(billed, "en")}, difference ${formatEuro(delta, "en")}`;
  return {
    kind: "adjustment" as PricedLine["kind"],
    unit: "month",
    quantity: 1,
    unit_cents: delta,
    amount_cents: delta,
    computed: delta,
    description: `Conguaglio ${m.serviceTitle} ${month} — ${u.beneficiary_name}`.slice(0, 300),
    explanation: {
      summary: { it, en },
      steps: {
        it: [...(first?.steps.it ?? []), ...due.map((l) => l.explanation.summary.it), it],
        en: [...(first?.steps.en ?? []), ...due.map((l) => l.explanation.summary.en), en],
      },
      usage: first?.usage ?? {
        open_days: u.open_days,
        billable_days: u.billable_days,
        absent_days: u.absent_days,
        white_meals: u.white_meals,
        voided_days: u.voided_days,
        month_open_days: m.monthOpenDays,
      },
      tariff: first?.tariff ?? null,
    },
    enrollment_id: u.enrollment_id,
    service_id: u.service_id,
    payer_id: u.payer_id,
    beneficiary_id: u.beneficiary_id,
    site_id: u.site_id,
    period_start: `${m.month}-01`,
    period_end: m.to,
  };
}

/** Prices a batch of usage rows for one month: lines (first billing or adjustment) and problems. */
type Billed = Awaited<ReturnType<typeof alreadyBilled>>;

/** The database facts pricing a batch needs: what was billed before, the tariffs. */
async function batchFacts(
  tx: Tx,
  run: RunRow,
  tariffs: Tariffs,
  usage: Usage[],
  periodStart: string,
): Promise<Billed> {
  for (const id of new Set(usage.map((u) => u.tariff_id))) await tariffs.get(tx, id);
  return await alreadyBilled(tx, run, usage.map((u) => u.enrollment_id), periodStart);
}

/** Prices a batch of usage rows for one month: lines (first billing or adjustment) and problems. */
function priceBatch(
  tariffs: Tariffs,
  usage: Usage[],
  facts: Map<string, MonthFacts>,
  periodStart: string,
  billed: Billed,
): { lines: Line[]; problems: ProblemRow[] } {
  const lines: Line[] = [];
  const problems: ProblemRow[] = [];
  for (const u of usage) {
    const m = facts.get(u.service_id)!;
    const tariff = tariffs.peek(u.tariff_id);
    const r = priceMonth(tariff, u, m, billed.once.has(u.enrollment_id), tariffs.quotes);
    if (r.problem) {
      problems.push({ ...r.problem, enrollment_id: u.enrollment_id, payer_id: u.payer_id });
      continue;
    }
    const prior = billed.month.get(u.enrollment_id);
    const recurring = r.lines.filter((l) => !isOnceLine(l));
    const toWrite = prior === undefined ? r.lines : r.lines.filter(isOnceLine);
    if (prior !== undefined) {
      const adj = adjustmentLine(u, m, recurring, prior);
      if (adj) lines.push(adj);
    }
    for (const l of toWrite) {
      lines.push({
        ...l,
        computed: l.amount_cents,
        enrollment_id: u.enrollment_id,
        service_id: u.service_id,
        payer_id: u.payer_id,
        beneficiary_id: u.beneficiary_id,
        site_id: u.site_id,
        period_start: isOnceLine(l) ? u.starts_on : periodStart,
        period_end: isOnceLine(l) ? (u.withdrawn_on ?? u.ends_on) : m.to,
      });
    }
  }
  return { lines, problems };
}

const isOnceLine = (l: PricedLine) => l.unit === "term" || l.unit === "year" || l.unit === "once";

const LINE_COLUMNS = [
  "tenant_id",
  "run_id",
  "enrollment_id",
  "service_id",
  "payer_id",
  "beneficiary_id",
  "site_id",
  "period_start",
  "period_end",
  "kind",
  "source",
  "quantity",
  "unit",
  "unit_cents",
  "amount_cents",
  "computed_cents",
  "description",
  "explanation",
] as const;

/**
 * Writes a batch's lines: by COPY where the database has it (Postgres; no JSON document to parse
 * on the server, several times cheaper than `jsonb_to_recordset`), in a savepoint so that a line
 * already there (a batch written twice by a worker presumed dead) falls back to the insert that
 * skips it. PGlite takes the insert directly.
 */
async function writeLines(tx: Tx, run: RunRow, lines: Line[]): Promise<void> {
  if (lines.length === 0) return;
  if (tx.copyIn) {
    const rows = lines.map((l) => [
      run.tenant_id,
      run.id,
      l.enrollment_id,
      l.service_id,
      l.payer_id,
      l.beneficiary_id,
      l.site_id,
      l.period_start,
      l.period_end,
      l.kind,
      "computed",
      l.quantity,
      l.unit,
      l.unit_cents,
      l.amount_cents,
      l.computed,
      l.description,
      l.explanation,
    ]);
    try {
      await tx.savepoint((sp) => sp.copyIn!("public.charge_lines", LINE_COLUMNS, rows));
      return;
    } catch (e) {
      if (sqlState(e) !== "23505") throw e;
    }
  }
  await tx.query(
    `insert into public.charge_lines (${LINE_COLUMNS.join(", ")})
     select $1, $2, x.enrollment_id, x.service_id, x.payer_id, x.beneficiary_id, x.site_id,
            x.period_start, x.period_end, x.kind, 'computed', x.quantity, x.unit, x.unit_cents,
            x.amount_cents, x.computed_cents, x.description, x.explanation
       from jsonb_to_recordset($3::jsonb -> 'rows') as x(enrollment_id uuid, service_id uuid,
              payer_id uuid, beneficiary_id uuid, site_id uuid, period_start date,
              period_end date, kind text, quantity numeric, unit text, unit_cents bigint,
              amount_cents bigint, computed_cents bigint, description text, explanation jsonb)
     on conflict (tenant_id, run_id, enrollment_id, period_start, kind)
       where source = 'computed' do nothing`,
    [run.tenant_id, run.id, {
      rows: lines.map((l) => ({
        enrollment_id: l.enrollment_id,
        service_id: l.service_id,
        payer_id: l.payer_id,
        beneficiary_id: l.beneficiary_id,
        site_id: l.site_id,
        period_start: l.period_start,
        period_end: l.period_end,
        kind: l.kind,
        quantity: l.quantity,
        unit: l.unit,
        unit_cents: l.unit_cents,
        amount_cents: l.amount_cents,
        computed_cents: l.computed,
        description: l.description,
        explanation: l.explanation,
      })),
    }],
  );
}

async function writeBatch(
  tx: Tx,
  run: RunRow,
  lines: Line[],
  problems: ProblemRow[],
): Promise<void> {
  await writeLines(tx, run, lines);
  if (problems.length > 0) {
    await tx.query(
      `insert into public.billing_problems (tenant_id, run_id, enrollment_id, payer_id, code,
         message, message_en)
       select $1, $2, x.enrollment_id, x.payer_id, x.code, x.it, x.en
         from jsonb_to_recordset($3::jsonb -> 'rows') as x(enrollment_id uuid, payer_id uuid,
                code text, it text, en text)
       on conflict (tenant_id, run_id, enrollment_id, code) do nothing`,
      [run.tenant_id, run.id, { rows: problems }],
    );
  }
}

async function progress(tx: Tx, run: RunRow, fields: Record<string, unknown>): Promise<void> {
  const keys = Object.keys(fields);
  await tx.query(
    `update public.billing_runs set ${
      keys.map((k, i) => `${k} = $${i + 2}`).join(", ")
    }, heartbeat_at = now() where id = $1`,
    [run.id, ...keys.map((k) => fields[k])],
  );
}

async function emitProgress(tx: Tx, runId: string): Promise<void> {
  const [r] = await tx.query<{ status: string; done: number; total: number }>(
    `select status, progress_done as done, progress_total as total
       from public.billing_runs where id = $1`,
    [runId],
  );
  await emit(tx, billingRunRoom(runId), "billing.progress", r);
}

/**
 * Computes (or resumes) run `runId`: the caller has claimed it (status `computing`). Returns
 * when the run is `computed`. Throws on failure; the run stays resumable.
 */
export async function computeRun(db: Db, runId: string, opts: ComputeOptions = {}): Promise<void> {
  const batchSize = opts.batchSize ?? BATCH_SIZE;
  const tariffs = new Tariffs();
  let batches = 0;
  const first = await db.asService(async (tx) => {
    const run = await loadRun(tx, runId);
    if (!run) throw new Error(`billing run ${runId} not found`);
    await actFor(tx, run.tenant_id);
    if (run.started_at === null) {
      const [{ n }] = await tx.query<{ n: number }>(
        `select count(*)::int as n from public.enrollments e
          where e.tenant_id = $1 and e.service_id = any ($2::uuid[])
            and e.starts_on <= $4 and coalesce(e.withdrawn_on, e.ends_on) >= $3`,
        [run.tenant_id, run.service_ids, run.period_start, run.period_end],
      );
      const months = monthsOf(run.period_start, run.period_end).length;
      await progress(tx, run, {
        started_at: new Date(),
        progress_total: n * months,
        progress_done: 0,
        cursor_period: run.period_start,
        cursor_phase: "period",
      });
      await emitProgress(tx, run.id);
      return (await loadRun(tx, runId))!;
    }
    return run;
  });

  const months = monthsOf(first.period_start, first.period_end);
  let monthIndex = Math.max(0, months.findIndex((m) => m.from === first.cursor_period));
  let cursor = first.cursor_enrollment;
  if (first.cursor_phase === "period") {
    for (; monthIndex < months.length; monthIndex++) {
      const m = months[monthIndex];
      const facts = await db.asService(async (tx) => {
        await actFor(tx, first.tenant_id);
        return await monthFacts(tx, first, m);
      });
      // A pipeline: the next batch's facts are read (database) while this one is priced
      // (JavaScript), and it is priced while the previous one is written. Writes stay in order,
      // each with the resume point, so a crash loses at most the batches not yet committed.
      const periodStart = `${m.month}-01`;
      const fetch = (after: string | null) => {
        const p = db.asService(async (tx) => {
          await actFor(tx, first.tenant_id);
          const usage = await tx.query<Usage>(
            `select * from app.billing_usage($1::uuid[], $2::date, $3::date, $4::uuid, $5::int)`,
            [first.service_ids, m.from, m.to, after, batchSize],
          );
          const billed = await batchFacts(tx, first, tariffs, usage, periodStart);
          return { usage, billed };
        });
        p.catch(() => {});
        return p;
      };
      const write = (
        usage: Usage[],
        priced: { lines: Line[]; problems: ProblemRow[] },
        last: string | null,
      ) =>
        db.asService(async (tx) => {
          const run = (await loadRun(tx, runId))!;
          await actFor(tx, run.tenant_id);
          if (usage.length === 0) {
            const following = months[monthIndex + 1];
            await progress(tx, run, {
              cursor_enrollment: null,
              cursor_period: following?.from ?? null,
              cursor_phase: following ? "period" : "late_changes",
            });
            return;
          }
          await writeBatch(tx, run, priced.lines, priced.problems);
          await tx.query(
            `update public.billing_runs
                set progress_done = least(progress_total, progress_done + $2),
                    cursor_enrollment = $3, cursor_period = $4, heartbeat_at = now()
              where id = $1`,
            [run.id, usage.length, last, m.from],
          );
          await emitProgress(tx, run.id);
        });
      let next = fetch(cursor);
      let writing: Promise<void> | null = null;
      const committed = async () => {
        if (!writing) return;
        await writing;
        writing = null;
        batches++;
        if (opts.crashAfterBatches !== undefined && batches >= opts.crashAfterBatches) {
          throw new SimulatedCrash(`simulated crash after ${batches} batches`);
        }
      };
      while (true) {
        const t0 = performance.now();
        const { usage, billed } = await next;
        const t1 = performance.now();
        const last = usage.at(-1)?.enrollment_id ?? null;
        const done = usage.length < batchSize;
        if (!done) next = fetch(last);
        const priced = priceBatch(tariffs, usage, facts, periodStart, billed);
        const t2 = performance.now();
        await committed();
        const t3 = performance.now();
        writing = write(usage, priced, last);
        writing.catch(() => {});
        if (PROFILE) {
          console.log(
            `batch ${usage.length}: wait facts ${(t1 - t0).toFixed(0)} ms, price ${
              (t2 - t1).toFixed(0)
            } ms, wait write ${(t3 - t2).toFixed(0)} ms`,
          );
        }
        cursor = last;
        if (done) {
          await committed();
          cursor = null;
          break;
        }
      }
    }
    await db.asService(async (tx) => {
      const run = (await loadRun(tx, runId))!;
      await actFor(tx, run.tenant_id);
      await progress(tx, run, {
        cursor_enrollment: null,
        cursor_period: null,
        cursor_phase: "late_changes",
      });
    });
  }
  await lateChanges(db, runId, tariffs);
  await db.asService(async (tx) => {
    const run = (await loadRun(tx, runId))!;
    await actFor(tx, run.tenant_id);
    await tx.query(
      `update public.billing_runs r
          set status = 'computed', computed_at = now(), heartbeat_at = now(), claimed_by = null,
              error = null, progress_done = progress_total,
              totals = (select jsonb_build_object(
                 'lines', count(*), 'amount_cents', coalesce(sum(amount_cents), 0),
                 'payers', count(distinct payer_id),
                 'problems', (select count(*) from public.billing_problems p
                               where p.tenant_id = r.tenant_id and p.run_id = r.id))
                 from public.charge_lines cl
                where cl.tenant_id = r.tenant_id and cl.run_id = r.id and cl.deleted_at is null)
        where r.id = $1`,
      [runId],
    );
    await emitProgress(tx, runId);
  });
}

/**
 * Months already issued whose facts changed after the previous run of these services started:
 * priced again, the difference as an adjustment in this run. One pass; repeated passes find the
 * same differences and insert nothing (unique computed lines).
 */
async function lateChanges(db: Db, runId: string, tariffs: Tariffs): Promise<void> {
  await db.asService(async (tx) => {
    const run = (await loadRun(tx, runId))!;
    await actFor(tx, run.tenant_id);
    const [prev] = await tx.query<{ since: string | null }>(
      `select max(r.started_at) as since from public.billing_runs r
        where r.tenant_id = $1 and r.id <> $2 and r.status in ('approved', 'issuing', 'issued')
          and r.service_ids && $3::uuid[] and r.started_at < $4`,
      [run.tenant_id, run.id, run.service_ids, run.started_at],
    );
    if (!prev?.since) return;
    // (enrollment, month) pairs already billed, before this run's period, with a change since.
    const pairs = await tx.query<{ enrollment_id: string; period_start: string }>(
      `select distinct cl.enrollment_id, cl.period_start
         from public.charge_lines cl
         join public.billing_runs r on r.tenant_id = cl.tenant_id and r.id = cl.run_id
        where cl.tenant_id = $1 and cl.source = 'computed'
          and r.status in ('approved', 'issuing', 'issued') and r.id <> $2
          and cl.service_id = any ($3::uuid[]) and cl.period_start < $4
          and cl.unit not in ('term', 'year', 'once')
          and (exists (select 1 from public.attendance_marks m
                        where m.tenant_id = cl.tenant_id and m.enrollment_id = cl.enrollment_id
                          and m.day between cl.period_start and cl.period_end
                          and (m.recorded_at > $5 or m.voided_at > $5))
               or exists (select 1 from public.enrollments e
                           where e.tenant_id = cl.tenant_id and e.id = cl.enrollment_id
                             and e.updated_at > $5))`,
      [run.tenant_id, run.id, run.service_ids, run.period_start, prev.since],
    );
    const byMonth = new Map<string, string[]>();
    for (const p of pairs) {
      byMonth.set(p.period_start, [...(byMonth.get(p.period_start) ?? []), p.enrollment_id]);
    }
    for (const [periodStart, ids] of byMonth) {
      const last = new Date(Date.UTC(+periodStart.slice(0, 4), +periodStart.slice(5, 7), 0));
      const to = last.toISOString().slice(0, 10);
      const facts = await monthFacts(tx, run, {
        month: periodStart.slice(0, 7),
        from: periodStart,
        to,
      });
      const usage = await tx.query<Usage>(
        `select * from app.billing_usage($1::uuid[], $2::date, $3::date, null, 100000, $4::uuid[])`,
        [run.service_ids, periodStart, to, ids],
      );
      const billed = await alreadyBilled(tx, run, ids, periodStart);
      const lines: Line[] = [];
      for (const u of usage) {
        const tariff = await tariffs.get(tx, u.tariff_id);
        const r = priceMonth(tariff, u, facts.get(u.service_id)!, true, tariffs.quotes);
        if (r.problem) continue;
        const adj = adjustmentLine(
          u,
          facts.get(u.service_id)!,
          r.lines,
          billed.month.get(u.enrollment_id) ?? 0,
        );
        if (adj) lines.push(adj);
      }
      // Enrollments withdrawn back to before the month: nothing is due any more.
      const seen = new Set(usage.map((u) => u.enrollment_id));
      const gone = ids.filter((i) => !seen.has(i) && (billed.month.get(i) ?? 0) !== 0);
      if (gone.length > 0) {
        const rows = await tx.query<Usage>(
          `select e.id as enrollment_id, e.service_id, e.payer_id, e.beneficiary_id, e.site_id,
                  e.starts_on, e.ends_on, e.withdrawn_on, e.tariff_id, e.tariff_assignment,
                  e.override_cents, e.social_services_exemption, e.disability,
                  pp.tax_code as payer_tax_code, pp.merged_into is not null as payer_merged,
                  pb.name || ' ' || pb.surname as beneficiary_name, 0 as open_days,
                  0 as billable_days, 0 as absent_days, 0 as white_meals, 0 as voided_days
             from public.enrollments e
             join public.people pp on pp.tenant_id = e.tenant_id and pp.id = e.payer_id
             join public.people pb on pb.tenant_id = e.tenant_id and pb.id = e.beneficiary_id
            where e.tenant_id = $1 and e.id = any ($2::uuid[])`,
          [run.tenant_id, gone],
        );
        for (const u of rows) {
          const adj = adjustmentLine(
            u,
            facts.get(u.service_id)!,
            [],
            billed.month.get(u.enrollment_id)!,
          );
          if (adj) lines.push(adj);
        }
      }
      await writeBatch(tx, run, lines, []);
    }
  });
}

export { billedOnce };
