/**
 * Decadenza (`lib/billing/instalment_plan_lapse*.ts`, `app.lapse_instalment_plan`): the billing
 * office declares a plan lapsed once an instalment is missed; the payer is e-mailed; from the
 * next day the whole residual is overdue (reminders and enforced collection take it all); a
 * lapsed plan is not spread again nor asked for; what the database refuses.
 */
import assert from "node:assert/strict";
import { collectionCandidates } from "../lib/billing/enforced_collection_read.ts";
import { lapseInstalmentPlan } from "../lib/billing/instalment_plan_lapse_record.ts";
import { loadLetters } from "../lib/billing/reminder_letters_read.ts";
import { itDay } from "../lib/billing/reminder_text.ts";
import { remindPositions } from "../lib/billing/reminders.ts";
import {
  grantInstalmentPlan,
  PlanError,
  planLinks,
} from "../lib/billing/instalment_plan_record.ts";
import { requestPlan } from "../lib/billing/instalment_plan_requests.ts";
import { listPositions } from "../lib/billing/positions_read.ts";
import type { Db } from "../lib/db/types.ts";
import { dbTest } from "./helpers/db.ts";
import { claimsOf } from "./helpers/fixtures_enforced.ts";
import { lapsingPlan } from "./helpers/fixtures_instalment_plans.ts";

const WHY = "Due rate non pagate nonostante il sollecito";

const planError = (code: string, status?: number) => (e: unknown) =>
  e instanceof PlanError && e.code === code && (status === undefined || e.status === status);

async function overdueOf(db: Db, op: Parameters<Db["asUser"]>[0], id: string) {
  const { items } = await db.asUser(op, (tx) => listPositions(tx, { overdue: true }, 100, 0));
  const p = items.find((x) => x.id === id);
  return p ? { cents: p.overdue_cents, since: p.overdue_since } : null;
}

