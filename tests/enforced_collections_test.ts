/**
 * Enforced collection ("riscossione coattiva", `lib/billing/enforced_collection*.ts`,
 * `app.create_enforced_collection`): which overdue positions a list takes (reminded long enough
 * ago, payers over the threshold, not already listed, not paid), that only the billing office of
 * the Ente reads and creates lists, that reminders (e-mail, letter, campaigns) leave listed
 * positions alone, and that withdrawing a position puts it back in play.
 */
import assert from "node:assert/strict";
import {
  collectionCandidates,
  getCollection,
  myEnforcedCollection,
} from "../lib/billing/enforced_collection_read.ts";
import {
  createCollection,
  previewCollection,
  withdrawPosition,
} from "../lib/billing/enforced_collection_record.ts";
import { recordLetters } from "../lib/billing/reminder_letters_record.ts";
import { sendReminders } from "../lib/billing/reminders.ts";
import { createCampaign } from "../lib/billing/reminder_campaigns.ts";
import { runPendingReminderCampaigns } from "../lib/jobs/reminders.ts";
import type { Db, Tx } from "../lib/db/types.ts";
import { dbTest } from "./helpers/db.ts";
import { claimsOf, enforcedFixture, remindedAgo, RULE } from "./helpers/fixtures_enforced.ts";
import { demoOperator } from "./helpers/fixtures_reconciliation.ts";
import { setPaid } from "./helpers/overdue_positions.ts";
import { addOtherTenant, OTHER_ADMIN } from "./helpers/other_tenant.ts";

const refused = (code: string) => (e: { code?: string }) => e.code === code;

async function count(db: Db, sql: string, params: unknown[] = []): Promise<number> {
  const [{ n }] = await db.asOwner((tx) => tx.query<{ n: number }>(sql, params));
  return n;
}

const remindersOf = (db: Db, position: string) =>
  count(
    db,
    "select count(*)::int as n from public.payment_reminders where debt_position_id = $1",
    [position],
  );

dbTest("enforced collection: what a list takes and what it leaves out", async (db) => {
  const f = await enforcedFixture(db);
  const { claims } = await demoOperator(db);

  const preview = await db.asUser(claims, (tx) => previewCollection(tx, RULE));
  assert.deepEqual(preview.included.map((c) => c.position_id), [f.late]);
  assert.deepEqual(preview.excluded, {
    never_reminded: 1, // Marco's, never reminded
    too_recent: 1, // the instalments, reminded 10 days ago
    already_listed: 0,
    under_threshold: 1, // Roberta's 15,00 €
  });
  assert.equal(preview.total_cents, 4000);
  assert.equal(preview.payers, 1);

  const made = await db.asUser(claims, (tx) => createCollection(tx, RULE));
  assert.ok("id" in made);
  const read = await db.asUser(claims, (tx) => getCollection(tx, made.id));
  assert.equal(read!.collection.reference, "Det. n. 123/2026");
  assert.equal(read!.collection.positions_count, 1);
  assert.equal(read!.collection.total_cents, 4000);
  assert.equal(read!.collection.min_days_after_reminder, 30);
  const [p] = read!.positions;
  assert.equal(p.debt_position_id, f.late);
  assert.equal(p.overdue_cents, 4000);
  assert.equal(p.overdue_since, f.day(-1));
  assert.equal(p.last_reminder_channel, "letter");
  assert.equal(p.debtor.name, "Colombo Chiara");
  assert.match(p.debtor.tax_code ?? "", /^[A-Z0-9]{16}$/);
  assert.equal(p.notice_numbers.length, 1);
  // Audited by the tables' triggers.
  assert.equal(
    await count(
      db,
      `select count(*)::int as n from public.audit_log
        where entity in ('enforced_collections', 'enforced_collection_positions')
          and action = 'insert'`,
    ),
    2,
  );

  // Listed now: a second list finds nothing, and says so before writing anything.
  const again = await db.asUser(claims, (tx) => previewCollection(tx, RULE));
  assert.equal(again.included.length, 0);
  assert.equal(again.excluded.already_listed, 1);
  const second = await db.asUser(claims, (tx) => createCollection(tx, RULE));
  assert.ok("error" in second && second.error === "empty");

  // The database keeps the rule whatever the caller passes: listed, paid, too recent, never
  // reminded, under the threshold are all dropped, and nothing left is refused.
  await db.asOwner(async (tx) => await setPaid(tx, f.paid, 2500, true));
  const items = [f.late, f.paid, f.instalments, f.unreachable, f.other].map((id) => ({
    position_id: id,
    overdue_cents: 1500,
    overdue_since: f.day(-5),
  }));
  await assert.rejects(
    db.asUser(claims, (tx) =>
      tx.query(
        "select app.create_enforced_collection('Det. 2', null, 30, 3000, $1::jsonb -> 'i')",
        [{ i: items }],
      )),
    (e: { code?: string; message?: string }) =>
      e.code === "22023" && /enforced_collection_empty/.test(e.message ?? ""),
  );
  // With no threshold and 0 days, Roberta's and the instalments qualify; Marco's never will.
  const loose = { ...RULE, minDays: 0, minPayerCents: 0, reference: "Det. n. 124/2026" };
  const third = await db.asUser(claims, (tx) => createCollection(tx, loose));
  assert.ok("id" in third);
  const listed = await db.asUser(claims, (tx) => getCollection(tx, third.id));
  assert.deepEqual(
    listed!.positions.map((x) => x.debt_position_id).sort(),
    [f.instalments, f.other].sort(),
  );
  assert.equal(
    listed!.positions.find((x) => x.debt_position_id === f.instalments)!.overdue_cents,
    3000,
  );
  assert.equal(
    await count(db, "select count(*)::int as n from public.enforced_collections"),
    2,
  );
});

