/**
 * "Vuoi pagare a rate?" on the family's position page: Chiara asks to pay an open, unpaid
 * position in instalments (`/famiglie/pagamenti/<id>/rateizzazione`), sees it pending with
 * "Ritira la richiesta", withdraws it, asks again and reads the office's reason when it is
 * refused; a paid position offers nothing, bad fields come back beside the field, and another
 * household's position is not there (404). Before asking, and on a running plan, the family reads
 * the Ente's rule of decadenza (`app.lapse_rule`, the law's without one of its own), though not
 * the Ente's other billing settings.
 */
import assert from "node:assert/strict";
import {
  lapseInstalmentPlan,
  revokeInstalmentPlanLapse,
} from "../lib/billing/instalment_plan_lapse_record.ts";
import { refuseRequest } from "../lib/billing/instalment_plan_requests.ts";
import { getLapseRule } from "../lib/billing/settings.ts";
import type { Db } from "../lib/db/types.ts";
import { formatDate, romeDate } from "../lib/i18n/mod.ts";
import { htmlOf, postAndFollow, signedInClient } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { reminderFixture } from "./helpers/fixtures_reminders.ts";
import { demoOperator } from "./helpers/fixtures_reconciliation.ts";
import { claimsOf } from "./helpers/fixtures_enforced.ts";
import { lapsingPlan } from "./helpers/fixtures_instalment_plans.ts";

const CHIARA = "chiara.colombo@posta.example";
const FORM_TITLE = "Vuoi pagare a rate?";

/** The page's words, without tags and entities, one space apart. */
const textOf = (html: string) =>
  html.replace(/<[^>]+>/g, " ")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");

const requests = (db: Db, positionId: string) =>
  db.asOwner((tx) =>
    tx.query<{ id: string; status: string; instalments: number; message: string | null }>(
      `select id, status, instalments, message from public.instalment_plan_requests
        where debt_position_id = $1 order by requested_at`,
      [positionId],
    )
  );

