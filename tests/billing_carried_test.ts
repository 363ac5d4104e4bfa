/**
 * Carried amounts (issue 6): lines an issue left without a position — a payer's credit, a sum
 * under the service's minimum — are listed for the office and shown to the family, and join the
 * payer's next position. Runs are computed, reviewed and issued as the office does it.
 */
import assert from "node:assert/strict";
import { listCarried, myCarried } from "../lib/billing/carried.ts";
import { addLine } from "../lib/billing/lines.ts";
import { approveRun, requestIssue } from "../lib/billing/runs.ts";
import type { Claims, Db } from "../lib/db/types.ts";
import { runPendingBillingJobs } from "../lib/jobs/billing.ts";
import { htmlOf, signedInClient } from "./helpers/app.ts";
import {
  canteenBilling,
  CHIARA,
  computedRun,
  issuedRun,
  OPERATOR,
} from "./helpers/canteen_billing.ts";
import { dbTest } from "./helpers/db.ts";

const TEACHER = "l.ferrari@scuola.valdiponte.example";
const MIN = 1000;

interface Scene {
  tenantId: string;
  op: Claims;
  opId: string;
  chiara: Claims;
  mensa: string;
  /** A = Chiara (a credit), B (under the minimum), C (a normal position). */
  a: string;
  b: string;
  c: string;
  oct: string;
}

async function sums(db: Db, runId: string): Promise<Map<string, number>> {
  const rows = await db.asOwner((tx) =>
    tx.query<{ payer_id: string; cents: number }>(
      `select payer_id, sum(amount_cents)::bigint as cents from public.charge_lines
        where run_id = $1 and deleted_at is null group by payer_id order by payer_id`,
      [runId],
    )
  );
  return new Map(rows.map((r) => [r.payer_id, Number(r.cents)]));
}

/**
 * October of the canteen, computed: the office credits Chiara more than her month (net −15,00 €)
 * and B down to 5,00 € (the canteen's minimum for a notice is 10,00 €); C is left alone. Not
 * issued yet.
 */
async function october(db: Db): Promise<Scene> {
  const { tenantId, op, chiara, mensa, chiaraPayer: chiaraId } = await canteenBilling(db, MIN);
  const s = { op, opId: op.sub, mensa };
  const oct = await computedRun(db, s, "2026-10-01", "2026-10-31");
  const before = await sums(db, oct);
  assert.ok(before.has(chiaraId), "Chiara pays the canteen in the demo");
  const [b, c] = [...before.keys()].filter((p) => p !== chiaraId && before.get(p)! > MIN);
  await db.asUser(op, async (tx) => {
    const credit = (payer: string, cents: number) =>
      addLine(tx, oct, {
        kind: "credit",
        amount_cents: cents,
        description: "Rimborso pasti non fruiti per sciopero",
        reason: "Sciopero del personale di cucina",
        enrollment_id: null,
        payer_id: payer,
        service_id: mensa,
      });
    await credit(chiaraId, before.get(chiaraId)! + 1500);
    await credit(b, before.get(b)! - 500);
  });
  return { tenantId, op, opId: op.sub, chiara, mensa, a: chiaraId, b, c, oct };
}

