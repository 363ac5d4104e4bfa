import assert from "node:assert/strict";
import type { Db } from "../lib/db/types.ts";
import { DEMO_PASSWORD } from "../lib/seed/demo.ts";
import { htmlOf, testApp, type TestClient } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";

const EMAIL = "chiara.colombo@posta.example";
const NEW_PASSWORD = "Nuova-Password-2027";

interface Mail {
  to_address: string;
  subject: string;
  body_text: string;
}

async function outbox(db: Db, to?: string): Promise<Mail[]> {
  return await db.asService((tx) =>
    tx.query<Mail>(
      `select to_address, subject, body_text from public.mail_outbox
        where $1::text is null or lower(to_address) = lower($1) order by created_at`,
      [to ?? null],
    )
  );
}

/** Asks for a reset of `email` and returns the link's path and token, read from the outbox. */
async function requestLink(c: TestClient, db: Db, email = EMAIL) {
  const res = await c.postForm("/password/recupera", { email });
  assert.equal(res.status, 200);
  await res.body?.cancel();
  const mail = (await outbox(db, email)).at(-1);
  assert.ok(mail, "a reset mail was queued");
  const m = /http:\/\/localhost:8000(\/password\/reimposta\?token=([\w%-]+))/.exec(mail.body_text);
  assert.ok(m, `the mail carries the link: ${mail.body_text}`);
  return { path: m[1], token: decodeURIComponent(m[2]), mail };
}

const html = htmlOf;

dbTest("full reset flow: link by e-mail, new password, old sessions revoked", async (db) => {
  const { client } = await testApp(db);
  const old = client();
  assert.equal((await old.signIn(EMAIL)).status, 303);
  assert.equal((await old.get("/famiglie")).status, 200);

  const c = client();
  const form = await html(await c.get("/password/recupera"), 200);
  assert.match(form, /<h1>Recupera la password<\/h1>/);
  assert.match(form, /<label for="email"/);

  const { path, mail } = await requestLink(c, db);
  assert.equal(mail.subject, "Piazza: reimposta la tua password");
  assert.match(mail.body_text, /entro 60 minuti/);

  const page = await html(await c.get(path), 200);
  assert.match(page, /<h1>Scegli una nuova password<\/h1>/);
  assert.match(page, /autocomplete="new-password"/);
  assert.match(page, /Almeno 10 caratteri/);
  assert.match(page, /aria-describedby="password-hint"/);

  const token = new URL(path, "http://x").searchParams.get("token")!;
  const done = await c.postForm("/password/reimposta", {
    token,
    password: NEW_PASSWORD,
    confirm: NEW_PASSWORD,
  });
  assert.equal(done.status, 303);
  assert.equal(done.headers.get("location"), "/accedi?reimpostata=1");
  const notice = await html(await c.get("/accedi?reimpostata=1"), 200);
  assert.match(notice, /Password aggiornata/);

  const stale = await old.get("/famiglie");
  assert.equal(stale.status, 303, "the session opened before the reset is revoked");
  assert.match(stale.headers.get("location")!, /^\/accedi\?/);

  assert.equal((await client().signIn(EMAIL, DEMO_PASSWORD)).status, 401);
  assert.equal((await client().signIn(EMAIL, NEW_PASSWORD)).status, 303);
});