dbTest("family: asks to pay a position in instalments, withdraws, reads a refusal", async (db) => {
  const f = await reminderFixture(db);
  const { claims: op } = await demoOperator(db);
  const chiara = await signedInClient(db, CHIARA);
  const page = (id: string) => `/famiglie/pagamenti/${id}`;
  const action = (id: string) => `${page(id)}/rateizzazione`;
  const today = formatDate("it", romeDate(), "short");

  // 30,00 € open and unpaid: the form, 2 to 12 instalments, posting to the new route.
  const open = await htmlOf(await chiara.get(page(f.dueToday)));
  assert.ok(textOf(open).includes(FORM_TITLE), open);
  assert.match(textOf(open), /Decide l'ufficio che gestisce i pagamenti/);
  assert.match(textOf(open), /l'avviso attuale resta valido/);
  assert.match(open, new RegExp(`<form method="post" action="${action(f.dueToday)}"`));
  assert.match(open, /<label for="rate">Numero di rate/);
  assert.match(open, /<option value="2">2 rate<\/option>/);
  assert.match(open, /<option value="12">12 rate<\/option>/);
  assert.doesNotMatch(open, /<option value="13">/);
  assert.match(open, /<label for="messaggio"[^>]*>Messaggio per l'ufficio \(facoltativo\)/);
  assert.match(open, /<textarea id="messaggio" name="messaggio"[^>]*maxlength="1000"/);
  assert.match(open, />Invia la richiesta<\/button>/);
  assert.match(open, /Paga con pagoPA/, "the notice stays payable");

  // Paid: nothing to ask.
  const paid = await htmlOf(await chiara.get(page(f.paid)));
  assert.ok(!textOf(paid).includes(FORM_TITLE));
  assert.doesNotMatch(paid, /rateizzazione"/);

  // A bad count comes back beside the field, with what was typed; nothing written.
  const message = "Spese impreviste questo mese";
  const bad = await htmlOf(
    await chiara.postForm(action(f.dueToday), { rate: "13", messaggio: message }),
    422,
  );
  assert.match(
    bad,
    /<select id="rate" name="rate" required aria-invalid="true" aria-describedby="rate-hint rate-error">/,
  );
  assert.match(
    bad,
    /<div class="invalid-feedback d-block field-error" id="rate-error">Scegli in quante rate pagare: da 2 a 12\.<\/div>/,
  );
  assert.match(bad, /<a href="#rate">Scegli in quante rate pagare/, "the summary links the field");
  assert.match(bad, new RegExp(`<textarea id="messaggio"[^>]*>${message}</textarea>`));
  const long = await htmlOf(
    await chiara.postForm(action(f.dueToday), { rate: "3", messaggio: "x".repeat(1001) }),
    422,
  );
  assert.match(long, /<option value="3" selected>3 rate<\/option>/, "the count is kept");
  assert.match(long, /id="messaggio-error">Il messaggio può avere al massimo 1000 caratteri\./);
  assert.equal((await requests(db, f.dueToday)).length, 0);

  // Sent: back on the position, pending, the form gone, the notice still payable.
  const sent = await postAndFollow(chiara, action(f.dueToday), { rate: "3", messaggio: message });
  assert.equal(sent.location, `${page(f.dueToday)}?rateizzazione=richiesta`);
  const sentText = textOf(sent.page);
  assert.match(sentText, /Richiesta inviata: l'ufficio ti risponderà/);
  assert.ok(
    sentText.includes(
      `Richiesta di pagamento in 3 rate inviata il ${today}: in attesa di risposta.`,
    ),
    sentText,
  );
  assert.ok(sentText.includes(`Il tuo messaggio: ${message}`));
  assert.ok(!sentText.includes(FORM_TITLE));
  assert.doesNotMatch(sent.page, /<select id="rate"/);
  assert.match(sent.page, /Paga con pagoPA/);
  const [pending] = await requests(db, f.dueToday);
  assert.deepEqual(
    { status: pending.status, instalments: pending.instalments, message: pending.message },
    { status: "pending", instalments: 3, message },
  );
  assert.match(sent.page, new RegExp(`name="richiesta" value="${pending.id}"`));
  assert.match(sent.page, /<input type="hidden" name="azione" value="ritira"\/>/);
  assert.match(sent.page, />Ritira la richiesta<\/button>/);

  // A second request while one is pending: the database's refusal, in words, with its status.
  const twice = await htmlOf(await chiara.postForm(action(f.dueToday), { rate: "2" }), 409);
  assert.match(
    textOf(twice),
    /C'è già una richiesta di rateizzazione in attesa per questa posizione\./,
  );
  assert.match(
    twice,
    /<div class="alert alert-danger" role="alert">C'è già una richiesta di rateizzazione/,
  );
  assert.equal((await requests(db, f.dueToday)).length, 1);

  // Withdrawn: the form comes back; withdrawing again is refused; an unknown id is not there.
  const back = await postAndFollow(chiara, action(f.dueToday), {
    azione: "ritira",
    richiesta: pending.id,
  });
  assert.equal(back.location, `${page(f.dueToday)}?rateizzazione=ritirata`);
  assert.match(textOf(back.page), /Richiesta di pagamento a rate ritirata\./);
  assert.ok(textOf(back.page).includes(FORM_TITLE));
  assert.doesNotMatch(textOf(back.page), /in attesa di risposta/);
  assert.equal((await requests(db, f.dueToday))[0].status, "withdrawn");
  const again = await htmlOf(
    await chiara.postForm(action(f.dueToday), { azione: "ritira", richiesta: pending.id }),
    409,
  );
  assert.match(textOf(again), /La richiesta è già stata decisa\./);
  await htmlOf(
    await chiara.postForm(action(f.dueToday), { azione: "ritira", richiesta: "nessuna" }),
    404,
  );

  // Asked again and refused by the office: the reason is on the page, and she may ask anew.
  await postAndFollow(chiara, action(f.dueToday), { rate: "2" });
  const second = (await requests(db, f.dueToday)).find((r) => r.status === "pending")!;
  const note = "L'importo è inferiore al minimo rateizzabile (50,00 €).";
  await db.asUser(op, (tx) => refuseRequest(tx, second.id, note));
  const refused = textOf(await htmlOf(await chiara.get(page(f.dueToday))));
  assert.ok(refused.includes(`Richiesta respinta il ${today}: ${note}`), refused);
  assert.doesNotMatch(refused, /in attesa di risposta/);
  assert.ok(refused.includes(FORM_TITLE), "a refused request does not stop a new one");

  // Another household's position: not there, neither the page nor the form's target.
  await htmlOf(await chiara.get(page(f.other)), 404);
  await htmlOf(await chiara.postForm(action(f.other), { rate: "2" }), 404);
  assert.equal((await requests(db, f.other)).length, 0);
});

const LAW = "il mancato pagamento di due rate consecutive, dopo un sollecito espresso " +
  "(L. 160/2019, art. 1 c. 800)";
const OWN = "il mancato pagamento di tre rate, anche non consecutive, nell'arco di sei mesi, " +
  "dopo un sollecito espresso (regolamento dell'Ente)";
const BEFORE = (rule: string) =>
  `Se la rateizzazione è concessa, decade con ${rule}: l'intero importo residuo diventa allora dovuto subito.`;
const ON_PLAN = (rule: string) =>
  `La rateizzazione decade con ${rule}: l'intero importo residuo diventa allora dovuto subito.`;

/** The Ente's settings row (the pagoPA fields it needs), if it has none yet. */
const settingsRow = (db: Db, tenantId: string) =>
  db.asOwner((tx) =>
    tx.query(
      `insert into public.billing_settings (tenant_id, segregation_code, iban, due_days)
       values ($1, '02', 'IT60X0542811101000000123456', 30) on conflict (tenant_id) do nothing`,
      [tenantId],
    )
  );

/** "Tre rate, anche non consecutive, nell'arco di sei mesi", as the billing office saves it. */
const ownRule = (db: Db) =>
  db.asOwner((tx) =>
    tx.query(
      `update public.billing_settings set lapse_missed_instalments = 3,
              lapse_consecutive = false, lapse_window_months = 6`,
    )
  );

dbTest("family: reads the Ente's rule of decadenza before asking for a plan", async (db) => {
  const f = await reminderFixture(db);
  const chiara = await signedInClient(db, CHIARA);
  const page = `/famiglie/pagamenti/${f.dueToday}`;

  // The law's rule by default, with or without a settings row, in the request's section.
  const none = textOf(await htmlOf(await chiara.get(page)));
  assert.ok(none.includes(BEFORE(LAW)), none);
  await settingsRow(db, f.tenantId);
  const law = await htmlOf(await chiara.get(page));
  assert.ok(textOf(law).includes(BEFORE(LAW)), textOf(law));
  assert.ok(
    textOf(law).indexOf(BEFORE(LAW)) < textOf(law).indexOf("Invia la richiesta"),
    "said before the family asks",
  );
  assert.match(law, /<p id="regola-decadenza">Se la rateizzazione è concessa, decade con/);

  // The Ente's own rule, citing its regulation.
  await ownRule(db);
  const own = textOf(await htmlOf(await chiara.get(page)));
  assert.ok(own.includes(BEFORE(OWN)), own);
  assert.ok(own.includes("tre rate, anche non consecutive, nell'arco di sei mesi"));
  assert.ok(own.includes("(regolamento dell'Ente)"));
  assert.ok(!own.includes("L. 160/2019"));

  // After a refused POST the form comes back with the rule too.
  const bad = textOf(
    await htmlOf(await chiara.postForm(`${page}/rateizzazione`, { rate: "13" }), 422),
  );
  assert.ok(bad.includes(BEFORE(OWN)), bad);

  // In English.
  const en = textOf(await htmlOf(await chiara.get(`${page}?lang=en`)));
  assert.ok(
    en.includes(
      "If the plan is granted, it lapses on three instalments missed, consecutive or not, within six months after an express reminder (the Ente's regulation): the whole residual then falls due at once.",
    ),
    en,
  );

  // No form, no rule: a paid position.
  const paid = textOf(await htmlOf(await chiara.get(`/famiglie/pagamenti/${f.paid}?lang=it`)));
  assert.ok(!paid.includes("decade con"), paid);

  // Least privilege: the family reads the rule, never the Ente's billing settings.
  const family = await claimsOf(db, CHIARA, ["family"]);
  const read = await db.asUser(family, async (tx) => ({
    settings: await tx.query("select * from public.billing_settings"),
    rule: await tx.query(
      `select lapse_missed_instalments, lapse_consecutive, lapse_window_months,
              lapse_after_reminder from app.lapse_rule()`,
    ),
    lapseRule: await getLapseRule(tx),
  }));
  assert.deepEqual(read.settings, []);
  assert.deepEqual(read.rule, [{
    lapse_missed_instalments: 3,
    lapse_consecutive: false,
    lapse_window_months: 6,
    lapse_after_reminder: true,
  }]);
  assert.deepEqual(read.lapseRule, {
    missed: 3,
    consecutive: false,
    windowMonths: 6,
    afterReminder: true,
  });
});

dbTest("family: a running plan states the rule, a lapsed or paid one does not", async (db) => {
  const { f, op, plan } = await lapsingPlan(db);
  const chiara = await signedInClient(db, CHIARA);
  const mine = async () => textOf(await htmlOf(await chiara.get(`/famiglie/pagamenti/${plan}`)));

  // Granted and running: beside the plan's instalments, the law's rule, then the Ente's own.
  const law = await mine();
  assert.match(law, /Rateizzazione concessa il .*: 3 rate dal/);
  assert.ok(law.includes(ON_PLAN(LAW)), law);
  assert.ok(!law.includes("Se la rateizzazione è concessa"), "no request form on a plan");
  await ownRule(db);
  const own = await mine();
  assert.ok(own.includes(ON_PLAN(OWN)), own);
  const en = textOf(await htmlOf(await chiara.get(`/famiglie/pagamenti/${plan}?lang=en`)));
  assert.ok(
    en.includes(
      "The plan lapses on three instalments missed, consecutive or not, within six months after an express reminder (the Ente's regulation): the whole residual then falls due at once.",
    ),
    en,
  );
  await chiara.get(`/famiglie/pagamenti/${plan}?lang=it`).then((r) => r.body?.cancel());

  // The position the plan replaced: not a plan, not to ask for, no rule.
  const replaced = textOf(await htmlOf(await chiara.get(`/famiglie/pagamenti/${f.late}`)));
  assert.match(replaced, /Questa posizione è stata sostituita da un piano di rateizzazione/);
  assert.ok(!replaced.includes("decade con"), replaced);

  // Lapsed: the lapsed notice says so; the rule is not repeated.
  await lapseInstalmentPlan(db, op, plan, "Due rate non pagate nonostante il sollecito");
  const lapsed = await mine();
  assert.match(lapsed, /Rateizzazione decaduta/);
  assert.ok(!lapsed.includes("decade con"), lapsed);

  // The lapse revoked: the plan runs again, and so does its rule.
  await revokeInstalmentPlanLapse(db, op, plan, "Il pagamento era stato fatto in tempo");
  const revoked = await mine();
  assert.match(revoked, /La decadenza della rateizzazione è stata revocata/);
  assert.ok(revoked.includes(ON_PLAN(OWN)), revoked);

  // Paid: nothing to lapse any more.
  await db.asOwner((tx) =>
    tx.query("update public.debt_positions set status = 'paid' where id = $1", [plan])
  );
  const paid = await mine();
  assert.match(paid, /Rateizzazione concessa il/);
  assert.ok(!paid.includes("decade con"), paid);
});
