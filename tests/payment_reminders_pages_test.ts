/**
 * Payment reminders through the pages and the API: the overdue list's "Invia sollecito alle N
 * posizioni scadute" with its confirmation step, the campaign it queues, its page and the list
 * of campaigns, the position's "Invia sollecito" and history, the family's "Sollecito inviato il
 * …", the Ente's minimum days in the billing settings, `POST /api/v1/debt-positions/reminders`
 * (a list in the request, a filter as a campaign); teachers, families and API keys refused.
 */
import assert from "node:assert/strict";
import { createApiKey } from "../lib/auth/api_keys.ts";
import type { Db } from "../lib/db/types.ts";
import { formatDate } from "../lib/i18n/mod.ts";
import { runPendingReminderCampaigns } from "../lib/jobs/reminders.ts";
import { htmlOf, jsonOf, postAndFollow, testApp } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { reminderFixture } from "./helpers/fixtures_reminders.ts";
import { demoOperator } from "./helpers/fixtures_reconciliation.ts";
import { api, PEOPLE, signedIn } from "./helpers/fixtures_sites.ts";

const text = (html: string) =>
  html.replaceAll("&#39;", "'").replaceAll("&amp;", "&").replaceAll("&nbsp;", " ")
    .replaceAll("&quot;", '"');

const mailCount = async (db: Db) =>
  (await db.asOwner((tx) =>
    tx.query<{ n: number }>(
      "select count(*)::int as n from public.mail_outbox where subject like 'Sollecito%'",
    )
  ))[0].n;

/** Status, then content type, then the JSON body. */

