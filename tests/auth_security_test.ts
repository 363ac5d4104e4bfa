/**
 * Attacks on sign-in and sessions, and hostile input: forged or stale tokens, CSRF, password
 * guessing, open redirects, oversized or malformed bodies. Each ends in a refusal that leaks
 * nothing, writes nothing and leaves the server serving.
 */
import assert from "node:assert/strict";
import { decodeJwt, SignJWT, UnsecuredJWT } from "jose";
import { DEMO_PASSWORD, DEMO_USERS } from "../lib/seed/demo.ts";
import { TEST_SECRET, testApp, type TestClient } from "./helpers/app.ts";
import { rowCounts } from "./helpers/catalog.ts";
import { dbTest } from "./helpers/db.ts";

const ADMIN = DEMO_USERS.find((u) => u.role === "admin")!.email;
const EXPIRED_REDIRECT = "/accedi?next=%2Foperatore&scaduta=1";
const ORIGIN = "http://localhost:8000";

/** The text of the page's `role="alert"` element, tags and spacing removed. */
function alertText(html: string): string | null {
  const m = /<div[^>]*role="alert"[^>]*>([\s\S]*?)<\/div>/.exec(html);
  return m ? m[1].replace(/<[^>]+>/g, "").replace(/\s+/g, " ").trim() : null;
}

function setsSessionCookie(res: Response): boolean {
  return res.headers.getSetCookie().some((c) => /^piazza_session=[^;]/.test(c));
}

async function signedInToken(client: () => TestClient): Promise<string> {
  const c = client();
  assert.equal((await c.signIn(ADMIN)).status, 303);
  return c.cookies.get("piazza_session")!;
}

async function assertAnonymousWith(client: () => TestClient, token: string, label: string) {
  const c = client();
  c.cookies.set("piazza_session", token);
  const page = await c.get("/operatore");
  assert.equal(page.status, 303, label);
  assert.equal(page.headers.get("location"), EXPIRED_REDIRECT, label);
  const api = await c.get("/api/v1/me");
  assert.equal(api.status, 401, `${label} on the API`);
  assert.match(api.headers.get("content-type")!, /^application\/problem\+json/);
  await api.body?.cancel();
}

dbTest(
  "session tokens: expired, forged and tampered ones make the visitor anonymous",
  async (db) => {
    const { client } = await testApp(db);
    const token = await signedInToken(client);
    const claims = decodeJwt(token);
    const sign = (secret: string, extra: (j: SignJWT) => SignJWT) =>
      extra(new SignJWT({ ...claims }).setProtectedHeader({ alg: "HS256", typ: "JWT" }))
        .sign(new TextEncoder().encode(secret));
    const past = Math.floor(Date.now() / 1000) - 3600;

    // Positive control: the genuine token (its session is live) opens the area.
    const ok = client();
    ok.cookies.set("piazza_session", token);
    assert.equal((await ok.get("/operatore")).status, 200);

    const [head, , sig] = token.split(".");
    const escalated = btoa(JSON.stringify({
      ...claims,
      app_metadata: { ...claims.app_metadata as object, roles: ["admin", "superadmin"] },
    })).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
    const forged: Record<string, string> = {
      expired: await sign(TEST_SECRET, (j) => j.setIssuedAt(past - 36000).setExpirationTime(past)),
      "other secret": await sign("another-secret-0123456789abcdef0123456789", (j) => j),
      "alg none": new UnsecuredJWT({ ...claims }).encode(),
      "tampered payload": `${head}.${escalated}.${sig}`,
      "wrong audience": await sign(TEST_SECRET, (j) => j.setAudience("anon")),
      "not a token": "piazza",
    };
    for (const [label, t] of Object.entries(forged)) await assertAnonymousWith(client, t, label);
  },
);

dbTest("sign-out revokes the session: a copied cookie stops working", async (db) => {
  const { client } = await testApp(db);
  const c = client();
  await c.signIn(ADMIN);
  const token = c.cookies.get("piazza_session")!;
  const out = await c.postForm("/esci", {});
  assert.equal(out.status, 303);
  assert.equal(out.headers.get("location"), "/accedi?uscito=1");
  assert.equal(c.cookies.has("piazza_session"), false, "the cookie is cleared");
  await assertAnonymousWith(client, token, "revoked session");
  const [row] = await db.asOwner((tx) =>
    tx.query<{ revoked: boolean }>(
      "select revoked_at is not null as revoked from private.sessions where id = $1",
      [decodeJwt(token).session_id],
    )
  );
  assert.deepEqual(row, { revoked: true });
  // The sign-in is audited with its details as a JSON object on every backend.
  const audit = await db.asOwner((tx) =>
    tx.query("select jsonb_typeof(details) as t from public.audit_log where action = 'sign_in'")
  );
  assert.deepEqual(audit, [{ t: "object" }]);
});

