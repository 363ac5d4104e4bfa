/**
 * The pages of a decadenza (`/operatore/posizioni/<id>/decadenza`, the position's page, the
 * family's position): the standing and the way to the form, the form and its error, the
 * confirmation that writes nothing, the lapse and its callouts; one missed instalment (the usual
 * rule said, the office may go on), a payer without e-mail, nothing missed (no form); positions
 * without a plan not found; families kept out, and shown the lapse without the operator's name.
 */
import assert from "node:assert/strict";
import { lapseInstalmentPlan } from "../lib/billing/instalment_plan_lapse_record.ts";
import type { Db } from "../lib/db/types.ts";
import { htmlOf, signedInClient } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { remindedAgo } from "./helpers/fixtures_enforced.ts";
import { dueOn, lapsingPlan } from "./helpers/fixtures_instalment_plans.ts";

const OFFICE = "m.rossi@comune.valdiponte.example";
const OFFICE_NAME = "Marco Rossi";
const FAMILY = "chiara.colombo@posta.example";
const WHY = "Due rate non pagate nonostante il sollecito";

/** "31/12/2026", as the pages print a day. */
const itDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
/** An apostrophe as the HTML may escape it. */
const APOS = "(?:'|&#39;)";
/** The page's text without tags, spaces squeezed. */
const textOf = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

/** The decadenza page's rule, the law's, before "qui" (the page's text). */
const LAW =
  "Di regola la decadenza segue il mancato pagamento di due rate consecutive, dopo un sollecito espresso \\(L\\. 160/2019, art\\. 1 c\\. 800\\);";

const counts = (db: Db) =>
  db.asOwner(async (tx) => {
    const [r] = await tx.query<{ lapsed: number; mails: number }>(
      `select (select count(*)::int from public.instalment_plans where lapsed_at is not null)
                as lapsed,
              (select count(*)::int from public.mail_outbox
                where subject like '%rateizzazione decaduta') as mails`,
    );
    return r;
  });