dbTest(
  "carried: a credit and a sum under the minimum are listed, then join the next position",
  async (db) => {
    const s = await october(db);
    // Before the issue nothing is carried, and the family reads none of the run's lines.
    assert.equal((await db.asUser(s.op, (tx) => listCarried(tx, {}, 50, 0))).total, 0);
    const readable = async () =>
      (await db.asUser(s.chiara, (tx) =>
        tx.query<{ n: number }>(
          "select count(*)::int as n from public.charge_lines where run_id = $1",
          [s.oct],
        ))).at(0)!.n;
    assert.equal(await readable(), 0, "a run in review is not the family's to read");
    assert.deepEqual(await db.asUser(s.chiara, (tx) => myCarried(tx)), []);
    await db.asUser(s.op, (tx) => approveRun(tx, s.oct, s.opId));
    assert.equal(await readable(), 0, "nor an approved one, not yet issued");

    await db.asUser(s.op, (tx) => requestIssue(tx, s.oct, s.opId));
    await runPendingBillingJobs(db);
    const list = await db.asUser(s.op, (tx) => listCarried(tx, {}, 50, 0));
    const by = new Map(list.items.map((i) => [i.payer_id, i]));
    assert.equal(by.get(s.a)?.class, "credit");
    assert.equal(by.get(s.a)?.amount_cents, -1500);
    assert.equal(by.get(s.a)?.service_id, s.mensa);
    assert.ok(
      by.get(s.a)!.lines.some((l) => l.kind === "credit" && l.run_label === "Ottobre 2026"),
    );
    assert.ok(
      by.get(s.a)!.lines.some((l) => l.kind === "usage" && /pasti/.test(l.summary.it ?? "")),
      "each line with its explanation's summary",
    );
    assert.equal(by.get(s.b)?.class, "below_minimum");
    assert.equal(by.get(s.b)?.amount_cents, 500);
    assert.equal(by.get(s.b)?.min_cents, MIN);
    assert.equal(by.has(s.c), false, "C got a position");
    assert.equal(list.items[0].class, "credit", "credits first");
    assert.deepEqual(list.totals.credit, { count: 1, cents: -1500 });
    assert.deepEqual(list.totals.below_minimum, { count: 1, cents: 500 });
    assert.equal(list.total, 2);
    // Filters: class, service, payer (name or codice fiscale), paging.
    const credits = await db.asUser(s.op, (tx) => listCarried(tx, { class: "credit" }, 50, 0));
    assert.deepEqual(credits.items.map((i) => i.payer_id), [s.a]);
    assert.equal(credits.total, 1);
    assert.equal(credits.totals.below_minimum.count, 1, "totals keep every class");
    const byName = await db.asUser(s.op, (tx) => listCarried(tx, { payer: "chiara col" }, 50, 0));
    assert.deepEqual(byName.items.map((i) => i.payer_id), [s.a]);
    const byCf = await db.asUser(s.op, (tx) => listCarried(tx, { payer: "clmchr" }, 50, 0));
    assert.deepEqual(byCf.items.map((i) => i.payer_id), [s.a]);
    const other = await db.asUser(
      s.op,
      (tx) => listCarried(tx, { service_id: crypto.randomUUID() }, 50, 0),
    );
    assert.equal(other.total, 0);
    const second = await db.asUser(s.op, (tx) => listCarried(tx, {}, 1, 1));
    assert.deepEqual(second.items.map((i) => i.payer_id), [s.b]);
    assert.equal(second.total, 2);

    // The family of A reads its carried lines now, never B's.
    const mine = await db.asUser(s.chiara, (tx) => myCarried(tx));
    assert.deepEqual(mine.map((m) => [m.payer_id, m.class, m.amount_cents]), [
      [s.a, "credit", -1500],
    ]);
    assert.equal(mine[0].lines[0].run_label, null, "runs are the office's");
    const [seen] = await db.asUser(s.chiara, (tx) =>
      tx.query<{ mine: number; others: number }>(
        `select count(*) filter (where payer_id = $2)::int as mine,
                count(*) filter (where payer_id <> $2)::int as others
           from public.charge_lines where run_id = $1`,
        [s.oct, s.a],
      ));
    assert.ok(seen.mine > 0);
    assert.equal(seen.others, 0);

    // November: A's new charges are more than the credit; the carried lines join A's position.
    const nov = await computedRun(db, s, "2026-11-01", "2026-11-30");
    const novA = (await sums(db, nov)).get(s.a)!;
    assert.ok(novA > 1500, `November's charges (${novA}) exceed the credit`);
    // A run in review does not yet take the carried lines.
    assert.equal((await db.asUser(s.op, (tx) => listCarried(tx, {}, 50, 0))).total, 2);
    await issuedRun(db, s.op, nov);
    const after = await db.asUser(s.op, (tx) => listCarried(tx, {}, 50, 0));
    assert.equal(after.items.some((i) => i.payer_id === s.a), false, "A is no longer carried");
    const [pos] = await db.asOwner((tx) =>
      tx.query<{ amount_cents: number; carried: number }>(
        `select d.amount_cents,
                (select count(*)::int from public.charge_lines cl
                  where cl.debt_position_id = d.id and cl.run_id = $3) as carried
           from public.debt_positions d where d.run_id = $1 and d.payer_id = $2`,
        [nov, s.a, s.oct],
      )
    );
    assert.equal(Number(pos.amount_cents), novA - 1500);
    assert.ok(pos.carried > 0, "October's lines are in A's November position");
    assert.deepEqual(await db.asUser(s.chiara, (tx) => myCarried(tx)), []);
  },
);

