/**
 * Stopping and resuming reminder campaigns (`lib/billing/reminder_campaign_control.ts`): a stopped
 * queued campaign is never claimed; one stopped between batches writes nothing more and keeps its
 * counts; a resume goes on from the cursor and finishes, reminding nobody twice, as the operator
 * who resumed it; a resume is refused while a campaign of the same filter is busy; only the
 * billing office stops or resumes (42501, 403 in the API); status changes are audited; the API's
 * `…/cancel` and `…/resume`; the campaign page's buttons and confirmation step.
 */
import assert from "node:assert/strict";
import { createApiKey } from "../lib/auth/api_keys.ts";
import { BillingError } from "../lib/billing/errors.ts";
import { cancelCampaign, resumeCampaign } from "../lib/billing/reminder_campaign_control.ts";
import {
  campaignBatch,
  createCampaign,
  getCampaign,
  LostClaim,
} from "../lib/billing/reminder_campaigns.ts";
import type { Db } from "../lib/db/types.ts";
import {
  claimCampaign,
  runCampaign,
  runPendingReminderCampaigns,
  SimulatedCrash,
} from "../lib/jobs/reminders.ts";
import { htmlOf, jsonOf, testApp } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { moreOverdue, reminderFixture } from "./helpers/fixtures_reminders.ts";
import { demoOperator } from "./helpers/fixtures_reconciliation.ts";
import { api, PEOPLE, signedIn } from "./helpers/fixtures_sites.ts";
import { claimsOf } from "./helpers/fixtures_wallets.ts";

const FILTER = { run_id: null, payer: "PZ-SOLL" };
const ESPOSITO = "f.esposito@comune.valdiponte.example";

async function sentPerPosition(db: Db) {
  return await db.asOwner((tx) =>
    tx.query<{ debt_position_id: string; n: number }>(
      `select debt_position_id, count(*)::int as n from public.payment_reminders
        group by debt_position_id`,
    )
  );
}

async function statusAudit(db: Db, id: string) {
  return (await db.asOwner((tx) =>
    tx.query<{ status: string; actor: string | null }>(
      `select after ->> 'status' as status, actor_id::text as actor from public.audit_log
        where entity = 'reminder_campaigns' and entity_id = $1 and action = 'update'
          and before ->> 'status' is distinct from after ->> 'status'
        order by id`,
      [id],
    )
  )).map((r) => [r.status, r.actor]);
}

const isCode = (code: string) => (e: unknown) => e instanceof BillingError && e.code === code;
const is42501 = (e: { code?: string }) => e.code === "42501";