dbTest("the office declares a plan lapsed from the position's page", async (db) => {
  const { f, plan, due } = await lapsingPlan(db);
  const c = await signedInClient(db, OFFICE);
  const path = `/operatore/posizioni/${plan}`;
  const form = `${path}/decadenza`;

  // The position's page: the standing, and the way to the form.
  const before = await htmlOf(await c.get(path));
  assert.match(before, /<div class="callout warning" id="piano-andamento">/);
  assert.match(before, /Rate scadute e non pagate: 2 \(26,67\s€\)\./);
  assert.match(before, new RegExp(`href="${form}"[^>]*>Dichiara la decadenza</a>`));
  assert.doesNotMatch(before, /Piano decaduto/);

  // The form: the plan, the instalments missed, the residual, the reason.
  const get = await htmlOf(await c.get(form));
  assert.match(get, /<h1>Dichiara la decadenza della rateizzazione<\/h1>/);
  assert.match(get, /Rateizzazione concessa il [^<]+ \(richiesta: Prot\. n\. 4521\/2026\): 3 rate/);
  assert.match(get, /<caption>Rate scadute e non pagate<\/caption>/);
  assert.match(
    get,
    new RegExp(
      `<th scope="row">1</th><td class="text-end">13,34\\s€</td><td>${itDate(due[1])}</td>`,
    ),
  );
  assert.match(
    get,
    new RegExp(
      `<th scope="row">2</th><td class="text-end">13,33\\s€</td><td>${itDate(due[2])}</td>`,
    ),
  );
  assert.doesNotMatch(get, /<th scope="row">3<\/th>/);
  assert.match(get, /Residuo che diventa dovuto subito con la decadenza: 40,00\s€\./);
  // Two consecutive instalments missed, but never reminded since: the rule is not met yet.
  assert.match(
    get,
    new RegExp(
      `${LAW} qui la rata 2 e la precedente sono scadute, ma dopo la scadenza della rata 2 non risulta inviato alcun sollecito\\. Puoi comunque procedere`,
    ),
  );
  // Reminded five days ago (after instalment 2 fell due, ten days ago): the rule is met.
  await remindedAgo(db, plan, 5);
  const reminded = await htmlOf(await c.get(form));
  assert.doesNotMatch(reminded, /Di regola la decadenza/, "two consecutive missed, reminded");
  assert.match(
    await htmlOf(await c.get(path)),
    /<p id="piano-regola">Di regola la decadenza segue il mancato pagamento di due rate consecutive, dopo un sollecito espresso \(L\. 160\/2019, art\. 1 c\. 800\)\. Qui la regola è soddisfatta: risultano non pagate 2 rate scadute, e un sollecito è stato inviato dopo la scadenza della rata 2\.<\/p>/,
  );
  assert.match(get, new RegExp(`<form method="post" action="${form}"`));
  assert.match(get, /<label for="motivo"[^>]*>Motivo della decadenza/);
  assert.match(get, /id="motivo-hint"[^>]*>Da 5 a 1000 caratteri: la famiglia lo legge/);
  assert.match(get, /<textarea id="motivo" name="motivo"/);

  // An empty reason comes back 422 with the error; nothing written.
  const bad = await htmlOf(await c.postForm(form, { motivo: "  " }), 422);
  assert.match(bad, /class="alert alert-danger" role="alert"/);
  assert.match(bad, /<a href="#motivo">Indica il motivo della decadenza, da 5 a 1000 caratteri/);
  assert.match(bad, /<textarea id="motivo"[^>]*aria-invalid="true"/);
  assert.deepEqual(await counts(db), { lapsed: 0, mails: 0 });

  // The confirmation says what happens; nothing written.
  const confirm = await htmlOf(await c.postForm(form, { motivo: ` ${WHY} ` }));
  assert.match(confirm, /<h2 id="conferma-title"[^>]*>Controlla e conferma<\/h2>/);
  const said = textOf(confirm);
  assert.match(said, new RegExp(`Motivo ${WHY}`));
  assert.match(
    said,
    new RegExp(
      `Con la decadenza l${APOS}intero residuo di 40,00\\s€ è dovuto subito: da domani i solleciti e la riscossione coattiva`,
    ),
  );
  assert.match(said, /Gli avvisi delle rate restano pagabili su pagoPA/);
  assert.match(said, new RegExp(`Il pagatore riceve un${APOS}e-mail`));
  assert.match(confirm, new RegExp(`<input type="hidden" name="motivo" value=" ${WHY} "`));
  assert.match(
    confirm,
    /<button type="submit" name="conferma" value="1"[^>]*>Dichiara la decadenza<\/button>/,
  );
  assert.match(confirm, /<button type="submit" name="modifica" value="1"[^>]*>Modifica<\/button>/);
  assert.doesNotMatch(confirm, /<textarea/);
  assert.deepEqual(await counts(db), { lapsed: 0, mails: 0 });

  // "Modifica": back to the form with what was typed.
  const change = await htmlOf(await c.postForm(form, { motivo: WHY, modifica: "1" }));
  assert.match(change, new RegExp(`>${WHY}</textarea>`));
  assert.doesNotMatch(change, /conferma-title/);

  // Declared: back to the position, which says so; the payer e-mailed.
  const res = await c.postForm(form, { motivo: WHY, conferma: "1" });
  assert.equal(res.status, 303, await res.text());
  const to = res.headers.get("location")!;
  assert.equal(to, `${path}?decadenza=dichiarata&email=inviata`);
  assert.deepEqual(await counts(db), { lapsed: 1, mails: 1 });

  const after = await htmlOf(await c.get(to));
  assert.match(
    after,
    /class="alert alert-success" role="status">Decadenza dichiarata: la famiglia è stata avvisata per e-mail\.</,
  );
  const lapsed = textOf(after.slice(after.indexOf('id="piano-decaduto"')));
  assert.match(
    lapsed,
    new RegExp(
      `^[^]*?Piano decaduto Piano decaduto il ${
        itDate(f.today)
      } da ${OFFICE_NAME}\\. Motivo: ${WHY} L${APOS}intero residuo \\(40,00\\s€\\) è dovuto subito\\.`,
    ),
  );
  assert.doesNotMatch(after, /id="piano-andamento"/);
  assert.doesNotMatch(after, new RegExp(`href="${form}"`));
  // A lapsed plan is not spread again: no offer, and the form says why.
  assert.doesNotMatch(after, /Concedi una rateizzazione/);
  assert.match(
    await htmlOf(await c.get(`${path}/rateizza`)),
    /Il piano di rateizzazione di questa posizione è decaduto: non può essere rateizzata di nuovo\./,
  );
  // Without the flag, no alert.
  assert.doesNotMatch(await htmlOf(await c.get(path)), /Decadenza dichiarata/);

  // The form again: it has lapsed, no form; posting anyway is refused in words.
  const again = await htmlOf(await c.get(form));
  assert.match(
    again,
    /class="alert alert-warning" role="status">Il piano di rateizzazione è già decaduto\./,
  );
  assert.doesNotMatch(again, /<textarea/);
  assert.doesNotMatch(again, /<caption>Rate scadute e non pagate<\/caption>/);
  const twice = await htmlOf(await c.postForm(form, { motivo: WHY, conferma: "1" }), 409);
  assert.match(twice, /Il piano di rateizzazione è già decaduto\./);
  assert.doesNotMatch(twice, /<textarea/);
  assert.deepEqual(await counts(db), { lapsed: 1, mails: 1 });

  // A position without a plan, an unknown one, a malformed id: not found.
  await htmlOf(await c.get(`/operatore/posizioni/${f.other}/decadenza`), 404);
  await htmlOf(await c.postForm(`/operatore/posizioni/${f.other}/decadenza`, { motivo: WHY }), 404);
  await htmlOf(await c.get(`/operatore/posizioni/${crypto.randomUUID()}/decadenza`), 404);
  await htmlOf(await c.get("/operatore/posizioni/nope/decadenza"), 404);

  // In English too.
  assert.match(
    await htmlOf(await c.get(`${to}&lang=en`)),
    /Lapse declared: the family has been told by e-mail\./,
  );

  // Chiara's page: the lapse, the reason, the residual due at once; not who declared it.
  const family = await signedInClient(db, FAMILY);
  const mine = await htmlOf(await family.get(`/famiglie/pagamenti/${plan}`));
  assert.match(mine, /<div class="callout danger" id="rateizzazione-decaduta">/);
  const told = textOf(mine.slice(mine.indexOf('id="rateizzazione-decaduta"')));
  assert.match(
    told,
    new RegExp(
      `^[^]*?Rateizzazione decaduta La rateizzazione concessa il ${
        itDate(f.today)
      } \\(rif\\. Prot\\. n\\. 4521/2026\\) è decaduta il ${
        itDate(f.today)
      }\\. Motivo indicato dall${APOS}Ente: ${WHY} L${APOS}intero importo residuo di 40,00\\s€ è dovuto subito\\. Puoi pagarlo con gli avvisi delle rate qui sotto, che restano validi`,
    ),
  );
  assert.doesNotMatch(mine, new RegExp(OFFICE_NAME));
  // The plan's own notice gives way, and the due dates are no longer the rule.
  assert.doesNotMatch(mine, /Puoi pagare tutto in un[^<]+entro il/);
  assert.doesNotMatch(mine, /oppure a rate, entro le scadenze indicate/);
  // The instalments' notices can still be paid.
  assert.ok((mine.match(/>Paga con pagoPA</g)?.length ?? 0) >= 3);
});

