/**
 * Positions of the demo Ente with notices due around today (Europe/Rome, as the database counts
 * it), for tests of what is overdue: one a day late, one due today, one in instalments with the
 * second 10 days late, one paid a month after it was due. The building blocks (`romeDays`,
 * `insertPosition`, `insertNotice`) serve other fixtures of the same kind.
 */
import type { Db, Tx } from "../../lib/db/types.ts";
import { PEOPLE } from "./fixtures_sites.ts";

export interface OverdueFixture {
  late: string;
  today: string;
  instalments: string;
  paid: string;
  /** Calendar days relative to today in Rome, as the database computes them. */
  day: (offset: number) => string;
}

/** Today in Rome as the database sees it, and the day `offset` days from it. */
export async function romeDays(
  tx: Tx,
): Promise<{ today: string; day: (offset: number) => string }> {
  const [{ today }] = await tx.query<{ today: string }>(
    "select ((now() at time zone 'Europe/Rome')::date)::text as today",
  );
  const day = (offset: number) => {
    const d = new Date(`${today}T12:00:00Z`);
    d.setUTCDate(d.getUTCDate() + offset);
    return d.toISOString().slice(0, 10);
  };
  return { today, day };
}

/** A published canteen position of October 2026 for `payerId` (no notices yet). */
export async function insertPosition(
  tx: Tx,
  p: {
    tenantId: string;
    serviceId: string;
    payerId: string;
    iupd: string;
    description: string;
    cents: number;
  },
): Promise<string> {
  const [row] = await tx.query<{ id: string }>(
    `insert into public.debt_positions (tenant_id, iupd, payer_id, service_id, period_start,
       period_end, description, amount_cents, taxonomy_code, debtor, gpd_status)
     values ($1, $2, $3, $4, '2026-10-01', '2026-10-31', $5, $6, '9/0107101TS/',
             '{"fiscal_code": "CLMCHR88M61D612P", "full_name": "Pagatore"}', 'published')
     returning id`,
    [p.tenantId, p.iupd, p.payerId, p.serviceId, p.description, p.cents],
  );
  return row.id;
}

/** A notice of `position` (its number from `base`), unpaid or paid now. */
export async function insertNotice(
  tx: Tx,
  position: string,
  instalment: number,
  base: number,
  cents: number,
  due: string,
  status: "unpaid" | "paid" = "unpaid",
): Promise<void> {
  await tx.query(
    `insert into public.payment_notices (tenant_id, debt_position_id, instalment,
       notice_number, iuv, amount_cents, due_on, status, paid_at)
     select tenant_id, id, $2, app.notice_number('02', $3), substr(app.notice_number('02', $3), 2),
            $4, $5, $6, case when $6 = 'paid' then now() end
       from public.debt_positions where id = $1`,
    [position, instalment, base, cents, due, status],
  );
}

/** Marks `position` (partly) paid by `cents`, as receipts would have. */
export async function setPaid(tx: Tx, position: string, cents: number, full: boolean) {
  await tx.query(
    "update public.debt_positions set status = $2, paid_cents = $3 where id = $1",
    [position, full ? "paid" : "partially_paid", cents],
  );
}

export async function overduePositions(db: Db): Promise<OverdueFixture> {
  return await db.asOwner(async (tx) => {
    const { day } = await romeDays(tx);
    const [{ tenant_id, payer_id, service_id }] = await tx.query<
      { tenant_id: string; payer_id: string; service_id: string }
    >(
      `select s.tenant_id, p.id as payer_id, s.id as service_id
         from public.services s
         join public.people p on p.tenant_id = s.tenant_id
         join public.users u on u.id = p.user_id and u.email = $1
        where s.code = 'MENSA'`,
      [PEOPLE.family],
    );
    const ids: string[] = [];
    for (const [i, cents] of [[1, 4000], [2, 3000], [3, 9000], [4, 2500]] as const) {
      ids.push(
        await insertPosition(tx, {
          tenantId: tenant_id,
          serviceId: service_id,
          payerId: payer_id,
          iupd: `PZ-OVERDUE-00000${i}`,
          description: `Mensa ottobre 2026 - prova ${i}`,
          cents,
        }),
      );
    }
    const [late, dueToday, instalments, paid] = ids;
    await insertNotice(tx, late, 0, 8101, 4000, day(-1));
    await insertNotice(tx, dueToday, 0, 8201, 3000, day(0));
    // 90,00 € in three instalments, the first paid, the second 10 days late, the third to come.
    await insertNotice(tx, instalments, 0, 8301, 9000, day(-40));
    await insertNotice(tx, instalments, 1, 8302, 3000, day(-40), "paid");
    await insertNotice(tx, instalments, 2, 8303, 3000, day(-10));
    await insertNotice(tx, instalments, 3, 8304, 3000, day(20));
    await setPaid(tx, instalments, 3000, false);
    await insertNotice(tx, paid, 0, 8401, 2500, day(-30), "paid");
    await setPaid(tx, paid, 2500, true);
    return { late, today: dueToday, instalments, paid, day };
  });
}
