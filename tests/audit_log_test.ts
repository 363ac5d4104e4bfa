import assert from "node:assert/strict";
import { authenticateApiKey, createApiKey } from "../lib/auth/api_keys.ts";
import { changedFields } from "../lib/audit/db.ts";
import type { Claims, Db } from "../lib/db/types.ts";
import { DEMO_USERS } from "../lib/seed/demo.ts";
import { signedInClient, testApp, type TestClient } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { addOtherTenant, OTHER_ADMIN } from "./helpers/other_tenant.ts";

const ADMIN = DEMO_USERS.find((u) => u.role === "admin")!;
const OPERATOR = DEMO_USERS.find((u) => u.role === "operator")!;

const signedIn = (db: Db, email: string) => signedInClient(db, email);

async function demoTenant(db: Db): Promise<{ tenantId: string; adminId: string }> {
  const [row] = await db.asOwner((tx) =>
    tx.query<{ tenantId: string; adminId: string }>(
      `select m.tenant_id as "tenantId", u.id as "adminId"
         from public.users u join public.memberships m on m.user_id = u.id where u.email = $1`,
      [ADMIN.email],
    )
  );
  return row;
}

function adminClaims(t: { tenantId: string; adminId: string }): Claims {
  return {
    sub: t.adminId,
    role: "authenticated",
    app_metadata: { tenant_id: t.tenantId, roles: ["admin"] },
  };
}

async function getJson(c: TestClient, path: string) {
  const res = await c.get(path);
  return { res, body: await res.json() };
}

dbTest("the log shows a key's creation with the admin as actor, never its hash", async (db) => {
  const c = await signedIn(db, ADMIN.email);
  const created = await c.postForm("/operatore/chiavi-api/nuova", {
    name: "Statistiche",
    scopes: "read",
  });
  assert.equal(created.status, 201);

  const page = await c.get("/operatore/registro-attivita?entity=api_keys");
  assert.equal(page.status, 200);
  assert.match(page.headers.get("content-type")!, /text\/html/);
  const html = await page.text();
  assert.match(html, /Creazione · Chiave API/);
  assert.ok(html.includes(ADMIN.fullName), "the admin is the actor");
  assert.match(html, /<details>/);
  assert.match(html, /Statistiche/);
  assert.doesNotMatch(html, /key_hash/);

  const { res, body } = await getJson(c, "/api/v1/audit-log?entity=api_keys&action=insert");
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type")!, /application\/json/);
  assert.equal(body.items.length, 1);
  const [entry] = body.items;
  const { adminId } = await demoTenant(db);
  assert.deepEqual(entry.actor, { kind: "user", id: adminId, name: ADMIN.fullName });
  assert.equal(entry.after.name, "Statistiche");
  assert.equal(entry.before, null);
  assert.ok(!("key_hash" in entry.after));

  const [{ n }] = await db.asOwner((tx) =>
    tx.query<{ n: number }>(
      `select count(*)::int as n from public.audit_log
        where before ? 'key_hash' or after ? 'key_hash' or details ? 'key_hash'`,
    )
  );
  assert.equal(n, 0);
});

dbTest("a revocation is logged once with before and after", async (db) => {
  const c = await signedIn(db, ADMIN.email);
  const created = await c.request("/api/v1/api-keys", {
    method: "POST",
    headers: { "content-type": "application/json", "x-csrf-token": await c.csrf() },
    body: JSON.stringify({ name: "Breve", scopes: ["read"] }),
  });
  const { id } = await created.json();
  for (let i = 0; i < 2; i++) {
    const del = await c.request(`/api/v1/api-keys/${id}`, {
      method: "DELETE",
      headers: { "x-csrf-token": await c.csrf() },
    });
    assert.equal(del.status, 204);
  }
  const { body } = await getJson(c, "/api/v1/audit-log?entity=api_keys&action=update");
  assert.equal(body.items.length, 1, "the second revocation changed nothing");
  assert.equal(body.items[0].entity_id, id);
  assert.equal(body.items[0].before.revoked_at, null);
  assert.ok(body.items[0].after.revoked_at);
  assert.deepEqual(changedFields(body.items[0]).map((f) => f.field), ["revoked_at"]);

  const html = await (await c.get("/operatore/registro-attivita?action=update")).text();
  assert.match(html, /Modifica · Chiave API/);
  assert.match(html, /<summary>1 campo<\/summary>/);
  assert.match(html, /<th scope="row">Revoca<\/th>/);
});