dbTest("decadenza: the whole residual falls due, the payer is told", async (db) => {
  const { f, op, plan } = await lapsingPlan(db);
  // Before: only the two missed instalments are overdue.
  assert.deepEqual(await overdueOf(db, op, plan), { cents: 2667, since: f.day(-40) });

  const lapsed = await lapseInstalmentPlan(db, op, plan, ` ${WHY} `);
  assert.deepEqual(lapsed, {
    position_id: plan,
    residual_cents: 4000,
    mailed: true,
    lapsed_at: lapsed.lapsed_at,
  });

  const { plan: facts } = await db.asUser(op, (tx) => planLinks(tx, plan));
  assert.equal(facts?.lapsed_at, lapsed.lapsed_at);
  assert.equal(facts.lapse_reason, WHY);
  assert.equal(facts.lapsed_by_name, "Marco Rossi");

  const [mail] = await db.asOwner((tx) =>
    tx.query<{ to_address: string; subject: string; body_text: string }>(
      `select to_address, subject, body_text from public.mail_outbox
        where subject like '%rateizzazione decaduta' order by created_at desc limit 1`,
    )
  );
  assert.match(mail.subject, /: rateizzazione decaduta$/);
  assert.match(mail.body_text, /risultano non pagate 2 rate scadute/);
  assert.match(mail.body_text, /L'intero importo residuo di 40,00\s€ è dovuto subito/);
  assert.match(mail.body_text, new RegExp(`Motivo: ${WHY}\n`));

  // The day of the lapse the instalment to come is not overdue yet; from the next day it is.
  assert.deepEqual(await overdueOf(db, op, plan), { cents: 2667, since: f.day(-40) });
  await db.asOwner((tx) =>
    tx.query(
      "update public.instalment_plans set lapsed_at = lapsed_at - interval '1 day' where position_id = $1",
      [plan],
    )
  );
  assert.deepEqual(await overdueOf(db, op, plan), { cents: 4000, since: f.day(-40) });
  // A reminder, by e-mail or by letter, asks for every instalment, due since the lapse.
  const lapsedOn = f.day(-1);
  const letters = await db.asUser(op, (tx) => loadLetters(tx, [plan]));
  assert.deepEqual(
    letters?.letters[0].rows.map((r) => [r.instalment, r.amount_cents, r.overdue_since]),
    [[1, 1334, f.day(-40)], [2, 1333, f.day(-10)], [3, 1333, lapsedOn]],
  );
  const sent = await db.asUser(op, (tx) => remindPositions(tx, [plan], { minDays: 0 }));
  assert.equal(sent.counts.sent, 1);
  const [reminder] = await db.asOwner((tx) =>
    tx.query<{ body_text: string }>(
      "select body_text from public.mail_outbox where subject like 'Sollecito di pagamento:%'",
    )
  );
  assert.match(reminder.body_text, /40,00\s€/);
  assert.match(
    reminder.body_text,
    new RegExp(`Rata 3, avviso .*scadenza ${itDay(lapsedOn)} \\(scaduto\\)`),
  );
  // Enforced collection takes the whole residual.
  const candidates = await db.asUser(op, (tx) => collectionCandidates(tx, { run_id: null }));
  assert.equal(candidates.find((c) => c.position_id === plan)?.overdue_cents, 4000);

  // Audited, with who did it (the first update; the test moved the lapse back afterwards).
  const [audit] = await db.asOwner((tx) =>
    tx.query<{ actor_id: string; after: { lapse_reason: string } }>(
      `select actor_id, after from public.audit_log
        where entity = 'instalment_plans' and after ->> 'position_id' = $1::text
          and action = 'update'
        order by id limit 1`,
      [plan],
    )
  );
  assert.equal(audit.actor_id, op.sub);
  assert.equal(audit.after.lapse_reason, WHY);
});

dbTest("decadenza: what the database refuses, and a lapsed plan stays lapsed", async (db) => {
  const { f, op, gw, plan, input } = await lapsingPlan(db);
  const chiara = await claimsOf(db, "chiara.colombo@posta.example", ["family"]);
  await assert.rejects(lapseInstalmentPlan(db, chiara, plan, WHY), planError("forbidden", 403));
  await assert.rejects(lapseInstalmentPlan(db, op, plan, "no"), planError("reason", 422));
  // A position without a plan, and no position at all.
  await assert.rejects(lapseInstalmentPlan(db, op, f.other, WHY), planError("not_found", 404));
  await assert.rejects(
    lapseInstalmentPlan(db, op, crypto.randomUUID(), WHY),
    planError("not_found", 404),
  );
  // Nothing missed yet.
  await db.asOwner((tx) =>
    tx.query(
      "update public.payment_notices set due_on = due_on + 60 where debt_position_id = $1",
      [plan],
    )
  );
  await assert.rejects(lapseInstalmentPlan(db, op, plan, WHY), planError("not_overdue", 409));
  await db.asOwner((tx) =>
    tx.query(
      "update public.payment_notices set due_on = due_on - 60 where debt_position_id = $1",
      [plan],
    )
  );
  const [{ n }] = await db.asOwner((tx) =>
    tx.query<{ n: number }>(
      "select count(*)::int as n from public.instalment_plans where lapsed_at is not null",
    )
  );
  assert.equal(n, 0);

  // Paid (or cancelled) in the meantime: nothing to lapse.
  const status = (s: string) =>
    db.asOwner((tx) =>
      tx.query("update public.debt_positions set status = $2 where id = $1", [plan, s])
    );
  await status("paid");
  await assert.rejects(lapseInstalmentPlan(db, op, plan, WHY), planError("settled", 409));
  await status("open");

  await lapseInstalmentPlan(db, op, plan, WHY);
  await assert.rejects(lapseInstalmentPlan(db, op, plan, WHY), planError("already", 409));
  // Not spread again, and the family cannot ask for it.
  await assert.rejects(grantInstalmentPlan(db, op, gw, plan, input), planError("lapsed", 409));
  await assert.rejects(
    db.asUser(chiara, (tx) => requestPlan(tx, plan, { count: 2, message: null })),
    planError("not_payable", 409),
  );
});
