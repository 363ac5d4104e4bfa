import assert from "node:assert/strict";
import type { Tx } from "../lib/db/types.ts";
import { dbTest } from "./helpers/db.ts";

const FROM = "2026-10-01";
const TO = "2026-10-31";

/** Claims of the billing job acting for the Ente (as run_job's `actFor`). */
async function asJob(tx: Tx): Promise<{ tenant: string; services: Record<string, string> }> {
  const [{ id: tenant }] = await tx.query<{ id: string }>(
    "select id from public.tenants order by created_at limit 1",
  );
  await tx.query("select set_config('request.jwt.claims', $1, true)", [
    JSON.stringify({ role: "service_role", app_metadata: { tenant_id: tenant, roles: [] } }),
  ]);
  const services = Object.fromEntries(
    (await tx.query<{ code: string; id: string }>(
      "select code, id from public.services where tenant_id = $1",
      [tenant],
    )).map((s) => [s.code, s.id]),
  );
  return { tenant, services };
}

interface Counts {
  enrollment_id: string;
  open_days: number;
  billable_days: number;
  absent_days: number;
  white_meals: number;
  voided_days: number;
}

/** The same counts from the day-by-day definition billing must agree with. */
async function expected(tx: Tx, service: string): Promise<Map<string, Counts>> {
  const rows = await tx.query<Counts>(
    `select enrollment_id, count(*)::int as open_days,
            count(*) filter (where billable)::int as billable_days,
            count(*) filter (where not voided and status in ('absent', 'cancelled'))::int
              as absent_days,
            count(*) filter (where billable and meal = 'white')::int as white_meals,
            count(*) filter (where voided)::int as voided_days
       from app.effective_attendance($1, $2, $3) group by enrollment_id`,
    [service, FROM, TO],
  );
  return new Map(rows.map((r) => [r.enrollment_id, r]));
}

dbTest("billing usage: day masks agree with effective attendance, day by day", async (db) => {
  await db.asOwner(async (tx) => {
    const { tenant, services } = await asJob(tx);
    const mensa = services.MENSA;
    const ids = (await tx.query<{ id: string }>(
      "select id from public.enrollments where service_id = $1 order by id",
      [mensa],
    )).map((r) => r.id);
    assert.ok(ids.length >= 4, "the demo canteen has enrollments");
    // One starts mid-month, one is withdrawn mid-month, one starts after the period.
    await tx.query("update public.enrollments set starts_on = '2026-10-14' where id = $1", [
      ids[0],
    ]);
    await tx.query(
      `update public.enrollments set withdrawn_on = '2026-10-20', withdrawal_reason = 'Trasferito'
        where id = $1`,
      [ids[1]],
    );
    await tx.query("update public.enrollments set starts_on = '2026-11-03' where id = $1", [
      ids[2],
    ]);
    // A strike closes one day; a varied month of marks (present, white, absent, cancelled,
    // voided), some outside the enrollments' spans.
    await tx.query(
      `insert into public.service_closures (tenant_id, service_id, kind, reason, starts_on, ends_on)
       values ($1, $2, 'strike', 'Sciopero', '2026-10-09', '2026-10-09')`,
      [tenant, mensa],
    );
    await tx.query(
      `insert into public.attendance_marks (tenant_id, enrollment_id, day, status, meal, source,
         marked_at, voided_at, void_reason)
       select $1, e.id, d::date, st.status,
              case when st.status = 'present' then st.meal end, 'operator', now(),
              case when st.k = 4 then now() end, case when st.k = 4 then 'Chiusura' end
         from public.enrollments e
        cross join generate_series('2026-09-28'::date, '2026-11-02'::date, '1 day') d
        cross join lateral (
          select (abs(hashtext(e.id::text || d::date::text)) % 6) as k) h
        cross join lateral (
          select h.k,
                 (array['present', 'present', 'absent', 'cancelled', 'present', 'present'])[h.k + 1]
                   as status,
                 (array['standard', 'white', null, null, 'standard', 'standard'])[h.k + 1] as meal
        ) st
        where e.service_id = $2 and extract(isodow from d) < 6
          and abs(hashtext(d::date::text || e.id::text)) % 7 <> 0
       on conflict (tenant_id, enrollment_id, day) do nothing`,
      [tenant, mensa],
    );
    // The hashed month may leave one child without an absence or a voided day (the ids are new
    // in every database): the fully enrolled child gets one of each for certain.
    await tx.query(
      `insert into public.attendance_marks (tenant_id, enrollment_id, day, status, meal, source,
         marked_at, voided_at, void_reason)
       values ($1, $2, '2026-10-14', 'absent', null, 'operator', now(), null, null),
              ($1, $2, '2026-10-15', 'present', 'standard', 'operator', now(), now(), 'Chiusura')
       on conflict (tenant_id, enrollment_id, day) do update
         set status = excluded.status, meal = excluded.meal, voided_at = excluded.voided_at,
             void_reason = excluded.void_reason`,
      [tenant, ids[3]],
    );
    for (const mode of ["roll_call", "presumed"]) {
      await tx.query("update public.services set attendance_mode = $2 where id = $1", [
        mensa,
        mode,
      ]);
      const want = await expected(tx, mensa);
      // Small batches, so keyset paging and the batch's id range are exercised too.
      const got: Counts[] = [];
      let after: string | null = null;
      while (true) {
        const rows: Counts[] = await tx.query<Counts>(
          `select enrollment_id, open_days, billable_days, absent_days, white_meals, voided_days
             from app.billing_usage($1::uuid[], $2::date, $3::date, $4::uuid, 2)`,
          [[mensa], FROM, TO, after],
        );
        if (rows.length === 0) break;
        got.push(...rows);
        after = rows.at(-1)!.enrollment_id;
      }
      assert.ok(!got.some((g) => g.enrollment_id === ids[2]), "not yet started: not billed");
      assert.equal(got.length, want.size, mode);
      for (const g of got) {
        assert.deepEqual(g, want.get(g.enrollment_id), `${mode} ${g.enrollment_id}`);
      }
      const started = got.find((g) => g.enrollment_id === ids[0])!;
      const withdrawn = got.find((g) => g.enrollment_id === ids[1])!;
      const full = got.find((g) => g.enrollment_id === ids[3])!;
      assert.ok(started.open_days < full.open_days && withdrawn.open_days < full.open_days);
      assert.ok(full.voided_days > 0 && full.absent_days > 0, "the month has every kind");
    }
    await assert.rejects(
      () =>
        tx.savepoint((sp) =>
          sp.query(
            "select * from app.billing_usage($1::uuid[], '2026-09-01', '2026-12-31', null, 10)",
            [[mensa]],
          )
        ),
      /at most 62 days/,
    );
  });
});

