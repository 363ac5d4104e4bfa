/**
 * Revoca della decadenza (`revokeInstalmentPlanLapse`, `app.revoke_instalment_plan_lapse`): the
 * billing office revokes a lapse declared by mistake; the plan holds again (only the missed
 * instalments are overdue, each since its own date), the payer is e-mailed and pushed, the plan
 * may lapse again; what the database refuses, including a position handed over to enforced
 * collection until it is withdrawn from the list.
 */
import assert from "node:assert/strict";
import { collectionCandidates } from "../lib/billing/enforced_collection_read.ts";
import { createCollection, withdrawPosition } from "../lib/billing/enforced_collection_record.ts";
import { PlanError, planLinks } from "../lib/billing/instalment_plan_record.ts";
import {
  lapseInstalmentPlan,
  revokeInstalmentPlanLapse,
} from "../lib/billing/instalment_plan_lapse_record.ts";
import { planPushNotice } from "../lib/billing/instalment_plan_notify.ts";
import { listPositions } from "../lib/billing/positions_read.ts";
import type { Db } from "../lib/db/types.ts";
import { isPushEvent } from "../lib/push/events.ts";
import { claimBatch, type OutboxEvent } from "../lib/realtime/dispatcher.ts";
import { dbTest } from "./helpers/db.ts";
import { claimsOf, remindedAgo } from "./helpers/fixtures_enforced.ts";
import { lapsingPlan } from "./helpers/fixtures_instalment_plans.ts";

const LAPSE = "Due rate non pagate nonostante il sollecito";
const REVOKE = "La famiglia ha pagato la rata 1 il giorno prima della decadenza";

const planError = (code: string, status: number) => (e: unknown) =>
  e instanceof PlanError && e.code === code && e.status === status;

async function overdueOf(db: Db, op: Parameters<Db["asUser"]>[0], id: string) {
  const { items } = await db.asUser(op, (tx) => listPositions(tx, { overdue: true }, 100, 0));
  const p = items.find((x) => x.id === id);
  return p ? { cents: p.overdue_cents, since: p.overdue_since, lapsed: p.lapsed } : null;
}

/** The plan's lapse, moved back a day: from today its whole residual is overdue. */
async function lapsedYesterday(db: Db, op: Parameters<Db["asUser"]>[0], plan: string) {
  await lapseInstalmentPlan(db, op, plan, LAPSE);
  await db.asOwner((tx) =>
    tx.query(
      `update public.instalment_plans set lapsed_at = lapsed_at - interval '1 day'
        where position_id = $1`,
      [plan],
    )
  );
}

async function planPushes(db: Db): Promise<OutboxEvent[]> {
  const all: OutboxEvent[] = [];
  for (let batch = await claimBatch(db); batch.length; batch = await claimBatch(db)) {
    all.push(...batch);
  }
  return all.filter((e) => isPushEvent(e) && e.event === "push.plan");
}

dbTest("revoca: the plan holds again, the payer is told, it may lapse again", async (db) => {
  const { f, op, plan } = await lapsingPlan(db);
  await lapsedYesterday(db, op, plan);
  assert.deepEqual(await overdueOf(db, op, plan), { cents: 4000, since: f.day(-40), lapsed: true });
  const [{ lapsed_at: lapsedAt }] = await db.asOwner((tx) =>
    tx.query<{ lapsed_at: string }>(
      "select to_json(lapsed_at) #>> '{}' as lapsed_at from public.instalment_plans where position_id = $1",
      [plan],
    )
  );
  await planPushes(db);

  const revoked = await revokeInstalmentPlanLapse(db, op, plan, ` ${REVOKE} `);
  assert.deepEqual(revoked, {
    position_id: plan,
    residual_cents: 4000,
    mailed: true,
    revoked_at: revoked.revoked_at,
  });

  // Only the two missed instalments are overdue again, each since its own due date.
  assert.deepEqual(await overdueOf(db, op, plan), {
    cents: 2667,
    since: f.day(-40),
    lapsed: false,
  });
  const candidates = await db.asUser(op, (tx) => collectionCandidates(tx, { run_id: null }));
  assert.equal(candidates.find((c) => c.position_id === plan)?.overdue_cents, 2667);

  const { plan: facts } = await db.asUser(op, (tx) => planLinks(tx, plan));
  assert.equal(facts?.lapsed_at, null);
  assert.equal(facts.lapse_reason, null);
  assert.equal(facts.lapsed_by_name, null);
  assert.equal(facts.lapse_revoked_at, revoked.revoked_at);
  assert.equal(facts.lapse_revoke_reason, REVOKE);
  assert.equal(facts.lapse_revoked_by_name, "Marco Rossi");
  assert.equal(new Date(facts.revoked_lapse_at!).getTime(), new Date(lapsedAt).getTime());
  // The family reads the revocation, not who made it.
  const chiara = await claimsOf(db, "chiara.colombo@posta.example", ["family"]);
  const { plan: family } = await db.asUser(chiara, (tx) => planLinks(tx, plan));
  assert.equal(family?.lapse_revoke_reason, REVOKE);
  assert.equal(family.lapse_revoked_by_name, null);

  const [mail] = await db.asOwner((tx) =>
    tx.query<{ to_address: string; subject: string; body_text: string }>(
      `select to_address, subject, body_text from public.mail_outbox
        where subject like '%decadenza della rateizzazione revocata'`,
    )
  );
  assert.match(mail.to_address, /@/);
  assert.match(mail.body_text, new RegExp(`Motivo: ${REVOKE}\n`));
  assert.match(mail.body_text, /per un residuo di 40,00\s€/);
  assert.match(mail.body_text, /Restano da pagare 2 rate già scadute, per 26,67\s€/);
  assert.match(mail.body_text, /La prossima rata, la n\. 3 di 13,33\s€, scade il /);

  // The push is queued with the write, and is true while the plan holds.
  const [push] = await planPushes(db);
  assert.deepEqual(
    [push.room, (push.data as { kind: string }).kind],
    [`push:${plan}`, "restored"],
  );
  const notice = await planPushNotice(db, "restored", plan);
  assert.equal(notice?.title, "Decadenza revocata");
  assert.match(notice!.body, /è di nuovo valida.*residuo di 40,00\s€/);

  // Audited, with who did it and the lapse it revoked.
  const [audit] = await db.asOwner((tx) =>
    tx.query<
      { actor_id: string; before: { lapse_reason: string }; after: { lapse_revoke_reason: string } }
    >(
      `select actor_id, before, after from public.audit_log
        where entity = 'instalment_plans' and after ->> 'position_id' = $1::text
          and after ->> 'lapse_revoke_reason' is not null
        order by id limit 1`,
      [plan],
    )
  );
  assert.equal(audit.actor_id, op.sub);
  assert.equal(audit.before.lapse_reason, LAPSE);
  assert.equal(audit.after.lapse_revoke_reason, REVOKE);

  // Not lapsed any more: nothing to revoke. Missed instalments still: it may lapse again, and
  // then the push of the revocation is no longer true.
  await assert.rejects(
    revokeInstalmentPlanLapse(db, op, plan, REVOKE),
    planError("not_lapsed", 409),
  );
  await lapseInstalmentPlan(db, op, plan, LAPSE);
  assert.equal(await planPushNotice(db, "restored", plan), null);
  const { plan: again } = await db.asUser(op, (tx) => planLinks(tx, plan));
  assert.notEqual(again?.lapsed_at, null);
  assert.equal(again?.lapse_revoke_reason, REVOKE);
});

