import assert from "node:assert/strict";
import type { Claims, Db } from "../lib/db/types.ts";
import { TenancyError } from "../lib/tenancy/errors.ts";
import { removeMembership } from "../lib/tenancy/members.ts";
import { signedInClient, testApp } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";

const ADMIN = "admin@comune.valdiponte.example";
const OPERATOR = "m.rossi@comune.valdiponte.example";
const TEACHER = "l.ferrari@scuola.valdiponte.example";
const FAMILY = "chiara.colombo@posta.example";

const signedIn = (db: Db, email: string) => signedInClient(db, email);

async function one<T>(db: Db, sql: string, params: unknown[] = []): Promise<T | undefined> {
  const [row] = await db.asService((tx) => tx.query<T>(sql, params));
  return row;
}

async function count(db: Db, sql: string, params: unknown[] = []): Promise<number> {
  return (await one<{ n: number }>(db, `select count(*)::int as n from (${sql}) x`, params))!.n;
}

const memberships = (db: Db, email: string) =>
  db.asService((tx) =>
    tx.query<{ id: string; role: string }>(
      `select m.id, m.role from memberships m join users u on u.id = m.user_id
        where lower(u.email) = lower($1) order by m.role`,
      [email],
    )
  );

dbTest(
  "an admin invites a new person, who sets a password from the e-mail and signs in",
  async (db) => {
    const c = await signedIn(db, ADMIN);
    const form = await c.get("/operatore/utenti/invita");
    assert.equal(form.status, 200);
    assert.match(form.headers.get("content-type")!, /text\/html/);
    assert.match(await form.text(), /<h1>Invita una persona<\/h1>/);

    const res = await c.postForm("/operatore/utenti/invita", {
      email: " Giovanni.Neri@Comune.Valdiponte.example ",
      full_name: "Giovanni Neri",
      tax_code: "",
      role: "operator",
    });
    assert.equal(res.status, 303);
    const location = res.headers.get("location")!;
    assert.match(location, /^\/operatore\/utenti\/[0-9a-f-]{36}\?invitato=attivazione$/);

    const detail = await c.get(location);
    assert.equal(detail.status, 200);
    assert.match(detail.headers.get("content-type")!, /text\/html/);
    const html = await detail.text();
    assert.match(html, /<h1>Giovanni Neri<\/h1>/);
    assert.match(html, /Invito inviato/);
    assert.match(html, /Operatore/);

    assert.deepEqual(
      (await memberships(db, "giovanni.neri@comune.valdiponte.example")).map((m) => m.role),
      [
        "operator",
      ],
    );
    const audit = await one<{ actor: string }>(
      db,
      `select u.email as actor from audit_log a join users u on u.id = a.actor_id
      where a.action = 'invite' order by a.id desc limit 1`,
    );
    assert.equal(audit?.actor, ADMIN);

    const mail = await one<{ subject: string; body_text: string }>(
      db,
      "select subject, body_text from mail_outbox where to_address = $1",
      ["giovanni.neri@comune.valdiponte.example"],
    );
    assert.ok(mail, "the invitation is in the outbox");
    assert.match(mail.subject, /Comune di Valdiponte/);
    assert.match(mail.body_text, /valido 7 giorni/);
    const link = /http:\/\/localhost:8000(\/password\/reimposta\?token=[\w%-]+)/.exec(
      mail.body_text,
    );
    assert.ok(link, "the mail carries a set-password link");

    const invitee = (await testApp(db)).client();
    const setForm = await invitee.get(link[1]);
    assert.equal(setForm.status, 200);
    const token = decodeURIComponent(new URL(link[1], "http://x").searchParams.get("token")!);
    const set = await invitee.postForm("/password/reimposta", {
      token,
      password: "Cielo-Azzurro-42",
      confirm: "Cielo-Azzurro-42",
    });
    assert.equal(set.status, 303);
    assert.equal(set.headers.get("location"), "/accedi?reimpostata=1");
    const signIn = await invitee.signIn(
      "giovanni.neri@comune.valdiponte.example",
      "Cielo-Azzurro-42",
    );
    assert.equal(signIn.status, 303);
    assert.equal(signIn.headers.get("location"), "/operatore");
  },
);

