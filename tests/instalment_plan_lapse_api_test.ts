/**
 * Decadenza through `POST /api/v1/debt-positions/{id}/instalment-plan/lapse`: the office declares
 * a plan lapsed (200, what the plan still owes, the payer e-mailed); the position then reads
 * `lapsed: true`, from the next day its whole residual is overdue, and the office's list says
 * «Rateizzazione decaduta»; each refusal with its code; families, API keys and CSRF-less calls
 * refused; the operation documented for office sessions only.
 */
import assert from "node:assert/strict";
import { createApiKey } from "../lib/auth/api_keys.ts";
import type { Db } from "../lib/db/types.ts";
import { htmlOf, jsonOf, signedInWith, testApp, type TestClient } from "./helpers/app.ts";
import { CHIARA, OPERATOR } from "./helpers/canteen_billing.ts";
import { dbTest } from "./helpers/db.ts";
import { lapsingPlan } from "./helpers/fixtures_instalment_plans.ts";
import { api } from "./helpers/fixtures_sites.ts";

const WHY = "Due rate non pagate nonostante il sollecito";
const UNKNOWN = "00000000-0000-4000-8000-000000000000";
const path = (id: string) => `/api/v1/debt-positions/${id}/instalment-plan/lapse`;

/** Status, then content type, then the JSON body. */

async function one<T>(db: Db, sql: string, params: unknown[] = []): Promise<T> {
  const [r] = await db.asOwner((tx) => tx.query<T>(sql, params));
  return r;
}

const lapsedPlans = (db: Db) =>
  one<{ n: number }>(
    db,
    "select count(*)::int as n from public.instalment_plans where lapsed_at is not null",
  ).then((r) => r.n);

