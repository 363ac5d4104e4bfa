/**
 * The lapse of every plan meeting the Ente's rule of decadenza, in one go
 * (`/operatore/posizioni/piani/decadenza`): only those plans listed, with the rule; the link on
 * the plans' list; the reason checked (422, the choices kept); the confirmation writes nothing;
 * the confirmed action lapses the plans chosen (and e-mails their payers) and nothing else: a plan
 * left unticked, an id posted by hand of a plan that does not meet the rule, a plan paid
 * meanwhile are reported, never lapsed; a second submit lapses nothing twice; the billing office
 * only.
 */
import assert from "node:assert/strict";
import { lapseSelected, selectForLapse } from "../lib/billing/instalment_plan_bulk_lapse.ts";
import type { Db } from "../lib/db/types.ts";
import { htmlOf, signedInClient } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { remindedAgo } from "./helpers/fixtures_enforced.ts";
import { demoOperator } from "./helpers/fixtures_reconciliation.ts";
import {
  lapsesWritten,
  lapsingPlan,
  payerEmailOf,
  threePlans,
} from "./helpers/fixtures_instalment_plans.ts";
import { PEOPLE } from "./helpers/fixtures_sites.ts";

const PAGE = "/operatore/posizioni/piani/decadenza";
const WHY = "Due rate non pagate nonostante il sollecito";

/** The page's text without tags, entities read, spaces squeezed. */
const textOf = (html: string) =>
  html.replace(/<[^>]+>/g, " ").replaceAll("&#39;", "'").replaceAll("&amp;", "&")
    .replaceAll("&nbsp;", " ").replaceAll("\u00a0", " ").replace(/\s+/g, " ");

/** Whether the checkbox of plan `id` is on the page, and ticked. */
function box(html: string, id: string): "ticked" | "unticked" | "absent" {
  const m = html.match(new RegExp(`<input[^>]*id="sel-${id}"[^>]*>`));
  return !m ? "absent" : /\schecked/.test(m[0]) ? "ticked" : "unticked";
}

/**
 * Chiara's plan and Marco's (no e-mail) meet the law's rule; Roberta's, with the same instalments
 * missed, was never reminded since: instalments missed, the rule not met (`late`).
 */
const plans = (db: Db) => threePlans(db, ["chiara", "marco"]);