dbTest("one instalment missed: the usual rule said, the office may go on", async (db) => {
  const { f, plan, due } = await lapsingPlan(db);
  const c = await signedInClient(db, OFFICE);
  const path = `/operatore/posizioni/${plan}`;
  const form = `${path}/decadenza`;

  // Nothing missed yet: the standing says so, no button, no form.
  await dueOn(db, plan, [f.day(5), f.day(5), f.day(35), f.day(65)]);
  const calm = await htmlOf(await c.get(path));
  assert.match(calm, /<div class="callout note" id="piano-andamento">/);
  assert.match(calm, /Rate scadute e non pagate: nessuna\./);
  assert.doesNotMatch(calm, new RegExp(`href="${form}"`));
  const none = await htmlOf(await c.get(form));
  assert.match(
    none,
    /role="status">Nessuna rata è scaduta senza essere pagata: il piano non può decadere\./,
  );
  assert.doesNotMatch(none, /<textarea/);
  const early = await htmlOf(await c.postForm(form, { motivo: WHY, conferma: "1" }), 409);
  assert.match(early, /Nessuna rata è scaduta senza essere pagata: il piano non può decadere\./);
  assert.deepEqual(await counts(db), { lapsed: 0, mails: 0 });

  // One missed (even reminded): the page says the rule, and lets the office go on.
  await remindedAgo(db, plan, 1);
  await dueOn(db, plan, [due[0], due[1], f.day(20), f.day(50)]);
  const one = await htmlOf(await c.get(path));
  assert.match(one, /Rate scadute e non pagate: 1 \(13,34\s€\)\./);
  assert.match(one, new RegExp(`href="${form}"[^>]*>Dichiara la decadenza</a>`));
  const get = await htmlOf(await c.get(form));
  assert.match(
    get,
    new RegExp(
      `${LAW} qui non risultano due rate consecutive scadute e non pagate\\. Puoi comunque procedere`,
    ),
  );
  assert.match(get, /<textarea id="motivo"/);

  // The payer has no e-mail address: declared, nobody e-mailed, and the page says so.
  await db.asOwner((tx) =>
    tx.query(
      `update public.people set email = null
        where id = (select payer_id from public.debt_positions where id = $1)`,
      [plan],
    )
  );
  const res = await c.postForm(form, { motivo: WHY, conferma: "1" });
  assert.equal(res.status, 303, await res.text());
  const to = res.headers.get("location")!;
  assert.equal(to, `${path}?decadenza=dichiarata&email=assente`);
  assert.deepEqual(await counts(db), { lapsed: 1, mails: 0 });
  assert.match(
    await htmlOf(await c.get(to)),
    /class="alert alert-warning" role="status">Decadenza dichiarata: il pagatore non ha un indirizzo e-mail: avvisa la famiglia in un altro modo\.</,
  );
});

