/**
 * The family's push about its rateizzazione (`lib/billing/instalment_plan_notify.ts`): the office
 * granting a plan, refusing an online request, declaring a plan lapsed each queue a `push.plan`
 * event in their transaction; delivered after commit to both parents' devices with the words and
 * the page to open; nothing once it is no longer true (the position paid meanwhile).
 */
import assert from "node:assert/strict";
import { lapseInstalmentPlan } from "../lib/billing/instalment_plan_lapse_record.ts";
import { planPushNotice, planPushText } from "../lib/billing/instalment_plan_notify.ts";
import { refuseRequest, requestPlan } from "../lib/billing/instalment_plan_requests.ts";
import type { Claims, Db } from "../lib/db/types.ts";
import { deliverPushEvent, isPushEvent } from "../lib/push/events.ts";
import { saveSubscription } from "../lib/push/subscriptions.ts";
import { claimBatch, type OutboxEvent } from "../lib/realtime/dispatcher.ts";
import { dbTest } from "./helpers/db.ts";
import { claimsOf } from "./helpers/fixtures_enforced.ts";
import { lapsingPlan } from "./helpers/fixtures_instalment_plans.ts";
import { browserKeys, pushService } from "./helpers/push_service.ts";

/** Claims the pending outbox rows and keeps the plan's pushes. */
async function planPushes(db: Db): Promise<OutboxEvent[]> {
  const all: OutboxEvent[] = [];
  for (let batch = await claimBatch(db); batch.length; batch = await claimBatch(db)) {
    all.push(...batch);
  }
  return all.filter((e) => isPushEvent(e) && e.event === "push.plan");
}

Deno.test("planPushText: what each push says and opens", () => {
  const f = {
    positionId: "p1",
    description: " Mensa ottobre 2026 ",
    instalments: 3,
    firstDue: "2026-12-31",
    lastDue: "2027-02-28",
    residualCents: 4000,
  };
  assert.deepEqual(planPushText("granted", f), {
    title: "Rateizzazione concessa",
    body: 'Puoi pagare "Mensa ottobre 2026" in 3 rate, dal 31/12/2026 al 28/02/2027.',
    url: "/famiglie/pagamenti/p1",
  });
  assert.equal(planPushText("refused", f).title, "Rateizzazione non concessa");
  assert.match(planPushText("refused", f).body, /non è stata accolta: leggi il motivo/);
  const lapsed = planPushText("lapsed", f);
  assert.equal(lapsed.title, "Rateizzazione decaduta");
  assert.match(
    lapsed.body,
    /^La rateizzazione di "Mensa ottobre 2026" è decaduta: l'intero residuo di 40,00\s€ è dovuto subito\.$/,
  );
  assert.equal(lapsed.url, "/famiglie/pagamenti/p1");
});

dbTest("rateizzazione: granted, refused and lapsed reach the family's devices", async (db) => {
  const browsers = new Map<string, ReturnType<typeof browserKeys>>();
  const ps = pushService(browsers);
  try {
    const chiara = await claimsOf(db, "chiara.colombo@posta.example", ["family"]);
    const luca = await claimsOf(db, "luca.ricci@posta.example", ["family"]);
    for (const [who, path] of [[chiara, "/wpush/chiara"], [luca, "/wpush/luca"]] as const) {
      const b = browserKeys();
      browsers.set(path, b);
      await db.asUser(
        who as Claims,
        (tx) => saveSubscription(tx, { endpoint: `${ps.base}${path}`, keys: b.keys }, "test"),
      );
    }
    await planPushes(db);

    // Granted (by the fixture, on Chiara's overdue 40,00 €).
    const { f, op, plan } = await lapsingPlan(db);
    const [granted] = await planPushes(db);
    assert.deepEqual(
      [granted.room, (granted.data as { kind: string }).kind],
      [`push:${plan}`, "granted"],
    );
    assert.deepEqual(await deliverPushEvent(db, granted), { sent: 2, removed: 0, failed: 0 });
    const first = ps.received.map((r) => r.payload as { title: string; url: string; tag: string });
    assert.deepEqual(first.map((p) => p.title), [
      "Rateizzazione concessa",
      "Rateizzazione concessa",
    ]);
    assert.equal(first[0].url, `/famiglie/pagamenti/${plan}`);
    assert.equal(first[0].tag, `plan-granted-${plan}`);

    // Refused: Chiara asks online for the position due today, the office says no.
    const request = await db.asUser(
      chiara,
      (tx) => requestPlan(tx, f.dueToday, { count: 2, message: null }),
    );
    await db.asUser(
      op,
      (tx) => refuseRequest(tx, request, "Importo troppo basso per il regolamento"),
    );
    const [refused] = await planPushes(db);
    assert.equal(refused.room, `push:${request}`);
    const r = await planPushNotice(db, "refused", request);
    assert.equal(r?.title, "Rateizzazione non concessa");
    assert.equal(r?.url, `/famiglie/pagamenti/${f.dueToday}`);
    assert.equal(r?.userIds.length, 2, "both parents of the household");

    // Lapsed: the residual due at once.
    await lapseInstalmentPlan(db, op, plan, "Due rate non pagate nonostante il sollecito");
    const [lapsed] = await planPushes(db);
    assert.deepEqual((lapsed.data as { kind: string }).kind, "lapsed");
    const l = await planPushNotice(db, "lapsed", plan);
    assert.equal(l?.title, "Rateizzazione decaduta");
    assert.match(l!.body, /l'intero residuo di 40,00\s€ è dovuto subito/);

    // Paid in the meantime: nothing to say any more; an unknown kind says nothing either.
    await db.asOwner((tx) =>
      tx.query("update public.debt_positions set status = 'paid' where id = $1", [plan])
    );
    assert.equal(await planPushNotice(db, "lapsed", plan), null);
    assert.equal(await planPushNotice(db, "granted", plan), null);
    assert.equal(
      await deliverPushEvent(db, { ...lapsed, data: { subject: plan, kind: "x" } }),
      null,
    );
    // A request not refused gives no "refused" push.
    assert.equal(await planPushNotice(db, "refused", plan), null);
  } finally {
    await ps.stop();
  }
});
