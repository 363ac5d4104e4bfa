import assert from "node:assert/strict";
import { BillingError } from "../lib/billing/errors.ts";
import { issueRun } from "../lib/billing/issue.ts";
import { computeRun, SimulatedCrash } from "../lib/billing/run_job.ts";
import {
  approveRun,
  cancelRun,
  createRun,
  recomputeRun,
  requestIssue,
} from "../lib/billing/runs.ts";
import type { Claims, Db } from "../lib/db/types.ts";
import { claimRun, runPendingBillingJobs } from "../lib/jobs/billing.ts";
import { dbTest } from "./helpers/db.ts";

const OPERATOR = "m.rossi@comune.valdiponte.example";

interface Demo {
  tenantId: string;
  op: Claims;
  opId: string;
  services: Record<string, string>;
}

async function demo(db: Db, opts: { settings?: boolean } = {}): Promise<Demo> {
  return await db.asOwner(async (tx) => {
    const [u] = await tx.query<{ id: string; tenant_id: string }>(
      `select u.id, m.tenant_id from public.users u
         join public.memberships m on m.user_id = u.id where u.email = $1`,
      [OPERATOR],
    );
    const services = Object.fromEntries(
      (await tx.query<{ code: string; id: string }>(
        "select code, id from public.services where tenant_id = $1",
        [u.tenant_id],
      )).map((s) => [s.code, s.id]),
    );
    if (opts.settings !== false) {
      await tx.query(
        `insert into public.billing_settings (tenant_id, segregation_code, iban, due_days)
         values ($1, '02', 'IT60X0542811101000000123456', 30)
         on conflict (tenant_id) do nothing`,
        [u.tenant_id],
      );
    }
    return {
      tenantId: u.tenant_id,
      opId: u.id,
      services,
      op: {
        sub: u.id,
        role: "authenticated",
        app_metadata: { tenant_id: u.tenant_id, roles: ["operator"] },
      } as Claims,
    };
  });
}

async function lines(db: Db, runId: string) {
  return await db.asOwner((tx) =>
    tx.query<{
      enrollment_id: string;
      kind: string;
      period_start: string;
      quantity: string;
      unit_cents: number;
      amount_cents: number;
      description: string;
      explanation: { summary: { it: string }; steps: { it: string[] } };
    }>(
      `select enrollment_id, kind, period_start, quantity::text, unit_cents, amount_cents,
              description, explanation
         from public.charge_lines where run_id = $1 and deleted_at is null
        order by enrollment_id, period_start, kind`,
      [runId],
    )
  );
}

async function run(db: Db, d: Demo, from: string, to: string, codes: string[]) {
  const id = await db.asUser(d.op, (tx) =>
    createRun(tx, {
      periodStart: from,
      periodEnd: to,
      serviceIds: codes.map((c) => d.services[c]),
    }, d.opId));
  return id;
}

dbTest("billing run: a month of the canteen, priced per meal with explanations", async (db) => {
  const d = await demo(db);
  const id = await run(db, d, "2026-10-01", "2026-10-31", ["MENSA"]);
  assert.deepEqual(await runPendingBillingJobs(db), [id]);
  const [r] = await db.asOwner((tx) =>
    tx.query<{ status: string; label: string; totals: { lines: number; amount_cents: number } }>(
      "select status, label, totals from public.billing_runs where id = $1",
      [id],
    )
  );
  assert.equal(r.status, "computed");
  assert.equal(r.label, "Ottobre 2026");
  const ls = await lines(db, id);
  assert.ok(ls.length > 0);
  // Presumed presence: every service day of October counts a meal unless marked otherwise.
  const [open] = await db.asOwner((tx) =>
    tx.query<{ n: number }>(
      `select count(*)::int as n from generate_series('2026-10-01'::date, '2026-10-31', '1 day') d
        where app.is_service_day($1, $2, d::date)`,
      [d.tenantId, d.services.MENSA],
    )
  );
  for (const l of ls) {
    assert.equal(l.kind, "usage");
    assert.equal(Number(l.quantity), open.n);
    assert.equal(l.amount_cents, l.unit_cents * open.n);
    assert.match(l.description, /ottobre 2026/);
    assert.match(l.explanation.summary.it, /pasti/);
    assert.ok(l.explanation.steps.it.length > 0);
  }
  assert.equal(r.totals.lines, ls.length);
  assert.equal(r.totals.amount_cents, ls.reduce((n, l) => n + l.amount_cents, 0));
});

