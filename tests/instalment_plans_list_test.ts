/**
 * The office follows its instalment plans (`lib/billing/instalment_plans_read.ts`,
 * `/operatore/posizioni/piani`): each plan with the instalments paid and missed and what is left,
 * where it stands (missed first), the filter, the dashboard's queue of plans with missed
 * instalments (its count and amount agree with the list), the way to decide on a decadenza, and
 * the list as CSV (audited).
 */
import assert from "node:assert/strict";
import {
  lapseInstalmentPlan,
  revokeInstalmentPlanLapse,
} from "../lib/billing/instalment_plan_lapse_record.ts";
import { grantInstalmentPlan } from "../lib/billing/instalment_plan_record.ts";
import { listPlans } from "../lib/billing/instalment_plans_read.ts";
import { officeTodo } from "../lib/office/todo.ts";
import { htmlOf } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { lapsingPlan } from "./helpers/fixtures_instalment_plans.ts";
import { PEOPLE, signedIn } from "./helpers/fixtures_sites.ts";

const text = (html: string) =>
  html.replaceAll("&#39;", "'").replaceAll("&amp;", "&").replaceAll("&nbsp;", " ")
    .replaceAll("\u00a0", " ");

dbTest(
  "the plans' list: missed instalments first, filtered, and the dashboard agrees",
  async (db) => {
    const { f, op, gw, plan, input } = await lapsingPlan(db);
    // Roberta's 15,00 € in 3 instalments from the end of next month: on schedule.
    const { position_id: regular } = await grantInstalmentPlan(db, op, gw, f.other, input);

    const all = await db.asUser(op, (tx) => listPlans(tx, {}, 25, 0));
    assert.equal(all.total, 2);
    assert.deepEqual(all.items.map((p) => [p.position_id, p.standing]), [
      [plan, "late"],
      [regular, "regular"],
    ]);
    const [late] = all.items;
    assert.equal(late.payer_name, "Colombo Chiara");
    assert.deepEqual(
      [
        late.instalments,
        late.paid_instalments,
        late.missed,
        late.missed_cents,
        late.residual_cents,
      ],
      [3, 0, 2, 2667, 4000],
    );
    assert.equal(late.missed_since, f.day(-40));
    const onTime = all.items[1];
    assert.deepEqual([onTime.missed, onTime.missed_cents, onTime.missed_since], [0, 0, null]);
    assert.equal(onTime.residual_cents, 1500);

    const lateOnly = await db.asUser(op, (tx) => listPlans(tx, { standing: "late" }, 25, 0));
    assert.deepEqual([lateOnly.total, lateOnly.missed_cents], [1, 2667]);
    assert.deepEqual(lateOnly.items.map((p) => p.position_id), [plan]);
    // The dashboard's queue is that filter.
    const todo = await db.asUser(op, (tx) => officeTodo(tx));
    const item = todo.find((i) => i.key === "instalments_missed");
    assert.deepEqual(item && [item.count, item.cents, item.href], [
      1,
      2667,
      "/operatore/posizioni/piani?stato=late",
    ]);

    const c = await signedIn(db, PEOPLE.operator);
    const home = text(await htmlOf(await c.get("/operatore")));
    assert.match(
      home,
      /todo-count">1<\/span><a href="\/operatore\/posizioni\/piani\?stato=late">piano di rateizzazione con rate scadute<\/a><span class="ms-auto text-nowrap">26,67 €/,
    );
    const page = text(await htmlOf(await c.get("/operatore/posizioni/piani?stato=late")));
    assert.match(page, /<h1>Piani di rateizzazione<\/h1>/);
    assert.match(page, /Rate scadute e non pagate: 26,67 € in un piano\./);
    assert.match(page, /Piani trovati: 1/);
    const row = page.slice(page.indexOf(`id="piano-${plan}"`));
    assert.match(row, new RegExp(`<a href="/operatore/posizioni/${plan}">Colombo Chiara</a>`));
    assert.match(row, /0 \/ 3/);
    assert.match(row, /2 \(26,67 €\)/);
    assert.match(row, /40,00 €/);
    assert.match(
      row,
      new RegExp(`href="/operatore/posizioni/${plan}/decadenza"[^>]*>Valuta la decadenza`),
    );
    assert.doesNotMatch(page, new RegExp(`piano-${regular}`));
    // The menu has the list.
    assert.match(page, /href="\/operatore\/posizioni\/piani"[^>]*><span>Piani di rateizzazione/);

    // Lapsed: out of the queue, in its own filter.
    await lapseInstalmentPlan(db, op, plan, "Due rate non pagate nonostante il sollecito");
    const after = await db.asUser(op, (tx) => officeTodo(tx));
    assert.equal(after.find((i) => i.key === "instalments_missed"), undefined);
    const lapsed = await db.asUser(op, (tx) => listPlans(tx, { standing: "lapsed" }, 25, 0));
    assert.deepEqual(lapsed.items.map((p) => [p.position_id, p.residual_cents]), [[plan, 4000]]);
    const lapsedPage = text(await htmlOf(await c.get("/operatore/posizioni/piani?stato=lapsed")));
    assert.match(lapsedPage, /Decaduta<\/span>/);
    assert.doesNotMatch(lapsedPage, /Valuta la decadenza/);

    // Paid off and cancelled plans say so.
    await db.asOwner((tx) =>
      tx.query(
        `update public.debt_positions set status = case id when $1 then 'paid' else 'cancelled' end
        where id in ($1, $2)`,
        [regular, plan],
      )
    );
    const done = await db.asUser(op, (tx) => listPlans(tx, {}, 25, 0));
    assert.deepEqual(
      done.items.map((p) => [p.position_id, p.standing, p.residual_cents]).sort(),
      [[plan, "cancelled", 0], [regular, "paid", 1500]].sort(),
    );
  },
);