dbTest("enforced collection: the inputs are checked by the database", async (db) => {
  const f = await enforcedFixture(db);
  const { claims } = await demoOperator(db);
  const items = { i: [{ position_id: f.late, overdue_cents: 4000, overdue_since: f.day(-1) }] };
  const call = (ref: string, days: number, cents: number, its: unknown = items) =>
    db.asUser(
      claims,
      (tx) =>
        tx.query("select app.create_enforced_collection($1, null, $2, $3, $4::jsonb -> 'i')", [
          ref,
          days,
          cents,
          its,
        ]),
    );
  await assert.rejects(call("x", 30, 0), refused("22023"));
  await assert.rejects(call("Det. 1", 366, 0), refused("22023"));
  await assert.rejects(call("Det. 1", -1, 0), refused("22023"));
  await assert.rejects(call("Det. 1", 30, -1), refused("22023"));
  const many = { i: Array.from({ length: 5001 }, () => items.i[0]) };
  await assert.rejects(call("Det. 1", 30, 0, many), refused("22023"));
  assert.equal(await count(db, "select count(*)::int as n from public.enforced_collections"), 0);
  await call("Det. 1", 30, 0);
  assert.equal(await count(db, "select count(*)::int as n from public.enforced_collections"), 1);
});

dbTest("enforced collection: only the Ente's billing office reads and writes lists", async (db) => {
  const f = await enforcedFixture(db);
  const { claims } = await demoOperator(db);
  const made = await db.asUser(claims, (tx) => createCollection(tx, RULE));
  assert.ok("id" in made);

  const items = { i: [{ position_id: f.late, overdue_cents: 4000, overdue_since: f.day(-1) }] };
  const create = (tx: Tx) =>
    tx.query("select app.create_enforced_collection('Det. 9', null, 0, 0, $1::jsonb -> 'i')", [
      items,
    ]);
  // A teacher (staff without the billing role) and a family: refused (42501), see nothing.
  for (const role of ["teacher", "family"] as const) {
    const other = (await demoOperator(db, role)).claims;
    await assert.rejects(db.asUser(other, (tx) => previewCollection(tx, RULE)), refused("42501"));
    await assert.rejects(db.asUser(other, create), refused("42501"));
    await assert.rejects(
      db.asUser(other, (tx) => withdrawPosition(tx, made.id, f.late, "Per errore")),
      refused("42501"),
    );
    await assert.rejects(
      db.asUser(
        other,
        (tx) =>
          tx.query(
            "insert into public.enforced_collections (tenant_id, reference, min_days_after_reminder, min_payer_cents, positions_count, total_cents) values (app.tenant_id(), 'x1', 0, 0, 1, 1)",
          ),
      ),
      refused("42501"),
    );
    assert.equal(await db.asUser(other, (tx) => getCollection(tx, made.id)), null);
    const rows = await db.asUser(
      other,
      (tx) => tx.query("select 1 from public.enforced_collection_positions"),
    );
    assert.equal(rows.length, 0);
  }
  // The office itself writes only through the functions.
  await assert.rejects(
    db.asUser(
      claims,
      (tx) =>
        tx.query("update public.enforced_collection_positions set withdrawn_reason = 'abcde'"),
    ),
    refused("42501"),
  );

  // Another Ente's administrator: sees nothing, and cannot list, withdraw or see our positions.
  await addOtherTenant(db);
  const stranger = await claimsOf(db, OTHER_ADMIN, ["admin"]);
  assert.equal(await db.asUser(stranger, (tx) => getCollection(tx, made.id)), null);
  assert.deepEqual(
    await db.asUser(stranger, (tx) => tx.query("select 1 from public.enforced_collections")),
    [],
  );
  assert.deepEqual(
    await db.asUser(stranger, (tx) => collectionCandidates(tx, { run_id: null })),
    [],
  );
  await assert.rejects(db.asUser(stranger, create), refused("22023")); // nothing of theirs
  assert.equal(
    await db.asUser(stranger, (tx) => withdrawPosition(tx, made.id, f.late, "Per errore")),
    false,
  );
  assert.equal(await count(db, "select count(*)::int as n from public.enforced_collections"), 1);
  assert.equal(
    await count(
      db,
      "select count(*)::int as n from public.enforced_collection_positions where withdrawn_at is null",
    ),
    1,
  );

  // The family sees the notice of their own position only.
  const family = (await demoOperator(db, "family")).claims;
  const mine = await db.asUser(family, (tx) => myEnforcedCollection(tx, f.late));
  assert.equal(mine?.handed_on, f.today);
  assert.equal(await db.asUser(family, (tx) => myEnforcedCollection(tx, f.instalments)), null);
  // Roberta's position is another household's.
  assert.equal(await db.asUser(family, (tx) => myEnforcedCollection(tx, f.other)), null);
});

