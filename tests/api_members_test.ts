import assert from "node:assert/strict";
import type { z } from "zod";
import { operationsOf } from "../lib/api/define_api.ts";
import { createApiKey } from "../lib/auth/api_keys.ts";
import { hashPassword } from "../lib/auth/password.ts";
import type { Db } from "../lib/db/types.ts";
import type { Method } from "../lib/http/define.ts";
import { DEMO_PASSWORD, DEMO_TENANT } from "../lib/seed/demo.ts";
import * as membershipRoute from "../routes/api/v1/memberships/[id].ts";
import * as membershipsRoute from "../routes/api/v1/memberships/index.ts";
import * as tenantRoute from "../routes/api/v1/tenant.ts";
import * as tenantsRoute from "../routes/api/v1/tenants/index.ts";
import * as userRoute from "../routes/api/v1/users/[id].ts";
import * as usersRoute from "../routes/api/v1/users/index.ts";
import { testApp, type TestClient } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { partitaIvaCheckDigit } from "../lib/codes/mod.ts";

const ADMIN = "admin@comune.valdiponte.example";
const OPERATOR = "m.rossi@comune.valdiponte.example";
const FAMILY = "chiara.colombo@posta.example";
const SUPERADMIN = "piattaforma@piazza.example";

/** An invented but valid codice fiscale of a non-VAT public body (office 048). */
function enteTaxCode(matricola: string): string {
  const first = `${matricola}048`;
  return first + partitaIvaCheckDigit(first);
}

/** The response schema the route declares for `method`. */
function schema(route: { handler: unknown }, method: Method): z.ZodType {
  const op = operationsOf(route.handler)?.[method];
  assert.ok(op, `route declares ${method}`);
  return op.response;
}

/** An API caller: a signed-in browser (CSRF header added) or an API key, or nobody. */
interface Caller {
  call(method: Method, path: string, body?: unknown): Promise<Response>;
}

async function session(db: Db, email: string, password?: string): Promise<Caller> {
  const { client } = await testApp(db);
  const c: TestClient = client();
  assert.equal((await c.signIn(email, password)).status, 303);
  return {
    async call(method, path, body) {
      const headers: Record<string, string> = { "x-csrf-token": await c.csrf() };
      if (body !== undefined) headers["content-type"] = "application/json";
      return await c.request(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    },
  };
}

async function bearer(db: Db, token: string | null): Promise<Caller> {
  const { app } = await testApp(db);
  return {
    call(method, path, body) {
      const headers: Record<string, string> = {};
      if (token) headers.authorization = `Bearer ${token}`;
      if (body !== undefined) headers["content-type"] = "application/json";
      return Promise.resolve(app.request(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      }));
    },
  };
}

async function demoTenantId(db: Db): Promise<string> {
  const [t] = await db.asService((tx) =>
    tx.query<{ id: string }>("select id from tenants where istat_code = $1", [
      DEMO_TENANT.istatCode,
    ])
  );
  return t.id;
}

async function apiKey(db: Db, scopes: ("read" | "write")[]): Promise<Caller> {
  const tenantId = await demoTenantId(db);
  const { token } = await db.asService(async (tx) => {
    const [admin] = await tx.query<{ id: string }>("select id from users where email = $1", [
      ADMIN,
    ]);
    return await createApiKey(tx, { tenantId, name: "Test", scopes, createdBy: admin.id });
  });
  return await bearer(db, token);
}

/** Asserts a JSON success and that it parses with the operation's own response schema. */
async function okJson<T>(res: Response, status: number, s: z.ZodType<T>): Promise<T> {
  const text = await res.text();
  assert.equal(res.status, status, text);
  assert.match(res.headers.get("content-type")!, /^application\/json/);
  const json = JSON.parse(text);
  const parsed = s.safeParse(json);
  assert.ok(parsed.success, JSON.stringify(parsed.error?.issues));
  assert.doesNotMatch(text, /password_hash|token_hash|"token"|token=|scrypt\$/i);
  return parsed.data as T;
}