dbTest(
  "bulk lapse: the plans meeting the rule, the form, its error, the confirmation",
  async (db) => {
    const { chiara, marco, roberta } = await plans(db);
    const c = await signedInClient(db, PEOPLE.operator);

    // The plans' list leads to the page, with how many plans meet the rule.
    const list = await htmlOf(await c.get("/operatore/posizioni/piani"));
    assert.match(
      list,
      /<a[^>]*href="\/operatore\/posizioni\/piani\/decadenza"[^>]*>Dichiara la decadenza dei piani con la decadenza maturata \(2\)<\/a>/,
    );

    const get = await htmlOf(await c.get(PAGE));
    const said = textOf(get);
    assert.match(get, /<h1>Decadenza dei piani con la decadenza maturata<\/h1>/);
    assert.match(
      said,
      /Di regola la decadenza segue il mancato pagamento di due rate consecutive, dopo un sollecito espresso \(L\. 160\/2019, art\. 1 c\. 800\)\. Qui sono elencati i piani/,
    );
    assert.match(said, /Piani con la decadenza maturata: 2/);
    assert.equal(box(get, chiara), "ticked");
    assert.equal(box(get, marco), "ticked");
    assert.equal(box(get, roberta), "absent");
    assert.match(get, new RegExp(`<input type="checkbox" name="piano" value="${chiara}"`));
    const row = textOf(get.slice(get.indexOf(`id="piano-${chiara}"`)));
    assert.match(
      row,
      /Colombo Chiara Mensa ottobre 2026 - in ritardo PZ-R-\w+ 2 \(26,67 €\) dal \d\d\/\d\d\/\d{4} 40,00 €/,
    );
    assert.match(get, new RegExp(`<form method="post" action="${PAGE}"`));
    assert.match(get, /<label for="motivo"[^>]*>Motivo della decadenza/);
    assert.match(get, /<textarea id="motivo" name="motivo"/);
    assert.match(get, /<button type="submit" class="btn btn-primary me-2">Continua<\/button>/);

    // A short reason: 422, the error beside the field, the choices as they were; nothing written.
    const bad = await htmlOf(
      await c.postForm(PAGE, [["piano", chiara], ["motivo", "boh"]]),
      422,
    );
    assert.match(bad, /<a href="#motivo">Indica il motivo della decadenza, da 5 a 1000 caratteri/);
    assert.match(bad, /<textarea id="motivo"[^>]*aria-invalid="true"[^>]*>boh<\/textarea>/);
    assert.match(bad, /id="motivo-error"[^>]*>Indica il motivo della decadenza/);
    assert.equal(box(bad, chiara), "ticked");
    assert.equal(box(bad, marco), "unticked");
    // Nothing ticked: the error beside the plans.
    const none = await htmlOf(await c.postForm(PAGE, { motivo: WHY }), 422);
    assert.match(none, /<a href="#piano">Scegli almeno un piano di cui dichiarare la decadenza/);
    assert.match(
      none,
      /<fieldset id="piano"[^>]*aria-describedby="piano-error"/,
    );
    assert.equal(box(none, chiara), "unticked");

    // The confirmation: how many, the residual due at once, the list, the reason; nothing written.
    const confirm = await htmlOf(
      await c.postForm(PAGE, [["piano", chiara], ["piano", marco], ["motivo", ` ${WHY} `]]),
    );
    const conf = textOf(confirm);
    assert.match(conf, /Controlla e conferma/);
    assert.match(
      conf,
      /Stai per dichiarare la decadenza di 2 piani: un residuo di 52,00 € in tutto diventa dovuto subito\./,
    );
    assert.match(conf, /Ogni pagatore riceve un'e-mail con il residuo e il motivo/);
    assert.match(conf, new RegExp(`Motivo ${WHY}`));
    assert.match(conf, /Piani scelti: 2/);
    assert.match(confirm, new RegExp(`<input type="hidden" name="piano" value="${chiara}"`));
    assert.match(confirm, new RegExp(`<input type="hidden" name="piano" value="${marco}"`));
    assert.match(confirm, new RegExp(`<input type="hidden" name="motivo" value=" ${WHY} "`));
    assert.match(
      confirm,
      /<button type="submit" name="conferma" value="1"[^>]*>Conferma la decadenza<\/button>/,
    );
    assert.match(
      confirm,
      /<button type="submit" name="modifica" value="1"[^>]*>Modifica<\/button>/,
    );
    assert.deepEqual(await lapsesWritten(db), { lapsed: {}, mails: [] });
    const [{ lapsed_at }] = await db.asOwner((tx) =>
      tx.query<{ lapsed_at: string | null }>(
        "select lapsed_at from public.instalment_plans where position_id = $1",
        [chiara],
      )
    );
    assert.equal(lapsed_at, null);

    // "Modifica": the form again with what was chosen.
    const back = await htmlOf(
      await c.postForm(PAGE, [["piano", marco], ["motivo", WHY], ["modifica", "1"]]),
    );
    assert.equal(box(back, chiara), "unticked");
    assert.equal(box(back, marco), "ticked");
    assert.match(back, new RegExp(`<textarea id="motivo"[^>]*>${WHY}</textarea>`));
    assert.deepEqual(await lapsesWritten(db), { lapsed: {}, mails: [] });
  },
);

dbTest("bulk lapse: the plans chosen lapse, the others are reported, never lapsed", async (db) => {
  const { chiara, marco, roberta } = await plans(db);
  const c = await signedInClient(db, PEOPLE.operator);
  const forged = crypto.randomUUID();
  // Chiara's ticked, Marco's not; Roberta's (rule not met) and an unknown id added by hand.
  const fields: [string, string][] = [
    ["piano", chiara],
    ["piano", roberta],
    ["piano", forged],
    ["piano", "x'; drop table"],
    ["motivo", WHY],
  ];
  const confirm = await htmlOf(await c.postForm(PAGE, fields));
  const conf = textOf(confirm);
  assert.match(conf, /Stai per dichiarare la decadenza di un piano: un residuo di 40,00 €/);
  assert.match(confirm, new RegExp(`<input type="hidden" name="piano" value="${chiara}"`));
  assert.doesNotMatch(confirm, new RegExp(`name="piano" value="(${roberta}|${forged})"`));
  assert.match(conf, /Esclusi: non soddisfano ora la regola di decadenza/);
  assert.match(
    conf,
    /Santoro Roberta \(Mensa ottobre 2026 - [^)]*\): il piano non soddisfa ora la regola di decadenza dell'Ente/,
  );
  assert.match(
    conf,
    new RegExp(`${forged} : Questa posizione non ha un piano di rateizzazione\\.`),
  );
  assert.match(conf, /x'; drop table : non è l'identificativo di una posizione\./);

  // Confirmed as posted by hand (the forged ids too): only Chiara's plan lapses.
  const done = await htmlOf(await c.postForm(PAGE, [...fields, ["conferma", "1"]]));
  const said = textOf(done);
  assert.match(said, /Decadenza dichiarata per un piano: una famiglia avvisata per e-mail\./);
  assert.match(said, /Piani decaduti/);
  assert.match(done, new RegExp(`id="decaduto-${chiara}"`));
  assert.match(said, /Decadenza non dichiarata: 3 piani/);
  assert.match(said, /Santoro Roberta \([^)]*\): il piano non soddisfa ora la regola/);
  assert.match(done, new RegExp(`href="/operatore/posizioni/${roberta}/decadenza"`));
  assert.match(said, new RegExp(`${forged} : Questa posizione non ha un piano`));
  assert.doesNotMatch(said, /avvisa queste famiglie/);
  const after = await lapsesWritten(db);
  assert.deepEqual(after, { lapsed: { [chiara]: WHY }, mails: [await payerEmailOf(db, chiara)] });
  assert.equal(after.lapsed[marco], undefined, "unticked");
  // The lapse is in the audit, as the office's own.
  const audit = await db.asOwner((tx) =>
    tx.query<{ position_id: string; reason: string; actor: string | null }>(
      `select after ->> 'position_id' as position_id, after ->> 'lapse_reason' as reason,
              actor_id::text as actor
         from public.audit_log
        where entity = 'instalment_plans' and action = 'update'
          and after ->> 'lapsed_at' is not null`,
    )
  );
  assert.deepEqual(audit.map((a) => [a.position_id, a.reason]), [[chiara, WHY]]);
  assert.ok(audit[0].actor, "the office's own");

  // The same confirmation again: nothing lapses twice, and the page says why.
  const again = textOf(await htmlOf(await c.postForm(PAGE, [...fields, ["conferma", "1"]])));
  assert.match(again, /Nessun piano è stato dichiarato decaduto\./);
  assert.match(again, /Colombo Chiara \([^)]*\): Il piano di rateizzazione è già decaduto\./);
  assert.deepEqual(await lapsesWritten(db), after);

  // Marco's plan still meets the rule, and is the one left on the page.
  const left = await htmlOf(await c.get(PAGE));
  assert.equal(box(left, marco), "ticked");
  assert.equal(box(left, chiara), "absent");
});