dbTest(
  "campaign control: stop queued, stop between batches, resume from the cursor",
  async (db) => {
    const f = await reminderFixture(db);
    await moreOverdue(db, f);
    const { claims, tenantId } = await demoOperator(db, "operator");

    // Stopped while queued: the job never claims it.
    const first = await db.asUser(claims, (tx) => createCampaign(tx, FILTER, claims.sub));
    const stopped = await db.asUser(claims, (tx) => cancelCampaign(tx, first));
    assert.equal(stopped.status, "cancelled");
    assert.equal(stopped.cancelled_by, claims.sub);
    assert.equal(stopped.cancelled_by_name, "Marco Rossi");
    assert.ok(stopped.cancelled_at);
    assert.deepEqual(await runPendingReminderCampaigns(db), []);
    assert.equal((await sentPerPosition(db)).length, 0);
    await assert.rejects(
      db.asUser(claims, (tx) => cancelCampaign(tx, first)),
      isCode("wrong_status"),
    );

    // A second one of the same filter, stopped after its first batch of 5.
    const id = await db.asUser(claims, (tx) => createCampaign(tx, FILTER, claims.sub));
    assert.notEqual(id, first);
    // Resuming the first while this one is busy is refused (same filter).
    await assert.rejects(
      db.asUser(claims, (tx) => resumeCampaign(tx, first)),
      (e) => isCode("campaign_busy")(e) && (e as BillingError).status === 409,
    );
    const claimed = await claimCampaign(db, "worker-1");
    assert.equal(claimed?.id, id);
    await assert.rejects(
      runCampaign(db, claimed!, { worker: "worker-1", batchSize: 5, crashAfterBatches: 1 }),
      SimulatedCrash,
    );
    const c = await db.asUser(claims, (tx) => cancelCampaign(tx, id));
    assert.deepEqual([c.status, c.done, c.total], ["cancelled", 5, 13]);
    const sentBefore = await sentPerPosition(db);
    assert.ok(sentBefore.length > 0 && sentBefore.length <= 5);
    // The worker's next batch finds it stopped: nothing written; no worker takes it, stale or not.
    await assert.rejects(
      db.asUser(claims, (tx) => campaignBatch(tx, id, "worker-1", { batchSize: 5 })),
      LostClaim,
    );
    await db.asOwner((tx) =>
      tx.query(
        "update public.reminder_campaigns set heartbeat_at = now() - interval '2 minutes' where id = $1",
        [id],
      )
    );
    assert.deepEqual(await runPendingReminderCampaigns(db, { batchSize: 5 }), []);
    const kept = await db.asUser(claims, (tx) => getCampaign(tx, id));
    assert.deepEqual([kept!.status, kept!.done, kept!.sent], ["cancelled", 5, c.sent]);
    assert.deepEqual(await sentPerPosition(db), sentBefore);
    // The progress event for the live page.
    const [event] = await db.asOwner((tx) =>
      tx.query<{ data: { status: string; done: number } }>(
        `select data from private.realtime_outbox
        where room = $1 and event = 'reminder_campaign.progress' order by id desc limit 1`,
        [`reminder_campaign:${id}`],
      )
    );
    assert.deepEqual([event.data.status, event.data.done], ["cancelled", 5]);

    // Another operator resumes it: queued again with its cursor and counts, the job goes on as them.
    const esposito = await claimsOf(db, ESPOSITO, "operator", tenantId);
    const resumed = await db.asUser(esposito, (tx) => resumeCampaign(tx, id));
    assert.deepEqual(
      [resumed.status, resumed.done, resumed.error, resumed.cancelled_by, resumed.requested_by],
      ["queued", 5, null, null, esposito.sub],
    );
    assert.deepEqual(await runPendingReminderCampaigns(db, { batchSize: 5 }), [id]);
    const done = await db.asUser(claims, (tx) => getCampaign(tx, id));
    assert.deepEqual(
      [done!.status, done!.total, done!.done, done!.sent, done!.recent, done!.no_contact],
      ["done", 13, 13, 9, 0, 4],
    );
    const sent = await sentPerPosition(db);
    assert.equal(sent.length, 9);
    assert.ok(sent.every((r) => r.n === 1), "nobody reminded twice");
    await assert.rejects(
      db.asUser(claims, (tx) => resumeCampaign(tx, id)),
      isCode("wrong_status"),
    );

    // Every status change audited, with who made it (the job's as service: no user).
    assert.deepEqual(await statusAudit(db, id), [
      ["running", null],
      ["cancelled", claims.sub],
      ["queued", esposito.sub],
      ["running", null],
      ["done", esposito.sub],
    ]);
    // The first, stopped while queued, resumed now that nothing of its filter is busy: it walks
    // all 13 and sends nothing new.
    await db.asUser(claims, (tx) => resumeCampaign(tx, first));
    assert.deepEqual(await runPendingReminderCampaigns(db), [first]);
    const again = await db.asUser(claims, (tx) => getCampaign(tx, first));
    assert.deepEqual([again!.status, again!.sent, again!.recent], ["done", 0, 9]);
    assert.equal((await sentPerPosition(db)).length, 9);
  },
);

dbTest("campaign control: a failed campaign resumes; only the billing office", async (db) => {
  await reminderFixture(db);
  const { claims, tenantId } = await demoOperator(db, "operator");
  const id = await db.asUser(claims, (tx) => createCampaign(tx, FILTER, claims.sub));
  await db.asOwner((tx) =>
    tx.query(
      "update public.reminder_campaigns set status = 'failed', error = 'boom' where id = $1",
      [id],
    )
  );
  const teacher = (await demoOperator(db, "teacher")).claims;
  const family = await claimsOf(db, PEOPLE.family, "family", tenantId);
  for (const who of [teacher, family]) {
    await assert.rejects(db.asUser(who, (tx) => resumeCampaign(tx, id)), is42501);
    await assert.rejects(db.asUser(who, (tx) => cancelCampaign(tx, id)), is42501);
  }
  // The office cannot write who stopped it, nor cancel around the function.
  await assert.rejects(
    db.asUser(claims, (tx) =>
      tx.query(
        "update public.reminder_campaigns set cancelled_by = $2 where id = $1 returning id",
        [id, claims.sub],
      )),
    is42501,
  );
  await assert.rejects(
    db.asUser(claims, (tx) =>
      tx.query(
        "update public.reminder_campaigns set status = 'cancelled' where id = $1 returning id",
        [id],
      )),
    (e: { code?: string }) => e.code === "23514",
  );
  // Another Ente's operator: not found.
  const elsewhere = {
    ...claims,
    app_metadata: { ...claims.app_metadata, tenant_id: crypto.randomUUID() },
  };
  await assert.rejects(
    db.asUser(elsewhere, (tx) => resumeCampaign(tx, id)),
    isCode("not_found"),
  );
  const resumed = await db.asUser(claims, (tx) => resumeCampaign(tx, id));
  assert.deepEqual([resumed.status, resumed.error], ["queued", null]);
  assert.deepEqual(await runPendingReminderCampaigns(db), [id]);
  assert.equal((await db.asUser(claims, (tx) => getCampaign(tx, id)))!.status, "done");
  // Two requests at once (both find none pending): one campaign, the same for both.
  const twice = await Promise.all(
    [0, 1].map(() => db.asUser(claims, (tx) => createCampaign(tx, FILTER, claims.sub))),
  );
  assert.equal(twice[0], twice[1]);
  // Two campaigns of one filter queued at once are refused by the database too.
  await assert.rejects(
    db.asUser(claims, (tx) =>
      tx.query(
        `insert into public.reminder_campaigns (tenant_id, requested_by, payer)
         values ((select app.tenant_id()), $1, 'PZ-SOLL')`,
        [claims.sub],
      )),
    (e: { code?: string }) => e.code === "23505",
  );
});