/** Asserts a problem+json with `status` (and `code` when given); returns the problem. */
async function problem(res: Response, status: number, code?: string) {
  const text = await res.text();
  assert.equal(res.status, status, text);
  assert.match(res.headers.get("content-type")!, /^application\/problem\+json/);
  const body = JSON.parse(text);
  assert.equal(body.status, status);
  if (code) assert.equal(body.code, code);
  return body as { code: string; detail: string; errors?: { path: string; message: string }[] };
}

/** A second Ente "B" with an admin (who can sign in) and a family member. */
async function enteB(db: Db) {
  const hash = await hashPassword(DEMO_PASSWORD);
  return await db.asService(async (tx) => {
    const [t] = await tx.query<{ id: string }>(
      `insert into tenants (name, tax_code, istat_code, pec)
       values ('Comune di Altrove', $1, '048101', 'comune.altrove@pec.example') returning id`,
      [enteTaxCode("8000456")],
    );
    const ids: Record<string, string> = {};
    for (
      const [email, name, role] of [
        ["admin@altrove.example", "Bruno Altrove", "admin"],
        ["famiglia@altrove.example", "Sara Altrove", "family"],
      ]
    ) {
      const [u] = await tx.query<{ id: string }>(
        "insert into users (email, full_name) values ($1, $2) returning id",
        [email, name],
      );
      await tx.query("insert into private.credentials (user_id, password_hash) values ($1, $2)", [
        u.id,
        hash,
      ]);
      const [m] = await tx.query<{ id: string }>(
        "insert into memberships (tenant_id, user_id, role) values ($1, $2, $3) returning id",
        [t.id, u.id, role],
      );
      ids[`${role}User`] = u.id;
      ids[`${role}Membership`] = m.id;
    }
    return {
      tenantId: t.id,
      adminUser: ids.adminUser,
      familyUser: ids.familyUser,
      familyMembership: ids.familyMembership,
    };
  });
}

dbTest("GET /api/v1/tenant: the caller's Ente, for people and read keys", async (db) => {
  const S = schema(tenantRoute, "GET");
  const admin = await session(db, ADMIN);
  const t = await okJson(await admin.call("GET", "/api/v1/tenant"), 200, S) as { tax_code: string };
  assert.equal(t.tax_code, DEMO_TENANT.taxCode);
  const family = await session(db, FAMILY);
  await okJson(await family.call("GET", "/api/v1/tenant"), 200, S);
  const key = await apiKey(db, ["read"]);
  await okJson(await key.call("GET", "/api/v1/tenant"), 200, S);

  await problem(
    await (await bearer(db, null)).call("GET", "/api/v1/tenant"),
    401,
    "unauthenticated",
  );
  await problem(
    await (await session(db, SUPERADMIN)).call("GET", "/api/v1/tenant"),
    403,
    "forbidden",
  );
});

dbTest(
  "PATCH /api/v1/tenant: admins change contacts; codes and bad values are refused",
  async (db) => {
    const S = schema(tenantRoute, "PATCH");
    const admin = await session(db, ADMIN);
    const t = await okJson(
      await admin.call("PATCH", "/api/v1/tenant", {
        pec: "nuova@pec.valdiponte.example",
        phone: null,
      }),
      200,
      S,
    ) as { pec: string; phone: string | null; name: string };
    assert.equal(t.pec, "nuova@pec.valdiponte.example");
    assert.equal(t.phone, null);
    assert.equal(t.name, DEMO_TENANT.name);

    const bad = await problem(
      await admin.call("PATCH", "/api/v1/tenant", {
        pec: "nuova@",
        website: "javascript:alert(1)",
      }),
      422,
      "validation_failed",
    );
    assert.deepEqual(bad.errors!.map((e) => e.path).sort(), ["body.pec", "body.website"]);
    const codes = await problem(
      await admin.call("PATCH", "/api/v1/tenant", { tax_code: "00000000000" }),
      422,
    );
    assert.ok(codes.errors!.length > 0);
    await problem(await admin.call("PATCH", "/api/v1/tenant", {}), 422, "validation_failed");

    await problem(
      await (await session(db, OPERATOR)).call("PATCH", "/api/v1/tenant", { phone: null }),
      403,
    );
    await problem(
      await (await apiKey(db, ["read", "write"])).call("PATCH", "/api/v1/tenant", { phone: null }),
      403,
      "insufficient_scope",
    );
    await problem(
      await (await bearer(db, null)).call("PATCH", "/api/v1/tenant", { phone: null }),
      401,
    );
  },
);

