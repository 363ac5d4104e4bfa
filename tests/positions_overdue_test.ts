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
  assert.doesNotMatch(overdue, /Nessuna posizione/);
  // The export keeps the filters.
  assert.match(
    overdue,
    /<a href="\/operatore\/posizioni\/esporta\?payer=PZ-OVERDUE&status=overdue">Scarica l'elenco in CSV \(2 posizioni\)<\/a>/,
  );

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

dbTest(
  "the office exports the overdue positions as CSV for its spreadsheets (audited)",
  async (db) => {
    const f = await overduePositions(db);
    const c = await signedIn(db, PEOPLE.operator);
    const res = await c.get("/operatore/posizioni/esporta?payer=PZ-OVERDUE&status=overdue");
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "text/csv; charset=utf-8");
    assert.match(
      res.headers.get("content-disposition")!,
      /^attachment; filename="posizioni-scadute-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const text = await res.text();
    assert.ok(text.startsWith("\uFEFFIUPD;Pagatore;Codice fiscale;Servizio;Causale;"));
    const rows = text.trim().split("\r\n").map((l) => l.split(";"));
    assert.equal(rows.length, 3, "the header and the two overdue positions, oldest first");
    const head = rows[0];
    const col = (r: string[], name: string) => r[head.indexOf(name)];
    assert.deepEqual(rows.slice(1).map((r) => col(r, "IUPD")), [
      "PZ-OVERDUE-000003",
      "PZ-OVERDUE-000001",
    ]);
    const [instalments, late] = rows.slice(1);
    assert.equal(col(instalments, "Importo"), "90,00");
    assert.equal(col(instalments, "Pagato"), "30,00");
    assert.equal(col(instalments, "Da pagare"), "60,00");
    assert.equal(col(instalments, "Stato"), "Pagata in parte");
    assert.equal(col(instalments, "Scaduta il"), formatDate("it", f.day(-10), "short"));
    assert.equal(col(instalments, "Importo scaduto"), "30,00");
    assert.equal(col(late, "Importo scaduto"), "40,00");
    assert.equal(col(late, "Periodo dal"), "01/10/2026");
    assert.equal(col(late, "Codice fiscale"), "CLMCHR88M61D612P");

    const all = await (await c.get("/operatore/posizioni/esporta?payer=PZ-OVERDUE")).text();
    assert.equal(all.trim().split("\r\n").length, 5);
    const [audit] = await db.asOwner((tx) =>
      tx.query<{ n: number }>(
        `select count(*)::int as n from public.audit_log
        where action = 'export' and entity = 'debt_positions'`,
      )
    );
    assert.equal(audit.n, 2, "each export is audited");

    const family = await signedIn(db, PEOPLE.family);
    const refused = await family.get("/operatore/posizioni/esporta");
    assert.ok([302, 303, 403].includes(refused.status), `family: ${refused.status}`);
    await refused.body?.cancel();
  },
);
