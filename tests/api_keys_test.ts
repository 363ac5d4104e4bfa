import assert from "node:assert/strict";
import { authorize } from "../lib/api/define_api.ts";
import { romeEndOfDay } from "../lib/auth/api_keys.ts";
import type { Db } from "../lib/db/types.ts";
import { HttpError, type State } from "../lib/http/define.ts";
import { DEMO_USERS } from "../lib/seed/demo.ts";
import { signedInClient, testApp, type TestClient } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { addOtherTenant, OTHER_ADMIN } from "./helpers/other_tenant.ts";

const ADMIN = DEMO_USERS.find((u) => u.role === "admin")!;
const OPERATOR = DEMO_USERS.find((u) => u.role === "operator")!;
const TOKEN_RE = /pzk_([A-Za-z0-9]{10})_[A-Za-z0-9_-]{43}/;

const signedIn = (db: Db, email: string) => signedInClient(db, email);

/** Creates a key through the admin's form and returns the token shown once. */
async function createViaPage(
  c: TestClient,
  fields: Record<string, string> | [string, string][],
): Promise<string> {
  const body = new URLSearchParams(fields);
  body.set("_csrf", await c.csrf());
  const res = await c.request("/operatore/chiavi-api/nuova", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body,
  });
  assert.equal(res.status, 201);
  assert.match(res.headers.get("content-type")!, /text\/html/);
  assert.equal(res.headers.get("cache-control"), "no-store");
  const html = await res.text();
  assert.match(html, /non verrà mostrata di nuovo/);
  return TOKEN_RE.exec(html)![0];
}

function bearer(token: string): HeadersInit {
  return { authorization: `Bearer ${token}` };
}

async function apiJson(c: TestClient, path: string, init: RequestInit = {}) {
  const res = await c.request(path, init);
  return { res, body: res.status === 204 ? null : await res.json() };
}

dbTest("an admin creates a key on the page; the token is shown once and works", async (db) => {
  const c = await signedIn(db, ADMIN.email);
  const form = await c.get("/operatore/chiavi-api/nuova");
  assert.equal(form.status, 200);
  assert.match(form.headers.get("content-type")!, /text\/html/);
  assert.match(await form.text(), /<label for="name"/);

  const token = await createViaPage(c, { name: "Export contabilità", scopes: "read" });
  const prefix = TOKEN_RE.exec(token)![1];

  const list = await c.get("/operatore/chiavi-api");
  assert.equal(list.status, 200);
  assert.match(list.headers.get("content-type")!, /text\/html/);
  const html = await list.text();
  assert.ok(html.includes("Export contabilità"));
  assert.ok(html.includes(`pzk_${prefix}_…`), "the key is shown by its prefix");
  assert.ok(!html.includes(token), "never the secret again");
  assert.ok(html.includes(ADMIN.fullName), "created by");
  assert.match(html, /Lettura/);
  assert.match(html, /Attiva/);
  assert.match(html, />Mai</, "never used yet");

  const api = await testApp(db);
  const me = await api.app.request("/api/v1/me", { headers: bearer(token) });
  assert.equal(me.status, 200);
  assert.match(me.headers.get("content-type")!, /application\/json/);
  const who = await me.json();
  assert.equal(who.kind, "api_key");
  assert.deepEqual(who.roles, ["api_read"]);

  const audit = await api.app.request("/api/v1/audit-log?entity=api_keys", {
    headers: bearer(token),
  });
  assert.equal(audit.status, 200);
  assert.match(audit.headers.get("content-type")!, /application\/json/);
  const log = await audit.json();
  assert.equal(log.items[0].after.name, "Export contabilità");

  const again = await (await c.get("/operatore/chiavi-api")).text();
  assert.doesNotMatch(again, />Mai</, "last use recorded");

  await createViaPage(c, [
    ["name", "Protocollo"],
    ["scopes", "read"],
    ["scopes", "write"],
    ["expires", "2099-12-31"],
  ]);
  const [key] = await db.asOwner((tx) =>
    tx.query<{ scopes: string[]; expires_at: Date }>(
      "select scopes, expires_at from public.api_keys where name = 'Protocollo'",
    )
  );
  assert.deepEqual(key.scopes, ["read", "write"]);
  assert.equal(key.expires_at.toISOString(), "2099-12-31T23:00:00.000Z", "end of day in Rome");
  assert.match(await (await c.get("/operatore/chiavi-api")).text(), /Lettura, Scrittura/);
});

