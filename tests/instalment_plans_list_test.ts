/**
 * The office follows its instalment plans (`lib/billing/instalment_plans_read.ts`,
 * `/operatore/posizioni/piani`): each plan with the instalments paid and missed and what is left,
 * where it stands (missed first), the filter, the dashboard's queue of plans with missed
 * instalments (its count and amount agree with the list), the way to decide on a decadenza, the
 * plans meeting the Ente's rule of decadenza (`lapse_due`, as `planStanding` decides too), and the
 * list as CSV (audited).
 */
import assert from "node:assert/strict";
import {
  type LapseRule,
  LAW_LAPSE_RULE,
  type PlanNotice,
  planStanding,
} from "../lib/billing/instalment_plan_lapse.ts";
import {
  lapseInstalmentPlan,
  revokeInstalmentPlanLapse,
} from "../lib/billing/instalment_plan_lapse_record.ts";
import { grantInstalmentPlan } from "../lib/billing/instalment_plan_record.ts";
import { listPlans, type PlanStandingKey } from "../lib/billing/instalment_plans_read.ts";
import type { Db } from "../lib/db/types.ts";
import { romeDate } from "../lib/i18n/mod.ts";
import { officeTodo } from "../lib/office/todo.ts";
import { htmlOf } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { remindedAgo } from "./helpers/fixtures_enforced.ts";
import { dueOn, lapsingPlan } from "./helpers/fixtures_instalment_plans.ts";
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

/**
 * How plan `plan` stands by `rule`, as `planStanding` decides from its notices and reminders read
 * from the database (only the reminders since a revoked lapse count), on Rome day `today`.
 */
async function standingOf(db: Db, plan: string, rule: LapseRule, today: string) {
  const { notices, reminders } = await db.asOwner(async (tx) => ({
    notices: await tx.query<PlanNotice>(
      `select instalment, status, amount_cents::int as amount_cents, due_on::text as due_on
         from public.payment_notices where debt_position_id = $1 order by instalment`,
      [plan],
    ),
    reminders: await tx.query<{ sent_at: string; revoked_at: string | null }>(
      `select r.sent_at::text, ip.lapse_revoked_at::text as revoked_at
         from public.payment_reminders r
         join public.instalment_plans ip on ip.position_id = r.debt_position_id
        where r.debt_position_id = $1`,
      [plan],
    ),
  }));
  const since = (r: { revoked_at: string | null }) =>
    r.revoked_at ? Date.parse(r.revoked_at) : -Infinity;
  const last = reminders.filter((r) => Date.parse(r.sent_at) > since(r))
    .map((r) => romeDate(new Date(r.sent_at))).sort().at(-1) ?? null;
  return planStanding(notices, today, last, rule);
}

/** A reminder of position `id` sent now (after whatever happened before). */
const remindedNow = (db: Db, id: string) =>
  db.asOwner((tx) =>
    tx.query(
      `insert into public.payment_reminders (tenant_id, batch_id, debt_position_id, payer_id,
         overdue_cents, overdue_since, email_to, mail_id, push, letter, sent_at)
       select d.tenant_id, gen_random_uuid(), d.id, d.payer_id, 1000,
              (now() at time zone 'Europe/Rome')::date - 1, null, null, false, true, now()
         from public.debt_positions d where d.id = $1`,
      [id],
    )
  );

