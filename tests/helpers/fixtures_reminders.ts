/**
 * Positions of the demo Ente for the payment reminders' tests, with notices due around today
 * (Rome), all with an IUPD starting `PZ-SOLL-` so the office's filter `payer=PZ-SOLL` finds
 * exactly them:
 * - `late`: Chiara Colombo (a family user, e-mail in the registry), 40,00 € due yesterday;
 * - `instalments`: Chiara's 90,00 € in three instalments, the first paid, the second 10 days late;
 * - `dueToday`: Chiara's 30,00 € due today (not overdue yet);
 * - `paid`: Chiara's 25,00 € paid (never overdue);
 * - `other`: Roberta Santoro (another household, e-mail, no account), 15,00 € 5 days late;
 * - `unreachable`: Marco D'Angelo, 12,00 € 3 days late, without e-mail nor account.
 */
import type { Db } from "../../lib/db/types.ts";
import { insertNotice, insertPosition, romeDays, setPaid } from "./overdue_positions.ts";

export interface ReminderFixture {
  tenantId: string;
  late: string;
  instalments: string;
  dueToday: string;
  paid: string;
  other: string;
  unreachable: string;
  /** Calendar days relative to today in Rome, as the database computes them. */
  day: (offset: number) => string;
  today: string;
}

export async function reminderFixture(db: Db): Promise<ReminderFixture> {
  return await db.asOwner(async (tx) => {
    const { today, day } = await romeDays(tx);
    const [{ tenant_id, service_id }] = await tx.query<{ tenant_id: string; service_id: string }>(
      "select tenant_id, id as service_id from public.services where code = 'MENSA'",
    );
    const person = async (name: string, surname: string) => {
      const [p] = await tx.query<{ id: string }>(
        `select id from public.people
          where tenant_id = $1 and name = $2 and surname = $3 order by id limit 1`,
        [tenant_id, name, surname],
      );
      return p;
    };
    const chiara = await person("Chiara", "Colombo");
    const roberta = await person("Roberta", "Santoro");
    const marco = await person("Marco", "D'Angelo");
    await tx.query("update public.people set email = null where id = $1", [marco.id]);
    let n = 0;
    const position = (payer: { id: string }, cents: number, what: string) =>
      insertPosition(tx, {
        tenantId: tenant_id,
        serviceId: service_id,
        payerId: payer.id,
        iupd: `PZ-SOLL-00000${++n}`,
        description: `Mensa ottobre 2026 - ${what}`,
        cents,
      });
    const notice = (
      pos: string,
      instalment: number,
      base: number,
      cents: number,
      due: string,
      status: "unpaid" | "paid" = "unpaid",
    ) => insertNotice(tx, pos, instalment, base, cents, due, status);
    const late = await position(chiara, 4000, "in ritardo");
    await notice(late, 0, 9101, 4000, day(-1));
    const instalments = await position(chiara, 9000, "a rate");
    await notice(instalments, 0, 9201, 9000, day(-40));
    await notice(instalments, 1, 9202, 3000, day(-40), "paid");
    await notice(instalments, 2, 9203, 3000, day(-10));
    await notice(instalments, 3, 9204, 3000, day(20));
    await setPaid(tx, instalments, 3000, false);
    const dueToday = await position(chiara, 3000, "in scadenza oggi");
    await notice(dueToday, 0, 9301, 3000, day(0));
    const paid = await position(chiara, 2500, "pagata");
    await notice(paid, 0, 9401, 2500, day(-30), "paid");
    await setPaid(tx, paid, 2500, true);
    const other = await position(roberta, 1500, "altra famiglia");
    await notice(other, 0, 9501, 1500, day(-5));
    const unreachable = await position(marco, 1200, "senza recapito");
    await notice(unreachable, 0, 9601, 1200, day(-3));
    return {
      tenantId: tenant_id,
      late,
      instalments,
      dueToday,
      paid,
      other,
      unreachable,
      day,
      today,
    };
  });
}

/**
 * Besides the fixture's 4 overdue positions (3 reachable, Marco's without contact): 6 more of
 * Roberta's (reachable) and 3 more of Marco's (no contact), all overdue: 13 to walk, 9 to send.
 */
export async function moreOverdue(db: Db, f: ReminderFixture): Promise<void> {
  await db.asOwner(async (tx) => {
    const [{ service_id }] = await tx.query<{ service_id: string }>(
      "select id as service_id from public.services where tenant_id = $1 and code = 'MENSA'",
      [f.tenantId],
    );
    const payers = await tx.query<{ payer_id: string }>(
      "select payer_id from public.debt_positions where id = any ($1::uuid[]) order by iupd",
      [[f.other, f.unreachable]],
    );
    const [roberta, marco] = payers.map((p) => p.payer_id);
    for (let i = 0; i < 9; i++) {
      const pos = await insertPosition(tx, {
        tenantId: f.tenantId,
        serviceId: service_id,
        payerId: i < 6 ? roberta : marco,
        iupd: `PZ-SOLL-1000${i}`,
        description: `Mensa ottobre 2026 - campagna ${i}`,
        cents: 1000 + i,
      });
      await insertNotice(tx, pos, 0, 9700 + i, 1000 + i, f.day(-2 - i));
    }
  });
}
