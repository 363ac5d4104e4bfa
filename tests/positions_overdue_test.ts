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
import { overduePositions } from "./helpers/overdue_positions.ts";

const text = (html: string) =>
  html.replaceAll("&#39;", "'").replaceAll("&amp;", "&").replaceAll("&nbsp;", " ");

dbTest("the office sees which positions are overdue, and lists them oldest first", async (db) => {
  const f = await overduePositions(db);
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