dbTest("carried: the office page, the family card, the API and who may see them", async (db) => {
  const s = await october(db);
  await issuedRun(db, s.op, s.oct);

  const op = await signedInClient(db, OPERATOR);
  const runs = await htmlOf(await op.get("/operatore/fatturazione"));
  assert.match(runs, /href="\/operatore\/fatturazione\/riportati"/);
  const page = await htmlOf(await op.get("/operatore/fatturazione/riportati"));
  assert.match(page, /<h1>Importi riportati<\/h1>/);
  assert.match(page, /Crediti delle famiglie: 15,00 €/);
  assert.match(page, /Sotto la soglia minima: 5,00 €/);
  assert.match(page, new RegExp(`href="/operatore/anagrafiche/persone/${s.a}"`));
  assert.match(page, /Colombo Chiara/);
  assert.match(page, /Rimborso pasti non fruiti per sciopero/);
  assert.match(page, /Ottobre 2026/);
  const credits = await htmlOf(await op.get("/operatore/fatturazione/riportati?classe=credit"));
  assert.doesNotMatch(credits, new RegExp(`persone/${s.b}"`));
  const none = await htmlOf(
    await op.get(`/operatore/fatturazione/riportati?payer=${encodeURIComponent("Nessuno Xyz")}`),
  );
  assert.match(none, /Nessun importo riportato/);
  const en = await htmlOf(await op.get("/operatore/fatturazione/riportati?lang=en"));
  assert.match(en, /Carried amounts/);

  const api = await op.get("/api/v1/carried-balances?class=below_minimum");
  assert.equal(api.status, 200);
  assert.match(api.headers.get("content-type")!, /^application\/json/);
  const body = await api.json();
  assert.deepEqual(body.items.map((i: { payer_id: string }) => i.payer_id), [s.b]);
  assert.equal(body.totals.credit.cents, -1500);
  assert.equal(body.total, 1);
  const bad = await op.get("/api/v1/carried-balances?class=nope");
  assert.equal(bad.status, 422);
  await bad.body?.cancel();

  const family = await signedInClient(db, CHIARA);
  const payments = await htmlOf(await family.get("/famiglie/pagamenti"));
  assert.match(payments, /Hai un credito di 15,00 €: sarà detratto dal prossimo avviso/);
  assert.match(payments, /Rimborso pasti non fruiti per sciopero/);
  assert.doesNotMatch(payments, /sotto l&#39;importo minimo|sotto l'importo minimo/);
  const mine = await family.get("/api/v1/my-positions");
  assert.equal(mine.status, 200);
  const myBody = await mine.json();
  assert.deepEqual(
    myBody.carried.map((c: { class: string; amount_cents: number }) => [c.class, c.amount_cents]),
    [["credit", -1500]],
  );
  const denied = await family.get("/api/v1/carried-balances");
  assert.equal(denied.status, 403);
  await denied.body?.cancel();
  const office = await family.get("/operatore/fatturazione/riportati");
  assert.equal(office.status, 403);
  await office.body?.cancel();

  const teacher = await signedInClient(db, TEACHER);
  const t = await teacher.get("/operatore/fatturazione/riportati");
  assert.equal(t.status, 403);
  await t.body?.cancel();
  const tApi = await teacher.get("/api/v1/carried-balances");
  assert.equal(tApi.status, 403);
  await tApi.body?.cancel();
});

dbTest("carried: below the minimum, the family reads when it will be billed", async (db) => {
  const s = await october(db);
  // Chiara's month brought down to 5,00 € instead: under the canteen's minimum.
  await db.asOwner((tx) =>
    tx.query(
      `update public.charge_lines set amount_cents = amount_cents + 2000,
              description = 'Rimborso ridotto', reason = 'Rimborso ricalcolato'
        where run_id = $1 and payer_id = $2 and kind = 'credit'`,
      [s.oct, s.a],
    )
  );
  await issuedRun(db, s.op, s.oct);
  const family = await signedInClient(db, CHIARA);
  const payments = await htmlOf(await family.get("/famiglie/pagamenti"));
  assert.match(
    payments,
    /5,00 € sotto l(&#39;|')importo minimo di un avviso: sarà aggiunto al prossimo avviso/,
  );
  assert.doesNotMatch(payments, /Hai un credito/);
});

dbTest("carried: with aggregated positions, one balance per payer and no minimum", async (db) => {
  const s = await october(db);
  await db.asOwner((tx) =>
    tx.query(
      "update public.billing_settings set position_grouping = 'aggregated' where tenant_id = $1",
      [s.tenantId],
    )
  );
  await issuedRun(db, s.op, s.oct);
  const list = await db.asUser(s.op, (tx) => listCarried(tx, {}, 50, 0));
  // As issue.ts: all services together, and an aggregated position knows no minimum, so B's
  // 5,00 € became a notice.
  assert.deepEqual(list.items.map((i) => [i.payer_id, i.service_id, i.class, i.amount_cents]), [
    [s.a, null, "credit", -1500],
  ]);
  assert.deepEqual(list.items[0].service_titles, ["Refezione scolastica"]);
  const [b] = await db.asOwner((tx) =>
    tx.query<{ amount_cents: number }>(
      "select amount_cents from public.debt_positions where run_id = $1 and payer_id = $2",
      [s.oct, s.b],
    )
  );
  assert.equal(Number(b.amount_cents), 500);
  const mine = await db.asUser(s.chiara, (tx) => myCarried(tx));
  assert.deepEqual(mine.map((m) => [m.service_id, m.class]), [[null, "credit"]]);
  const serviceFilter = await db.asUser(
    s.op,
    (tx) => listCarried(tx, { service_id: s.mensa }, 50, 0),
  );
  assert.equal(serviceFilter.total, 1, "a service filter finds the aggregated balance");
});