dbTest("enforced collection: reminders leave listed positions alone", async (db) => {
  const f = await enforcedFixture(db);
  const { claims } = await demoOperator(db);
  // Roberta's too (no threshold), so the campaign has one reachable listed position.
  const made = await db.asUser(
    claims,
    (tx) => createCollection(tx, { ...RULE, minPayerCents: 0 }),
  );
  assert.ok("id" in made);
  const before = { late: await remindersOf(db, f.late), other: await remindersOf(db, f.other) };

  // E-mail from the position's page: nothing sent.
  const one = await db.asUser(claims, (tx) => sendReminders(tx, { positionIds: [f.late] }));
  assert.equal(one.outcomes[0].outcome, "not_overdue");
  // The filter's confirmation step counts neither listed position.
  const dry = await db.asUser(
    claims,
    (tx) => sendReminders(tx, { filters: { run_id: null, payer: "PZ-SOLL" } }, { dryRun: true }),
  );
  const counted = dry.outcomes.map((o) => o.position_id);
  assert.ok(!counted.includes(f.late) && !counted.includes(f.other));
  assert.ok(counted.includes(f.unreachable));
  // A letter: not recorded.
  const letter = await db.asUser(claims, (tx) => recordLetters(tx, [f.late, f.other]));
  assert.deepEqual(letter.counts.recorded, 0);
  // The database refuses them even when asked directly.
  const direct = await db.asUser(claims, (tx) =>
    tx.query(
      "select * from app.record_letter_reminders(gen_random_uuid(), $1::jsonb -> 'i')",
      [{ i: [{ position_id: f.late, overdue_cents: 4000, overdue_since: f.day(-1) }] }],
    ));
  assert.equal(direct.length, 0);
  const mail = await db.asUser(claims, (tx) =>
    tx.query(
      "select * from app.send_payment_reminders(gen_random_uuid(), $1::jsonb -> 'i')",
      [{
        i: [{
          position_id: f.other,
          overdue_cents: 1500,
          overdue_since: f.day(-5),
          subject: "Sollecito",
          body: "Gentile",
        }],
      }],
    ));
  assert.equal(mail.length, 0);
  // A campaign of the filter walks past them.
  const campaign = await db.asUser(
    claims,
    (tx) => createCampaign(tx, { run_id: null, payer: "PZ-SOLL" }, claims.sub),
  );
  await runPendingReminderCampaigns(db);
  const [c] = await db.asOwner((tx) =>
    tx.query<{ status: string; total: number }>(
      "select status, total from public.reminder_campaigns where id = $1",
      [campaign],
    )
  );
  assert.equal(c.status, "done");
  assert.equal(await remindersOf(db, f.late), before.late);
  assert.equal(await remindersOf(db, f.other), before.other);
  // Walked: the instalments and Marco's, the fixture's overdue positions not on the list.
  assert.equal(c.total, 2);
});

