/**
 * Tenant isolation through `/api/v1`: every operation of the OpenAPI document, called by the
 * demo Comune's API key and by its administrator's session, with the ids of the Comune di
 * Montecalvo's resources. Reads answer 404, writes change nothing, list bodies never name B.
 */
import assert from "node:assert/strict";
import type { Db } from "../lib/db/types.ts";
import { DEMO_USERS } from "../lib/seed/demo.ts";
import { testApp, type TestClient } from "./helpers/app.ts";
import { ident, tenantTables } from "./helpers/catalog.ts";
import { dbTest } from "./helpers/db.ts";
import {
  callersOf,
  createSecondTenant,
  demoTenant,
  fillTenantTables,
  type TenantFixture,
} from "./helpers/second_tenant.ts";

const ADMIN = DEMO_USERS.find((u) => u.role === "admin")!.email;
type Doc = { paths: Record<string, Record<string, unknown>> };

/** Ids of the Ente's rows per table (`users`: its members), as the API names them. */
async function idsOf(db: Db, f: TenantFixture): Promise<Map<string, string[]>> {
  return await db.asOwner(async (tx) => {
    const out = new Map<string, string[]>([["users", Object.values(f.users)]]);
    for (const t of await tenantTables(tx)) {
      // Link tables (service_school_years…) have a composite key and no id an URL could carry.
      const [hasId] = await tx.query(
        `select 1 from information_schema.columns
          where table_schema = 'public' and table_name = $1 and column_name = 'id'`,
        [t.name],
      );
      if (!hasId) continue;
      const rows = await tx.query<{ id: string }>(
        `select id::text from public.${ident(t.name)} where ${ident(t.key)} = $1 order by 1`,
        [f.tenantId],
      );
      out.set(t.name, rows.map((r) => r.id));
    }
    return out;
  });
}

/** Every row of the Ente (and of its people), to prove nothing changed. */
async function snapshot(db: Db, f: TenantFixture): Promise<string[]> {
  return await db.asOwner(async (tx) => {
    const out: string[] = [];
    for (const t of await tenantTables(tx)) {
      const rows = await tx.query<{ r: string }>(
        `select to_jsonb(x)::text as r from public.${ident(t.name)} x
          where ${ident(t.key)} = $1 order by 1`,
        [f.tenantId],
      );
      out.push(...rows.map((r) => `${t.name}: ${r.r}`));
    }
    const users = await tx.query<{ r: string }>(
      "select to_jsonb(u)::text as r from public.users u where id = any($1) order by 1",
      [Object.values(f.users)],
    );
    return [...out, ...users.map((u) => `users: ${u.r}`)];
  });
}

/** `/api-keys/{id}` → `api_keys`: the table a path's id belongs to. */
const tableOf = (path: string) => /\/([\w-]+)\/\{\w+\}/.exec(path)?.[1].replaceAll("-", "_");

async function call(c: TestClient, method: string, path: string, headers: HeadersInit) {
  const h = new Headers(headers);
  const write = method !== "GET";
  if (write) h.set("content-type", "application/json");
  const res = await c.request(`/api/v1${path}`, {
    method,
    headers: h,
    body: write && method !== "DELETE" ? "{}" : undefined,
  });
  const text = await res.text();
  let code: string | undefined;
  try {
    code = JSON.parse(text).code;
  } catch { /* not JSON */ }
  return { status: res.status, type: res.headers.get("content-type") ?? "", text, code };
}

