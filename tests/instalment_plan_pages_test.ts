/**
 * The office's pages for a rateizzazione (`/operatore/posizioni/<id>/rateizza` and the position's
 * page): the way to the form, the form and its errors, the confirmation that writes nothing, the
 * grant and the two positions' callouts; families kept out; a partly paid position says why it
 * cannot be spread.
 */
import assert from "node:assert/strict";
import { defaultFirstDue, instalmentDue } from "../lib/billing/instalment_plan.ts";
import type { Db } from "../lib/db/types.ts";
import { romeDate } from "../lib/i18n/mod.ts";
import { GpdClient, setGpdGateway } from "../lib/pagopa/gpd_client.ts";
import { createTestPositionIn } from "../lib/pagopa/receipts_testing.ts";
import { htmlOf, signedInClient, testApp } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";

const OFFICE = "m.rossi@comune.valdiponte.example";
const FAMILY = "chiara.colombo@posta.example";
const REFERENCE = "Prot. n. 4521/2026";
const REASON = "Difficoltà economiche temporanee";

/** "31/12/2026", as the pages print a day. */
const itDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
/** An apostrophe as the HTML may escape it. */
const APOS = "(?:'|&#39;)";

/** The demo Ente's pagoPA settings, which a plan needs (notice numbers). */
async function billingSettings(db: Db) {
  await db.asOwner((tx) =>
    tx.query(
      `insert into public.billing_settings (tenant_id, segregation_code, iban, due_days)
       select id, '02', 'IT60X0542811101000000123456', 30 from public.tenants
       on conflict (tenant_id) do nothing`,
    )
  );
}

const counts = (db: Db) =>
  db.asOwner(async (tx) => {
    const [r] = await tx.query<{ plans: number; positions: number; mails: number }>(
      `select (select count(*)::int from public.instalment_plans) as plans,
              (select count(*)::int from public.debt_positions) as positions,
              (select count(*)::int from public.mail_outbox
                where subject like '%rateizzazione concessa') as mails`,
    );
    return r;
  });

