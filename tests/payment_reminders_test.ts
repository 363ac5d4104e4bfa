/**
 * Payment reminders (`lib/billing/reminders.ts`, `app.send_payment_reminders`): the office
 * reminds overdue positions once each (one row, one e-mail to the registry's address, a realtime
 * hint), skips them as recent for the Ente's minimum days, never reminds a position due today or
 * paid, reports payers without contact; families read their own reminders only; teachers and
 * families cannot send; nothing is sent on a dry run.
 */
import assert from "node:assert/strict";
import { listReminders } from "../lib/billing/positions_read.ts";
import { sendReminders } from "../lib/billing/reminders.ts";
import { reminderPushNotice } from "../lib/billing/reminders_notify.ts";
import type { Db } from "../lib/db/types.ts";
import { dbTest } from "./helpers/db.ts";
import { reminderFixture } from "./helpers/fixtures_reminders.ts";
import { demoOperator } from "./helpers/fixtures_reconciliation.ts";
import { claimsOf } from "./helpers/fixtures_wallets.ts";
import { PEOPLE } from "./helpers/fixtures_sites.ts";

const outcomeOf = (r: Awaited<ReturnType<typeof sendReminders>>) =>
  Object.fromEntries(r.outcomes.map((o) => [o.position_id, o.outcome]));

async function outbox(db: Db, since: string) {
  return await db.asOwner((tx) =>
    tx.query<{ id: string; to_address: string; subject: string; body_text: string }>(
      `select id, to_address, subject, body_text from public.mail_outbox
        where created_at >= $1::timestamptz and subject like 'Sollecito di pagamento%'
        order by to_address, subject`,
      [since],
    )
  );
}

dbTest("reminders: overdue positions reminded once each, then skipped as recent", async (db) => {
  const f = await reminderFixture(db);
  const { claims } = await demoOperator(db, "operator");
  const [{ t0 }] = await db.asOwner((tx) => tx.query<{ t0: string }>("select now()::text as t0"));
  const all = [f.late, f.instalments, f.dueToday, f.paid, f.other, f.unreachable];

  // The confirmation step decides without writing anything.
  const dry = await db.asUser(
    claims,
    (tx) => sendReminders(tx, { filters: { payer: "PZ-SOLL" } }, { dryRun: true }),
  );
  assert.equal(dry.batch_id, null);
  assert.deepEqual(
    { ...dry.counts },
    { sent: 3, recent: 0, not_overdue: 0, no_contact: 1, not_found: 0 },
  );
  assert.equal((await outbox(db, t0)).length, 0);

  const out = await db.asUser(
    claims,
    (tx) => sendReminders(tx, { positionIds: all }, { publicUrl: "https://servizi.example/" }),
  );
  assert.deepEqual(outcomeOf(out), {
    [f.late]: "sent",
    [f.instalments]: "sent",
    [f.dueToday]: "not_overdue",
    [f.paid]: "not_overdue",
    [f.other]: "sent",
    [f.unreachable]: "no_contact",
  });
  assert.equal(out.counts.sent, 3);
  assert.equal(out.min_days, 15);
  assert.ok(out.batch_id);

  const rows = await db.asOwner((tx) =>
    tx.query<
      {
        debt_position_id: string;
        overdue_cents: number;
        overdue_since: string;
        email_to: string | null;
        push: boolean;
        sent_by: string;
        batch_id: string;
        mail_id: string | null;
      }
    >(
      `select debt_position_id, overdue_cents::int, overdue_since::text, email_to, push, sent_by,
              batch_id, mail_id
         from public.payment_reminders order by overdue_cents`,
    )
  );
  assert.deepEqual(
    rows.map((r) => [r.debt_position_id, r.overdue_cents, r.overdue_since, r.email_to, r.push]),
    [
      [f.other, 1500, f.day(-5), "roberta.santoro@posta.example", false],
      [f.instalments, 3000, f.day(-10), "chiara.colombo@posta.example", false],
      [f.late, 4000, f.day(-1), "chiara.colombo@posta.example", false],
    ],
  );
  assert.ok(rows.every((r) => r.sent_by === claims.sub && r.batch_id === out.batch_id));

  // One e-mail each, to the registry's address, naming the amount, the date, notices and link.
  const mails = await outbox(db, t0);
  assert.equal(mails.length, 3);
  assert.deepEqual(
    mails.map((m) => m.id).sort(),
    rows.map((r) => r.mail_id).sort(),
    "each reminder names its e-mail",
  );
  const late = mails.find((m) => m.body_text.includes("in ritardo"))!;
  assert.equal(late.to_address, "chiara.colombo@posta.example");
  assert.equal(late.subject, "Sollecito di pagamento: Mensa ottobre 2026 - in ritardo");
  assert.match(late.body_text, /^Gentile Chiara Colombo,/);
  assert.match(late.body_text, /40,00 €.*scaduto il \d\d\/\d\d\/\d{4}\./);
  assert.match(
    late.body_text,
    new RegExp(`https://servizi\\.example/famiglie/pagamenti/${f.late}`),
  );
  assert.match(late.body_text, /Se hai già pagato, ignora questo messaggio\./);
  assert.match(late.body_text, /Comune di Valdiponte/);
  const inst = mails.find((m) => m.body_text.includes("a rate"))!;
  assert.match(inst.body_text, /Rata 2, avviso n\. .*: 30,00 €.*\(scaduto\)/);
  assert.match(inst.body_text, /Rata 3, avviso n\. .*: 30,00 €/);
  assert.doesNotMatch(inst.body_text, /Rata 1/, "the paid instalment is not asked again");

  // Realtime: a hint in each payer's room, after commit (outbox).
  const events = await db.asOwner((tx) =>
    tx.query<{ room: string; event: string }>(
      `select room, event from private.realtime_outbox
        where event in ('reminder.sent', 'push.reminder') order by id`,
    )
  );
  assert.equal(events.filter((e) => e.event === "reminder.sent").length, 3);

  // Audited, row by row.
  const [{ n }] = await db.asOwner((tx) =>
    tx.query<{ n: number }>(
      "select count(*)::int as n from public.audit_log where entity = 'payment_reminders'",
    )
  );
  assert.equal(n, 3);

  // The same day again: all skipped as recent, nothing written.
  const again = await db.asUser(claims, (tx) => sendReminders(tx, { positionIds: all }));
  assert.equal(again.counts.sent, 0);
  assert.equal(again.counts.recent, 3);
  assert.equal(again.batch_id, null);
  assert.equal((await outbox(db, t0)).length, 3);
  const byFilter = await db.asUser(
    claims,
    (tx) => sendReminders(tx, { filters: { payer: "PZ-SOLL" } }),
  );
  assert.deepEqual({ ...byFilter.counts }, {
    sent: 0,
    recent: 3,
    not_overdue: 0,
    no_contact: 1,
    not_found: 0,
  });

  // After the minimum days they can be reminded again (the reminders moved 15 days back).
  await db.asOwner((tx) =>
    tx.query("update public.payment_reminders set sent_at = sent_at - interval '15 days'")
  );
  const later = await db.asUser(claims, (tx) => sendReminders(tx, { positionIds: [f.late] }));
  assert.equal(later.counts.sent, 1);
});