/** Status, then content type, then the JSON body. */

const text = (html: string) => html.replaceAll("&#39;", "'").replaceAll("&amp;", "&");

dbTest("campaign control: API cancel and resume, the page's buttons", async (db) => {
  await reminderFixture(db);
  const { claims, tenantId } = await demoOperator(db, "operator");
  const id = await db.asUser(claims, (tx) => createCampaign(tx, FILTER, claims.sub));
  const base = `/api/v1/debt-positions/reminder-campaigns/${id}`;
  const op = await signedIn(db, PEOPLE.operator);

  // The page: "Interrompi campagna" leads to the confirmation step, then stops it.
  const page = text(await htmlOf(await op.get(`/operatore/posizioni/solleciti/${id}`)));
  assert.match(page, /href="[^"]*\?interrompi=1[^"]*">Interrompi campagna</);
  assert.doesNotMatch(page, />Riprendi</);
  const confirm = text(
    await htmlOf(await op.get(`/operatore/posizioni/solleciti/${id}?interrompi=1`)),
  );
  assert.match(confirm, /Interrompere la campagna\?/);
  assert.match(confirm, /I solleciti già inviati restano inviati/);
  assert.match(confirm, /name="action" value="cancel"/);
  const posted = await op.postForm(`/operatore/posizioni/solleciti/${id}`, { action: "cancel" });
  assert.equal(posted.status, 303);
  await posted.body?.cancel();
  assert.equal(posted.headers.get("location"), `/operatore/posizioni/solleciti/${id}?interrotta=1`);
  const after = text(await htmlOf(await op.get(posted.headers.get("location")!)));
  assert.match(after, /Campagna interrotta\. I solleciti già inviati restano inviati\./);
  assert.match(after, /Interrotta dall'ufficio/);
  assert.match(after, /Interrotta da<\/dt><dd class="col-sm-9">Marco Rossi, /);
  assert.match(after, />Riprendi</);
  assert.doesNotMatch(after, />Interrompi campagna</);
  // Stopping it again: 409 with the reason in Italian.
  const twice = await op.postForm(`/operatore/posizioni/solleciti/${id}`, { action: "cancel" });
  assert.match(text(await htmlOf(twice, 409)), /Non si può interrompere: la campagna è interrotta/);
  const list = text(await htmlOf(await op.get("/operatore/posizioni/solleciti")));
  assert.match(list, /Interrotta dall'ufficio/);

  // API: resume, then cancel, then 409s, 404, refusals.
  const resumed = await jsonOf(await api(op, "POST", `${base}/resume`), 200);
  assert.deepEqual([resumed.id, resumed.status, resumed.cancelled_by], [id, "queued", null]);
  assert.deepEqual(resumed.unsent, []);
  const cancelled = await jsonOf(await api(op, "POST", `${base}/cancel`), 200);
  assert.equal(cancelled.status, "cancelled");
  assert.equal(cancelled.cancelled_by, claims.sub);
  assert.equal((await jsonOf(await api(op, "POST", `${base}/cancel`), 409)).code, "wrong_status");
  await db.asUser(claims, (tx) => createCampaign(tx, FILTER, claims.sub));
  assert.equal((await jsonOf(await api(op, "POST", `${base}/resume`), 409)).code, "campaign_busy");
  const nobody = "/api/v1/debt-positions/reminder-campaigns/00000000-0000-4000-8000-000000000000";
  assert.equal((await jsonOf(await api(op, "POST", `${nobody}/cancel`), 404)).code, "not_found");
  const family = await signedIn(db, PEOPLE.family);
  assert.equal((await jsonOf(await api(family, "POST", `${base}/resume`), 403)).code, "forbidden");
  const key = await db.asOwner((tx) =>
    createApiKey(tx, {
      tenantId,
      name: "Gestionale",
      scopes: ["read", "write"],
      createdBy: claims.sub,
    })
  );
  const anonymous = (await testApp(db)).client();
  const byKey = await anonymous.request(`${base}/resume`, {
    method: "POST",
    headers: { authorization: `Bearer ${key.token}` },
  });
  assert.equal((await jsonOf(byKey, 403)).code, "insufficient_scope");
  // A done campaign shows neither button.
  await db.asOwner((tx) =>
    tx.query(
      "update public.reminder_campaigns set status = 'done', cancelled_at = null where id = $1",
      [
        id,
      ],
    )
  );
  const finished = text(await htmlOf(await op.get(`/operatore/posizioni/solleciti/${id}`)));
  assert.doesNotMatch(finished, />Riprendi<|>Interrompi campagna</);

  // Documented.
  const doc = await jsonOf(await op.get("/api/v1/openapi.json"), 200);
  assert.ok(doc.paths["/debt-positions/reminder-campaigns/{id}/cancel"].post.responses["200"]);
  assert.ok(doc.paths["/debt-positions/reminder-campaigns/{id}/resume"].post.responses["409"]);
});