dbTest("billing run: absences are not charged, voided days neither", async (db) => {
  const d = await demo(db);
  const [e] = await db.asOwner((tx) =>
    tx.query<{ id: string }>(
      `select id from public.enrollments where service_id = $1 order by id limit 1`,
      [d.services.MENSA],
    )
  );
  const days = await db.asOwner((tx) =>
    tx.query<{ d: string }>(
      `select d::date::text as d from generate_series('2026-10-01'::date, '2026-10-31', '1 day') d
        where app.is_service_day($1, $2, d::date) order by d limit 3`,
      [d.tenantId, d.services.MENSA],
    )
  );
  await db.asOwner(async (tx) => {
    await tx.query(
      `insert into public.attendance_marks (tenant_id, enrollment_id, day, status, source, marked_at)
       values ($1, $2, $3, 'absent', 'operator', now()), ($1, $2, $4, 'cancelled', 'family', now()),
              ($1, $2, $5, 'present', 'teacher', now())`,
      [d.tenantId, e.id, days[0].d, days[1].d, days[2].d],
    );
    await tx.query(
      `update public.attendance_marks set voided_at = now(), void_reason = 'Sciopero'
        where enrollment_id = $1 and day = $2`,
      [e.id, days[2].d],
    );
  });
  const id = await run(db, d, "2026-10-01", "2026-10-31", ["MENSA"]);
  await runPendingBillingJobs(db);
  const mine = (await lines(db, id)).find((l) => l.enrollment_id === e.id)!;
  const other = (await lines(db, id)).find((l) => l.enrollment_id !== e.id)!;
  assert.equal(Number(mine.quantity), Number(other.quantity) - 3);
});

dbTest("billing run: crash in the middle resumes without duplicates", async (db) => {
  const d = await demo(db);
  const full = await run(db, d, "2026-10-01", "2026-10-31", ["MENSA", "TRASPORTO", "NIDO"]);
  await runPendingBillingJobs(db);
  const expected = (await lines(db, full)).map((l) => [l.enrollment_id, l.kind, l.amount_cents]);
  await db.asUser(d.op, (tx) => cancelRun(tx, full, d.opId));

  const id = await run(db, d, "2026-10-01", "2026-10-31", ["MENSA", "TRASPORTO", "NIDO"]);
  const claimed = await claimRun(db);
  assert.equal(claimed?.id, id);
  await assert.rejects(computeRun(db, id, { batchSize: 4, crashAfterBatches: 2 }), SimulatedCrash);
  const partial = await lines(db, id);
  assert.ok(partial.length > 0 && partial.length < expected.length);
  // The worker died: no heartbeat for a minute, another process takes the run over.
  await db.asOwner((tx) =>
    tx.query(
      "update public.billing_runs set heartbeat_at = now() - interval '2 minutes' where id = $1",
      [id],
    )
  );
  assert.deepEqual(await runPendingBillingJobs(db), [id]);
  const after = (await lines(db, id)).map((l) => [l.enrollment_id, l.kind, l.amount_cents]);
  assert.deepEqual(after, expected);
});

dbTest(
  "billing run: batches computed twice (a worker presumed dead) insert nothing twice",
  async (db) => {
    const d = await demo(db);
    const id = await run(db, d, "2026-10-01", "2026-10-31", ["MENSA", "TRASPORTO", "NIDO"]);
    assert.deepEqual(await runPendingBillingJobs(db), [id]);
    const expected = await lines(db, id);
    // The old worker wakes up with its stale resume point and computes every batch again: on
    // Postgres each COPY meets the lines already there and falls back to the insert that skips them.
    await db.asOwner((tx) =>
      tx.query(
        `update public.billing_runs set status = 'computing', cursor_enrollment = null,
              cursor_period = period_start, cursor_phase = 'period', progress_done = 0
        where id = $1`,
        [id],
      )
    );
    await computeRun(db, id, { batchSize: 4 });
    assert.deepEqual(await lines(db, id), expected);
    const [r] = await db.asOwner((tx) =>
      tx.query<{ status: string; totals: { lines: number } }>(
        "select status, totals from public.billing_runs where id = $1",
        [id],
      )
    );
    assert.equal(r.status, "computed");
    assert.equal(r.totals.lines, expected.length);
  },
);