dbTest("an API key with the read scope reads the log; its own events name it", async (db) => {
  const t = await demoTenant(db);
  const { token, id } = await db.asUser(adminClaims(t), (tx) =>
    createApiKey(tx, {
      tenantId: t.tenantId,
      name: "SIEM",
      scopes: ["read"],
      createdBy: t.adminId,
    }));
  const keyClaims = (await authenticateApiKey(db, token))!;
  await db.asUser(
    keyClaims,
    (tx) =>
      tx.query("select app.audit_event($1, 'export', 'audit_log', null, '{\"rows\": 3}')", [
        t.tenantId,
      ]),
  );
  const { app } = await testApp(db);
  const res = await app.request("/api/v1/audit-log?action=export", {
    headers: { authorization: `Bearer ${token}` },
  });
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type")!, /application\/json/);
  const body = await res.json();
  assert.equal(body.items.length, 1);
  assert.equal(body.items[0].actor.kind, "api_key");
  assert.equal(body.items[0].actor.id, id);

  const c = await signedIn(db, ADMIN.email);
  const html = await (await c.get("/operatore/registro-attivita?action=export")).text();
  assert.match(html, /Chiave API «SIEM»/);
  assert.match(html, new RegExp(`actor_id=${id}`));
  const byKey = await (await c.get(`/operatore/registro-attivita?actor_id=${id}`)).text();
  assert.match(byKey, /solo le attività di un autore/);
  assert.match(byKey, /<dd class="col-7 text-break">3<\/dd>/);
});

dbTest("filters: entity, action, actor, and days in Europe/Rome", async (db) => {
  const t = await demoTenant(db);
  // 00:30 on 1 July in Rome is 22:30 UTC on 30 June; 23:30 on 30 June in Rome is 21:30 UTC.
  await db.asOwner((tx) =>
    tx.query(
      `insert into public.audit_log (tenant_id, at, actor_id, actor_kind, action, entity, entity_id)
       values ($1, '2026-06-30 22:30:00+00', $2, 'user', 'probe', 'probe', 'july'),
              ($1, '2026-06-30 21:30:00+00', $2, 'user', 'probe', 'probe', 'june')`,
      [t.tenantId, t.adminId],
    )
  );
  const c = await signedIn(db, ADMIN.email);
  const ids = async (q: string) =>
    (await getJson(c, `/api/v1/audit-log?entity=probe&${q}`)).body.items
      .map((e: { entity_id: string }) => e.entity_id);
  assert.deepEqual(await ids("from=2026-07-01&to=2026-07-01"), ["july"]);
  assert.deepEqual(await ids("from=2026-06-30&to=2026-06-30"), ["june"]);
  assert.deepEqual(await ids("to=2026-06-30"), ["june"]);
  assert.deepEqual(await ids("from=2026-06-30"), ["july", "june"]);
  assert.deepEqual(await ids("actor=bianchi"), ["july", "june"], "by part of the name");
  assert.deepEqual(await ids("actor=valdiponte.example"), ["july", "june"], "by e-mail");
  assert.deepEqual(await ids("actor=nessuno"), []);
  assert.deepEqual(await ids(`actor_id=${t.adminId}&action=probe`), ["july", "june"]);
  assert.deepEqual(await ids("action=insert"), []);

  const html = await (await c.get("/operatore/registro-attivita?from=2026-07-01&to=2026-07-01"))
    .text();
  assert.match(html, /july/);
  assert.doesNotMatch(html, /june/);
  assert.match(
    html,
    /<input id="from" name="from" type="date" class="form-control" value="2026-07-01"/,
  );

  const bad = await c.get("/operatore/registro-attivita?from=2026-07-02&to=2026-07-01");
  assert.equal(bad.status, 422);
  assert.match(bad.headers.get("content-type")!, /text\/html/);
  const badHtml = await bad.text();
  assert.match(badHtml, /role="alert"/);
  assert.match(badHtml, /id="to"[^>]*aria-invalid="true"/);

  const invalid = await c.get("/api/v1/audit-log?from=2026-13-45&limit=0&cursor=abc");
  assert.equal(invalid.status, 422);
  assert.match(invalid.headers.get("content-type")!, /application\/problem\+json/);
  const problem = await invalid.json();
  assert.deepEqual(
    problem.errors.map((e: { path: string }) => e.path).sort(),
    ["query.cursor", "query.from", "query.limit"],
  );
});