dbTest("inviting an existing account adds the role and sends no password link", async (db) => {
  const c = await signedIn(db, ADMIN);
  const resets = await count(db, "select 1 from private.password_resets");
  const res = await c.postForm("/operatore/utenti/invita", {
    email: FAMILY,
    full_name: "Chiara C.",
    tax_code: "",
    role: "teacher",
  });
  assert.equal(res.status, 303);
  assert.match(res.headers.get("location")!, /\?invitato=avviso$/);
  assert.deepEqual((await memberships(db, FAMILY)).map((m) => m.role), ["family", "teacher"]);
  assert.equal(await count(db, "select 1 from private.password_resets"), resets);
  const mail = await one<{ body_text: string }>(
    db,
    "select body_text from mail_outbox where to_address = $1",
    [FAMILY],
  );
  assert.ok(mail);
  assert.doesNotMatch(mail.body_text, /reimposta/);
  assert.match(mail.body_text, /Accedi come di consueto/);
  // The account keeps its own name, and the mail uses it.
  assert.match(mail.body_text, /^Buongiorno Chiara Colombo,/);
  const user = await one<{ full_name: string }>(
    db,
    "select full_name from users where email = $1",
    [
      FAMILY,
    ],
  );
  assert.equal(user?.full_name, "Chiara Colombo");
});

dbTest("an operator sees the members but cannot invite", async (db) => {
  const c = await signedIn(db, OPERATOR);
  const list = await c.get("/operatore/utenti");
  assert.equal(list.status, 200);
  assert.match(list.headers.get("content-type")!, /text\/html/);
  const html = await list.text();
  assert.match(html, /Giulia Bianchi/);
  assert.doesNotMatch(html, /Invita una persona/);

  assert.equal((await c.get("/operatore/utenti/invita")).status, 403);
  const res = await c.postForm("/operatore/utenti/invita", {
    email: "nuovo@comune.valdiponte.example",
    full_name: "Nuovo Operatore",
    role: "admin",
  });
  assert.equal(res.status, 403);
  assert.match(res.headers.get("content-type")!, /text\/html/);
  assert.equal(
    await count(db, "select 1 from users where email = 'nuovo@comune.valdiponte.example'"),
    0,
  );
});

dbTest("a role the person already has is refused with a clear message", async (db) => {
  const c = await signedIn(db, ADMIN);
  const mails = await count(db, "select 1 from mail_outbox");
  const res = await c.postForm("/operatore/utenti/invita", {
    email: OPERATOR.toUpperCase(),
    full_name: "Marco Rossi",
    role: "operator",
  });
  assert.equal(res.status, 409);
  assert.match(res.headers.get("content-type")!, /text\/html/);
  const html = await res.text();
  assert.match(
    html,
    /Marco Rossi \(m\.rossi@comune\.valdiponte\.example\) ha già il profilo Operatore/,
  );
  assert.match(html, /role="alert"/);
  assert.match(html, /id="email"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="email"/);
  assert.equal(await count(db, "select 1 from mail_outbox"), mails);
});

dbTest("invalid invitations get every problem at once and write nothing", async (db) => {
  const c = await signedIn(db, ADMIN);
  const users = await count(db, "select 1 from users");
  const res = await c.postForm("/operatore/utenti/invita", {
    email: "non-una-email",
    full_name: "X",
    tax_code: "RSSMRA85T10A562X",
    role: "sindaco",
  });
  assert.equal(res.status, 422);
  assert.match(res.headers.get("content-type")!, /text\/html/);
  const html = await res.text();
  assert.match(html, /L&#39;indirizzo e-mail non è valido|L'indirizzo e-mail non è valido/);
  assert.match(html, /Inserisci nome e cognome/);
  assert.match(html, /carattere di controllo del codice fiscale/);
  assert.match(html, /Scegli un profilo/);
  assert.match(html, /href="#tax_code"/);
  assert.equal(await count(db, "select 1 from users"), users);
});

dbTest("an admin removes a role; the person's sessions in the Ente end", async (db) => {
  const teacher = await signedIn(db, TEACHER);
  assert.equal((await teacher.get("/docenti")).status, 200);

  const c = await signedIn(db, ADMIN);
  const [m] = await memberships(db, TEACHER);
  const user = await one<{ id: string }>(db, "select id from users where email = $1", [TEACHER]);
  const page = await c.get(`/operatore/utenti/${user!.id}`);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /Togli il profilo/);

  const res = await c.postForm(`/operatore/utenti/${user!.id}`, { membership_id: m.id });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get("location"), "/operatore/utenti?rimosso=1");
  assert.deepEqual(await memberships(db, TEACHER), []);
  // The teacher is no longer a member: invisible to the back office, signed out everywhere.
  assert.equal((await c.get(`/operatore/utenti/${user!.id}`)).status, 404);
  const after = await teacher.get("/docenti");
  assert.equal(after.status, 303);
  assert.match(after.headers.get("location")!, /^\/accedi\?/);
});

