/**
 * Reminder campaigns (`lib/billing/reminder_campaigns.ts`, `lib/jobs/reminders.ts`): a campaign
 * walks every overdue position of its filter in batches and ends with the right counts, reports
 * payers without contact once (they are never recorded, so they must not make it loop), resumes
 * after a worker dies without sending anything twice, a second campaign right after sends nothing
 * new; the job acts as the operator who asked and stops when they lost the billing role; teachers
 * and families neither create nor read campaigns.
 */
import assert from "node:assert/strict";
import {
  campaignBatch,
  campaignItems,
  createCampaign,
  getCampaign,
  LostClaim,
} from "../lib/billing/reminder_campaigns.ts";
import type { Claims, Db } from "../lib/db/types.ts";
import {
  claimCampaign,
  runCampaign,
  runPendingReminderCampaigns,
  SimulatedCrash,
} from "../lib/jobs/reminders.ts";
import { joinRefusal, parseRoom } from "../lib/realtime/rooms.ts";
import { dbTest } from "./helpers/db.ts";
import { moreOverdue, reminderFixture } from "./helpers/fixtures_reminders.ts";
import { demoOperator } from "./helpers/fixtures_reconciliation.ts";
import { PEOPLE } from "./helpers/fixtures_sites.ts";
import { claimsOf } from "./helpers/fixtures_wallets.ts";

const FILTER = { run_id: null, payer: "PZ-SOLL" };

async function sentPerPosition(db: Db) {
  return await db.asOwner((tx) =>
    tx.query<{ debt_position_id: string; n: number }>(
      `select debt_position_id, count(*)::int as n from public.payment_reminders
        group by debt_position_id`,
    )
  );
}

const counts = (c: Awaited<ReturnType<typeof getCampaign>>) => ({
  status: c!.status,
  total: c!.total,
  done: c!.done,
  sent: c!.sent,
  recent: c!.recent,
  not_overdue: c!.not_overdue,
  no_contact: c!.no_contact,
  not_found: c!.not_found,
});

dbTest("campaigns: every overdue position once, counts, no_contact reported", async (db) => {
  const f = await reminderFixture(db);
  await moreOverdue(db, f);
  const { claims } = await demoOperator(db, "operator");
  const id = await db.asUser(claims, (tx) => createCampaign(tx, FILTER, claims.sub));
  const queued = await db.asUser(claims, (tx) => getCampaign(tx, id));
  assert.equal(queued!.status, "queued");
  // Sent twice while it waits (a double click): the same campaign, not a second one.
  assert.equal(await db.asUser(claims, (tx) => createCampaign(tx, FILTER, claims.sub)), id);
  assert.equal(queued!.requested_by_name, "Marco Rossi");

  // Batches of 4: 13 positions in 4 batches, the last one short.
  assert.deepEqual(await runPendingReminderCampaigns(db, { batchSize: 4 }), [id]);
  const c = await db.asUser(claims, (tx) => getCampaign(tx, id));
  assert.deepEqual(counts(c), {
    status: "done",
    total: 13,
    done: 13,
    sent: 9,
    recent: 0,
    not_overdue: 0,
    no_contact: 4,
    not_found: 0,
  });
  assert.equal(c!.attempts, 1);
  assert.equal(c!.min_days, 15);
  assert.ok(c!.finished_at);
  const sent = await sentPerPosition(db);
  assert.equal(sent.length, 9);
  assert.ok(sent.every((r) => r.n === 1));
  // Sent as the operator who asked.
  const [{ by }] = await db.asOwner((tx) =>
    tx.query<{ by: string[] }>(
      "select array_agg(distinct sent_by::text) as by from public.payment_reminders",
    )
  );
  assert.deepEqual(by, [claims.sub]);
  // The payers without contact, by name, once each.
  const items = await db.asUser(claims, (tx) => campaignItems(tx, id));
  assert.equal(items.length, 4);
  assert.ok(items.every((i) => i.outcome === "no_contact" && i.payer_name === "Marco D'Angelo"));
  assert.ok(items.some((i) => i.debt_position_id === f.unreachable));

  // Progress went to the campaign's room after each batch; the campaign is audited.
  const events = await db.asOwner((tx) =>
    tx.query<{ data: { status: string; done: number } }>(
      `select data from private.realtime_outbox
        where room = $1 and event = 'reminder_campaign.progress' order by id`,
      [`reminder_campaign:${id}`],
    )
  );
  assert.deepEqual(events.map((e) => [e.data.status, e.data.done]), [
    ["running", 0],
    ["running", 4],
    ["running", 8],
    ["running", 12],
    ["done", 13],
  ]);
  const [{ n }] = await db.asOwner((tx) =>
    tx.query<{ n: number }>(
      `select count(*)::int as n from public.audit_log
        where entity = 'reminder_campaigns' and entity_id = $1`,
      [id],
    )
  );
  assert.ok(n >= 2, "created and finished, audited");

  // Nothing left to claim: the job does not come back to a finished campaign.
  assert.deepEqual(await runPendingReminderCampaigns(db), []);

  // A second campaign right after: nothing new, all recent, the payers without contact again.
  const again = await db.asUser(claims, (tx) => createCampaign(tx, FILTER, claims.sub));
  assert.deepEqual(await runPendingReminderCampaigns(db, { batchSize: 4 }), [again]);
  assert.deepEqual(counts(await db.asUser(claims, (tx) => getCampaign(tx, again))), {
    status: "done",
    total: 13,
    done: 13,
    sent: 0,
    recent: 9,
    not_overdue: 0,
    no_contact: 4,
    not_found: 0,
  });
  assert.equal((await sentPerPosition(db)).length, 9);
});