dbTest("keyset pagination walks the whole log once, newest first", async (db) => {
  const t = await demoTenant(db);
  // Ties on `at` on purpose: the id breaks them.
  await db.asOwner((tx) =>
    tx.query(
      `insert into public.audit_log (tenant_id, at, actor_kind, action, entity, entity_id)
       select $1, timestamptz '2026-05-01 10:00:00+00' + ((g / 3) * interval '1 minute'),
              'system', 'probe', 'probe', g::text
         from generate_series(1, 120) g`,
      [t.tenantId],
    )
  );
  const c = await signedIn(db, ADMIN.email);
  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const q: string = `/api/v1/audit-log?entity=probe&limit=50${cursor ? `&cursor=${cursor}` : ""}`;
    const { res, body } = await getJson(c, q);
    assert.equal(res.status, 200);
    seen.push(...body.items.map((e: { entity_id: string }) => e.entity_id));
    for (let i = 1; i < body.items.length; i++) {
      const [a, b] = [body.items[i - 1], body.items[i]];
      assert.ok(a.at > b.at || (a.at === b.at && a.id > b.id), "newest first");
    }
    cursor = body.next_cursor;
    pages++;
  } while (cursor);
  assert.equal(pages, 3);
  assert.equal(seen.length, 120);
  assert.equal(new Set(seen).size, 120);

  const first = await (await c.get("/operatore/registro-attivita?entity=probe")).text();
  const next = /href="(\/operatore\/registro-attivita\?entity=probe&amp;cursore=\d+)"/.exec(first);
  assert.ok(next, "a link to older entries keeps the filter");
  const older = await c.get(next[1].replaceAll("&amp;", "&"));
  assert.equal(older.status, 200);
  assert.match(await older.text(), /Più recenti/);
});

dbTest("another Ente's admin, operators and platform events stay out", async (db) => {
  await addOtherTenant(db);
  await db.asOwner((tx) =>
    tx.query(
      `insert into public.audit_log (tenant_id, actor_kind, action, entity, entity_id)
       values (null, 'system', 'platform_probe', 'tenants', 'platform')`,
    )
  );
  const ours = await signedIn(db, ADMIN.email);
  assert.equal(
    (await ours.postForm("/operatore/chiavi-api/nuova", { name: "Nostra", scopes: "read" })).status,
    201,
  );
  const mine = await getJson(ours, "/api/v1/audit-log?limit=200");
  assert.ok(!mine.body.items.some((e: { action: string }) => e.action === "platform_probe"));

  const theirs = await signedIn(db, OTHER_ADMIN);
  const { res, body } = await getJson(theirs, "/api/v1/audit-log?limit=200");
  assert.equal(res.status, 200);
  const text = JSON.stringify(body);
  assert.ok(!text.includes("Nostra"));
  assert.ok(!text.includes(ADMIN.fullName));
  assert.ok(!text.includes("platform_probe"));
  const html = await (await theirs.get("/operatore/registro-attivita")).text();
  assert.ok(!html.includes("Nostra"));
  assert.ok(!html.includes(ADMIN.fullName));

  const op = await signedIn(db, OPERATOR.email);
  const page = await op.get("/operatore/registro-attivita");
  assert.equal(page.status, 403);
  assert.match(page.headers.get("content-type")!, /text\/html/);
  const api = await op.get("/api/v1/audit-log");
  assert.equal(api.status, 403);
  assert.match(api.headers.get("content-type")!, /application\/problem\+json/);
});

Deno.test("changedFields: updates list what differs, inserts and deletes every field", () => {
  assert.deepEqual(
    changedFields({
      before: { id: "1", name: "A", updated_at: "x" },
      after: { id: "1", name: "B", updated_at: "y" },
    }),
    [{ field: "name", before: "A", after: "B" }],
  );
  assert.deepEqual(
    changedFields({ before: null, after: { id: "1", name: "A" } }).map((f) => f.field),
    [
      "id",
      "name",
    ],
  );
  assert.deepEqual(changedFields({ before: { id: "1" }, after: null }), [
    { field: "id", before: "1", after: null },
  ]);
  assert.deepEqual(changedFields({ before: null, after: null }), []);
});
