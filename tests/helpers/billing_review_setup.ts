import type { Db } from "../../lib/db/types.ts";

export interface ReviewSetup {
  tenantId: string;
  serviceId: string;
  previousRunId: string;
  runId: string;
  /** Two canteen enrollments of the demo, billed in both runs, and one with a problem. */
  enrollments: [string, string, string];
  payerNames: [string, string];
  lineIds: [string, string];
}

/**
 * A billing run in review for the demo canteen, as the billing job leaves it: October 2026 with
 * two computed lines (45,00 € and 36,00 €) and one problem, after an issued September run (40,00 €
 * and 30,00 €) to compare with. Rows are written directly, as the job would.
 */
export async function setupReview(db: Db): Promise<ReviewSetup> {
  return await db.asOwner(async (tx) => {
    const rows = await tx.query<
      { id: string; tenant_id: string; service_id: string; payer: string }
    >(
      // Three children of three different payers (siblings would merge the payer totals).
      `select * from (
         select distinct on (e.payer_id) e.id, e.tenant_id, e.service_id,
                btrim(p.surname || ' ' || p.name) as payer
           from public.enrollments e
           join public.services s on s.tenant_id = e.tenant_id and s.id = e.service_id and s.code = 'MENSA'
           join public.people p on p.tenant_id = e.tenant_id and p.id = e.payer_id
          order by e.payer_id, e.created_at, e.id) x
        order by payer, id limit 3`,
    );
    if (rows.length < 3) throw new Error("the demo has fewer than 3 canteen enrollments");
    const [{ tenant_id: tenantId, service_id: serviceId }] = rows;
    const run = async (n: number, from: string, to: string, label: string, status: string) =>
      (await tx.query<{ id: string }>(
        `insert into public.billing_runs (tenant_id, number, period_start, period_end, label,
           service_ids, status, progress_done, progress_total, computed_at)
         values ($1, $2, $3, $4, $5, array[$6::uuid], $7, 3, 3, now()) returning id`,
        [tenantId, n, from, to, label, serviceId, status],
      ))[0].id;
    const previousRunId = await run(901, "2026-09-01", "2026-09-30", "Settembre 2026", "issued");
    const runId = await run(902, "2026-10-01", "2026-10-31", "Ottobre 2026", "computed");
    const line = async (
      r: string,
      e: string,
      from: string,
      to: string,
      meals: number,
      cents: number,
    ) =>
      (await tx.query<{ id: string }>(
        `insert into public.charge_lines (tenant_id, run_id, enrollment_id, service_id, payer_id,
           beneficiary_id, site_id, period_start, period_end, kind, quantity, unit, unit_cents,
           amount_cents, computed_cents, description, explanation)
         select e.tenant_id, $1, e.id, e.service_id, e.payer_id, e.beneficiary_id, e.site_id, $3::date,
                $4::date, 'usage', $5::int, 'meal', $6::bigint / $5::int, $6, $6, 'Mensa: ' || $5::int || ' pasti',
                jsonb_build_object(
                  'summary', jsonb_build_object('it', $5::int || ' pasti a 4,50 €', 'en', $5::int || ' meals at €4.50'),
                  'steps', jsonb_build_object('it', jsonb_build_array('Giorni di servizio: 21',
                    'Pasti consumati: ' || $5::int), 'en', jsonb_build_array('Service days: 21')))
           from public.enrollments e where e.id = $2
         returning id`,
        [r, e, from, to, meals, cents],
      ))[0].id;
    await line(previousRunId, rows[0].id, "2026-09-01", "2026-09-30", 10, 4000);
    await line(previousRunId, rows[1].id, "2026-09-01", "2026-09-30", 10, 3000);
    const a = await line(runId, rows[0].id, "2026-10-01", "2026-10-31", 10, 4500);
    const b = await line(runId, rows[1].id, "2026-10-01", "2026-10-31", 8, 3600);
    await tx.query(
      `insert into public.billing_problems (tenant_id, run_id, enrollment_id, code, message, message_en)
       values ($1, $2, $3, 'tariff_missing', 'Nessuna tariffa assegnata per ottobre 2026.',
               'No tariff assigned for October 2026.')`,
      [tenantId, runId, rows[2].id],
    );
    return {
      tenantId,
      serviceId,
      previousRunId,
      runId,
      enrollments: [rows[0].id, rows[1].id, rows[2].id],
      payerNames: [rows[0].payer, rows[1].payer],
      lineIds: [a, b],
    };
  });
}