dbTest("the office grants a rateizzazione from the position's page", async (db) => {
  await billingSettings(db);
  const p = await createTestPositionIn(db, { amountCents: 4500 });
  const c = await signedInClient(db, OFFICE);
  const path = `/operatore/posizioni/${p.positionId}`;
  const form = `${path}/rateizza`;
  const today = romeDate();
  const firstDue = defaultFirstDue(today);

  // The position's page offers the form.
  const before = await htmlOf(await c.get(path));
  assert.match(before, /<h2 id="rateizza-title"[^>]*>Rateizzazione<\/h2>/);
  assert.match(before, new RegExp(`href="${form}"[^>]*>Concedi una rateizzazione</a>`));
  assert.doesNotMatch(before, /Sostituita dal piano/);

  // The form: the position's essentials and four labelled fields.
  const get = await htmlOf(await c.get(form));
  assert.match(get, /<h1>Concedi una rateizzazione<\/h1>/);
  assert.match(get, /Mensa ottobre 2026 - Sofia Ricci/);
  assert.match(get, /45,00\s*€/);
  assert.match(get, /<caption>Avvisi di pagamento attuali<\/caption>/);
  assert.match(get, /<td>30\/11\/2026<\/td>/);
  assert.match(get, new RegExp(`<form method="post" action="${form}"`));
  assert.match(get, /<label for="rate">Numero di rate/);
  assert.match(get, /<select id="rate" name="rate" required/);
  assert.match(get, /<option value="2">2 rate<\/option>/);
  assert.match(get, /<option value="12">12 rate<\/option>/);
  assert.doesNotMatch(get, /<option value="13">/);
  assert.match(get, /<label for="prima-scadenza"[^>]*>Scadenza della prima rata/);
  assert.match(
    get,
    new RegExp(
      `<input id="prima-scadenza" name="prima-scadenza" type="date"[^>]*value="${firstDue}"`,
    ),
  );
  assert.match(get, new RegExp(`min="${today}"`));
  assert.match(get, /<label for="riferimento"[^>]*>Riferimento della richiesta della famiglia/);
  assert.match(get, /id="riferimento-hint"[^>]*>Per esempio «Prot\. n\. 4521\/2026»</);
  assert.match(get, /<input id="riferimento"[^>]*aria-describedby="riferimento-hint"/);
  assert.match(get, /<label for="motivo"[^>]*>Motivo/);
  assert.match(get, /<textarea id="motivo" name="motivo"/);

  // Wrong input comes back 422, in Italian beside each field, with what was typed.
  const bad = await htmlOf(
    await c.postForm(form, {
      rate: "13",
      "prima-scadenza": "2020-01-01",
      riferimento: "x",
      motivo: "boh",
    }),
    422,
  );
  assert.match(bad, /role="alert"/);
  assert.match(
    bad,
    /<select id="rate"[^>]*aria-invalid="true"[^>]*aria-describedby="rate-hint rate-error"/,
  );
  assert.match(
    bad,
    /id="rate-error">Indica il numero di rate: un numero intero da 2 a 12\.</,
  );
  assert.match(bad, /id="prima-scadenza"[^>]*value="2020-01-01"[^>]*aria-invalid="true"/);
  assert.match(
    bad,
    /id="prima-scadenza-error">Indica la scadenza della prima rata: una data da oggi a un anno da oggi\.</,
  );
  assert.match(bad, /id="riferimento"[^>]*value="x"[^>]*aria-invalid="true"/);
  assert.match(
    bad,
    /aria-describedby="riferimento-hint riferimento-error"/,
  );
  assert.match(bad, new RegExp(`id="riferimento-error">Indica il riferimento della richiesta`));
  assert.match(bad, /id="motivo"[^>]*aria-invalid="true"/);
  assert.match(
    bad,
    /id="motivo-error">Indica il motivo della rateizzazione, da 5 a 1000 caratteri\.</,
  );
  assert.match(bad, />boh<\/textarea>/);
  const positionsBefore = (await counts(db)).positions;
  assert.deepEqual(await counts(db), { plans: 0, positions: positionsBefore, mails: 0 });

  // The confirmation: the instalments, the single payment, the notices to cancel; nothing written.
  const fields = {
    rate: "3",
    "prima-scadenza": firstDue,
    riferimento: REFERENCE,
    motivo: REASON,
  };
  const confirm = await htmlOf(await c.postForm(form, fields));
  assert.match(confirm, /<h2 id="conferma-title"[^>]*>Controlla e conferma<\/h2>/);
  assert.match(confirm, /<caption>Il piano: 3 rate mensili<\/caption>/);
  for (const i of [1, 2, 3]) {
    assert.match(
      confirm,
      new RegExp(
        `<th scope="row">${i}</th><td class="text-end">15,00\\s*€</td><td>${
          itDate(instalmentDue(firstDue, i))
        }</td>`,
      ),
    );
  }
  assert.match(
    confirm,
    new RegExp(`In un${APOS}unica soluzione: 45,00\\s*€ entro il ${itDate(firstDue)}\\.`),
  );
  assert.match(confirm, /<caption>Avvisi che saranno annullati<\/caption>/);
  assert.match(confirm, /<th scope="row">Pagamento unico<\/th>/);
  assert.match(confirm, /<input type="hidden" name="rate" value="3"/);
  assert.match(confirm, /<input type="hidden" name="riferimento" value="Prot\. n\. 4521\/2026"/);
  assert.match(
    confirm,
    /<button type="submit" name="conferma" value="1"[^>]*>Concedi la rateizzazione<\/button>/,
  );
  assert.match(confirm, /<button type="submit" name="modifica" value="1"[^>]*>Modifica<\/button>/);
  assert.deepEqual(await counts(db), { plans: 0, positions: positionsBefore, mails: 0 });

  // "Modifica": back to the form with what was typed.
  const change = await htmlOf(await c.postForm(form, { ...fields, modifica: "1" }));
  assert.match(change, /<option value="3" selected>3 rate<\/option>/);
  assert.match(change, /id="riferimento"[^>]*value="Prot\. n\. 4521\/2026"/);
  assert.match(change, new RegExp(`>${REASON}</textarea>`));
  assert.doesNotMatch(change, /conferma-title/);

  // Granted: the new position, which says so.
  const res = await c.postForm(form, { ...fields, conferma: "1" });
  assert.equal(res.status, 303, await res.text());
  const to = res.headers.get("location")!;
  const m = /^\/operatore\/posizioni\/([0-9a-f-]{36})\?rateizzazione=concessa$/.exec(to);
  assert.ok(m, to);
  const newId = m[1];
  assert.notEqual(newId, p.positionId);
  assert.deepEqual(await counts(db), { plans: 1, positions: positionsBefore + 1, mails: 1 });

  const now = await htmlOf(await c.get(to));
  assert.match(
    now,
    /role="status">Rateizzazione concessa: i nuovi avvisi sono stati pubblicati su pagoPA e la famiglia è stata avvisata per e-mail\.</,
  );
  const { iupd: oldIupd } = (await db.asOwner((tx) =>
    tx.query<{ iupd: string }>("select iupd from public.debt_positions where id = $1", [
      p.positionId,
    ])
  ))[0];
  const callout = /<div class="callout note" id="piano-rateizzazione">([\s\S]*?)<\/div>\s*(?=<)/
    .exec(now);
  assert.ok(callout, "the plan callout");
  const text = now.slice(now.indexOf('id="piano-rateizzazione"')).replace(/<[^>]+>/g, "");
  assert.match(
    text,
    new RegExp(
      `^[^]*?Rateizzazione concessa il ${
        itDate(today)
      } da [^<]+? \\(richiesta: Prot\\. n\\. 4521/2026\\): 3 rate dal ${itDate(firstDue)} al ${
        itDate(instalmentDue(firstDue, 3))
      }\\. Sostituisce la posizione ${oldIupd}\\.`,
    ),
  );
  assert.match(text, new RegExp(`Motivo: ${REASON}`));
  assert.match(now, new RegExp(`<a href="${path}">${oldIupd}</a>`));
  assert.equal(now.match(/<td>\s*Da pagare\s*<\/td>/g)?.length, 4, "single payment + 3");
  // A plan nobody has paid can itself be spread again (a family may ask again).
  assert.match(now, new RegExp(`href="/operatore/posizioni/${newId}/rateizza"`));
  // Without the flag, no alert.
  assert.doesNotMatch(
    await htmlOf(await c.get(`/operatore/posizioni/${newId}`)),
    /Rateizzazione concessa:/,
  );

  // The old position: replaced, cancelled, no more offer.
  const old = await htmlOf(await c.get(path));
  assert.match(
    old,
    new RegExp(
      `Sostituita dal piano di rateizzazione del ${itDate(today)} \\(Prot\\. n\\. 4521/2026\\)\\.`,
    ),
  );
  assert.match(
    old,
    new RegExp(`<a href="/operatore/posizioni/${newId}">Vai alla nuova posizione</a>`),
  );
  assert.match(old, /<span class="badge bg-dark">Annullata<\/span>/);
  assert.doesNotMatch(old, /rateizza-title/);
  assert.doesNotMatch(old, new RegExp(`href="${form}"`));

  // Its form says why, and a second grant is refused in words.
  const again = await htmlOf(await c.get(form));
  assert.match(again, /La posizione è annullata: non può essere rateizzata\./);
  assert.doesNotMatch(again, /<select id="rate"/);
  const twice = await htmlOf(await c.postForm(form, { ...fields, conferma: "1" }), 409);
  assert.match(twice, /La posizione è annullata: non può essere rateizzata\./);
  assert.equal((await counts(db)).plans, 1);

  // Unknown and malformed ids are not found.
  await htmlOf(await c.get(`/operatore/posizioni/${crypto.randomUUID()}/rateizza`), 404);
  await htmlOf(await c.get("/operatore/posizioni/nope/rateizza"), 404);
  await htmlOf(await c.postForm("/operatore/posizioni/nope/rateizza", fields), 404);

  // In English too (the language sticks: last).
  assert.match(
    await htmlOf(await c.get(`${to}&lang=en`)),
    /Instalment plan granted: the new notices have been published on pagoPA and the family has been told by e-mail\./,
  );
});