dbTest("families cannot reach the office's decadenza page", async (db) => {
  const { op, plan } = await lapsingPlan(db);
  const c = await signedInClient(db, FAMILY);
  const form = `/operatore/posizioni/${plan}/decadenza`;
  assert.equal((await c.get(form)).status, 403);
  assert.equal((await c.postForm(form, { motivo: WHY, conferma: "1" })).status, 403);
  assert.deepEqual(await counts(db), { lapsed: 0, mails: 0 });
  // Their own page carries no lapse while the plan holds.
  const mine = await htmlOf(await c.get(`/famiglie/pagamenti/${plan}`));
  assert.doesNotMatch(mine, /rateizzazione-decaduta/);
  assert.match(mine, /Rateizzazione concessa il/);
  // Declared by the office, the family reads it.
  await lapseInstalmentPlan(db, op, plan, WHY);
  assert.match(await htmlOf(await c.get(`/famiglie/pagamenti/${plan}`)), /Rateizzazione decaduta/);
});

/** The Ente's rule of decadenza in its billing settings (the row `lapsingPlan` made). */
async function setRule(
  db: Db,
  tenantId: string,
  r: { consecutive: boolean; window: number | null; reminder: boolean },
) {
  const [{ n }] = await db.asOwner((tx) =>
    tx.query<{ n: number }>(
      `with u as (
         update public.billing_settings
            set lapse_consecutive = $2, lapse_window_months = $3, lapse_after_reminder = $4
          where tenant_id = $1 returning 1)
       select count(*)::int as n from u`,
      [tenantId, r.consecutive, r.window, r.reminder],
    )
  );
  assert.equal(n, 1, "the tenant has its billing settings");
}

