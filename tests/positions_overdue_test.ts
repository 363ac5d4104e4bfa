/**
 * Overdue positions for the office: what is unpaid past its due date (Europe/Rome), in the list
 * (badge, the "Scadute e non pagate" filter with the sum overdue, the oldest first), on the
 * position's page and in `GET /api/v1/debt-positions?overdue=true`. With instalments only the
 * instalments past due count; due today is not overdue yet; a paid position never is.
 */
import assert from "node:assert/strict";
import { formatDate } from "../lib/i18n/mod.ts";
import { htmlOf } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { api, PEOPLE, signedIn } from "./helpers/fixtures_sites.ts";

const text = (html: string) =>
  html.replaceAll("&#39;", "'").replaceAll("&amp;", "&").replaceAll("&nbsp;", " ");

interface Fixture {
  late: string;
  today: string;
  instalments: string;
  paid: string;
  /** Calendar days relative to today in Rome, as the database computes them. */
  day: (offset: number) => string;
}

/** Four positions of the demo Ente, each given notices due around today. */
async function fixture(db: Parameters<Parameters<typeof dbTest>[1]>[0]): Promise<Fixture> {
  return await db.asOwner(async (tx) => {
    const [{ today }] = await tx.query<{ today: string }>(
      "select ((now() at time zone 'Europe/Rome')::date)::text as today",
    );
    const day = (offset: number) => {
      const d = new Date(`${today}T12:00:00Z`);
      d.setUTCDate(d.getUTCDate() + offset);
      return d.toISOString().slice(0, 10);
    };
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
    for (const [i, amount] of [[1, 4000], [2, 3000], [3, 9000], [4, 2500]] as const) {
      const [p] = await tx.query<{ id: string }>(
        `insert into public.debt_positions (tenant_id, iupd, payer_id, service_id, period_start,
           period_end, description, amount_cents, taxonomy_code, debtor, gpd_status)
         values ($1, $2, $3, $4, '2026-10-01', '2026-10-31', $5, $6, '9/0107101TS/',
                 '{"fiscal_code": "CLMCHR85M41D612X", "full_name": "Chiara Colombo"}', 'published')
         returning id`,
        [
          tenant_id,
          `PZ-OVERDUE-00000${i}`,
          payer_id,
          service_id,
          `Mensa ottobre 2026 - prova ${i}`,
          amount,
        ],
      );
      ids.push(p.id);
    }
    const notice = (
      position: string,
      instalment: number,
      base: number,
      cents: number,
      due: string,
      status = "unpaid",
    ) =>
      tx.query(
        `insert into public.payment_notices (tenant_id, debt_position_id, instalment,
           notice_number, iuv, amount_cents, due_on, status, paid_at)
         select tenant_id, id, $2, app.notice_number('02', $3), substr(app.notice_number('02', $3), 2),
                $4, $5, $6, case when $6 = 'paid' then now() end
           from public.debt_positions where id = $1`,
        [position, instalment, base, cents, due, status],
      );
    const [late, dueToday, instalments, paid] = ids;
    await notice(late, 0, 8101, 4000, day(-1));
    await notice(dueToday, 0, 8201, 3000, day(0));
    // 90,00 € in three instalments, the first paid, the second 10 days late, the third to come.
    await notice(instalments, 0, 8301, 9000, day(-40));
    await notice(instalments, 1, 8302, 3000, day(-40), "paid");
    await notice(instalments, 2, 8303, 3000, day(-10));
    await notice(instalments, 3, 8304, 3000, day(20));
    await tx.query(
      "update public.debt_positions set status = 'partially_paid', paid_cents = 3000 where id = $1",
      [instalments],
    );
    await notice(paid, 0, 8401, 2500, day(-30), "paid");
    await tx.query(
      "update public.debt_positions set status = 'paid', paid_cents = 2500 where id = $1",
      [paid],
    );
    return { late, today: dueToday, instalments, paid, day };
  });
}

dbTest("the office sees which positions are overdue, and lists them oldest first", async (db) => {
  const f = await fixture(db);
  const c = await signedIn(db, PEOPLE.operator);
  const short = (d: string) => formatDate("it", d, "short");

  const all = text(await htmlOf(await c.get("/operatore/posizioni?payer=PZ-OVERDUE")));
  assert.match(all, /Posizioni trovate: 4, per 185,00 €</);
  assert.match(all, new RegExp(`Scaduta il ${short(f.day(-1))}`));
  assert.match(all, new RegExp(`Scaduta il ${short(f.day(-10))}`));
  assert.equal([...all.matchAll(/Scaduta il /g)].length, 2, "due today and paid are not overdue");
  assert.match(all, /<option value="overdue">Scadute e non pagate<\/option>/);

  const overdue = text(
    await htmlOf(await c.get("/operatore/posizioni?payer=PZ-OVERDUE&status=overdue")),
  );
  assert.match(overdue, /<option value="overdue" selected>Scadute e non pagate<\/option>/);
  // 40,00 € late by a day and the second instalment (30,00 €) of the 90,00 € position.
  assert.match(
    overdue,
    /Posizioni trovate: 2, per 130,00 €, di cui scaduti e non pagati 70,00 €</,
  );
  const order = [...overdue.matchAll(/prova (\d)/g)].map((m) => m[1]);
  assert.deepEqual(order, ["3", "1"], "the oldest due date first");
  // The pager keeps the filter.
  assert.doesNotMatch(overdue, /Nessuna posizione/);

  const page = text(await htmlOf(await c.get(`/operatore/posizioni/${f.instalments}`)));
  assert.match(page, new RegExp(`Scaduta il ${short(f.day(-10))}`));
  assert.match(page, /Non pagati entro la scadenza: 30,00 €\./);
  const onTime = text(await htmlOf(await c.get(`/operatore/posizioni/${f.today}`)));
  assert.doesNotMatch(onTime, /Scaduta il|Non pagati entro la scadenza/);

  const res = await api(c, "GET", "/api/v1/debt-positions?payer=PZ-OVERDUE&overdue=true");
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.total, 2);
  assert.equal(body.overdue_cents, 7000);
  assert.deepEqual(
    body.items.map((p: { id: string; overdue_since: string; overdue_cents: number }) => [
      p.id,
      p.overdue_since,
      p.overdue_cents,
    ]),
    [[f.instalments, f.day(-10), 3000], [f.late, f.day(-1), 4000]],
  );
  const every = await (await api(c, "GET", "/api/v1/debt-positions?payer=PZ-OVERDUE")).json();
  assert.equal(every.total, 4);
  assert.equal(every.overdue_cents, null);
  const byId = new Map(
    every.items.map((p: { id: string; overdue_cents: number }) => [p.id, p.overdue_cents]),
  );
  assert.equal(byId.get(f.today), 0);
  assert.equal(byId.get(f.paid), 0);
});
