/**
 * The office's queue of requests of rateizzazione (`/operatore/posizioni/rateizzazioni`): a family's
 * request shows pending, filtered by status; "Respingi" with a reason too short comes back 422 with
 * the error beside that request's field and the reason kept, then refuses it (the family is
 * e-mailed) and the row says why; "Concedi" opens the plan's form prefilled; the position's page
 * and the dashboard say a request waits; teachers and families are kept out.
 */
import assert from "node:assert/strict";
import { defaultFirstDue } from "../lib/billing/instalment_plan.ts";
import { requestPlan } from "../lib/billing/instalment_plan_requests.ts";
import type { Db } from "../lib/db/types.ts";
import { romeDate } from "../lib/i18n/mod.ts";
import { htmlOf, postAndFollow } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { claimsOf } from "./helpers/fixtures_enforced.ts";
import { reminderFixture } from "./helpers/fixtures_reminders.ts";
import { PEOPLE, signedIn } from "./helpers/fixtures_sites.ts";

const LIST = "/operatore/posizioni/rateizzazioni";
const MESSAGE = "Spese impreviste questo mese";
const REASON = "Importo già ridotto dalla tariffa agevolata";

/** "31/12/2026", as the pages print a day. */
const itDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const text = (html: string) =>
  html.replaceAll("&#39;", "'").replaceAll("&amp;", "&").replaceAll("&quot;", '"');

/** The demo Ente's pagoPA settings, Chiara's two requests (3 rate on `dueToday`, 2 on `late`). */
async function withRequests(db: Db) {
  const f = await reminderFixture(db);
  await db.asOwner((tx) =>
    tx.query(
      `insert into public.billing_settings (tenant_id, segregation_code, iban, due_days)
       values ($1, '02', 'IT60X0542811101000000123456', 30) on conflict (tenant_id) do nothing`,
      [f.tenantId],
    )
  );
  const chiara = await claimsOf(db, PEOPLE.family, ["family"]);
  const first = await db.asUser(
    chiara,
    (tx) => requestPlan(tx, f.dueToday, { count: 3, message: MESSAGE }),
  );
  const second = await db.asUser(
    chiara,
    (tx) => requestPlan(tx, f.late, { count: 2, message: null }),
  );
  return { f, first, second };
}

const statusOf = (db: Db, id: string) =>
  db.asOwner(async (tx) =>
    (await tx.query<{ status: string }>(
      "select status from public.instalment_plan_requests where id = $1",
      [id],
    ))[0].status
  );