dbTest("an admin cannot remove their own role, nor the last administrator", async (db) => {
  const c = await signedIn(db, ADMIN);
  const admin = await one<{ id: string }>(db, "select id from users where email = $1", [ADMIN]);
  const [own] = await memberships(db, ADMIN);
  const res = await c.postForm(`/operatore/utenti/${admin!.id}`, { membership_id: own.id });
  assert.equal(res.status, 409);
  assert.match(res.headers.get("content-type")!, /text\/html/);
  assert.match(await res.text(), /Non puoi togliere un profilo a te stesso/);
  assert.equal((await memberships(db, ADMIN)).length, 1);

  // A stale token still claiming "admin" for someone who no longer is one: the rule holds anyway.
  const op = await one<{ id: string; tenant_id: string }>(
    db,
    "select u.id, m.tenant_id from users u join memberships m on m.user_id = u.id where u.email = $1",
    [OPERATOR],
  );
  const stale: Claims = {
    sub: op!.id,
    role: "authenticated",
    app_metadata: { tenant_id: op!.tenant_id, roles: ["admin"] },
  };
  await assert.rejects(
    db.asUser(stale, (tx) => removeMembership(tx, own.id, op!.id)),
    (e) => e instanceof TenancyError && e.code === "last_admin",
  );
  await assert.rejects(
    db.asService((tx) => tx.query("delete from memberships where role = 'admin'")),
    /at least one administrator/,
  );
  assert.equal((await memberships(db, ADMIN)).length, 1);
});

dbTest("the member list searches by name or e-mail, filters by role and pages", async (db) => {
  const c = await signedIn(db, ADMIN);
  const byName = await c.get("/operatore/utenti?q=ferr");
  assert.equal(byName.status, 200);
  const html = await byName.text();
  assert.match(html, /Laura Ferrari/);
  assert.doesNotMatch(html, /Marco Rossi/);
  assert.match(html, /<caption>1 persone trovate/);
  assert.match(html, /<th scope="col">/);

  const byRole = await (await c.get("/operatore/utenti?ruolo=operator")).text();
  assert.match(byRole, /Marco Rossi/);
  assert.match(byRole, /Francesca Esposito/);
  assert.doesNotMatch(byRole, /Laura Ferrari/);

  const english = await (await c.get("/operatore/utenti?lang=en")).text();
  assert.match(english, /<h1>Users and roles<\/h1>/);
  assert.match(english, /8 people in the Ente/);

  const none = await (await c.get("/operatore/utenti?q=%25&lang=it")).text();
  assert.match(none, /Nessuna persona corrisponde alla ricerca/);

  for (let i = 0; i < 30; i++) {
    await c.postForm("/operatore/utenti/invita", {
      email: `genitore${i}@posta.example`,
      full_name: `Genitore Numero ${String(i).padStart(2, "0")}`,
      role: "family",
    });
  }
  const first = await (await c.get("/operatore/utenti?ruolo=family")).text();
  assert.match(first, /32 persone trovate \(pagina 1\)/);
  assert.match(first, /href="\/operatore\/utenti\?ruolo=family&amp;pagina=2"/);
  const second = await (await c.get("/operatore/utenti?ruolo=family&pagina=2")).text();
  assert.match(
    second,
    /aria-current="page"[^>]*>\s*<span class="visually-hidden">Pagina<\/span> 2/,
  );
});

dbTest("no set-password link for accounts another Ente or the platform owns", async (db) => {
  // A person invited by Ente B who has not chosen a password yet, and the platform superadmin.
  await db.asService(async (tx) => {
    const [t] = await tx.query<{ id: string }>(
      `insert into tenants (name, tax_code, istat_code) values ('Comune di Altrove', '80004560480', '048101')
       returning id`,
    );
    const [u] = await tx.query<{ id: string }>(
      "insert into users (email, full_name) values ('in.attesa@altrove.example', 'Pia Attesa') returning id",
    );
    await tx.query(
      "insert into memberships (tenant_id, user_id, role) values ($1, $2, 'operator')",
      [
        t.id,
        u.id,
      ],
    );
  });
  const c = await signedIn(db, ADMIN);
  for (const email of ["in.attesa@altrove.example", "piattaforma@piazza.example"]) {
    const res = await c.postForm("/operatore/utenti/invita", {
      email,
      full_name: "Qualcuno",
      role: "family",
    });
    assert.equal(res.status, 303, email);
    assert.match(res.headers.get("location")!, /\?invitato=avviso$/, email);
    assert.equal(
      await count(
        db,
        "select 1 from private.password_resets r join users u on u.id = r.user_id where u.email = $1",
        [email],
      ),
      0,
      email,
    );
  }
});