dbTest("reminders pages: confirm, send, history, family, refusals", async (db) => {
  const f = await reminderFixture(db);
  const op = await signedIn(db, PEOPLE.operator);

  const list = text(
    await htmlOf(await op.get("/operatore/posizioni?payer=PZ-SOLL&status=overdue")),
  );
  assert.match(list, /Invia sollecito alle 4 posizioni scadute/);
  assert.match(list, /L'invio prosegue in background/);
  // Not on the other lists.
  const every = text(await htmlOf(await op.get("/operatore/posizioni?payer=PZ-SOLL")));
  assert.doesNotMatch(every, /Invia sollecito alle/);

  // The confirmation step counts, writes nothing.
  const confirm = text(
    await htmlOf(
      await op.postForm("/operatore/posizioni/solleciti", { passo: "conferma", payer: "PZ-SOLL" }),
    ),
  );
  assert.match(confirm, /Da sollecitare ora: 3 posizioni\./);
  assert.match(confirm, /Già sollecitate negli ultimi 15 giorni, saltate: 0\./);
  assert.match(confirm, /Senza recapito \(né e-mail né notifiche\), non sollecitabili: 1\./);
  assert.match(confirm, /name="passo" value="invia"/);
  assert.match(confirm, /name="payer" value="PZ-SOLL"/);
  assert.match(confirm, />Invia 3 solleciti</);
  assert.equal(await mailCount(db), 0);

  // Sending queues a campaign and goes to its page, queued until the job works it.
  const created = await op.postForm("/operatore/posizioni/solleciti", {
    passo: "invia",
    payer: "PZ-SOLL",
  });
  assert.equal(created.status, 303);
  await created.body?.cancel();
  const at = created.headers.get("location")!;
  const id = at.match(/^\/operatore\/posizioni\/solleciti\/([0-9a-f-]{36})$/)?.[1];
  assert.ok(id, at);
  const queued = text(await htmlOf(await op.get(at)));
  assert.match(queued, /Campagna di solleciti/);
  assert.match(queued, /In coda: l'invio partirà tra pochi secondi\./);
  assert.match(queued, /data-campaign-status="queued"/);
  assert.match(queued, /pagatore o IUPD «PZ-SOLL»/);
  assert.match(queued, /Marco Rossi, /);
  assert.equal(await mailCount(db), 0);
  assert.deepEqual(await runPendingReminderCampaigns(db), [id]);
  const done = text(await htmlOf(await op.get(at)));
  assert.match(done, /Campagna conclusa\./);
  assert.match(
    done,
    /Solleciti inviati: 3\. Saltate perché sollecitate negli ultimi 15 giorni: 0\. Non più scadute: 0\. Senza recapito: 1\./,
  );
  assert.match(done, /Posizioni senza recapito/);
  assert.match(done, new RegExp(`href="/operatore/posizioni/${f.unreachable}">Marco D'Angelo`));
  assert.equal(await mailCount(db), 3);
  // The list of campaigns, with its figures.
  const campaigns = text(await htmlOf(await op.get("/operatore/posizioni/solleciti")));
  assert.match(campaigns, /Campagne: 1/);
  assert.match(campaigns, new RegExp(`href="/operatore/posizioni/solleciti/${id}"`));
  assert.match(campaigns, /Conclusa/);
  assert.match(campaigns, /<td class="text-end">4 \/ 4<\/td><td class="text-end">3<\/td>/);
  // Another Ente's or a made-up campaign: not found.
  assert.equal(
    (await op.get("/operatore/posizioni/solleciti/00000000-0000-4000-8000-000000000000")).status,
    404,
  );

  // Again: everything recent, nothing to send.
  const again = text(
    await htmlOf(
      await op.postForm("/operatore/posizioni/solleciti", { passo: "conferma", payer: "PZ-SOLL" }),
    ),
  );
  assert.match(again, /Da sollecitare ora: 0 posizioni\./);
  assert.match(again, /saltate: 3\./);
  assert.match(again, /Nessuna posizione da sollecitare ora\./);

  // The position: its history, and a second reminder the same day is refused as recent.
  const page = text(await htmlOf(await op.get(`/operatore/posizioni/${f.late}`)));
  assert.match(page, /Solleciti di pagamento/);
  assert.match(page, />Invia sollecito</);
  assert.match(page, /<td>Marco Rossi<\/td>/);
  assert.match(page, /e-mail a chiara\.colombo@posta\.example/);
  assert.match(page, /40,00 €/);
  const recent = await postAndFollow(op, `/operatore/posizioni/${f.late}/sollecito`, {});
  assert.match(recent.location, /\?sollecito=recente#solleciti$/);
  assert.match(text(recent.page), /già stata sollecitata negli ultimi 15 giorni/);
  // Due today: no button, and a forced post says it is not overdue.
  const today = text(await htmlOf(await op.get(`/operatore/posizioni/${f.dueToday}`)));
  assert.doesNotMatch(today, />Invia sollecito</);
  const notDue = await postAndFollow(op, `/operatore/posizioni/${f.dueToday}/sollecito`, {});
  assert.match(notDue.location, /\?sollecito=non-scaduta#solleciti$/);
  assert.match(text(notDue.page), /non è più scaduta: nessun sollecito/);
  const none = await postAndFollow(op, `/operatore/posizioni/${f.unreachable}/sollecito`, {});
  assert.match(text(none.page), /non ha un indirizzo e-mail in anagrafica/);
  assert.equal(await mailCount(db), 3);

  // The family sees the reminder on its position; another household's is not there.
  const family = await signedIn(db, PEOPLE.family);
  const mine = text(await htmlOf(await family.get(`/famiglie/pagamenti/${f.late}`)));
  assert.match(
    mine,
    new RegExp(
      `Sollecito inviato il ${
        formatDate("it", f.today, "short")
      }: 40,00 € non pagati entro la scadenza del ${formatDate("it", f.day(-1), "short")}\\.`,
    ),
  );
  assert.equal((await family.get(`/famiglie/pagamenti/${f.other}`)).status, 404);
  // …and on its card in the list of payments, where the others have none.
  const payments = text(await htmlOf(await family.get("/famiglie/pagamenti")));
  const card = (id: string) => {
    const at = payments.indexOf(`href="/famiglie/pagamenti/${id}"`);
    return at < 0 ? "" : payments.slice(at, payments.indexOf("</li>", at));
  };
  assert.match(
    card(f.late),
    new RegExp(
      `Sollecito inviato il</dt><dd class="col-6 text-end">${formatDate("it", f.today, "short")}<`,
    ),
  );
  assert.ok(card(f.dueToday), "the position due today is listed");
  assert.doesNotMatch(card(f.dueToday), /Sollecito/);

  // Teachers and families cannot send (the office's area), nothing more is written.
  const teacher = await signedIn(db, PEOPLE.ferrari);
  for (const who of [teacher, family]) {
    const res = await who.postForm("/operatore/posizioni/solleciti", {
      passo: "invia",
      payer: "PZ-SOLL",
    });
    assert.equal(res.status, 403);
    await res.body?.cancel();
    for (const url of ["/operatore/posizioni/solleciti", at]) {
      const read = await who.get(url);
      assert.equal(read.status, 403);
      await read.body?.cancel();
    }
    const one = await who.postForm(`/operatore/posizioni/${f.instalments}/sollecito`, {});
    assert.equal(one.status, 403);
    await one.body?.cancel();
  }
  assert.equal(await mailCount(db), 3);
});

dbTest("reminders settings: the minimum days are the Ente's, from 1 to 90", async (db) => {
  const op = await signedIn(db, PEOPLE.operator);
  const url = "/operatore/fatturazione/impostazioni";
  const form = text(await htmlOf(await op.get(url)));
  assert.match(form, /Giorni minimi tra due solleciti della stessa posizione/);
  assert.match(form, /name="reminder_min_days"[^>]*value="15"/);
  const fields = {
    segregation_code: "02",
    iban: "IT60X0542811101000000123456",
    position_grouping: "per_service",
    due_days: "30",
    gpd_enabled: "on",
  };
  const bad = text(
    await htmlOf(await op.postForm(url, { ...fields, reminder_min_days: "91" }), 422),
  );
  assert.match(bad, /I giorni tra due solleciti della stessa posizione vanno da 1 a 90\./);
  await postAndFollow(op, url, { ...fields, reminder_min_days: "7" });
  const [row] = await db.asOwner((tx) =>
    tx.query<{ n: number }>("select reminder_min_days as n from public.billing_settings")
  );
  assert.equal(row.n, 7);
  await assert.rejects(
    db.asOwner((tx) => tx.query("update public.billing_settings set reminder_min_days = 0")),
    (e: { code?: string }) => e.code === "23514",
  );
});

dbTest("reminders API: the office sends; API keys, families and bad bodies refused", async (db) => {
  const f = await reminderFixture(db);
  const op = await signedIn(db, PEOPLE.operator);
  const path = "/api/v1/debt-positions/reminders";

  const out = await jsonOf(
    await api(op, "POST", path, { position_ids: [f.late, f.paid, f.unreachable] }),
    200,
  );
  assert.deepEqual(out.counts, { sent: 1, recent: 0, not_overdue: 1, no_contact: 1, not_found: 0 });
  assert.deepEqual(out.outcomes.map((o: { outcome: string }) => o.outcome), [
    "sent",
    "not_overdue",
    "no_contact",
  ]);
  assert.equal(out.outcomes[0].email_to, "chiara.colombo@posta.example");
  assert.equal(out.outcomes[0].push, false);
  assert.ok(out.batch_id);
  assert.equal(out.min_days, 15);
  // The position's detail lists the reminder sent.
  const detail = await jsonOf(await api(op, "GET", `/api/v1/debt-positions/${f.late}`), 200);
  assert.equal(detail.reminders.length, 1);
  assert.equal(detail.reminders[0].id, out.outcomes[0].reminder_id);
  assert.equal(detail.reminders[0].email_to, "chiara.colombo@posta.example");
  assert.equal(detail.reminders[0].overdue_cents, 4000);
  assert.equal(detail.reminders[0].overdue_since, f.day(-1));

  // A filter becomes a campaign: 202, to follow at its address.
  const res = await api(op, "POST", path, { overdue_filters: { payer: "PZ-SOLL" } });
  const queued = await jsonOf(res, 202);
  assert.equal(queued.status, "queued");
  assert.equal(queued.payer, "PZ-SOLL");
  const follow = `/api/v1/debt-positions/reminder-campaigns/${queued.id}`;
  assert.equal(res.headers.get("location"), follow);
  assert.deepEqual(await runPendingReminderCampaigns(db), [queued.id]);
  const byFilter = await jsonOf(await api(op, "GET", follow), 200);
  // `late` was just reminded: recent; the other two overdue reachable ones now.
  assert.deepEqual(
    [byFilter.status, byFilter.total, byFilter.done, byFilter.sent, byFilter.recent],
    ["done", 4, 4, 2, 1],
  );
  assert.equal(byFilter.no_contact, 1);
  assert.deepEqual(byFilter.unsent, [{
    debt_position_id: f.unreachable,
    outcome: "no_contact",
    iupd: byFilter.unsent[0].iupd,
    payer_name: "Marco D'Angelo",
  }]);
  assert.equal(
    (await jsonOf(
      await api(
        op,
        "GET",
        "/api/v1/debt-positions/reminder-campaigns/00000000-0000-4000-8000-000000000000",
      ),
      404,
    )).code,
    "not_found",
  );

  const unknown = await jsonOf(
    await api(op, "POST", path, { position_ids: ["00000000-0000-4000-8000-000000000000"] }),
    200,
  );
  assert.equal(unknown.outcomes[0].outcome, "not_found");

  const both = await jsonOf(
    await api(op, "POST", path, { position_ids: [f.late], overdue_filters: {} }),
    422,
  );
  assert.equal(both.code, "validation_failed");
  const many = Array.from({ length: 5001 }, () => f.late);
  assert.equal(
    (await jsonOf(await api(op, "POST", path, { position_ids: many }), 422)).code,
    "validation_failed",
  );

  // Families: 403; API keys, read or write: 403 insufficient_scope.
  const family = await signedIn(db, PEOPLE.family);
  assert.equal(
    (await jsonOf(await api(family, "POST", path, { position_ids: [f.instalments] }), 403)).code,
    "forbidden",
  );
  const { tenantId, claims } = await demoOperator(db, "operator");
  const anonymous = (await testApp(db)).client();
  for (const scopes of [["read"], ["read", "write"]] as ("read" | "write")[][]) {
    const key = await db.asOwner((tx) =>
      createApiKey(tx, { tenantId, name: "Gestionale", scopes, createdBy: claims.sub })
    );
    const res = await anonymous.request(path, {
      method: "POST",
      headers: { authorization: `Bearer ${key.token}`, "content-type": "application/json" },
      body: JSON.stringify({ position_ids: [f.instalments] }),
    });
    assert.equal((await jsonOf(res, 403)).code, "insufficient_scope");
  }
  assert.equal(await mailCount(db), 3);

  // Documented in the OpenAPI document.
  const doc = await jsonOf(await op.get("/api/v1/openapi.json"), 200);
  const opDoc = doc.paths["/debt-positions/reminders"].post;
  assert.ok(opDoc.requestBody);
  assert.ok(opDoc.responses["200"]);
  assert.ok(opDoc.responses["202"].content["application/json"].schema.properties.unsent);
  assert.ok(doc.paths["/debt-positions/reminder-campaigns/{id}"].get.responses["200"]);
});