dbTest("the office's queue of rateizzazione requests: list, filter, refuse, grant", async (db) => {
  const { f, first, second } = await withRequests(db);
  const c = await signedIn(db, PEOPLE.operator);
  const today = itDate(romeDate());
  const reference = `Richiesta online del ${today}`;
  const grant = `/operatore/posizioni/${f.dueToday}/rateizza?rate=3&riferimento=${
    encodeURIComponent(reference).replaceAll("%20", "+")
  }`;

  // The list: both pending, the oldest first, with what was asked and the ways to decide.
  const list = text(await htmlOf(await c.get(LIST)));
  assert.match(list, /<h1>Richieste di rateizzazione<\/h1>/);
  assert.match(list, new RegExp(`href="${LIST}" aria-current="page"`));
  assert.match(list, /<caption>Richieste trovate: 2<\/caption>/);
  const row = list.slice(
    list.indexOf(`id="richiesta-${first}"`),
    list.indexOf("</tr>", list.indexOf(`id="richiesta-${first}"`)),
  );
  assert.ok(list.indexOf(`id="richiesta-${first}"`) < list.indexOf(`id="richiesta-${second}"`));
  assert.match(row, new RegExp(`<td class="text-nowrap">${today}</td>`));
  assert.match(row, new RegExp(`<a href="/operatore/posizioni/${f.dueToday}">Colombo Chiara</a>`));
  assert.match(
    row,
    /Mensa ottobre 2026 - in scadenza oggi<span class="d-block small">PZ-SOLL-\d+ — 30,00\s*€/,
  );
  assert.match(row, /<td class="text-end">3<\/td><td>Spese impreviste questo mese<\/td>/);
  assert.match(row, /<span class="badge bg-warning">In attesa<\/span>/);
  assert.match(row, new RegExp(`href="${grant.replace(/[?+]/g, "\\$&")}">Concedi</a>`));
  assert.match(row, new RegExp(`<form method="post" action="${LIST}/${first}/respingi"`));
  assert.match(row, new RegExp(`<label for="motivo-${first}" class="active">Motivo del rifiuto`));
  assert.match(row, new RegExp(`<textarea id="motivo-${first}" name="motivo"[^>]*required`));

  // The filter: "Tutte" and the four statuses; nothing refused yet.
  assert.match(list, /<select id="stato" name="stato"[^>]*><option value(?:="")?>Tutte<\/option>/);
  for (const label of ["In attesa", "Accolta", "Respinta", "Ritirata"]) {
    assert.match(list, new RegExp(`<option value="[a-z]+">${label}</option>`));
  }
  const none = text(await htmlOf(await c.get(`${LIST}?stato=refused`)));
  assert.match(none, /<option value="refused" selected(?:="")?>Respinta<\/option>/);
  assert.match(none, /<p>Nessuna richiesta di rateizzazione\.<\/p>/);

  // A reason too short: 422, the error beside that request's field, what was typed kept.
  const short = text(
    await htmlOf(await c.postForm(`${LIST}/${first}/respingi`, { motivo: "no" }), 422),
  );
  assert.match(short, new RegExp(`role="alert"><a href="#motivo-${first}">Indica il motivo`));
  assert.match(
    short,
    new RegExp(
      `<textarea id="motivo-${first}" name="motivo" class="form-control is-invalid"[^>]*aria-invalid="true" aria-describedby="motivo-${first}-hint motivo-${first}-error">no</textarea>`,
    ),
  );
  assert.match(
    short,
    new RegExp(
      `id="motivo-${first}-error">Indica il motivo del rifiuto, da 5 a 1000 caratteri: la famiglia lo leggerà\\.<`,
    ),
  );
  assert.match(short, new RegExp(`<textarea id="motivo-${second}"[^>]*></textarea>`));
  assert.equal(await statusOf(db, first), "pending");

  // Refused with a reason: back to the list (its filter kept), the row says why; Chiara is told.
  const done = await postAndFollow(c, `${LIST}/${first}/respingi`, {
    motivo: REASON,
    stato: "refused",
  });
  assert.equal(done.location, `${LIST}?stato=refused&respinta=1`);
  const refused = text(done.page);
  assert.match(refused, /role="status">Richiesta respinta: la famiglia legge il motivo/);
  assert.match(refused, /<caption>Richieste trovate: 1<\/caption>/);
  assert.match(refused, /<span class="badge bg-danger">Respinta<\/span>/);
  assert.match(refused, new RegExp(`Decisa il ${today} da [^.<]+\\.`));
  assert.match(refused, new RegExp(`Motivo: ${REASON}`));
  assert.doesNotMatch(refused, /respingi"/);
  const [mail] = await db.asOwner((tx) =>
    tx.query<{ to_address: string; body_text: string }>(
      `select to_address, body_text from public.mail_outbox
        where subject like '%richiesta di rateizzazione non accolta'`,
    )
  );
  assert.equal(mail.to_address, PEOPLE.family);
  assert.match(mail.body_text, new RegExp(REASON));

  // Refusing it again: 409, said on the list, nothing changed.
  const again = text(
    await htmlOf(await c.postForm(`${LIST}/${first}/respingi`, { motivo: REASON }), 409),
  );
  assert.match(
    again,
    new RegExp(
      `role="alert"><a href="#richiesta-${first}">La richiesta è già stata decisa\\.</a> Nulla è stato cambiato\\.`,
    ),
  );

  // "Concedi" opens the plan's form with the count and the reference filled in.
  const form = text(await htmlOf(await c.get(grant)));
  assert.match(form, /<option value="3" selected(?:="")?>3 rate<\/option>/);
  assert.match(form, new RegExp(`<input id="riferimento"[^>]*value="${reference}"`));
  // Out-of-range or too short values are left out.
  const odd = text(
    await htmlOf(await c.get(`/operatore/posizioni/${f.late}/rateizza?rate=40&riferimento=x`)),
  );
  assert.doesNotMatch(odd, /selected(?:="")?>\d+ rate</);
  assert.doesNotMatch(odd, /<input id="riferimento"[^>]*value="x"/);

  // Granting the other request from its prefilled form closes it, linked to the plan.
  const plan = await postAndFollow(c, `/operatore/posizioni/${f.late}/rateizza`, {
    rate: "2",
    "prima-scadenza": defaultFirstDue(romeDate()),
    riferimento: reference,
    motivo: "Difficoltà economiche temporanee",
    conferma: "1",
  });
  const planId = plan.location.match(/posizioni\/([0-9a-f-]{36})/)![1];
  assert.equal(await statusOf(db, second), "granted");
  const granted = text(await htmlOf(await c.get(`${LIST}?stato=granted`)));
  assert.match(granted, /<span class="badge bg-success">Accolta<\/span>/);
  assert.match(
    granted,
    new RegExp(`href="/operatore/posizioni/${planId}">Posizione del piano di rateizzazione</a>`),
  );
});

dbTest("the position's page and the dashboard say a request waits", async (db) => {
  const { f, first } = await withRequests(db);
  const c = await signedIn(db, PEOPLE.operator);
  const today = itDate(romeDate());

  const page = text(await htmlOf(await c.get(`/operatore/posizioni/${f.dueToday}`)));
  assert.match(page, /<div class="callout note" id="richiesta-rateizzazione">/);
  assert.match(page, new RegExp(`La famiglia ha chiesto di pagare in 3 rate il ${today}\\.`));
  assert.match(page, new RegExp(`Messaggio: ${MESSAGE}`));
  assert.match(
    page,
    new RegExp(
      `href="/operatore/posizioni/${f.dueToday}/rateizza\\?rate=3&riferimento=[^"]+">Concedi</a>`,
    ),
  );
  assert.match(page, new RegExp(`href="${LIST}\\?stato=pending">Vai alle richieste</a>`));
  // A position nobody asked about has no callout.
  const other = text(await htmlOf(await c.get(`/operatore/posizioni/${f.other}`)));
  assert.doesNotMatch(other, /richiesta-rateizzazione/);

  const home = text(await htmlOf(await c.get("/operatore")));
  assert.match(
    home,
    new RegExp(
      `todo-count">2</span><a href="${LIST}\\?stato=pending">richieste di rateizzazione da esaminare</a>`,
    ),
  );
  await postAndFollow(c, `${LIST}/${first}/respingi`, { motivo: "Non rientra nei criteri" });
  const after = text(await htmlOf(await c.get("/operatore")));
  assert.match(after, /todo-count">1<\/span><a [^>]+>richiesta di rateizzazione da esaminare</);
  const pending = text(await htmlOf(await c.get(`${LIST}?stato=pending`)));
  assert.match(pending, /<caption>Richieste trovate: 1<\/caption>/);
});

dbTest("teachers and families cannot see nor refuse the requests", async (db) => {
  const { first } = await withRequests(db);
  for (const who of [PEOPLE.ferrari, PEOPLE.family]) {
    const c = await signedIn(db, who);
    const read = await c.get(LIST);
    assert.equal(read.status, 403);
    await read.body?.cancel();
    const write = await c.postForm(`${LIST}/${first}/respingi`, { motivo: REASON });
    assert.equal(write.status, 403);
    await write.body?.cancel();
    const home = await c.get("/operatore");
    assert.equal(home.status, 403);
    await home.body?.cancel();
  }
  assert.equal(await statusOf(db, first), "pending");
});
