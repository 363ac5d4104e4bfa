/**
 * Paper reminder letters (`lib/billing/reminder_letter*.ts`, `recordLetters`): a campaign's payers
 * without contact get one letter each (a PDF naming the payer, the notice number and the amount,
 * only positions still overdue, an audited export); "Registra l'invio per posta" records a letter
 * reminder per position (no e-mail, no push), the minimum days apply to a second recording, the
 * campaign's page says "lettera registrata il …", the position's history "lettera per posta", the
 * family "Sollecito inviato il … per posta"; one position's letter from its page; another Ente,
 * teachers and families get nothing.
 */
import assert from "node:assert/strict";
import { loadLetters } from "../lib/billing/reminder_letters_read.ts";
import type { Db } from "../lib/db/types.ts";
import { formatDate } from "../lib/i18n/mod.ts";
import { runPendingReminderCampaigns } from "../lib/jobs/reminders.ts";
import { noticePdfText } from "../lib/pagopa/notice_pdf_text.ts";
import { htmlOf, postAndFollow } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { reminderFixture } from "./helpers/fixtures_reminders.ts";
import { demoOperator } from "./helpers/fixtures_reconciliation.ts";
import { PEOPLE, signedIn } from "./helpers/fixtures_sites.ts";
import { addOtherTenant, OTHER_ADMIN } from "./helpers/other_tenant.ts";

const text = (html: string) =>
  html.replaceAll("&#39;", "'").replaceAll("&amp;", "&").replaceAll("&nbsp;", " ")
    .replaceAll("&quot;", '"');

const grouped = (n: string) => n.replace(/(.{4})(?=.)/g, "$1 ");

async function count(db: Db, sql: string, params: unknown[] = []): Promise<number> {
  const [{ n }] = await db.asOwner((tx) => tx.query<{ n: number }>(sql, params));
  return n;
}