dbTest("GET and POST /api/v1/tenants: the superadmin lists and creates Enti", async (db) => {
  const sa = await session(db, SUPERADMIN);
  const list = await okJson(
    await sa.call("GET", "/api/v1/tenants"),
    200,
    schema(tenantsRoute, "GET"),
  ) as {
    total: number;
  };
  assert.equal(list.total, 1);
  const body = {
    name: "Comune di Poggio Nuovo",
    tax_code: enteTaxCode("8000789"),
    istat_code: "48102",
    pec: "protocollo@pec.poggionuovo.example",
    admin: { email: "Admin@PoggioNuovo.example", full_name: "Piero Poggi" },
  };
  const created = await okJson(
    await sa.call("POST", "/api/v1/tenants", body),
    201,
    schema(tenantsRoute, "POST"),
  ) as {
    tenant: { id: string; istat_code: string };
    admin: { user: { email: string; roles: { role: string }[] }; password_link_sent: boolean };
  };
  assert.equal(created.tenant.istat_code, "048102");
  assert.equal(created.admin.user.email, "admin@poggionuovo.example");
  assert.deepEqual(created.admin.user.roles.map((r) => r.role), ["admin"]);
  assert.equal(created.admin.password_link_sent, true);

  const dup = await problem(
    await sa.call("POST", "/api/v1/tenants", { ...body, istat_code: "048199" }),
    409,
    "duplicate_tenant",
  );
  assert.match(dup.detail, /Comune di Poggio Nuovo/);
  const bad = await problem(
    await sa.call("POST", "/api/v1/tenants", { ...body, tax_code: "123", admin: { email: "x" } }),
    422,
  );
  const paths = bad.errors!.map((e) => e.path);
  assert.ok(paths.includes("body.tax_code") && paths.includes("body.admin.email"), paths.join());

  const admin = await session(db, ADMIN);
  await problem(await admin.call("GET", "/api/v1/tenants"), 403);
  await problem(await admin.call("POST", "/api/v1/tenants", body), 403);
  await problem(await (await apiKey(db, ["read", "write"])).call("GET", "/api/v1/tenants"), 403);
  await problem(await (await bearer(db, null)).call("GET", "/api/v1/tenants"), 401);
});

dbTest("GET /api/v1/users: staff and read keys list, search and filter", async (db) => {
  const S = schema(usersRoute, "GET");
  const admin = await session(db, ADMIN);
  type Page = { items: { full_name: string; roles: { role: string }[] }[]; total: number };
  const all = await okJson(await admin.call("GET", "/api/v1/users"), 200, S) as Page;
  assert.equal(all.total, 8);
  const ops = await okJson(await admin.call("GET", "/api/v1/users?role=operator"), 200, S) as Page;
  assert.deepEqual(ops.items.map((u) => u.full_name), ["Francesca Esposito", "Marco Rossi"]);
  const q = await okJson(await admin.call("GET", "/api/v1/users?q=ROSSI&limit=1"), 200, S) as Page;
  assert.equal(q.total, 1);
  const paged = await okJson(
    await admin.call("GET", "/api/v1/users?limit=3&offset=6"),
    200,
    S,
  ) as Page;
  assert.equal(paged.items.length, 2);

  await okJson(await (await session(db, OPERATOR)).call("GET", "/api/v1/users"), 200, S);
  await okJson(await (await apiKey(db, ["read"])).call("GET", "/api/v1/users"), 200, S);
  await problem(await (await session(db, FAMILY)).call("GET", "/api/v1/users"), 403, "forbidden");
  await problem(await (await bearer(db, null)).call("GET", "/api/v1/users"), 401);
  const bad = await problem(await admin.call("GET", "/api/v1/users?limit=0&role=mayor"), 422);
  assert.deepEqual(bad.errors!.map((e) => e.path).sort(), ["query.limit", "query.role"]);
});