dbTest("the plans' list as CSV: its filter, every column, audited", async (db) => {
  const { f, op, gw, plan, iupd, input } = await lapsingPlan(db);
  const { position_id: regular } = await grantInstalmentPlan(db, op, gw, f.other, input);
  const c = await signedIn(db, PEOPLE.operator);
  const page = text(await htmlOf(await c.get("/operatore/posizioni/piani?stato=late")));
  assert.match(
    page,
    /<a href="\/operatore\/posizioni\/piani\/esporta\?stato=late">Scarica l'elenco in CSV \(un piano\)<\/a>/,
  );

  const res = await c.get("/operatore/posizioni/piani/esporta?stato=late");
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type")!, /^text\/csv; charset=utf-8/);
  assert.match(
    res.headers.get("content-disposition")!,
    /^attachment; filename="piani-rateizzazione-late-\d{4}-\d{2}-\d{2}\.csv"$/,
  );
  const csv = await res.text();
  assert.ok(csv.startsWith("\uFEFF"));
  const rows = csv.slice(1).trimEnd().split("\r\n").map((l) => l.split(";"));
  assert.deepEqual(rows[0], [
    "IUPD",
    "Pagatore",
    "Codice fiscale",
    "Causale",
    "Concessa il",
    "Rate",
    "Importo",
    "Rate pagate",
    "Rate scadute",
    "Importo scaduto",
    "Scaduta dal",
    "Residuo",
    "Andamento",
    "Decaduta il",
    "Note",
  ]);
  const [{ tax_code, description }] = await db.asOwner((tx) =>
    tx.query<{ tax_code: string; description: string }>(
      `select pe.tax_code, d.description from public.debt_positions d
         join public.people pe on pe.id = d.payer_id where d.id = $1`,
      [plan],
    )
  );
  const it = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
  assert.deepEqual(rows.slice(1), [[
    iupd,
    "Colombo Chiara",
    tax_code,
    description,
    it(f.today),
    "3",
    "40,00",
    "0",
    "2",
    "26,67",
    it(f.day(-40)),
    "40,00",
    "Rate scadute",
    "",
    "",
  ]]);

  // Lapsed, then revoked: the CSV of all plans says when.
  await lapseInstalmentPlan(db, op, plan, "Due rate non pagate nonostante il sollecito");
  const lapsed = (await (await c.get("/operatore/posizioni/piani/esporta")).text()).split("\r\n");
  const line = (lines: string[], id: string) => lines.find((l) => l.startsWith(id))!.split(";");
  assert.deepEqual(line(lapsed, iupd).slice(12), ["Decaduta", it(f.today), ""]);
  await revokeInstalmentPlanLapse(db, op, plan, "Pagamento della rata 1 arrivato in ritardo");
  const all = (await (await c.get("/operatore/posizioni/piani/esporta")).text()).split("\r\n");
  assert.equal(all.length, 4); // head, two plans, the last line end
  assert.deepEqual(line(all, iupd).slice(12), [
    "Rate scadute",
    "",
    `Decadenza revocata il ${it(f.today)}`,
  ]);
  const [{ iupd: other }] = await db.asOwner((tx) =>
    tx.query<{ iupd: string }>("select iupd from public.debt_positions where id = $1", [regular])
  );
  assert.equal(line(all, other)[12], "In regola");

  // Each download is in the audit, with its filter and how many rows it named.
  const audit = await db.asOwner((tx) =>
    tx.query<{ actor_id: string; details: { filters: { standing: string | null }; rows: number } }>(
      `select actor_id, details from public.audit_log
        where action = 'export' and entity = 'instalment_plans' order by id`,
    )
  );
  assert.deepEqual(audit.map((a) => [a.details.filters.standing, a.details.rows]), [
    ["late", 1],
    [null, 2],
    [null, 2],
  ]);
  assert.ok(audit.every((a) => a.actor_id === audit[0].actor_id && a.actor_id));
});

dbTest("the plans' list: families and teachers cannot open it", async (db) => {
  await lapsingPlan(db);
  for (const who of [PEOPLE.family, PEOPLE.ferrari]) {
    const client = await signedIn(db, who);
    for (const path of ["/operatore/posizioni/piani", "/operatore/posizioni/piani/esporta"]) {
      const res = await client.get(path);
      assert.equal(res.status, 403, `${who} ${path}`);
      await res.body?.cancel();
    }
  }
  const [{ n }] = await db.asOwner((tx) =>
    tx.query<{ n: number }>(
      "select count(*)::int as n from public.audit_log where entity = 'instalment_plans' and action = 'export'",
    )
  );
  assert.equal(n, 0);
});