dbTest("CSRF: a form without the token, or with another one, is refused", async (db) => {
  const { client } = await testApp(db);
  const before = await rowCounts(db);
  const attempts: [string, Record<string, string>][] = [
    ["no token", {}],
    ["wrong token", { _csrf: "A".repeat(43) }],
    ["empty token", { _csrf: "" }],
  ];
  for (const [label, extra] of attempts) {
    const c = client();
    await c.csrf();
    const res = await c.postForm(
      "/accedi",
      { email: ADMIN, password: DEMO_PASSWORD, ...extra },
      { csrf: false },
    );
    assert.equal(res.status, 403, label);
    assert.match(res.headers.get("content-type")!, /^text\/html/);
    const html = await res.text();
    assert.match(html, /<html lang="it"/);
    assert.match(html, /Il modulo è scaduto o non proviene da questa pagina/, label);
    assert.equal(setsSessionCookie(res), false, `${label}: no session cookie`);
  }
  assert.deepEqual(await rowCounts(db), before, "no session, audit or throttle row written");

  // Sign-out is a form too: without the token the session stays open.
  const c = client();
  await c.signIn(ADMIN);
  const out = await c.postForm("/esci", {}, { csrf: false });
  assert.equal(out.status, 403);
  assert.equal((await c.get("/operatore")).status, 200, "still signed in");
});

dbTest("throttling: 5 failures lock an e-mail, known or not, with the same answers", async (db) => {
  const { client } = await testApp(db);
  const c = client();
  const unknown = "nessuno@comune.valdiponte.example";
  const answers: Record<string, [number, string | null][]> = { known: [], unknown: [] };
  for (let i = 0; i < 5; i++) {
    for (const [who, email] of [["known", ADMIN], ["unknown", unknown]]) {
      const res = await c.signIn(email, `sbagliata-${i}-123`);
      answers[who].push([res.status, alertText(await res.text())]);
    }
  }
  assert.deepEqual(answers.known, answers.unknown, "no user enumeration");
  for (const [status, text] of answers.known) {
    assert.equal(status, 401);
    assert.match(text!, /^E-mail o password non corrette/);
  }
  const right = await c.signIn(ADMIN);
  const rightText = alertText(await right.text());
  const nobody = await c.signIn(unknown, DEMO_PASSWORD);
  assert.equal(right.status, 429, "the right password is refused while locked");
  assert.match(rightText!, /^Troppi tentativi di accesso non riusciti/);
  assert.equal(setsSessionCookie(right), false);
  assert.equal(nobody.status, right.status);
  assert.equal(alertText(await nobody.text()), rightText);
  // Another address is not affected.
  assert.equal((await client().signIn(DEMO_USERS[1].email)).status, 303);
});

dbTest("throttling holds against a burst of parallel guesses", async (db) => {
  const { client } = await testApp(db);
  const c = client();
  await c.csrf();
  const burst = await Promise.all(
    Array.from({ length: 15 }, (_, i) => c.signIn(ADMIN, `sbagliata-${i}-123`)),
  );
  const statuses = burst.map((r) => r.status).sort();
  await Promise.all(burst.map((r) => r.body?.cancel()));
  assert.equal(statuses.filter((s) => s === 401).length, 5, `passwords checked: ${statuses}`);
  assert.equal(statuses.filter((s) => s === 429).length, 10);
  const right = await c.signIn(ADMIN);
  assert.equal(right.status, 429, "locked after the burst");
  await right.body?.cancel();
});

dbTest("sign-in `next`: other origins are ignored, local paths honoured", async (db) => {
  const { client } = await testApp(db);
  const hostile = [
    "//evil.example",
    "https://evil.example",
    "/\\evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "javascript:alert(1)",
  ];
  for (const next of [...hostile, "/operatore?vista=1"]) {
    const c = client();
    const res = await c.postForm("/accedi", { email: ADMIN, password: DEMO_PASSWORD, next });
    assert.equal(res.status, 303, JSON.stringify(next));
    const location = res.headers.get("location")!;
    assert.equal(new URL(location, ORIGIN).origin, ORIGIN, `${JSON.stringify(next)} → ${location}`);
    if (!hostile.includes(next)) assert.equal(location, next);
    // Signed in, GET /accedi?next=… redirects at once: the same rule applies.
    const again = await c.get(`/accedi?next=${encodeURIComponent(next)}`);
    assert.equal(new URL(again.headers.get("location")!, ORIGIN).origin, ORIGIN);
  }
  const page = await (await client().get("/accedi?next=%2F%2Fevil.example")).text();
  assert.doesNotMatch(page, /name="next"/, "a hostile `next` is not carried into the form");
});

dbTest("session cookie: HttpOnly, SameSite=Lax, path /, Secure behind https", async (db) => {
  for (const secure of [false, true]) {
    const { client } = await testApp(db, { config: { secureCookies: secure } });
    const res = await client().signIn(ADMIN);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("piazza_session="));
    assert.ok(cookie, "a session cookie is set");
    const attrs = cookie.split(";").slice(1).map((a) => a.trim().toLowerCase());
    assert.ok(attrs.includes("httponly"), cookie);
    assert.ok(attrs.includes("samesite=lax"), cookie);
    assert.ok(attrs.includes("path=/"), cookie);
    assert.equal(attrs.includes("secure"), secure, cookie);
  }
});