dbTest("the plans' list: the plans meeting the Ente's rule of decadenza first", async (db) => {
  const { f, op, gw, plan, input } = await lapsingPlan(db);
  // Roberta's 15,00 € in 3: instalment 1 missed 60 days ago, the others to come.
  const { position_id: other } = await grantInstalmentPlan(db, op, gw, f.other, input);
  await dueOn(db, other, [f.day(-60), f.day(-60), f.day(20), f.day(50)]);
  const c = await signedIn(db, PEOPLE.operator);

  /** The plans and their standing, in the list's order; `planStanding` agrees on those held. */
  const standings = async (expected: [string, PlanStandingKey][]) => {
    const all = await db.asUser(op, (tx) => listPlans(tx, {}, 25, 0));
    assert.deepEqual(all.items.map((p) => [p.position_id, p.standing]), expected);
    // A lapsed plan is past advice: only the plans that hold are compared.
    for (const p of all.items.filter((p) => p.standing !== "lapsed")) {
      const s = await standingOf(db, p.position_id, all.rule, f.today);
      assert.equal(s.advised, p.standing === "lapse_due", `${p.position_id} ${p.standing}`);
      assert.equal(s.missed, p.missed);
    }
    return all;
  };

  // The law's rule (the Ente's by default): Chiara's 1 and 2 missed, never reminded since.
  const law = await standings([[other, "late"], [plan, "late"]]);
  assert.deepEqual(law.rule, LAW_LAPSE_RULE);

  // Reminded five days ago, after instalment 2 fell due: the rule is met, listed first.
  await remindedAgo(db, plan, 5);
  await standings([[plan, "lapse_due"], [other, "late"]]);
  const due = await db.asUser(op, (tx) => listPlans(tx, { standing: "lapse_due" }, 25, 0));
  assert.deepEqual([due.total, due.missed_cents], [1, 2667]);
  assert.deepEqual(due.items.map((p) => p.position_id), [plan]);
  const late = await db.asUser(op, (tx) => listPlans(tx, { standing: "late" }, 25, 0));
  assert.deepEqual([late.total, late.missed_cents, late.items[0].position_id], [1, 500, other]);
  // The dashboard has a queue for each, the rule met first.
  const todo = (await db.asUser(op, (tx) => officeTodo(tx)))
    .filter((i) => i.key === "lapses_due" || i.key === "instalments_missed")
    .map((i) => [i.key, i.count, i.cents, i.href]);
  assert.deepEqual(todo, [
    ["lapses_due", 1, 2667, "/operatore/posizioni/piani?stato=lapse_due"],
    ["instalments_missed", 1, 500, "/operatore/posizioni/piani?stato=late"],
  ]);
  assert.match(
    text(await htmlOf(await c.get("/operatore"))),
    /todo-count">1<\/span><a href="\/operatore\/posizioni\/piani\?stato=lapse_due">piano di rateizzazione con la decadenza maturata<\/a>/,
  );

  const page = text(await htmlOf(await c.get("/operatore/posizioni/piani?stato=lapse_due")));
  assert.match(
    page,
    /Di regola la decadenza segue il mancato pagamento di due rate consecutive, dopo un sollecito espresso \(L\. 160\/2019, art\. 1 c\. 800\): l'ufficio può dichiararla/,
  );
  assert.match(page, /<option value="lapse_due" selected[^>]*>Decadenza maturata<\/option>/);
  assert.match(page, /Rate scadute e non pagate: 26,67 € in un piano\./);
  assert.match(page, /Piani trovati: 1/);
  const row = page.slice(page.indexOf(`id="piano-${plan}"`));
  assert.match(row, /<span class="badge bg-danger">Decadenza maturata<\/span>/);
  assert.match(
    row,
    new RegExp(`href="/operatore/posizioni/${plan}/decadenza"[^>]*>Valuta la decadenza`),
  );
  assert.doesNotMatch(page, new RegExp(`piano-${other}`));
  const list = text(await htmlOf(await c.get("/operatore/posizioni/piani")));
  assert.ok(list.indexOf(`piano-${plan}`) < list.indexOf(`piano-${other}`), "met first");
  const otherRow = list.slice(list.indexOf(`id="piano-${other}"`));
  assert.match(otherRow, /<span class="badge bg-warning">Rate scadute<\/span>/);
  assert.match(
    otherRow,
    new RegExp(`href="/operatore/posizioni/${other}/decadenza"[^>]*>Valuta la decadenza`),
  );

  // Lapsed, then revoked: the reminder before the revocation no longer counts; one after does.
  await lapseInstalmentPlan(db, op, plan, "Due rate non pagate nonostante il sollecito");
  await standings([[other, "late"], [plan, "lapsed"]]);
  await revokeInstalmentPlanLapse(db, op, plan, "Pagamento della rata 1 arrivato in ritardo");
  await standings([[other, "late"], [plan, "late"]]);
  await remindedNow(db, plan);
  await standings([[plan, "lapse_due"], [other, "late"]]);

  // The Ente's rule: one instalment missed, no reminder; both plans meet it.
  await db.asOwner((tx) =>
    tx.query(
      `update public.billing_settings set lapse_missed_instalments = 1, lapse_after_reminder = false
        where tenant_id = $1`,
      [f.tenantId],
    )
  );
  const own = await standings([[other, "lapse_due"], [plan, "lapse_due"]]);
  assert.deepEqual(own.rule, {
    missed: 1,
    consecutive: true,
    windowMonths: null,
    afterReminder: false,
  });
  const mine = text(await htmlOf(await c.get("/operatore/posizioni/piani")));
  assert.match(
    mine,
    /Di regola la decadenza segue il mancato pagamento di una rata \(regolamento dell'Ente\): l'ufficio/,
  );
  assert.doesNotMatch(mine, /L\. 160\/2019/);
});