dbTest("reminders: families read their own, teachers and families cannot send", async (db) => {
  const f = await reminderFixture(db);
  const { claims, tenantId } = await demoOperator(db, "operator");
  // Chiara's phone takes push notifications: her reminder is pushed too, Roberta's is not.
  await db.asOwner((tx) =>
    tx.query(
      `insert into public.push_subscriptions (tenant_id, user_id, endpoint, p256dh, auth)
       select $1, u.id, 'https://push.example/chiara', repeat('B', 87), repeat('a', 22)
         from public.users u where u.email = $2`,
      [tenantId, PEOPLE.family],
    )
  );
  const sent = await db.asUser(
    claims,
    (tx) => sendReminders(tx, { positionIds: [f.late, f.other] }),
  );
  assert.deepEqual(sent.outcomes.map((o) => [o.position_id, o.push]), [[f.late, true], [
    f.other,
    false,
  ]]);
  const pushed = sent.outcomes[0].reminder_id!;
  const [event] = await db.asOwner((tx) =>
    tx.query<{ room: string }>(
      "select room from private.realtime_outbox where event = 'push.reminder'",
    )
  );
  assert.equal(event.room, `push:${pushed}`);
  const notice = await reminderPushNotice(db, pushed);
  assert.equal(notice?.title, "Sollecito di pagamento");
  assert.match(notice!.body, /40,00 €.*Se hai già pagato/);
  assert.equal(notice!.url, `/famiglie/pagamenti/${f.late}`);
  assert.equal(notice!.userIds.length, 2, "both parents of the household");

  const chiara = await claimsOf(db, PEOPLE.family, "family", tenantId);
  const luca = await claimsOf(db, "luca.ricci@posta.example", "family", tenantId);
  const mine = await db.asUser(chiara, (tx) => listReminders(tx, f.late));
  assert.equal(mine.length, 1);
  assert.equal(mine[0].overdue_cents, 4000);
  assert.equal(mine[0].sent_by_name, null, "families do not see who in the office sent it");
  // Both parents of the household are equal.
  assert.equal((await db.asUser(luca, (tx) => listReminders(tx, f.late))).length, 1);
  // Another household's reminder is simply not there.
  assert.deepEqual(await db.asUser(chiara, (tx) => listReminders(tx, f.other)), []);
  const [{ n }] = await db.asUser(
    chiara,
    (tx) => tx.query<{ n: number }>("select count(*)::int as n from public.payment_reminders"),
  );
  assert.equal(n, 1);
  const office = await db.asUser(claims, (tx) => listReminders(tx, f.late));
  assert.equal(office[0].sent_by_name, "Marco Rossi");

  // Teachers and families: refused by the database (42501), nothing written.
  for (const who of [await demoOperator(db, "teacher"), { claims: chiara }]) {
    await assert.rejects(
      db.asUser(who.claims, (tx) => sendReminders(tx, { positionIds: [f.instalments] })),
      (e: { code?: string }) => e.code === "42501",
    );
    await assert.rejects(
      db.asUser(who.claims, (tx) =>
        tx.query(
          `insert into public.payment_reminders (tenant_id, batch_id, debt_position_id, payer_id,
             overdue_cents, overdue_since, push)
           select tenant_id, gen_random_uuid(), id, payer_id, 100, current_date - 1, true
             from public.debt_positions where id = $1`,
          [f.instalments],
        )),
      (e: { code?: string }) => e.code === "42501",
    );
  }
  // Not even the office writes a row by hand, nor changes or deletes one.
  await assert.rejects(
    db.asUser(
      claims,
      (tx) => tx.query("update public.payment_reminders set overdue_cents = 1 returning id"),
    ),
    (e: { code?: string }) => e.code === "42501",
  );
  await assert.rejects(
    db.asUser(claims, (tx) => tx.query("delete from public.payment_reminders returning id")),
    (e: { code?: string }) => e.code === "42501",
  );
});