dbTest("billing run: refusals in words — overlap, prepaid, period", async (db) => {
  const d = await demo(db);
  await run(db, d, "2026-10-01", "2026-10-31", ["MENSA"]);
  await assert.rejects(
    run(db, d, "2026-10-15", "2026-11-15", ["MENSA", "NIDO"]),
    (e) =>
      e instanceof BillingError && e.code === "overlapping_run" && /non è ancora emessa/.test(e.it),
  );
  await assert.rejects(
    run(db, d, "2026-10-31", "2026-10-01", ["NIDO"]),
    (e) => e instanceof BillingError && e.code === "invalid",
  );
  await db.asOwner((tx) =>
    tx.query(
      `insert into public.service_billing (tenant_id, service_id, mode, taxonomy_code)
       values ($1, $2, 'prepaid', '9/0107103SP/')`,
      [d.tenantId, d.services.PRESCUOLA],
    )
  );
  await assert.rejects(
    run(db, d, "2026-11-01", "2026-11-30", ["PRESCUOLA"]),
    (e) => e instanceof BillingError && e.code === "prepaid_service",
  );
});

dbTest("billing run: problems per enrollment, nothing issued for them", async (db) => {
  const d = await demo(db);
  const [e] = await db.asOwner((tx) =>
    tx.query<{ id: string }>(
      `update public.enrollments set tariff_id = null
        where id = (select id from public.enrollments where service_id = $1 order by id limit 1)
        returning id`,
      [d.services.MENSA],
    )
  );
  const id = await run(db, d, "2026-10-01", "2026-10-31", ["MENSA"]);
  await runPendingBillingJobs(db);
  const problems = await db.asUser(
    d.op,
    (tx) =>
      tx.query<{ enrollment_id: string; code: string; message: string }>(
        "select enrollment_id, code, message from public.billing_problems where run_id = $1",
        [id],
      ),
  );
  assert.deepEqual(problems.map((p) => [p.enrollment_id, p.code]), [[e.id, "tariff_missing"]]);
  assert.match(problems[0].message, /non ha una tariffa per ottobre 2026/);
  assert.ok(!(await lines(db, id)).some((l) => l.enrollment_id === e.id));
});

dbTest("billing run: approve, issue — positions with notices, idempotent re-run", async (db) => {
  const d = await demo(db);
  const id = await run(db, d, "2026-10-01", "2026-10-31", ["MENSA", "TRASPORTO"]);
  await runPendingBillingJobs(db);
  await assert.rejects(
    db.asUser(d.op, (tx) => requestIssue(tx, id, d.opId)),
    (e) => e instanceof BillingError && e.code === "wrong_status",
  );
  await db.asUser(d.op, (tx) => approveRun(tx, id, d.opId));
  await db.asUser(d.op, (tx) => requestIssue(tx, id, d.opId));
  await runPendingBillingJobs(db);
  const positions = await db.asOwner((tx) =>
    tx.query<{
      id: string;
      payer_id: string;
      service_id: string;
      amount_cents: number;
      description: string;
      gpd_status: string;
      notices: { nav: string; cents: number; instalment: number }[];
      lines: number;
    }>(
      `select d.id, d.payer_id, d.service_id, d.amount_cents, d.description, d.gpd_status,
              (select json_agg(json_build_object('nav', n.notice_number, 'cents', n.amount_cents,
                                                 'instalment', n.instalment))
                 from public.payment_notices n where n.debt_position_id = d.id) as notices,
              (select count(*)::int from public.charge_lines cl where cl.debt_position_id = d.id) as lines
         from public.debt_positions d where d.run_id = $1`,
      [id],
    )
  );
  const ls = await lines(db, id);
  assert.ok(positions.length > 0);
  assert.equal(
    positions.reduce((n, p) => n + Number(p.amount_cents), 0),
    ls.reduce((n, l) => n + l.amount_cents, 0),
  );
  assert.equal(positions.reduce((n, p) => n + p.lines, 0), ls.length);
  for (const p of positions) {
    assert.equal(p.gpd_status, "to_publish");
    assert.ok(p.description.length <= 140);
    assert.match(p.description, /Ottobre 2026/);
    assert.equal(p.notices.length, 1);
    assert.match(p.notices[0].nav, /^302\d{15}$/);
    const nav = p.notices[0].nav;
    assert.equal(Number(BigInt(nav.slice(0, 16)) % 93n), Number(nav.slice(16)));
    assert.equal(p.notices[0].cents, Number(p.amount_cents));
  }
  const [r] = await db.asOwner((tx) =>
    tx.query<{ status: string }>("select status from public.billing_runs where id = $1", [id])
  );
  assert.equal(r.status, "issued");
  // The family is told by e-mail.
  const [mails] = await db.asOwner((tx) =>
    tx.query<{ n: number }>(
      "select count(*)::int as n from public.mail_outbox where subject like '%avviso di pagamento%'",
    )
  );
  assert.ok(mails.n > 0);

  // Running October again bills nothing twice: no facts changed, so no line at all.
  const again = await run(db, d, "2026-10-01", "2026-10-31", ["MENSA", "TRASPORTO"]);
  await runPendingBillingJobs(db);
  assert.deepEqual(await lines(db, again), []);
});