/** The PDF's text, after asserting status, then content type. */
async function pdfText(res: Response): Promise<string> {
  const bytes = new Uint8Array(await res.arrayBuffer());
  assert.equal(res.status, 200, new TextDecoder().decode(bytes.slice(0, 2000)));
  assert.equal(res.headers.get("content-type"), "application/pdf");
  assert.match(res.headers.get("content-disposition") ?? "", /^attachment; filename="sollecit/);
  return (await noticePdfText(bytes)).flat().join("\n");
}

/** Chiara loses her e-mail, so both payers of the fixture's family are "senza recapito". */
async function unreachableFamily(db: Db, f: { late: string; unreachable: string }) {
  await db.asOwner(async (tx) => {
    await tx.query(
      `update public.people set email = null, postal_address = null, residence_address = null
        where id = (select payer_id from public.debt_positions where id = $1)`,
      [f.late],
    );
    await tx.query(
      `update public.people set postal_address = 'Via Roma 12, 50099 Valdiponte (FI)'
        where id = (select payer_id from public.debt_positions where id = $1)`,
      [f.unreachable],
    );
  });
}

async function navOf(db: Db, position: string, instalment = 0): Promise<string> {
  const [{ n }] = await db.asOwner((tx) =>
    tx.query<{ n: string }>(
      `select notice_number as n from public.payment_notices
        where debt_position_id = $1 and instalment = $2`,
      [position, instalment],
    )
  );
  return n;
}

dbTest(
  "reminder letters: a campaign's payers without contact, printed and recorded",
  async (db) => {
    const f = await reminderFixture(db);
    await unreachableFamily(db, f);
    const op = await signedIn(db, PEOPLE.operator);
    const created = await op.postForm("/operatore/posizioni/solleciti", {
      passo: "invia",
      payer: "PZ-SOLL",
    });
    assert.equal(created.status, 303);
    await created.body?.cancel();
    const at = created.headers.get("location")!;
    const id = at.split("/").at(-1)!;
    assert.deepEqual(await runPendingReminderCampaigns(db), [id]);
    const mails = await count(db, "select count(*)::int as n from public.mail_outbox");
    const pushes = await count(
      db,
      "select count(*)::int as n from private.realtime_outbox where event = 'push.reminder'",
    );

    // The page: the letters to print, the payer without an address named.
    const page = text(await htmlOf(await op.get(at)));
    assert.match(page, /Senza recapito: 3\./);
    assert.match(page, /Una lettera per pagatore \(2\), con le 3 posizioni ancora scadute oggi/);
    assert.match(page, new RegExp(`href="${at}/lettere">Stampa le lettere \\(PDF\\)<`));
    assert.match(page, new RegExp(`action="${at}/lettere"`));
    assert.match(page, /Registra l'invio per posta/);
    assert.match(page, /Senza indirizzo in anagrafica[^]*<li>Chiara Colombo<\/li>/);
    assert.doesNotMatch(page, /lettera registrata il/);

    // The PDF: one letter per payer, their overdue notices; not the payer who got an e-mail.
    const pdf = await pdfText(await op.get(`${at}/lettere`));
    for (
      const s of [
        "Marco D'Angelo",
        "Via Roma 12",
        "50099 Valdiponte (FI)",
        grouped(await navOf(db, f.unreachable)),
        "12,00 €",
        "Chiara Colombo",
        grouped(await navOf(db, f.late)),
        "40,00 €",
        // The instalment 10 days late, not the one due in 20 days.
        grouped(await navOf(db, f.instalments, 2)),
        "Se hai già pagato, non considerare questa lettera.",
      ]
    ) assert.ok(pdf.includes(s), `${s} in the letters`);
    assert.ok(!pdf.includes(grouped(await navOf(db, f.instalments, 3))), "not yet due");
    assert.ok(!pdf.includes("Roberta Santoro"));
    assert.equal(
      await count(
        db,
        `select count(*)::int as n from public.audit_log
        where action = 'export' and entity = 'reminder_letters' and entity_id = $1
          and (details ->> 'payers')::int = 2 and (details ->> 'positions')::int = 3
          and (details ->> 'without_address')::int = 1`,
        [id],
      ),
      1,
    );

    // Recorded as mailed: a letter reminder per position, nothing mailed or pushed.
    const audited = await count(
      db,
      "select count(*)::int as n from public.audit_log where entity = 'payment_reminders'",
    );
    const recorded = await postAndFollow(op, `${at}/lettere`, {});
    assert.match(recorded.location, /\?lettere=3-0#lettere$/);
    const after = text(recorded.page);
    assert.match(after, /Lettere registrate come inviate per posta: 3 posizioni\./);
    const today = formatDate("it", f.today, "short");
    assert.equal(after.split(`lettera registrata il ${today}`).length - 1, 3);
    const letters = await db.asOwner((tx) =>
      tx.query<{ debt_position_id: string; email_to: string | null; push: boolean }>(
        `select debt_position_id, email_to, push from public.payment_reminders where letter
        order by debt_position_id`,
      )
    );
    assert.deepEqual(
      letters.map((l) => l.debt_position_id).sort(),
      [f.late, f.instalments, f.unreachable].sort(),
    );
    assert.ok(letters.every((l) => l.email_to === null && l.push === false));
    assert.equal(await count(db, "select count(*)::int as n from public.mail_outbox"), mails);
    assert.equal(
      await count(
        db,
        "select count(*)::int as n from private.realtime_outbox where event = 'push.reminder'",
      ),
      pushes,
    );
    assert.equal(
      await count(
        db,
        "select count(*)::int as n from public.audit_log where entity = 'payment_reminders'",
      ),
      audited + 3,
    );

    // Again the same day: the minimum days apply, nothing more.
    const again = await postAndFollow(op, `${at}/lettere`, {});
    assert.match(again.location, /\?lettere=0-3#lettere$/);
    assert.equal(
      await count(db, "select count(*)::int as n from public.payment_reminders where letter"),
      3,
    );
    // …and so they do for an e-mail campaign: the letter counts as a reminder.
    const dry = await op.postForm("/operatore/posizioni/solleciti", {
      passo: "conferma",
      payer: "PZ-SOLL",
    });
    assert.match(text(await htmlOf(dry)), /Già sollecitate negli ultimi 15 giorni, saltate: 4\./);

    // The position's history says how it went; the family sees it, by post.
    const history = text(await htmlOf(await op.get(`/operatore/posizioni/${f.unreachable}`)));
    assert.match(history, /<td>lettera per posta<\/td>/);
    const family = await signedIn(db, PEOPLE.family);
    const mine = text(await htmlOf(await family.get(`/famiglie/pagamenti/${f.late}`)));
    assert.match(mine, new RegExp(`Sollecito inviato il ${today} per posta: 40,00 €`));
    const list = text(await htmlOf(await family.get("/famiglie/pagamenti")));
    assert.match(list, new RegExp(`Sollecito inviato il</dt><dd class="col-6 text-end">${today}<`));

    // Teachers and families: the office's area is closed to them.
    const teacher = await signedIn(db, PEOPLE.ferrari);
    for (const who of [teacher, family]) {
      for (const url of [`${at}/lettere`, `/operatore/posizioni/${f.unreachable}/lettera`]) {
        const read = await who.get(url);
        assert.equal(read.status, 403);
        await read.body?.cancel();
        const write = await who.postForm(url, {});
        assert.equal(write.status, 403);
        await write.body?.cancel();
      }
    }
    // Another Ente's office: no such campaign, no such position, no letter.
    await addOtherTenant(db);
    const other = await signedIn(db, OTHER_ADMIN);
    for (const url of [`${at}/lettere`, `/operatore/posizioni/${f.unreachable}/lettera`]) {
      const read = await other.get(url);
      assert.equal(read.status, 404);
      await read.body?.cancel();
      const write = await other.postForm(url, {});
      assert.equal(write.status, 404);
      await write.body?.cancel();
    }
    assert.equal(
      await count(db, "select count(*)::int as n from public.payment_reminders where letter"),
      3,
    );
  },
);

dbTest("reminder letter: one position from its page, and the database's guards", async (db) => {
  const f = await reminderFixture(db);
  await unreachableFamily(db, f);
  const op = await signedIn(db, PEOPLE.operator);
  const url = `/operatore/posizioni/${f.unreachable}`;

  const page = text(await htmlOf(await op.get(url)));
  assert.match(page, /puoi sollecitarlo con una lettera per posta/);
  assert.match(page, new RegExp(`href="${url}/lettera">Lettera di sollecito \\(PDF\\)<`));
  // A payer with an e-mail: no letter offered.
  const other = text(await htmlOf(await op.get(`/operatore/posizioni/${f.other}`)));
  assert.doesNotMatch(other, /Lettera di sollecito/);

  const pdf = await pdfText(await op.get(`${url}/lettera`));
  assert.ok(pdf.includes("Marco D'Angelo"));
  assert.ok(pdf.includes(grouped(await navOf(db, f.unreachable))));
  assert.ok(pdf.includes("12,00 €"));
  assert.ok(!pdf.includes("Chiara Colombo"));
  assert.equal(
    await count(
      db,
      `select count(*)::int as n from public.audit_log
        where action = 'export' and entity = 'reminder_letters' and entity_id = $1`,
      [f.unreachable],
    ),
    1,
  );
  // Not overdue (due today): nothing to print, nothing to record.
  const due = await op.get(`/operatore/posizioni/${f.dueToday}/lettera`);
  assert.equal(due.status, 409);
  await due.body?.cancel();
  const notDue = await postAndFollow(op, `/operatore/posizioni/${f.dueToday}/lettera`, {});
  assert.match(notDue.location, /\?lettera=non-scaduta#solleciti$/);
  const unknown = await op.get("/operatore/posizioni/00000000-0000-4000-8000-000000000000/lettera");
  assert.equal(unknown.status, 404);
  await unknown.body?.cancel();

  const done = await postAndFollow(op, `${url}/lettera`, {});
  assert.match(done.location, /\?lettera=registrata#solleciti$/);
  assert.match(text(done.page), /Lettera di sollecito registrata come inviata per posta\./);
  assert.match(text(done.page), /<td>lettera per posta<\/td>/);
  const twice = await postAndFollow(op, `${url}/lettera`, {});
  assert.match(twice.location, /\?lettera=recente#solleciti$/);
  assert.match(text(twice.page), /già stata sollecitata negli ultimi 15 giorni: lettera non/);
  // The e-mail path skips it as recent too.
  const mail = await postAndFollow(op, `${url}/sollecito`, {});
  assert.match(mail.location, /\?sollecito=recente#solleciti$/);
  // The push job has nothing to say about a letter.
  const [{ rid }] = await db.asOwner((tx) =>
    tx.query<{ rid: string }>("select id as rid from public.payment_reminders where letter")
  );
  const { reminderPushNotice } = await import("../lib/billing/reminders_notify.ts");
  assert.equal(await reminderPushNotice(db, rid), null);

  // The database's guards: the billing office only; overdue before today; no e-mail or push.
  const { claims } = await demoOperator(db, "operator");
  const call = (items: unknown) =>
    db.asUser(claims, (tx) =>
      tx.query<{ debt_position_id: string }>(
        "select debt_position_id from app.record_letter_reminders(gen_random_uuid(), $1::jsonb -> 'i')",
        [{ i: items }],
      ));
  const [{ today }] = await db.asOwner((tx) =>
    tx.query<{ today: string }>("select ((now() at time zone 'Europe/Rome')::date)::text as today")
  );
  assert.deepEqual(
    await call([{ position_id: f.other, overdue_cents: 1500, overdue_since: today }]),
    [],
  );
  assert.deepEqual(
    await call([{ position_id: f.paid, overdue_cents: 2500, overdue_since: f.day(-30) }]),
    [],
  );
  for (const role of ["teacher", "family"] as const) {
    const who = await demoOperator(db, role);
    await assert.rejects(
      db.asUser(who.claims, (tx) =>
        tx.query(
          `select * from app.record_letter_reminders(gen_random_uuid(),
             jsonb_build_array(jsonb_build_object('position_id', $1::uuid,
               'overdue_cents', 1500, 'overdue_since', $2::date)))`,
          [f.other, f.day(-5)],
        )),
      (e: { code?: string }) => e.code === "42501",
    );
  }
  await assert.rejects(
    db.asOwner((tx) =>
      tx.query(
        `insert into public.payment_reminders (tenant_id, batch_id, debt_position_id, payer_id,
           overdue_cents, overdue_since, email_to, mail_id, push, letter)
         select tenant_id, gen_random_uuid(), id, payer_id, 100, '2026-01-01', null, null, true,
                true
           from public.debt_positions where id = $1`,
        [f.other],
      )
    ),
    /payment_reminders_letter_only_check/,
  );

  // Another Ente's office reads no letter of these positions.
  const otherTenant = await addOtherTenant(db);
  const [{ uid }] = await db.asOwner((tx) =>
    tx.query<{ uid: string }>("select id as uid from public.users where email = $1", [OTHER_ADMIN])
  );
  const data = await db.asUser(
    {
      sub: uid,
      role: "authenticated",
      app_metadata: { tenant_id: otherTenant, roles: ["admin"] },
    },
    (tx) => loadLetters(tx, [f.unreachable, f.late, f.instalments]),
  );
  assert.equal(data?.letters.length, 0);
});
