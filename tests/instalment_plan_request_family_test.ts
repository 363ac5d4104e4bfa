/**
 * "Vuoi pagare a rate?" on the family's position page: Chiara asks to pay an open, unpaid
 * position in instalments (`/famiglie/pagamenti/<id>/rateizzazione`), sees it pending with
 * "Ritira la richiesta", withdraws it, asks again and reads the office's reason when it is
 * refused; a paid position offers nothing, bad fields come back beside the field, and another
 * household's position is not there (404).
 */
import assert from "node:assert/strict";
import { refuseRequest } from "../lib/billing/instalment_plan_requests.ts";
import type { Db } from "../lib/db/types.ts";
import { formatDate, romeDate } from "../lib/i18n/mod.ts";
import { htmlOf, postAndFollow, signedInClient } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { reminderFixture } from "./helpers/fixtures_reminders.ts";
import { demoOperator } from "./helpers/fixtures_reconciliation.ts";

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