dbTest("GET /api/v1/users/{id}: one member; 404 outside the Ente", async (db) => {
  const S = schema(userRoute, "GET");
  const admin = await session(db, ADMIN);
  const [op] = await db.asService((tx) =>
    tx.query<{ id: string }>("select id from users where email = $1", [OPERATOR])
  );
  const u = await okJson(await admin.call("GET", `/api/v1/users/${op.id}`), 200, S) as {
    email: string;
  };
  assert.equal(u.email, OPERATOR);
  await okJson(await (await apiKey(db, ["read"])).call("GET", `/api/v1/users/${op.id}`), 200, S);

  const [sa] = await db.asService((tx) =>
    tx.query<{ id: string }>("select id from users where email = $1", [SUPERADMIN])
  );
  await problem(await admin.call("GET", `/api/v1/users/${sa.id}`), 404, "not_found");
  await problem(await admin.call("GET", "/api/v1/users/not-a-uuid"), 422, "validation_failed");
  await problem(await (await session(db, FAMILY)).call("GET", `/api/v1/users/${op.id}`), 403);
  await problem(await (await bearer(db, null)).call("GET", `/api/v1/users/${op.id}`), 401);
});

dbTest(
  "POST /api/v1/memberships: admins invite; duplicates and bad bodies are refused",
  async (db) => {
    const S = schema(membershipsRoute, "POST");
    const admin = await session(db, ADMIN);
    const body = {
      email: "nuova.docente@scuola.valdiponte.example",
      full_name: "Nuova Docente",
      role: "teacher",
    };
    const inv = await okJson(await admin.call("POST", "/api/v1/memberships", body), 201, S) as {
      id: string;
      user_created: boolean;
      password_link_sent: boolean;
      user: { roles: { membership_id: string }[] };
    };
    assert.equal(inv.user_created, true);
    assert.equal(inv.password_link_sent, true);
    assert.equal(inv.user.roles[0].membership_id, inv.id);
    const [mail] = await db.asService((tx) =>
      tx.query("select 1 from mail_outbox where to_address = $1", [body.email])
    );
    assert.ok(mail);

    await problem(
      await admin.call("POST", "/api/v1/memberships", body),
      409,
      "duplicate_membership",
    );
    const bad = await problem(
      await admin.call("POST", "/api/v1/memberships", {
        email: "x@",
        full_name: "N",
        tax_code: "ABC",
        role: "mayor",
        extra: 1,
      }),
      422,
    );
    const paths = bad.errors!.map((e) => e.path);
    for (const p of ["body.email", "body.full_name", "body.tax_code", "body.role"]) {
      assert.ok(paths.includes(p), `${p} in ${paths.join()}`);
    }
    const other = { ...body, email: "altro@scuola.valdiponte.example" };
    await problem(
      await (await session(db, OPERATOR)).call("POST", "/api/v1/memberships", other),
      403,
    );
    await problem(
      await (await apiKey(db, ["read", "write"])).call("POST", "/api/v1/memberships", other),
      403,
    );
    await problem(await (await bearer(db, null)).call("POST", "/api/v1/memberships", other), 401);
  },
);