dbTest("an unknown e-mail gets the very same page and no mail is queued", async (db) => {
  const { client } = await testApp(db);
  const c = client();
  const before = (await outbox(db)).length;
  const unknown = await html(
    await c.postForm("/password/recupera", { email: "nessuno@posta.example" }),
    200,
  );
  assert.equal((await outbox(db)).length, before, "no mail for an unknown address");
  const known = await html(await c.postForm("/password/recupera", { email: EMAIL }), 200);
  assert.equal((await outbox(db)).length, before + 1);
  assert.match(unknown, /Se l&#39;indirizzo corrisponde a un account|Se l'indirizzo corrisponde/);
  assert.equal(unknown, known, "the two answers cannot be told apart");
});

dbTest("the e-mail is checked for shape with a clear Italian error", async (db) => {
  const { client } = await testApp(db);
  const c = client();
  const bad = await html(await c.postForm("/password/recupera", { email: "mario.rossi" }), 422);
  assert.match(bad, /role="alert"/);
  assert.match(bad, /L(&#39;|')indirizzo e-mail non è valido/);
  assert.match(bad, /aria-invalid="true"/);
  assert.match(bad, /aria-describedby="email-error"/);
  assert.match(bad, /id="email-error"/);
  assert.match(bad, /value="mario.rossi"/);
  const empty = await html(await c.postForm("/password/recupera", { email: "  " }), 422);
  assert.match(empty, /Inserisci l(&#39;|')indirizzo e-mail del tuo account/);
  assert.equal((await outbox(db)).length, 0);
});

dbTest("a reset link works once", async (db) => {
  const { client } = await testApp(db);
  const c = client();
  const { path, token } = await requestLink(c, db);
  const fields = { token, password: NEW_PASSWORD, confirm: NEW_PASSWORD };
  assert.equal((await c.postForm("/password/reimposta", fields)).status, 303);

  const again = await html(await c.get(path), 200);
  assert.match(again, /Collegamento non valido o scaduto/);
  assert.match(again, /href="\/password\/recupera"/);
  assert.doesNotMatch(again, /name="password"/);
  const replay = await html(
    await c.postForm("/password/reimposta", {
      ...fields,
      password: "Altra-Password-99",
      confirm: "Altra-Password-99",
    }),
    422,
  );
  assert.match(replay, /Collegamento non valido o scaduto/);
  assert.equal((await client().signIn(EMAIL, NEW_PASSWORD)).status, 303);
});

dbTest("an expired reset link is refused and changes nothing", async (db) => {
  const { client } = await testApp(db);
  const c = client();
  const { path, token } = await requestLink(c, db);
  await db.asService((tx) =>
    tx.query("update private.password_resets set expires_at = now() - interval '1 minute'")
  );
  assert.match(await html(await c.get(path), 200), /Collegamento non valido o scaduto/);
  const res = await c.postForm("/password/reimposta", {
    token,
    password: NEW_PASSWORD,
    confirm: NEW_PASSWORD,
  });
  assert.match(await html(res, 422), /Il collegamento non è valido o è scaduto/);
  assert.equal((await client().signIn(EMAIL, DEMO_PASSWORD)).status, 303);
});

dbTest("an unknown or missing token shows the invalid-link page", async (db) => {
  const { client } = await testApp(db);
  const c = client();
  assert.match(
    await html(await c.get("/password/reimposta?token=inventato"), 200),
    /Collegamento non valido o scaduto/,
  );
  assert.match(await html(await c.get("/password/reimposta"), 200), /Chiedi un nuovo collegamento/);
});

dbTest(
  "new password rules: length, match, not the e-mail; the link survives a mistake",
  async (db) => {
    const { client } = await testApp(db);
    const c = client();
    const { path, token } = await requestLink(c, db);

    const short = await html(
      await c.postForm("/password/reimposta", { token, password: "corta", confirm: "corta" }),
      422,
    );
    assert.match(short, /role="alert"/);
    assert.match(short, /almeno 10 caratteri/);
    assert.match(short, /aria-invalid="true"/);
    assert.match(short, /aria-describedby="password-hint password-error"/);
    assert.match(short, new RegExp(`name="token" value="${token}"`));

    const mismatch = await html(
      await c.postForm("/password/reimposta", {
        token,
        password: NEW_PASSWORD,
        confirm: NEW_PASSWORD + "x",
      }),
      422,
    );
    assert.match(mismatch, /Le due password non coincidono/);
    assert.match(mismatch, /aria-describedby="confirm-error"/);

    const withEmail = await html(
      await c.postForm("/password/reimposta", {
        token,
        password: "chiara.colombo-2027",
        confirm: "chiara.colombo-2027",
      }),
      422,
    );
    assert.match(withEmail, /non deve contenere il tuo indirizzo e-mail/);

    assert.match(await html(await c.get(path), 200), /Scegli una nuova password/);
    assert.equal((await client().signIn(EMAIL, DEMO_PASSWORD)).status, 303);
  },
);

dbTest("the reset pages speak English with ?lang=en", async (db) => {
  const { client } = await testApp(db);
  const c = client();
  const form = await html(await c.get("/password/recupera?lang=en"), 200);
  assert.match(form, /<h1>Recover your password<\/h1>/);
  const { mail } = await requestLink(c, db);
  assert.equal(mail.subject, "Piazza: reset your password");
});

dbTest("reset requests are capped per hour, silently", async (db) => {
  const { client } = await testApp(db);
  const c = client();
  for (let i = 0; i < 5; i++) {
    const res = await c.postForm("/password/recupera", { email: EMAIL });
    assert.equal(res.status, 200);
    assert.match(await res.text(), /Se l'indirizzo corrisponde a un account/);
  }
  assert.equal((await outbox(db, EMAIL)).length, 3);
});

dbTest("reset mail of the superadmin is never filed under an Ente's outbox", async (db) => {
  const { client } = await testApp(db);
  await (await client().postForm("/password/recupera", { email: "piattaforma@piazza.example" }))
    .body?.cancel();
  await (await client().postForm("/password/recupera", { email: EMAIL })).body?.cancel();
  const rows = await db.asService((tx) =>
    tx.query<{ to_address: string; tenant_id: string | null }>(
      "select to_address, tenant_id from public.mail_outbox order by created_at",
    )
  );
  assert.deepEqual(rows.map((r) => [r.to_address, r.tenant_id === null]), [
    ["piattaforma@piazza.example", true],
    [EMAIL, false],
  ]);
});