dbTest("the create form reports errors accessibly and keeps what was typed", async (db) => {
  const c = await signedIn(db, ADMIN.email);
  const res = await c.postForm("/operatore/chiavi-api/nuova", { name: "x", expires: "2020-01-01" });
  assert.equal(res.status, 422);
  assert.match(res.headers.get("content-type")!, /text\/html/);
  const html = await res.text();
  assert.match(html, /role="alert"/);
  assert.match(html, /id="name"[^>]*aria-invalid="true"/);
  assert.match(html, /Scegli almeno un permesso/);
  assert.match(html, /già passata/);
  assert.match(html, /value="x"/);
  assert.doesNotMatch(html, TOKEN_RE);
});

dbTest("a revoked key gets 401 at once; revoking twice is harmless", async (db) => {
  const c = await signedIn(db, ADMIN.email);
  const token = await createViaPage(c, { name: "Da revocare", scopes: "read" });
  const { app } = await testApp(db);
  assert.equal((await app.request("/api/v1/me", { headers: bearer(token) })).status, 200);

  const { res: listRes, body } = await apiJson(c, "/api/v1/api-keys");
  assert.equal(listRes.status, 200);
  const id = body.items.find((k: { name: string }) => k.name === "Da revocare").id;

  const confirm = await c.get(`/operatore/chiavi-api/${id}/revoca`);
  assert.equal(confirm.status, 200);
  assert.match(confirm.headers.get("content-type")!, /text\/html/);
  assert.match(await confirm.text(), /Sì, revoca la chiave/);

  const done = await c.postForm(`/operatore/chiavi-api/${id}/revoca`, {});
  assert.equal(done.status, 303);
  assert.equal(done.headers.get("location"), `/operatore/chiavi-api?revocata=${id}`);
  const list = await (await c.get(done.headers.get("location")!)).text();
  assert.match(list, /è stata revocata/);
  assert.match(list, /Revocata/);

  const refused = await app.request("/api/v1/me", { headers: bearer(token) });
  assert.equal(refused.status, 401);
  assert.match(refused.headers.get("content-type")!, /application\/problem\+json/);
  assert.equal((await refused.json()).code, "invalid_api_key");

  const twice = await c.postForm(`/operatore/chiavi-api/${id}/revoca`, {});
  assert.equal(twice.status, 303);
  assert.match(
    await (await c.get(`/operatore/chiavi-api/${id}/revoca`)).text(),
    /già stata revocata/,
  );
});