/** The flags of the office's list for the position with IUPD `iupd` (its only row). */
async function listFlags(op: TestClient, iupd: string): Promise<string[]> {
  const html = await htmlOf(await op.get(`/operatore/posizioni?payer=${encodeURIComponent(iupd)}`));
  return [...html.matchAll(/<span class="badge bg-secondary[^"]*">([^<]*)<\/span>/g)]
    .map((m) => m[1].trim());
}

dbTest("API: the office declares a plan lapsed; its whole residual falls due", async (db) => {
  const { f, plan, iupd } = await lapsingPlan(db);
  const { client } = await testApp(db);
  const op = await signedInWith(client, OPERATOR);

  const before = await jsonOf(await api(op, "GET", `/api/v1/debt-positions/${plan}`), 200);
  assert.equal(before.lapsed, false);
  assert.equal(before.overdue_cents, 2667);
  assert.deepEqual(await listFlags(op, iupd), ["Rateizzazione"]);

  const out = await jsonOf(await api(op, "POST", path(plan), { reason: `  ${WHY} ` }), 200);
  assert.equal(typeof out.lapsed_at, "string");
  assert.ok(Math.abs(Date.parse(out.lapsed_at) - Date.now()) < 60_000, out.lapsed_at);
  assert.deepEqual(out, {
    position_id: plan,
    residual_cents: 4000,
    mailed: true,
    lapsed_at: out.lapsed_at,
  });
  const row = await one<{ lapse_reason: string; lapsed_by: string }>(
    db,
    `select ip.lapse_reason, u.email as lapsed_by
       from public.instalment_plans ip join public.users u on u.id = ip.lapsed_by
      where ip.position_id = $1`,
    [plan],
  );
  assert.deepEqual({ ...row }, { lapse_reason: WHY, lapsed_by: OPERATOR });
  const mail = await one<{ n: number }>(
    db,
    "select count(*)::int as n from public.mail_outbox where subject like '%rateizzazione decaduta'",
  );
  assert.equal(mail.n, 1);

  // The day of the lapse only the missed instalments are overdue; the list says it lapsed.
  const now = await jsonOf(await api(op, "GET", `/api/v1/debt-positions/${plan}`), 200);
  assert.equal(now.lapsed, true);
  assert.equal(now.overdue_cents, 2667);
  assert.deepEqual(await listFlags(op, iupd), ["Rateizzazione decaduta"]);
  // From the next day the whole residual is overdue.
  await db.asOwner((tx) =>
    tx.query(
      "update public.instalment_plans set lapsed_at = lapsed_at - interval '1 day' where position_id = $1",
      [plan],
    )
  );
  const next = await jsonOf(await api(op, "GET", `/api/v1/debt-positions/${plan}`), 200);
  assert.equal(next.lapsed, true);
  assert.equal(next.overdue_cents, out.residual_cents);
  assert.equal(next.overdue_since, f.day(-40));
  // The list of positions carries the flag too, and the position it replaced does not.
  const list = await jsonOf(
    await api(op, "GET", `/api/v1/debt-positions?payer=Colombo&limit=200`),
    200,
  );
  const flags = Object.fromEntries(
    list.items.map((p: { id: string; lapsed: boolean }) => [p.id, p.lapsed]),
  );
  assert.equal(flags[plan], true);
  assert.equal(flags[f.late], false);
  assert.equal(flags[f.instalments], false);

  // Once is enough.
  const again = await jsonOf(await api(op, "POST", path(plan), { reason: WHY }), 409);
  assert.equal(again.code, "already");
  assert.equal(await lapsedPlans(db), 1);
});

dbTest("API: each refusal has its code, and only office sessions declare a lapse", async (db) => {
  const { f, op: claims, plan } = await lapsingPlan(db);
  const { client } = await testApp(db);
  const op = await signedInWith(client, OPERATOR);
  const lapse = (id: string, body: unknown, status: number) =>
    api(op, "POST", path(id), body).then((r) => jsonOf(r, status));

  // The reason: missing, too short once trimmed, too long; the path's id.
  for (const body of [{}, { reason: "  boh  " }, { reason: "x".repeat(1001) }, { reason: 7 }]) {
    const r = await lapse(plan, body, 422);
    assert.equal(r.code, "validation_failed");
    assert.deepEqual(r.errors.map((e: { path: string }) => e.path), ["body.reason"]);
  }
  assert.equal((await lapse("nope", { reason: WHY }, 422)).errors[0].path, "path.id");

  // No such position, and a position without a plan.
  assert.equal((await lapse(UNKNOWN, { reason: WHY }, 404)).code, "not_found");
  assert.equal((await lapse(f.other, { reason: WHY }, 404)).code, "not_found");
  // Nothing missed yet.
  const shift = (days: number) =>
    db.asOwner((tx) =>
      tx.query(
        "update public.payment_notices set due_on = due_on + $2::int where debt_position_id = $1",
        [plan, days],
      )
    );
  await shift(60);
  assert.equal((await lapse(plan, { reason: WHY }, 409)).code, "not_overdue");
  await shift(-60);
  // Paid (or cancelled) meanwhile.
  const status = (s: string) =>
    db.asOwner((tx) =>
      tx.query("update public.debt_positions set status = $2 where id = $1", [plan, s])
    );
  await status("paid");
  assert.equal((await lapse(plan, { reason: WHY }, 409)).code, "settled");
  await status("open");
  assert.equal(await lapsedPlans(db), 0);

  // Chiara, the payer (403), API keys even with the write scope (403), nobody (401), and the
  // office's own session without its CSRF token (403) declare nothing.
  const chiara = await signedInWith(client, CHIARA);
  assert.equal(
    (await jsonOf(await api(chiara, "POST", path(plan), { reason: WHY }), 403)).code,
    "forbidden",
  );
  const anonymous = client();
  const post = (c: TestClient, headers: Record<string, string>) =>
    c.request(path(plan), {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ reason: WHY }),
    });
  for (const scopes of [["read"], ["read", "write"]] as ("read" | "write")[][]) {
    const key = await db.asOwner((tx) =>
      createApiKey(tx, { tenantId: f.tenantId, name: "Gestionale", scopes, createdBy: claims.sub })
    );
    const res = await post(anonymous, { authorization: `Bearer ${key.token}` });
    assert.equal((await jsonOf(res, 403)).code, "insufficient_scope", scopes.join());
  }
  assert.equal((await jsonOf(await post(anonymous, {}), 401)).code, "unauthenticated");
  assert.equal((await jsonOf(await post(op, {}), 403)).code, "csrf");
  assert.equal(await lapsedPlans(db), 0);

  // The office can still declare it.
  assert.equal((await lapse(plan, { reason: WHY }, 200)).residual_cents, 4000);
  assert.equal(await lapsedPlans(db), 1);
});

dbTest("API: the lapse is documented for office sessions only", async (db) => {
  const { client } = await testApp(db);
  const doc = await jsonOf(await client().get("/api/v1/openapi.json"), 200);
  const op = doc.paths["/debt-positions/{id}/instalment-plan/lapse"].post;
  assert.deepEqual(op.security, [{ session: [] }]);
  assert.deepEqual(op["x-roles"], ["admin", "operator"]);
  assert.deepEqual(op.requestBody.content["application/json"].schema.required, ["reason"]);
  const ok = op.responses["200"].content["application/json"].schema;
  assert.deepEqual(
    [...ok.required].sort(),
    ["lapsed_at", "mailed", "position_id", "residual_cents"],
  );
  for (const s of ["401", "403", "404", "409", "422"]) assert.ok(op.responses[s], s);
  assert.match(op.description, /API keys/);
  // Beside the grant, which keeps its own path.
  assert.ok(doc.paths["/debt-positions/{id}/instalment-plan"].post);
  const positions = doc.paths["/debt-positions/{id}"].get.responses["200"].content;
  assert.equal(positions["application/json"].schema.properties.lapsed.type, "boolean");
});