dbTest("campaigns: a worker dies after a batch, another resumes, nothing twice", async (db) => {
  const f = await reminderFixture(db);
  await moreOverdue(db, f);
  const { claims } = await demoOperator(db, "operator");
  const id = await db.asUser(claims, (tx) => createCampaign(tx, FILTER, claims.sub));

  const claimed = await claimCampaign(db, "worker-1");
  assert.equal(claimed?.id, id);
  await assert.rejects(
    runCampaign(db, claimed!, { worker: "worker-1", batchSize: 5, crashAfterBatches: 1 }),
    SimulatedCrash,
  );
  const half = await db.asUser(claims, (tx) => getCampaign(tx, id));
  assert.equal(half!.status, "running");
  assert.equal(half!.done, 5);
  const before = await sentPerPosition(db);
  assert.ok(before.length > 0 && before.length <= 5);

  // Its heartbeat is fresh: nobody else takes it yet.
  assert.deepEqual(await runPendingReminderCampaigns(db, { worker: "worker-2" }), []);
  // A minute later it is stale: another worker claims it and goes on after the cursor.
  await db.asOwner((tx) =>
    tx.query(
      "update public.reminder_campaigns set heartbeat_at = now() - interval '2 minutes' where id = $1",
      [id],
    )
  );
  assert.deepEqual(
    await runPendingReminderCampaigns(db, { worker: "worker-2", batchSize: 5 }),
    [id],
  );
  const c = await db.asUser(claims, (tx) => getCampaign(tx, id));
  assert.deepEqual(counts(c), {
    status: "done",
    total: 13,
    done: 13,
    sent: 9,
    recent: 0,
    not_overdue: 0,
    no_contact: 4,
    not_found: 0,
  });
  assert.equal(c!.attempts, 2);
  const sent = await sentPerPosition(db);
  assert.equal(sent.length, 9);
  assert.ok(sent.every((r) => r.n === 1), "no position reminded twice");
  const [{ mails }] = await db.asOwner((tx) =>
    tx.query<{ mails: number }>(
      "select count(*)::int as mails from public.mail_outbox where subject like 'Sollecito%'",
    )
  );
  assert.equal(mails, 9);
  assert.equal((await db.asUser(claims, (tx) => campaignItems(tx, id))).length, 4);

  // The first worker, back to life, has lost its claim: it writes nothing.
  await assert.rejects(
    db.asUser(claims, (tx) => campaignBatch(tx, id, "worker-1")),
    LostClaim,
  );
});

