import assert from "node:assert/strict";
import { LIMITS } from "../lib/auth/throttle.ts";
import type { Db } from "../lib/db/types.ts";
import { DEMO_PASSWORD, DEMO_USERS } from "../lib/seed/demo.ts";
import { testApp, type TestClient } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";

const ADMIN = "admin@comune.valdiponte.example";
const NEW_PASSWORD = "Un-Altra-Password-2027";

async function html(res: Response, status: number): Promise<string> {
  assert.equal(res.status, status);
  assert.match(res.headers.get("content-type")!, /^text\/html/);
  return await res.text();
}

async function signedIn(make: () => TestClient, email = ADMIN): Promise<TestClient> {
  const c = make();
  const res = await c.signIn(email);
  assert.equal(res.status, 303, `${email} signs in`);
  return c;
}

function changePassword(c: TestClient, current: string, next: string, confirm = next) {
  return c.postForm("/profilo", {
    action: "password",
    current_password: current,
    new_password: next,
    confirm_password: confirm,
  });
}

async function user(db: Db, email: string) {
  const [row] = await db.asService((tx) =>
    tx.query<{ full_name: string; locale: string }>(
      "select full_name, locale from public.users where email = $1",
      [email],
    )
  );
  return row;
}

dbTest("the profile needs a signed-in user", async (db) => {
  const { client } = await testApp(db);
  const res = await client().get("/profilo");
  assert.equal(res.status, 303);
  assert.equal(res.headers.get("location"), "/accedi?next=%2Fprofilo");
});

dbTest("every demo user sees their own profile, linked from the header", async (db) => {
  const { client } = await testApp(db);
  for (const u of DEMO_USERS) {
    const c = await signedIn(client, u.email);
    const body = await html(await c.get("/profilo"), 200);
    assert.match(body, /<h1>Il tuo profilo<\/h1>/);
    assert.ok(body.includes(u.fullName), `${u.email}: name`);
    assert.ok(body.includes(u.email), `${u.email}: e-mail`);
    if (u.role === "superadmin") assert.match(body, /Nessuno \(account di piattaforma\)/);
    else assert.ok(body.includes("Comune di Valdiponte"), `${u.email}: Ente`);
    assert.match(body, /href="\/profilo" aria-current="page"/);
  }
});

dbTest("a user changes their own name and language; the header follows", async (db) => {
  const { client } = await testApp(db);
  const c = await signedIn(client);
  const res = await c.postForm("/profilo", {
    action: "details",
    full_name: "  Giulia   Bianchi Verdi ",
    locale: "en",
  });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get("location"), "/profilo?aggiornato=dati");
  assert.deepEqual(await user(db, ADMIN), { full_name: "Giulia Bianchi Verdi", locale: "en" });

  const body = await html(await c.get("/profilo?aggiornato=dati"), 200);
  assert.match(body, /I tuoi dati sono stati aggiornati/);
  assert.match(body, /<option value="en" lang="en" selected/);
  const home = await html(await c.get("/operatore"), 200);
  assert.ok(home.includes("Giulia Bianchi Verdi"), "the header shows the new name at once");

  const other = await user(db, "m.rossi@comune.valdiponte.example");
  assert.equal(other.full_name, "Marco Rossi", "nobody else changed");
});

dbTest("an empty name is refused with an accessible error", async (db) => {
  const { client } = await testApp(db);
  const c = await signedIn(client);
  const body = await html(
    await c.postForm("/profilo", { action: "details", full_name: " x ", locale: "it" }),
    422,
  );
  assert.match(body, /role="alert"/);
  assert.match(body, /Inserisci nome e cognome/);
  assert.match(body, /aria-invalid="true"/);
  assert.match(body, /aria-describedby="full_name-error"/);
  assert.equal((await user(db, ADMIN)).full_name, "Giulia Bianchi");
});

dbTest("a wrong current password is refused and changes nothing", async (db) => {
  const { client } = await testApp(db);
  const c = await signedIn(client);
  const other = await signedIn(client);
  const body = await html(await changePassword(c, "non-e-questa-123", NEW_PASSWORD), 422);
  assert.match(body, /role="alert"/);
  assert.match(body, /La password attuale non è corretta/);
  assert.match(body, /aria-describedby="current_password-error"/);
  assert.equal((await other.get("/operatore")).status, 200, "other sessions stay open");
  assert.equal((await client().signIn(ADMIN, DEMO_PASSWORD)).status, 303);
  assert.equal((await client().signIn(ADMIN, NEW_PASSWORD)).status, 401);
});

dbTest("changing the password keeps this session and revokes the others", async (db) => {
  const { client } = await testApp(db);
  const c = await signedIn(client);
  const phone = await signedIn(client);
  const tablet = await signedIn(client);
  const res = await changePassword(c, DEMO_PASSWORD, NEW_PASSWORD);
  assert.equal(res.status, 303);
  assert.equal(res.headers.get("location"), "/profilo?aggiornato=password");

  assert.match(await html(await c.get("/profilo?aggiornato=password"), 200), /Password cambiata/);
  for (const stale of [phone, tablet]) {
    const r = await stale.get("/operatore");
    assert.equal(r.status, 303);
    assert.match(r.headers.get("location")!, /^\/accedi\?.*scaduta=1/);
  }
  assert.equal((await client().signIn(ADMIN, DEMO_PASSWORD)).status, 401);
  assert.equal((await client().signIn(ADMIN, NEW_PASSWORD)).status, 303);
  const [audit] = await db.asService((tx) =>
    tx.query<{ n: number }>(
      "select count(*)::int as n from public.audit_log where action = 'password_change'",
    )
  );
  assert.equal(audit.n, 1);
});

dbTest("the new password follows the rules", async (db) => {
  const { client } = await testApp(db);
  const c = await signedIn(client);
  const cases: [string, string, RegExp, string][] = [
    ["corta", "corta", /almeno 10 caratteri/, "new_password"],
    [NEW_PASSWORD, NEW_PASSWORD + "!", /Le due password non coincidono/, "confirm_password"],
    [DEMO_PASSWORD, DEMO_PASSWORD, /diversa da quella attuale/, "new_password"],
    ["admin-e-la-mia-password", "admin-e-la-mia-password", /indirizzo e-mail/, "new_password"],
  ];
  for (const [next, confirm, message, field] of cases) {
    const body = await html(await changePassword(c, DEMO_PASSWORD, next, confirm), 422);
    assert.match(body, message);
    assert.match(body, new RegExp(`id="${field}-error"`));
  }
  assert.equal((await client().signIn(ADMIN, DEMO_PASSWORD)).status, 303);
});

dbTest("guessing the current password is throttled like sign-in", async (db) => {
  const { client } = await testApp(db);
  const c = await signedIn(client);
  for (let i = 0; i < LIMITS.email; i++) {
    await (await changePassword(c, `sbagliata-${i}-xyz`, NEW_PASSWORD)).body?.cancel();
  }
  const body = await html(await changePassword(c, DEMO_PASSWORD, NEW_PASSWORD), 429);
  assert.match(body, /Troppi tentativi/);
});