dbTest(
  "bulk lapse: a plan paid after the confirmation is refused, the others lapse",
  async (db) => {
    const { chiara, marco } = await plans(db);
    const c = await signedInClient(db, PEOPLE.operator);
    const fields: [string, string][] = [["piano", chiara], ["piano", marco], ["motivo", WHY]];
    textOf(await htmlOf(await c.postForm(PAGE, fields)));
    // Chiara pays everything while the office reads the confirmation.
    await db.asOwner((tx) =>
      tx.query("update public.debt_positions set status = 'paid' where id = $1", [chiara])
    );
    const said = textOf(await htmlOf(await c.postForm(PAGE, [...fields, ["conferma", "1"]])));
    assert.match(said, /Decadenza dichiarata per un piano\. Senza/);
    // Marco has no e-mail address: named, to be told another way.
    assert.match(
      said,
      /Senza indirizzo e-mail: 1; avvisa queste famiglie in un altro modo: D'Angelo Marco \./,
    );
    assert.match(
      said,
      /Colombo Chiara \([^)]*\): La posizione è pagata o annullata: il piano non può decadere\./,
    );
    assert.deepEqual(await lapsesWritten(db), { lapsed: { [marco]: WHY }, mails: [] });
  },
);

dbTest(
  "bulk lapse: a plan settled between the selection and its own lapse is refused by the database's words, the others lapse",
  async (db) => {
    const { chiara, marco } = await plans(db);
    const { claims } = await demoOperator(db);
    const selection = await selectForLapse(db, claims, [chiara, marco]);
    assert.deepEqual(selection.plans.map((p) => p.position_id), [chiara, marco]);
    // Chiara's position is settled after the selection, before her plan is locked to lapse.
    await db.asOwner((tx) =>
      tx.query("update public.debt_positions set status = 'paid' where id = $1", [chiara])
    );
    const done = await lapseSelected(db, claims, selection, [chiara, marco], WHY);
    assert.deepEqual(done.lapsed.map((l) => l.row.position_id), [marco]);
    assert.deepEqual(done.refused.map((r) => [r.id, r.code, r.it]), [[
      chiara,
      "settled",
      "La posizione è pagata o annullata: il piano non può decadere.",
    ]]);
    assert.deepEqual(await lapsesWritten(db), { lapsed: { [marco]: WHY }, mails: [] });
  },
);

dbTest("bulk lapse: nothing meeting the rule, no form; the billing office only", async (db) => {
  const { plan } = await lapsingPlan(db); // two instalments missed, never reminded since
  const c = await signedInClient(db, PEOPLE.operator);
  const get = await htmlOf(await c.get(PAGE));
  assert.match(textOf(get), /Nessun piano soddisfa ora la regola di decadenza dell'Ente\./);
  assert.doesNotMatch(get, new RegExp(`<form method="post" action="${PAGE}"`));
  assert.doesNotMatch(
    await htmlOf(await c.get("/operatore/posizioni/piani")),
    /Dichiara la decadenza dei piani/,
  );
  await remindedAgo(db, plan, 5);
  for (const who of [PEOPLE.ferrari, PEOPLE.family]) {
    const other = await signedInClient(db, who);
    const page = await htmlOf(await other.get(PAGE), 403);
    assert.match(page, /Il tuo profilo non ha accesso a questa pagina/);
    const post = await other.postForm(PAGE, [["piano", plan], ["motivo", WHY], ["conferma", "1"]]);
    assert.equal(post.status, 403, who);
    await post.body?.cancel();
  }
  assert.deepEqual(await lapsesWritten(db), { lapsed: {}, mails: [] });
});