dbTest("the Ente's own rule: two instalments, not consecutive, within six months", async (db) => {
  const { f, plan } = await lapsingPlan(db);
  const c = await signedInClient(db, OFFICE);
  const path = `/operatore/posizioni/${plan}`;
  const form = `${path}/decadenza`;
  // Instalment 1 missed 70 days ago, 2 paid, 3 missed ten days ago; never reminded.
  await dueOn(db, plan, [f.day(-70), f.day(-70), f.day(-40), f.day(-10)]);
  const [{ reminders }] = await db.asOwner(async (tx) => {
    await tx.query(
      `update public.payment_notices set status = case instalment when 2 then 'paid' else 'cancelled' end
        where debt_position_id = $1 and instalment in (0, 2)`,
      [plan],
    );
    await tx.query(
      "update public.debt_positions set status = 'partially_paid', paid_cents = 1333 where id = $1",
      [plan],
    );
    return await tx.query<{ reminders: number }>(
      "select count(*)::int as reminders from public.payment_reminders where debt_position_id = $1",
      [plan],
    );
  });
  assert.equal(reminders, 0);

  // The law's rule (the Ente's by default): 1 and 3 are not consecutive, no advice.
  const law = await htmlOf(await c.get(path));
  assert.match(law, /Rate scadute e non pagate: 2 \(26,67\s€\)\./);
  assert.match(law, new RegExp(`href="${form}"[^>]*>Dichiara la decadenza</a>`));
  assert.doesNotMatch(law, /id="piano-regola"/);
  assert.match(
    textOf(await htmlOf(await c.get(form))),
    new RegExp(
      `${LAW} qui non risultano due rate consecutive scadute e non pagate\\. Puoi comunque procedere`,
    ),
  );

  // The Ente's rule: two instalments, consecutive or not, within six months, no reminder.
  await setRule(db, f.tenantId, { consecutive: false, window: 6, reminder: false });
  const own = await htmlOf(await c.get(path));
  assert.match(
    own,
    new RegExp(
      `<p id="piano-regola">Di regola la decadenza segue il mancato pagamento di due rate, anche non consecutive, nell${APOS}arco di sei mesi \\(regolamento dell${APOS}Ente\\)\\. Qui la regola è soddisfatta: risultano non pagate 2 rate scadute\\.</p>`,
    ),
  );
  assert.match(own, new RegExp(`href="${form}"[^>]*>Dichiara la decadenza</a>`));
  assert.doesNotMatch(await htmlOf(await c.get(form)), /Di regola la decadenza/);
  assert.match(
    await htmlOf(await c.get(`${path}?lang=en`)),
    new RegExp(
      `<p id="piano-regola">As a rule a plan lapses on two instalments missed, consecutive or not, within six months \\(the Ente${APOS}s regulation\\)\\. Here the rule is met: 2 instalments are unpaid past their due date\\.</p>`,
    ),
  );

  // Within one month: 1 and 3 fell due two months apart, the count is not reached.
  await setRule(db, f.tenantId, { consecutive: false, window: 1, reminder: false });
  const month = await htmlOf(await c.get(`${path}?lang=it`));
  assert.match(month, /Rate scadute e non pagate: 2 \(26,67\s€\)\./);
  assert.doesNotMatch(month, /id="piano-regola"/);
  assert.match(
    textOf(await htmlOf(await c.get(form))),
    new RegExp(
      `Di regola la decadenza segue il mancato pagamento di due rate, anche non consecutive, nell${APOS}arco di un mese \\(regolamento dell${APOS}Ente\\); qui non risultano due rate scadute e non pagate nell${APOS}arco di un mese\\. Puoi comunque procedere`,
    ),
  );

  // Within six months after a reminder: none sent after instalment 3 fell due, then one is.
  await setRule(db, f.tenantId, { consecutive: false, window: 6, reminder: true });
  assert.doesNotMatch(await htmlOf(await c.get(path)), /id="piano-regola"/);
  assert.match(
    textOf(await htmlOf(await c.get(form))),
    new RegExp(
      `nell${APOS}arco di sei mesi, dopo un sollecito espresso \\(regolamento dell${APOS}Ente\\); qui con la rata 3 le rate scadute e non pagate nell${APOS}arco di sei mesi sono due, ma dopo la scadenza della rata 3 non risulta inviato alcun sollecito\\. Puoi comunque procedere`,
    ),
  );
  await remindedAgo(db, plan, 5);
  assert.match(
    await htmlOf(await c.get(path)),
    /Qui la regola è soddisfatta: risultano non pagate 2 rate scadute, e un sollecito è stato inviato dopo la scadenza della rata 3\.<\/p>/,
  );
  assert.doesNotMatch(await htmlOf(await c.get(form)), /Di regola la decadenza/);
});
