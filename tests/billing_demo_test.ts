import assert from "node:assert/strict";
import { seedDemoBilling } from "../lib/billing/demo.ts";
import { dbTest } from "./helpers/db.ts";

dbTest(
  "demo billing: September issued — positions, notices, instalments, an invoice",
  async (db) => {
    const runId = await seedDemoBilling(db);
    assert.ok(runId);
    assert.equal(await seedDemoBilling(db), null, "a second start changes nothing");
    const [run] = await db.asOwner((tx) =>
      tx.query<{ status: string; label: string; positions: number; notices: number }>(
        `select r.status, r.label,
              (select count(*)::int from public.debt_positions d where d.run_id = r.id) as positions,
              (select count(*)::int from public.payment_notices n
                 join public.debt_positions d on d.id = n.debt_position_id
                where d.run_id = r.id) as notices
         from public.billing_runs r where r.id = $1`,
        [runId],
      )
    );
    assert.equal(run.status, "issued");
    assert.equal(run.label, "Settembre 2026");
    assert.ok(run.positions > 0);
    const byService = await db.asOwner((tx) =>
      tx.query<{ code: string; options: number; invoices: number }>(
        `select s.code, max((select count(*) from public.payment_notices n
                            where n.debt_position_id = d.id))::int as options,
              count(i.id)::int as invoices
         from public.debt_positions d
         join public.services s on s.id = d.service_id
         left join public.invoices i on i.debt_position_id = d.id
        where d.run_id = $1 group by s.code order by s.code`,
        [runId],
      )
    );
    const codes = Object.fromEntries(byService.map((r) => [r.code, r]));
    assert.ok(codes.MENSA, "canteen billed");
    assert.equal(codes.MENSA.options, 1);
    assert.equal(codes.MENSA.invoices, 0);
    assert.equal(codes.TRASPORTO?.options, 4, "single payment + 3 instalments");
    assert.ok(codes.NIDO?.invoices > 0, "the nursery is invoiced");
    assert.ok(run.notices >= run.positions);
  },
);