dbTest(
  "billing run: a late change of an issued month becomes an adjustment next run",
  async (db) => {
    const d = await demo(db);
    const oct = await run(db, d, "2026-10-01", "2026-10-31", ["MENSA"]);
    await runPendingBillingJobs(db);
    await db.asUser(d.op, (tx) => approveRun(tx, oct, d.opId));
    await db.asUser(d.op, (tx) => requestIssue(tx, oct, d.opId));
    await runPendingBillingJobs(db);
    const before = (await lines(db, oct))[0];
    const [day] = await db.asOwner((tx) =>
      tx.query<{ d: string }>(
        `select d::date::text as d from generate_series('2026-10-01'::date, '2026-10-31', '1 day') d
        where app.is_service_day($1, $2, d::date) order by d limit 1`,
        [d.tenantId, d.services.MENSA],
      )
    );
    // A teacher's late correction: the child was absent on a day already billed.
    await db.asOwner((tx) =>
      tx.query(
        `insert into public.attendance_marks (tenant_id, enrollment_id, day, status, source, marked_at)
       values ($1, $2, $3, 'absent', 'operator', now())`,
        [d.tenantId, before.enrollment_id, day.d],
      )
    );
    const nov = await run(db, d, "2026-11-01", "2026-11-30", ["MENSA"]);
    await runPendingBillingJobs(db);
    const adj = (await lines(db, nov)).filter((l) => l.kind === "adjustment");
    assert.equal(adj.length, 1);
    assert.equal(adj[0].enrollment_id, before.enrollment_id);
    assert.equal(adj[0].period_start, "2026-10-01");
    assert.equal(adj[0].amount_cents, -before.unit_cents);
    assert.match(adj[0].explanation.summary.it, /Conguaglio/);
    // The issued October line is untouched.
    assert.deepEqual((await lines(db, oct))[0], before);
    // Computing November again keeps one adjustment, not two.
    await db.asUser(d.op, (tx) => recomputeRun(tx, nov));
    await runPendingBillingJobs(db);
    assert.equal((await lines(db, nov)).filter((l) => l.kind === "adjustment").length, 1);
  },
);

dbTest("billing run: a crash while issuing resumes without duplicate positions", async (db) => {
  const d = await demo(db);
  const id = await run(db, d, "2026-10-01", "2026-10-31", ["MENSA"]);
  await runPendingBillingJobs(db);
  await db.asUser(d.op, (tx) => approveRun(tx, id, d.opId));
  await db.asUser(d.op, (tx) => requestIssue(tx, id, d.opId));
  await claimRun(db);
  await assert.rejects(issueRun(db, id, { batchSize: 3, crashAfterBatches: 1 }));
  const count = async () =>
    (await db.asOwner((tx) =>
      tx.query<{ n: number; nav: number }>(
        `select count(distinct d.id)::int as n, count(distinct n.notice_number)::int as nav
           from public.debt_positions d join public.payment_notices n on n.debt_position_id = d.id
          where d.run_id = $1`,
        [id],
      )
    ))[0];
  const partial = await count();
  assert.ok(partial.n > 0);
  await issueRun(db, id, { batchSize: 3 });
  const all = await count();
  const [payers] = await db.asOwner((tx) =>
    tx.query<{ n: number }>(
      "select count(distinct payer_id)::int as n from public.charge_lines where run_id = $1",
      [id],
    )
  );
  assert.equal(all.n, payers.n);
  assert.equal(all.nav, all.n);
});

dbTest("billing run: no IBAN, no issue", async (db) => {
  const d = await demo(db, { settings: false });
  const id = await run(db, d, "2026-10-01", "2026-10-31", ["MENSA"]);
  await runPendingBillingJobs(db);
  await db.asUser(d.op, (tx) => approveRun(tx, id, d.opId));
  await assert.rejects(
    db.asUser(d.op, (tx) => requestIssue(tx, id, d.opId)),
    (e) => e instanceof BillingError && e.code === "settings_missing",
  );
});