dbTest("pagoPA unreachable: the new position says publishing has not succeeded yet", async (db) => {
  await billingSettings(db);
  const p = await createTestPositionIn(db, { amountCents: 3000 });
  const { client, config } = await testApp(db);
  setGpdGateway(config, {
    client: new GpdClient({
      baseUrl: "http://gpd.invalid",
      subscriptionKey: "k",
      fetchFn: () => Promise.reject(new TypeError("connection refused")),
      retries: 0,
    }),
    simulated: false,
  });
  const c = client();
  assert.equal((await c.signIn(OFFICE)).status, 303);
  const res = await c.postForm(`/operatore/posizioni/${p.positionId}/rateizza`, {
    rate: "2",
    "prima-scadenza": defaultFirstDue(romeDate()),
    riferimento: REFERENCE,
    motivo: REASON,
    conferma: "1",
  });
  assert.equal(res.status, 303);
  const page = await htmlOf(await c.get(res.headers.get("location")!));
  assert.match(
    page,
    /class="alert alert-warning" role="status">Rateizzazione concessa: la pubblicazione dei nuovi avvisi su pagoPA non è ancora riuscita \(vedere l(?:'|&#39;)errore alla voce GPD\) e la famiglia è stata avvisata per e-mail\.</,
  );
  assert.match(
    page,
    /<dt class="col-sm-3">GPD<\/dt>\s*<dd class="col-sm-9">Errore<span class="d-block text-danger">Pubblicazione su pagoPA non riuscita \(tentativo 1 di \d+\)[^<]*nuovo tentativo più tardi/,
  );
});

dbTest("families cannot reach the office's rateizzazione page", async (db) => {
  await billingSettings(db);
  const p = await createTestPositionIn(db, { amountCents: 4500 });
  const c = await signedInClient(db, FAMILY);
  const form = `/operatore/posizioni/${p.positionId}/rateizza`;
  assert.equal((await c.get(form)).status, 403);
  const res = await c.postForm(form, {
    rate: "2",
    "prima-scadenza": defaultFirstDue(romeDate()),
    riferimento: REFERENCE,
    motivo: REASON,
    conferma: "1",
  });
  assert.equal(res.status, 403);
  assert.equal((await counts(db)).plans, 0);
});

dbTest("a partly paid position says why it cannot be spread", async (db) => {
  await billingSettings(db);
  const p = await createTestPositionIn(db, { amountCents: 4500, instalments: [2000, 2500] });
  const c = await signedInClient(db, OFFICE);
  const path = `/operatore/posizioni/${p.positionId}`;
  const paid = await c.postForm(`${path}/pagamento`, {
    avviso: p.notices[1].id,
    importo: "20,00",
    data: romeDate(),
    metodo: "cash",
    riferimento: "SC-0101",
  });
  assert.equal(paid.status, 303);

  const page = await htmlOf(await c.get(path));
  assert.match(page, /Pagata in parte/);
  assert.doesNotMatch(page, /rateizza-title/);
  assert.doesNotMatch(page, new RegExp(`href="${path}/rateizza"`));

  const form = await htmlOf(await c.get(`${path}/rateizza`));
  assert.match(
    form,
    /class="alert alert-warning" role="status">La posizione è già pagata \(anche in parte\): non può essere rateizzata\./,
  );
  assert.doesNotMatch(form, /<select id="rate"/);
  assert.doesNotMatch(form, /Concedi la rateizzazione/);

  // Posting anyway: the same words, nothing written.
  const fields = {
    rate: "2",
    "prima-scadenza": defaultFirstDue(romeDate()),
    riferimento: REFERENCE,
    motivo: REASON,
  };
  const check = await htmlOf(await c.postForm(`${path}/rateizza`, fields), 409);
  assert.match(check, /La posizione è già pagata \(anche in parte\)/);
  const forced = await htmlOf(
    await c.postForm(`${path}/rateizza`, { ...fields, conferma: "1" }),
    409,
  );
  assert.match(forced, /La posizione è già pagata \(anche in parte\): non può essere rateizzata\./);
  assert.doesNotMatch(forced, /<select id="rate"/);
  assert.equal((await counts(db)).plans, 0);
});