dbTest("revoca: what the database refuses", async (db) => {
  const { f, op, plan } = await lapsingPlan(db);
  const chiara = await claimsOf(db, "chiara.colombo@posta.example", ["family"]);
  // Not lapsed, no plan, no position.
  await assert.rejects(
    revokeInstalmentPlanLapse(db, op, plan, REVOKE),
    planError("not_lapsed", 409),
  );
  await assert.rejects(
    revokeInstalmentPlanLapse(db, op, f.other, REVOKE),
    planError("not_found", 404),
  );
  await assert.rejects(
    revokeInstalmentPlanLapse(db, op, crypto.randomUUID(), REVOKE),
    planError("not_found", 404),
  );

  await lapsedYesterday(db, op, plan);
  await assert.rejects(
    revokeInstalmentPlanLapse(db, chiara, plan, REVOKE),
    planError("forbidden", 403),
  );
  await assert.rejects(revokeInstalmentPlanLapse(db, op, plan, "  no  "), planError("reason", 422));

  // Paid (or cancelled) meanwhile: the lapse is history.
  const status = (s: string) =>
    db.asOwner((tx) =>
      tx.query("update public.debt_positions set status = $2 where id = $1", [plan, s])
    );
  await status("cancelled");
  await assert.rejects(revokeInstalmentPlanLapse(db, op, plan, REVOKE), planError("settled", 409));
  await status("open");

  // Handed over to enforced collection after the lapse: withdrawn from the list first.
  await remindedAgo(db, plan, 5);
  const made = await db.asUser(op, (tx) =>
    createCollection(tx, {
      run_id: null,
      minDays: 0,
      minPayerCents: 0,
      reference: "Det. n. 77/2026",
      note: null,
    }));
  assert.ok("id" in made && made.id, JSON.stringify(made));
  const listId = (made as { id: string }).id;
  const [{ overdue_cents }] = await db.asOwner((tx) =>
    tx.query<{ overdue_cents: number }>(
      `select overdue_cents::int from public.enforced_collection_positions
        where collection_id = $1 and debt_position_id = $2`,
      [listId, plan],
    )
  );
  assert.equal(overdue_cents, 4000);
  await assert.rejects(
    revokeInstalmentPlanLapse(db, op, plan, REVOKE),
    planError("enforced", 409),
  );
  const [{ n }] = await db.asOwner((tx) =>
    tx.query<{ n: number }>(
      `select count(*)::int as n from public.instalment_plans
        where position_id = $1 and lapsed_at is not null and lapse_revoked_at is null`,
      [plan],
    )
  );
  assert.equal(n, 1);
  assert.equal(
    await db.asUser(
      op,
      (tx) => withdrawPosition(tx, listId, plan, "Decadenza dichiarata per errore"),
    ),
    true,
  );
  const revoked = await revokeInstalmentPlanLapse(db, op, plan, REVOKE);
  assert.equal(revoked.residual_cents, 4000);
});