dbTest("isolation over HTTP: /api/v1 never reads or changes another Ente", async (db) => {
  const a = await demoTenant(db);
  await fillTenantTables(db, a);
  const b = await createSecondTenant(db);
  const { apiKey } = await callersOf(db, a);
  const { client } = await testApp(db);
  const session = client();
  assert.equal((await session.signIn(ADMIN)).status, 303);
  const csrf = await session.csrf();
  const callers: [string, TestClient, HeadersInit][] = [
    ["API key", client(), { authorization: `Bearer ${apiKey.token}` }],
    ["admin session", session, { "x-csrf-token": csrf }],
  ];
  const doc: Doc = await (await client().get("/api/v1/openapi.json")).json();
  const bIds = await idsOf(db, b);
  const aIds = await idsOf(db, a);
  const everyB = [...new Set([...bIds.values()].flat())];
  // Small integer ids (audit_log) would match anywhere: only uuids and names are telling.
  const secrets = [b.tenant.name, ...everyB.filter((id) => /^[0-9a-f-]{36}$/.test(id))];
  const before = await snapshot(db, b);
  const failures: string[] = [];
  let byId = 0;

  for (const [path, ops] of Object.entries(doc.paths)) {
    const param = /\{\w+\}/.exec(path)?.[0];
    for (const method of Object.keys(ops).map((m) => m.toUpperCase())) {
      for (const [who, c, headers] of callers) {
        if (!param) {
          if (method !== "GET") continue; // collection writes act on the caller's own Ente
          const r = await call(c, method, path, headers);
          const leaked = secrets.filter((s) => r.text.includes(s));
          if (leaked.length) failures.push(`${who} GET ${path} shows B's ${leaked.join(", ")}`);
          continue;
        }
        const table = tableOf(path)!;
        for (const id of bIds.get(table) ?? everyB) {
          byId++;
          const r = await call(c, method, path.replace(param, id), headers);
          // A role or scope refusal is decided before the id is looked at; validation too.
          const fine = r.status === 404 ||
            (r.status === 403 && r.code === "insufficient_scope") ||
            (r.status === 422 && method !== "GET" && method !== "DELETE") ||
            // The body's media type (multipart uploads sent JSON here) is checked first too.
            (r.status === 415 && method !== "GET" && method !== "DELETE");
          if (!fine || !r.type.startsWith("application/problem+json")) {
            failures.push(
              `${who} ${method} ${path} with B's ${table} ${id} → ${r.status} ${r.text}`,
            );
          }
        }
        // Positive control: the same read of A's own resource works, so 404 above means "not yours".
        const own = aIds.get(table)?.[0];
        if (method === "GET" && who === "admin session" && own) {
          const r = await call(c, "GET", path.replace(param, own), headers);
          if (r.status !== 200) failures.push(`${who} GET ${path} with A's own id → ${r.status}`);
        }
      }
    }
  }
  assert.deepEqual(failures, [], `Cross-tenant access through the API:\n${failures.join("\n")}`);
  assert.ok(byId > 0, "the API has operations on resources by id");
  assert.deepEqual(await snapshot(db, b), before, "B's rows are unchanged");
});

dbTest("API keys: another Ente's user is 404, a revoked key is 401", async (db) => {
  const a = await demoTenant(db);
  const b = await createSecondTenant(db);
  const { claims, apiKey } = await callersOf(db, a);
  const { client } = await testApp(db);
  const c = client();
  const auth = { authorization: `Bearer ${apiKey.token}` };

  const me = await c.get("/api/v1/me", auth);
  assert.equal(me.status, 200);
  assert.equal((await me.json()).tenant_id, a.tenantId);
  const own = await c.get(`/api/v1/users/${a.users.operator}`, auth);
  assert.equal(own.status, 200, "positive control: A's own operator");
  await own.body?.cancel();
  const other = await c.get(`/api/v1/users/${b.users.admin}`, auth);
  assert.equal(other.status, 404);
  assert.match(other.headers.get("content-type")!, /^application\/problem\+json/);
  assert.doesNotMatch(await other.text(), /Montecalvo|Marino/);

  await db.asUser(
    claims[0][1],
    (tx) => tx.query("update public.api_keys set revoked_at = now() where id = $1", [apiKey.id]),
  );
  for (const path of ["/api/v1/me", `/api/v1/users/${a.users.operator}`]) {
    const res = await c.get(path, auth);
    assert.equal(res.status, 401, path);
    assert.match(res.headers.get("content-type")!, /^application\/problem\+json/);
    const body = await res.json();
    assert.equal(body.status, 401);
    assert.equal(body.code, "invalid_api_key");
  }
  const forged = await c.get("/api/v1/me", {
    authorization: `Bearer ${apiKey.token.slice(0, -4)}AAAA`,
  });
  assert.equal(forged.status, 401, "a key with a wrong secret");
  await forged.body?.cancel();
});