dbTest("the REST API lists, creates and revokes keys for admins only", async (db) => {
  const c = await signedIn(db, ADMIN.email);
  const json = { "content-type": "application/json", "x-csrf-token": await c.csrf() };

  const noCsrf = await c.request("/api/v1/api-keys", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: "Senza CSRF", scopes: ["read"] }),
  });
  assert.equal(noCsrf.status, 403);

  const invalid = await apiJson(c, "/api/v1/api-keys", {
    method: "POST",
    headers: json,
    body: JSON.stringify({ name: "A", scopes: [], expires_at: "2020-01-01T00:00:00Z" }),
  });
  assert.equal(invalid.res.status, 422);
  assert.match(invalid.res.headers.get("content-type")!, /application\/problem\+json/);
  assert.deepEqual(
    invalid.body.errors.map((e: { path: string }) => e.path).sort(),
    ["body.expires_at", "body.name", "body.scopes"],
  );

  const created = await apiJson(c, "/api/v1/api-keys", {
    method: "POST",
    headers: json,
    body: JSON.stringify({ name: "Protocollo", scopes: ["read", "write", "read"] }),
  });
  assert.equal(created.res.status, 201);
  assert.match(created.res.headers.get("content-type")!, /application\/json/);
  assert.equal(created.res.headers.get("cache-control"), "no-store");
  assert.match(created.body.token, TOKEN_RE);
  assert.deepEqual(created.body.scopes, ["read", "write"]);
  assert.equal(created.body.status, "active");
  assert.equal(created.body.masked, `pzk_${created.body.prefix}_…`);
  assert.equal(created.body.created_by.name, ADMIN.fullName);

  const list = await apiJson(c, "/api/v1/api-keys");
  assert.equal(list.res.status, 200);
  assert.match(list.res.headers.get("content-type")!, /application\/json/);
  assert.ok(list.body.items.some((k: { id: string }) => k.id === created.body.id));
  assert.ok(!JSON.stringify(list.body).includes(created.body.token));
  assert.ok(!JSON.stringify(list.body).includes("key_hash"));

  // Even a read+write key cannot mint or revoke keys: those need an admin's session.
  const { app } = await testApp(db);
  const mint = await app.request("/api/v1/api-keys", {
    method: "POST",
    headers: { ...bearer(created.body.token), "content-type": "application/json" },
    body: JSON.stringify({ name: "Figlia", scopes: ["read"] }),
  });
  assert.equal(mint.status, 403);
  assert.match(mint.headers.get("content-type")!, /application\/problem\+json/);
  assert.equal((await mint.json()).detail, "Not available to API keys");
  const listByKey = await app.request("/api/v1/api-keys", { headers: bearer(created.body.token) });
  assert.equal(listByKey.status, 403);

  const del = await c.request(`/api/v1/api-keys/${created.body.id}`, {
    method: "DELETE",
    headers: { "x-csrf-token": await c.csrf() },
  });
  assert.equal(del.status, 204);
  assert.equal(await del.text(), "");
  const again = await c.request(`/api/v1/api-keys/${created.body.id}`, {
    method: "DELETE",
    headers: { "x-csrf-token": await c.csrf() },
  });
  assert.equal(again.status, 204, "idempotent");
  const one = await apiJson(c, `/api/v1/api-keys/${created.body.id}`);
  assert.equal(one.res.status, 200);
  assert.equal(one.body.status, "revoked");
  assert.equal(
    (await app.request("/api/v1/me", { headers: bearer(created.body.token) })).status,
    401,
  );

  const missing = await apiJson(c, `/api/v1/api-keys/${crypto.randomUUID()}`, {
    method: "DELETE",
    headers: { "x-csrf-token": await c.csrf() },
  });
  assert.equal(missing.res.status, 404);
  assert.match(missing.res.headers.get("content-type")!, /application\/problem\+json/);
  assert.equal(missing.body.code, "not_found");
  const notUuid = await apiJson(c, "/api/v1/api-keys/nope", {
    method: "DELETE",
    headers: { "x-csrf-token": await c.csrf() },
  });
  assert.equal(notUuid.res.status, 422);
});

dbTest("an expired key gets 401", async (db) => {
  const c = await signedIn(db, ADMIN.email);
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
  const created = await apiJson(c, "/api/v1/api-keys", {
    method: "POST",
    headers: { "content-type": "application/json", "x-csrf-token": await c.csrf() },
    body: JSON.stringify({ name: "A termine", scopes: ["read"], expires_at: tomorrow }),
  });
  assert.equal(created.res.status, 201);
  const { app } = await testApp(db);
  assert.equal(
    (await app.request("/api/v1/me", { headers: bearer(created.body.token) })).status,
    200,
  );

  await db.asOwner((tx) =>
    tx.query("update public.api_keys set expires_at = now() - interval '1 second' where id = $1", [
      created.body.id,
    ])
  );
  const res = await app.request("/api/v1/me", { headers: bearer(created.body.token) });
  assert.equal(res.status, 401);
  assert.match(res.headers.get("content-type")!, /application\/problem\+json/);
  const list = await (await c.get("/operatore/chiavi-api")).text();
  assert.match(list, /Scaduta/);
});