dbTest("campaigns: the job acts as the operator, and stops if they left the office", async (db) => {
  await reminderFixture(db);
  const { claims, tenantId } = await demoOperator(db, "operator");
  const id = await db.asUser(claims, (tx) => createCampaign(tx, FILTER, claims.sub));
  // Meanwhile the operator became a teacher only.
  await db.asOwner(async (tx) => {
    await tx.query(
      "delete from public.memberships where tenant_id = $1 and user_id = $2 and role = 'operator'",
      [tenantId, claims.sub],
    );
    await tx.query(
      `insert into public.memberships (tenant_id, user_id, role) values ($1, $2, 'teacher')
       on conflict do nothing`,
      [tenantId, claims.sub],
    );
  });
  assert.deepEqual(await runPendingReminderCampaigns(db), [id]);
  const c = await db.asOwner((tx) =>
    tx.query<{ status: string; error: string; sent: number }>(
      "select status, error, sent from public.reminder_campaigns where id = $1",
      [id],
    )
  );
  assert.equal(c[0].status, "failed");
  assert.match(c[0].error, /non fa più parte dell'ufficio fatturazione/);
  assert.equal((await sentPerPosition(db)).length, 0);
  assert.deepEqual(await runPendingReminderCampaigns(db), [], "a failed campaign stays failed");
});

dbTest("campaigns: teachers and families neither create nor read them", async (db) => {
  await reminderFixture(db);
  const { claims, tenantId } = await demoOperator(db, "operator");
  const id = await db.asUser(claims, (tx) => createCampaign(tx, FILTER, claims.sub));
  const teacher = (await demoOperator(db, "teacher")).claims;
  const family = await claimsOf(db, PEOPLE.family, "family", tenantId);
  for (const who of [teacher, family]) {
    await assert.rejects(
      db.asUser(who, (tx) => createCampaign(tx, FILTER, who.sub)),
      (e: { code?: string }) => e.code === "42501",
    );
    assert.equal(await db.asUser(who, (tx) => getCampaign(tx, id)), null);
    assert.deepEqual(await db.asUser(who, (tx) => campaignItems(tx, id)), []);
  }
  // The office creates only as itself, never moves the claim, never deletes one.
  const other = (await demoOperator(db, "teacher")).claims.sub;
  await assert.rejects(
    db.asUser(claims, (tx) => createCampaign(tx, { run_id: null, payer: "Rossi" }, other)),
    (e: { code?: string }) => e.code === "42501",
  );
  const op: Claims = claims;
  await assert.rejects(
    db.asUser(
      op,
      (tx) => tx.query("update public.reminder_campaigns set claimed_by = 'me' returning id"),
    ),
    (e: { code?: string }) => e.code === "42501",
  );
  await assert.rejects(
    db.asUser(op, (tx) => tx.query("delete from public.reminder_campaigns returning id")),
    (e: { code?: string }) => e.code === "42501",
  );
  // Staff read it, with who asked, and follow it live; the others may not join its room.
  const read = await db.asUser(claims, (tx) => getCampaign(tx, id));
  assert.equal(read?.requested_by, claims.sub);
  const room = `reminder_campaign:${id}`;
  assert.deepEqual(parseRoom(room), { kind: "reminder_campaign", id });
  assert.equal(await joinRefusal(db, claims, room), null);
  assert.equal(await joinRefusal(db, teacher, room), "forbidden");
  assert.equal(await joinRefusal(db, family, room), "forbidden");
});