dbTest(
  "charge lines: references checked per statement, billed rows cannot be deleted",
  async (db) => {
    await db.asOwner(async (tx) => {
      const { tenant, services } = await asJob(tx);
      const [e] = await tx.query<{ id: string; payer_id: string; beneficiary_id: string }>(
        "select id, payer_id, beneficiary_id from public.enrollments where service_id = $1 limit 1",
        [services.MENSA],
      );
      const [{ id: run }] = await tx.query<{ id: string }>(
        `insert into public.billing_runs (tenant_id, number, period_start, period_end, label, service_ids)
       values ($1, 99, '2026-10-01', '2026-10-31', 'Ottobre', $2) returning id`,
        [tenant, [services.MENSA]],
      );
      const insert = (over: Record<string, string | null>) =>
        tx.savepoint((sp) =>
          sp.query(
            `insert into public.charge_lines (tenant_id, run_id, enrollment_id, service_id, payer_id,
             beneficiary_id, period_start, period_end, kind, amount_cents, computed_cents,
             description)
           values ($1, $2, $3, $4, $5, $6, '2026-10-01', '2026-10-31', 'usage', 100, 100,
                   'Mensa ottobre')`,
            [
              tenant,
              run,
              "enrollment_id" in over ? over.enrollment_id : e.id,
              over.service_id ?? services.MENSA,
              over.payer_id ?? e.payer_id,
              "beneficiary_id" in over ? over.beneficiary_id : e.beneficiary_id,
            ],
          )
        );
      const missing = crypto.randomUUID();
      for (const bad of ["enrollment_id", "service_id", "payer_id", "beneficiary_id"]) {
        await assert.rejects(
          () => insert({ [bad]: missing }),
          (err: { code?: string; message?: string }) =>
            err.code === "23503" && /does not exist in this Ente/.test(err.message ?? ""),
          bad,
        );
      }
      await insert({});
      // An update naming a missing person is refused the same way.
      await assert.rejects(
        () =>
          tx.savepoint((sp) =>
            sp.query("update public.charge_lines set payer_id = $2 where run_id = $1", [
              run,
              missing,
            ])
          ),
        (err: { code?: string }) => err.code === "23503",
      );
      for (
        const [table, id] of [
          ["enrollments", e.id],
          ["people", e.payer_id],
          ["people", e.beneficiary_id],
          ["services", services.MENSA],
        ]
      ) {
        await assert.rejects(
          () => tx.savepoint((sp) => sp.query(`delete from public.${table} where id = $1`, [id])),
          (err: { code?: string; message?: string }) =>
            err.code === "23503" && /named by charge lines/.test(err.message ?? ""),
          table,
        );
      }
    });
  },
);