Deno.test("a key's expiry date means the end of that day in Rome", () => {
  assert.equal(romeEndOfDay("2027-01-15"), "2027-01-15T23:00:00.000Z");
  assert.equal(romeEndOfDay("2027-07-15"), "2027-07-15T22:00:00.000Z");
  assert.equal(romeEndOfDay("2027-03-27"), "2027-03-27T23:00:00.000Z", "the night DST starts");
  assert.equal(romeEndOfDay("2027-10-30"), "2027-10-30T22:00:00.000Z", "the night DST ends");
});

Deno.test("a read-only key is refused write operations", () => {
  // No write operation is open to API keys yet; `authorize` is what every one of them will use.
  const state = {
    auth: "api_key",
    claims: {
      sub: crypto.randomUUID(),
      role: "authenticated",
      app_metadata: { tenant_id: crypto.randomUUID(), roles: ["api_read"] },
    },
  } as unknown as State;
  assert.throws(
    () => authorize(state, { roles: ["admin"], apiKey: "write" }),
    (e: unknown) => e instanceof HttpError && e.status === 403 && /'write' scope/.test(e.message),
  );
  assert.doesNotThrow(() => authorize(state, { roles: ["admin"], apiKey: "read" }));
});

dbTest("operators get 403 on the key pages and the keys API", async (db) => {
  const c = await signedIn(db, OPERATOR.email);
  for (const path of ["/operatore/chiavi-api", "/operatore/chiavi-api/nuova"]) {
    const res = await c.get(path);
    assert.equal(res.status, 403, path);
    assert.match(res.headers.get("content-type")!, /text\/html/);
    assert.match(await res.text(), /Accesso non consentito/);
  }
  const post = await c.postForm("/operatore/chiavi-api/nuova", { name: "Furtiva", scopes: "read" });
  assert.equal(post.status, 403);
  const api = await c.get("/api/v1/api-keys");
  assert.equal(api.status, 403);
  assert.match(api.headers.get("content-type")!, /application\/problem\+json/);
  assert.equal((await api.json()).code, "forbidden");
  const [{ n }] = await db.asOwner((tx) =>
    tx.query<{ n: number }>("select count(*)::int as n from public.api_keys")
  );
  assert.equal(n, 0);
});

dbTest("anonymous visitors are sent to sign in; the API answers 401", async (db) => {
  const { client } = await testApp(db);
  const c = client();
  const page = await c.get("/operatore/chiavi-api");
  assert.equal(page.status, 303);
  assert.match(page.headers.get("location")!, /^\/accedi\?next=/);
  const api = await c.get("/api/v1/api-keys");
  assert.equal(api.status, 401);
  assert.match(api.headers.get("content-type")!, /application\/problem\+json/);
});

dbTest("an admin of another Ente never sees or revokes these keys", async (db) => {
  await addOtherTenant(db);
  const ours = await signedIn(db, ADMIN.email);
  const token = await createViaPage(ours, { name: "Solo Valdiponte", scopes: "read" });
  const id = (await apiJson(ours, "/api/v1/api-keys")).body.items[0].id;

  const theirs = await signedIn(db, OTHER_ADMIN);
  const list = await theirs.get("/operatore/chiavi-api");
  assert.equal(list.status, 200);
  assert.match(list.headers.get("content-type")!, /text\/html/);
  assert.ok(!(await list.text()).includes("Solo Valdiponte"));
  assert.equal((await theirs.get(`/operatore/chiavi-api/${id}/revoca`)).status, 404);
  assert.equal((await theirs.postForm(`/operatore/chiavi-api/${id}/revoca`, {})).status, 404);
  const api = await apiJson(theirs, "/api/v1/api-keys");
  assert.equal(api.res.status, 200);
  assert.deepEqual(api.body.items, []);
  const del = await theirs.request(`/api/v1/api-keys/${id}`, {
    method: "DELETE",
    headers: { "x-csrf-token": await theirs.csrf() },
  });
  assert.equal(del.status, 404);

  const { app } = await testApp(db);
  assert.equal((await app.request("/api/v1/me", { headers: bearer(token) })).status, 200);
});