dbTest("enforced collection: a withdrawn position is back in play", async (db) => {
  const f = await enforcedFixture(db);
  const { claims } = await demoOperator(db);
  const made = await db.asUser(claims, (tx) => createCollection(tx, RULE));
  assert.ok("id" in made);

  await assert.rejects(
    db.asUser(claims, (tx) => withdrawPosition(tx, made.id, f.late, "  no ")),
    refused("22023"),
  );
  assert.equal(
    await db.asUser(claims, (tx) => withdrawPosition(tx, made.id, f.late, "Inserita per errore")),
    true,
  );
  // Twice: nothing more to withdraw.
  assert.equal(
    await db.asUser(claims, (tx) => withdrawPosition(tx, made.id, f.late, "Inserita per errore")),
    false,
  );
  const read = await db.asUser(claims, (tx) => getCollection(tx, made.id));
  assert.equal(read!.positions[0].withdrawn_reason, "Inserita per errore");
  assert.equal(read!.collection.withdrawn_count, 1);
  assert.equal(
    await count(
      db,
      `select count(*)::int as n from public.audit_log
        where entity = 'enforced_collection_positions' and action = 'update'`,
    ),
    1,
  );
  // Reminded again (Chiara has an e-mail; the letter was 40 days ago) …
  const sent = await db.asUser(claims, (tx) => sendReminders(tx, { positionIds: [f.late] }));
  assert.equal(sent.outcomes[0].outcome, "sent");
  // … and, once the days have passed, on a new list.
  await db.asOwner((tx) =>
    tx.query(
      "update public.payment_reminders set sent_at = sent_at - interval '31 days' where debt_position_id = $1",
      [f.late],
    )
  );
  await remindedAgo(db, f.late, 31);
  const again = await db.asUser(
    claims,
    (tx) => createCollection(tx, { ...RULE, reference: "Det. 2" }),
  );
  assert.ok("id" in again);
  assert.equal(
    await count(
      db,
      "select count(*)::int as n from public.enforced_collection_positions where debt_position_id = $1",
      [f.late],
    ),
    2,
  );
});

/**
 * `tx`, running `before` once ahead of its first savepoint (where `createCollection` hands the
 * list to the database): what `before` writes stays, as another transaction's commit would.
 */
function beforeSavepoint(tx: Tx, before: () => Promise<unknown>): Tx {
  let done = false;
  return {
    query: (sql, params) => tx.query(sql, params),
    exec: (sql) => tx.exec(sql),
    async savepoint(fn) {
      if (!done) {
        done = true;
        await before();
      }
      return await tx.savepoint(fn);
    },
  };
}

dbTest(
  "enforced collection: nothing left at the database's own check is an empty list",
  async (db) => {
    const f = await enforcedFixture(db);
    const { claims } = await demoOperator(db);
    // A letter recorded for Chiara's `late` between the selection and the list (as another office
    // user may do): the database finds it reminded today and nothing left to hand over.
    const raced = await db.asUser(claims, (tx) =>
      createCollection(
        beforeSavepoint(tx, () => recordLetters(tx, [f.late])),
        RULE,
      ));
    assert.ok("error" in raced && raced.error === "empty");
    // The selection read again says why: reminded too recently.
    assert.equal(raced.selection.included.length, 0);
    assert.equal(raced.selection.excluded.too_recent, 2, "the instalments and now `late`");
    assert.equal(
      (await db.asOwner((tx) =>
        tx.query<{ n: number }>("select count(*)::int as n from public.enforced_collections")
      ))[0].n,
      0,
    );
  },
);

dbTest(
  "enforced collection: a list over the limit of positions is refused whole, with its selection",
  async (db) => {
    const f = await enforcedFixture(db);
    const { claims } = await demoOperator(db);
    // With no threshold and 0 days two positions qualify (see above); a limit of one refuses both.
    const loose = { ...RULE, minDays: 0, minPayerCents: 0 };
    const over = await db.asUser(claims, (tx) => createCollection(tx, loose, 1));
    assert.ok("error" in over && over.error === "too_many");
    assert.deepEqual(
      over.selection.included.map((c) => c.position_id).sort(),
      [f.instalments, f.late, f.other].sort(),
    );
    assert.equal(
      await count(db, "select count(*)::int as n from public.enforced_collections"),
      0,
    );
    // At the limit it is written.
    const at = await db.asUser(claims, (tx) => createCollection(tx, loose, 3));
    assert.ok("id" in at);
  },
);