dbTest("DELETE /api/v1/memberships/{id}: admins remove roles, never their own", async (db) => {
  const admin = await session(db, ADMIN);
  const ids = async (email: string) =>
    (await db.asService((tx) =>
      tx.query<{ id: string }>(
        "select m.id from memberships m join users u on u.id = m.user_id where u.email = $1",
        [email],
      )
    )).map((r) => r.id);
  const [opMembership] = await ids(OPERATOR);
  const operator = await session(db, OPERATOR);
  await problem(await operator.call("DELETE", `/api/v1/memberships/${opMembership}`), 403);
  await problem(
    await (await apiKey(db, ["write"])).call("DELETE", `/api/v1/memberships/${opMembership}`),
    403,
  );

  const res = await admin.call("DELETE", `/api/v1/memberships/${opMembership}`);
  assert.equal(res.status, 204);
  assert.equal(res.headers.get("content-type"), null);
  assert.equal(schema(membershipRoute, "DELETE").safeParse(null).success, true);
  assert.equal(await res.text(), "");
  assert.deepEqual(await ids(OPERATOR), []);
  // The operator's session in the Ente ended with the role.
  await problem(await operator.call("GET", "/api/v1/me"), 401);
  await problem(
    await admin.call("DELETE", `/api/v1/memberships/${opMembership}`),
    404,
    "not_found",
  );

  const [own] = await ids(ADMIN);
  await problem(await admin.call("DELETE", `/api/v1/memberships/${own}`), 409, "self");
  await problem(await (await bearer(db, null)).call("DELETE", `/api/v1/memberships/${own}`), 401);
});

dbTest("an admin of Ente A can neither see nor change Ente B's people", async (db) => {
  const b = await enteB(db);
  const admin = await session(db, ADMIN);
  await problem(await admin.call("GET", `/api/v1/users/${b.familyUser}`), 404);
  const found = await okJson(
    await admin.call("GET", "/api/v1/users?q=altrove"),
    200,
    schema(usersRoute, "GET"),
  ) as {
    total: number;
  };
  assert.equal(found.total, 0);
  await problem(await admin.call("DELETE", `/api/v1/memberships/${b.familyMembership}`), 404);
  const [still] = await db.asService((tx) =>
    tx.query("select 1 from memberships where id = $1", [b.familyMembership])
  );
  assert.ok(still, "Ente B's membership survives");
  const key = await apiKey(db, ["read"]);
  await problem(await key.call("GET", `/api/v1/users/${b.adminUser}`), 404);

  // Inviting B's family member into A gives them a role in A only, and no password link.
  const inv = await okJson(
    await admin.call("POST", "/api/v1/memberships", {
      email: "famiglia@altrove.example",
      full_name: "Sara Altrove",
      role: "family",
    }),
    201,
    schema(membershipsRoute, "POST"),
  ) as { tenant_id: string; password_link_sent: boolean; user: { roles: unknown[] } };
  assert.equal(inv.tenant_id, await demoTenantId(db));
  assert.equal(inv.password_link_sent, false);
  assert.equal(inv.user.roles.length, 1);

  // And B's admin sees B only.
  const adminB = await session(db, "admin@altrove.example");
  const bPage = await okJson(
    await adminB.call("GET", "/api/v1/users"),
    200,
    schema(usersRoute, "GET"),
  ) as {
    items: { email: string }[];
  };
  assert.deepEqual(bPage.items.map((u) => u.email).sort(), [
    "admin@altrove.example",
    "famiglia@altrove.example",
  ]);
  const tB = await okJson(
    await adminB.call("PATCH", "/api/v1/tenant", { phone: "0123 456789" }),
    200,
    schema(tenantRoute, "PATCH"),
  ) as {
    id: string;
  };
  assert.equal(tB.id, b.tenantId);
  const [a] = await db.asService((tx) =>
    tx.query<{ phone: string }>("select phone from tenants where id = $1", [inv.tenant_id])
  );
  assert.equal(a.phone, DEMO_TENANT.phone);
});

dbTest("the OpenAPI document describes every tenancy operation", async (db) => {
  const res = await (await bearer(db, null)).call("GET", "/api/v1/openapi.json");
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type")!, /^application\/json/);
  const doc = await res.json();
  for (
    const [path, method] of [
      ["/tenant", "get"],
      ["/tenant", "patch"],
      ["/tenants", "get"],
      ["/tenants", "post"],
      ["/users", "get"],
      ["/users/{id}", "get"],
      ["/memberships", "post"],
      ["/memberships/{id}", "delete"],
    ]
  ) {
    assert.ok(doc.paths[path]?.[method], `${method} ${path}`);
  }
  assert.equal(
    doc.paths["/memberships"].post.responses["201"].content["application/json"].schema
      .additionalProperties,
    false,
  );
});
