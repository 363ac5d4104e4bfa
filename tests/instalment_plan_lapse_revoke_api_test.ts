/**
 * Revoca della decadenza through `POST /api/v1/debt-positions/{id}/instalment-plan/lapse/revoke`:
 * the office revokes a lapse (200, what the plan still owes, the payer e-mailed); the plan holds
 * again (the position reads `lapsed: false`, only the instalments past due are overdue) and may
 * lapse again; each refusal with its code, a position on a live enforced-collection list only
 * once withdrawn from it; families, API keys and CSRF-less calls refused; the operation
 * documented for office sessions only.
 */
import assert from "node:assert/strict";
import { createApiKey } from "../lib/auth/api_keys.ts";
import {
  lapseInstalmentPlan,
  revokeInstalmentPlanLapse,
} from "../lib/billing/instalment_plan_lapse_record.ts";
import { PlanError } from "../lib/billing/instalment_plan_record.ts";
import { HttpError } from "../lib/http/define.ts";
import { planApiError } from "../routes/api/v1/debt-positions/_schemas.ts";
import type { Claims, Db } from "../lib/db/types.ts";
import { jsonOf, signedInWith, testApp, type TestClient } from "./helpers/app.ts";
import { CHIARA, OPERATOR } from "./helpers/canteen_billing.ts";
import { dbTest } from "./helpers/db.ts";
import { remindedAgo, RULE } from "./helpers/fixtures_enforced.ts";
import { lapsingPlan } from "./helpers/fixtures_instalment_plans.ts";
import { api } from "./helpers/fixtures_sites.ts";

const LAPSE_WHY = "Due rate non pagate nonostante il sollecito";
const WHY = "Il sollecito non era stato recapitato alla famiglia";
const UNKNOWN = "00000000-0000-4000-8000-000000000000";
const path = (id: string) => `/api/v1/debt-positions/${id}/instalment-plan/lapse/revoke`;
const COLLECTIONS = "/api/v1/debt-positions/enforced-collections";

/** Status, then content type, then the JSON body. */

async function one<T>(db: Db, sql: string, params: unknown[] = []): Promise<T> {
  const [r] = await db.asOwner((tx) => tx.query<T>(sql, params));
  return r;
}

/** The plan's lapse and revocation columns, the users by e-mail, the instants as JSON has them. */
interface PlanRow {
  lapsed_at: string | null;
  lapsed_by: string | null;
  lapse_reason: string | null;
  lapse_revoked_at: string | null;
  lapse_revoked_by: string | null;
  lapse_revoke_reason: string | null;
  revoked_lapse_at: string | null;
}
const planRow = (db: Db, plan: string) =>
  one<PlanRow>(
    db,
    `select to_json(ip.lapsed_at) #>> '{}' as lapsed_at, l.email as lapsed_by, ip.lapse_reason,
            to_json(ip.lapse_revoked_at) #>> '{}' as lapse_revoked_at,
            r.email as lapse_revoked_by, ip.lapse_revoke_reason,
            to_json(ip.revoked_lapse_at) #>> '{}' as revoked_lapse_at
       from public.instalment_plans ip
       left join public.users l on l.id = ip.lapsed_by
       left join public.users r on r.id = ip.lapse_revoked_by
      where ip.position_id = $1`,
    [plan],
  ).then((r) => ({ ...r }));

const revokeMails = (db: Db) =>
  db.asOwner((tx) =>
    tx.query<{ to_address: string; body_text: string }>(
      `select to_address, body_text from public.mail_outbox
        where subject like '%: decadenza della rateizzazione revocata'`,
    )
  );

/** Declares the plan lapsed (as the office), the day before: its whole residual is overdue. */
async function lapsedYesterday(db: Db, op: Claims, plan: string): Promise<string> {
  await lapseInstalmentPlan(db, op, plan, LAPSE_WHY);
  const r = await one<{ lapsed_at: string }>(
    db,
    `update public.instalment_plans set lapsed_at = lapsed_at - interval '1 day'
      where position_id = $1 returning to_json(lapsed_at) #>> '{}' as lapsed_at`,
    [plan],
  );
  return r.lapsed_at;
}

dbTest("API: the office revokes a lapse; the plan holds again and may lapse again", async (db) => {
  const { f, op: claims, plan } = await lapsingPlan(db);
  const lapsedAt = await lapsedYesterday(db, claims, plan);
  const { client } = await testApp(db);
  const op = await signedInWith(client, OPERATOR);

  // Lapsed since yesterday: the whole residual is overdue.
  const before = await jsonOf(await api(op, "GET", `/api/v1/debt-positions/${plan}`), 200);
  assert.equal(before.lapsed, true);
  assert.equal(before.overdue_cents, 4000);

  const out = await jsonOf(await api(op, "POST", path(plan), { reason: `  ${WHY} ` }), 200);
  assert.equal(typeof out.revoked_at, "string");
  assert.ok(Math.abs(Date.parse(out.revoked_at) - Date.now()) < 60_000, out.revoked_at);
  assert.deepEqual(out, {
    position_id: plan,
    residual_cents: 4000,
    mailed: true,
    revoked_at: out.revoked_at,
  });

  // The lapse is cleared; the revocation stays on the plan, with the lapse it revoked.
  assert.deepEqual(await planRow(db, plan), {
    lapsed_at: null,
    lapsed_by: null,
    lapse_reason: null,
    lapse_revoked_at: out.revoked_at,
    lapse_revoked_by: OPERATOR,
    lapse_revoke_reason: WHY,
    revoked_lapse_at: lapsedAt,
  });
  // The payer is written to, with the reason and what is late.
  const mails = await revokeMails(db);
  assert.equal(mails.length, 1);
  const chiara = await one<{ email: string }>(
    db,
    `select pe.email from public.people pe join public.debt_positions d on d.payer_id = pe.id
      where d.id = $1`,
    [plan],
  );
  assert.equal(mails[0].to_address, chiara.email);
  assert.match(mails[0].body_text, new RegExp(`Motivo: ${WHY}\n`));
  assert.match(mails[0].body_text, /La rateizzazione torna valida/);
  assert.match(mails[0].body_text, /Restano da pagare 2 rate già scadute/);

  // The plan holds again: only the instalments past due are overdue, since the first missed.
  const now = await jsonOf(await api(op, "GET", `/api/v1/debt-positions/${plan}`), 200);
  assert.equal(now.lapsed, false);
  assert.equal(now.overdue_cents, 2667);
  assert.equal(now.overdue_since, f.day(-40));

  // Nothing left to revoke: 409 `not_lapsed`, nothing written, no second e-mail.
  const again = await jsonOf(await api(op, "POST", path(plan), { reason: WHY }), 409);
  assert.equal(again.code, "not_lapsed");
  assert.equal((await planRow(db, plan)).lapse_revoked_at, out.revoked_at);
  assert.equal((await revokeMails(db)).length, 1);

  // It may lapse again; the last revocation stays on the plan.
  const relapse = await jsonOf(
    await api(op, "POST", `/api/v1/debt-positions/${plan}/instalment-plan/lapse`, {
      reason: LAPSE_WHY,
    }),
    200,
  );
  assert.equal(relapse.residual_cents, 4000);
  const row = await planRow(db, plan);
  assert.equal(row.lapse_reason, LAPSE_WHY);
  assert.equal(row.lapse_revoke_reason, WHY);

  // The answer has exactly what the OpenAPI document promises.
  const doc = await jsonOf(await client().get("/api/v1/openapi.json"), 200);
  const schema = doc.paths["/debt-positions/{id}/instalment-plan/lapse/revoke"].post
    .responses["200"].content["application/json"].schema;
  assert.deepEqual(Object.keys(out).sort(), [...schema.required].sort());
  assert.deepEqual(Object.keys(schema.properties).sort(), [...schema.required].sort());
});

dbTest(
  "API: each refusal of a revocation has its code, and only office sessions revoke",
  async (db) => {
    const { f, op: claims, plan } = await lapsingPlan(db);
    const { client } = await testApp(db);
    const op = await signedInWith(client, OPERATOR);
    const revoke = (id: string, body: unknown, status: number) =>
      api(op, "POST", path(id), body).then((r) => jsonOf(r, status));
    const revoked = () => planRow(db, plan).then((r) => r.lapse_revoked_at);

    // Not lapsed yet.
    assert.equal((await revoke(plan, { reason: WHY }, 409)).code, "not_lapsed");
    const lapsedAt = await lapsedYesterday(db, claims, plan);

    // The reason: missing, too short once trimmed, too long, not a string; the path's id.
    for (const body of [{}, { reason: "  boh  " }, { reason: "x".repeat(1001) }, { reason: 7 }]) {
      const r = await revoke(plan, body, 422);
      assert.equal(r.code, "validation_failed");
      assert.deepEqual(r.errors.map((e: { path: string }) => e.path), ["body.reason"]);
    }
    // The database's own refusal of the reason (the body's checks catch it first) is about the
    // same field.
    const refused = await revokeInstalmentPlanLapse(db, claims, plan, " boh ").catch((e) => e);
    assert.ok(refused instanceof PlanError, String(refused));
    const problem = planApiError(refused);
    assert.ok(problem instanceof HttpError);
    assert.equal(problem.status, 422);
    assert.deepEqual(problem.extra, {
      code: "reason",
      errors: [{ path: "body.reason", message: refused.en, code: "reason" }],
    });
    assert.equal((await revoke("nope", { reason: WHY }, 422)).errors[0].path, "path.id");

    // No such position, and a position without a plan.
    assert.equal((await revoke(UNKNOWN, { reason: WHY }, 404)).code, "not_found");
    assert.equal((await revoke(f.other, { reason: WHY }, 404)).code, "not_found");

    // Paid (or cancelled) meanwhile.
    const status = (s: string) =>
      db.asOwner((tx) =>
        tx.query("update public.debt_positions set status = $2 where id = $1", [plan, s])
      );
    await status("paid");
    assert.equal((await revoke(plan, { reason: WHY }, 409)).code, "settled");
    await status("cancelled");
    assert.equal((await revoke(plan, { reason: WHY }, 409)).code, "settled");
    await status("open");

    // Handed over to enforced collection for its whole residual: withdrawn first (sgravio).
    await remindedAgo(db, plan, 35);
    const list = await jsonOf(
      await api(op, "POST", COLLECTIONS, {
        min_days: RULE.minDays,
        min_payer_cents: RULE.minPayerCents,
        reference: RULE.reference,
      }),
      201,
    );
    assert.deepEqual(
      list.selection.positions.map((p: { position_id: string; overdue_cents: number }) => [
        p.position_id,
        p.overdue_cents,
      ]),
      [[plan, 4000]],
    );
    const enforced = await revoke(plan, { reason: WHY }, 409);
    assert.equal(enforced.code, "enforced");
    assert.match(enforced.detail, /withdraw it from the list first/);
    assert.equal(await revoked(), null);
    assert.equal((await planRow(db, plan)).lapsed_at, lapsedAt);

    // Chiara, the payer (403), API keys even with the write scope (403), nobody (401), and the
    // office's own session without its CSRF token (403) revoke nothing.
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
        createApiKey(tx, {
          tenantId: f.tenantId,
          name: "Gestionale",
          scopes,
          createdBy: claims.sub,
        })
      );
      const res = await post(anonymous, { authorization: `Bearer ${key.token}` });
      assert.equal((await jsonOf(res, 403)).code, "insufficient_scope", scopes.join());
    }
    assert.equal((await jsonOf(await post(anonymous, {}), 401)).code, "unauthenticated");
    assert.equal((await jsonOf(await post(op, {}), 403)).code, "csrf");
    assert.equal(await revoked(), null);
    assert.equal((await revokeMails(db)).length, 0);

    // Withdrawn from the list, the lapse is revoked.
    const withdraw = `${COLLECTIONS}/${list.collection.id}/positions/${plan}/withdraw`;
    await jsonOf(
      await api(op, "POST", withdraw, { reason: "Decadenza dichiarata per errore" }),
      200,
    );
    const out = await revoke(plan, { reason: WHY }, 200);
    assert.equal(out.residual_cents, 4000);
    assert.equal(await revoked(), out.revoked_at);
    assert.equal((await revokeMails(db)).length, 1);
  },
);

dbTest("API: the revocation of a lapse is documented for office sessions only", async (db) => {
  const { client } = await testApp(db);
  const doc = await jsonOf(await client().get("/api/v1/openapi.json"), 200);
  const op = doc.paths["/debt-positions/{id}/instalment-plan/lapse/revoke"].post;
  assert.equal(op.operationId, "postDebtPositionsByIdInstalmentPlanLapseRevoke");
  assert.deepEqual(op.security, [{ session: [] }]);
  assert.deepEqual(op["x-roles"], ["admin", "operator"]);
  const body = op.requestBody.content["application/json"].schema;
  assert.deepEqual(body.required, ["reason"]);
  assert.equal(body.properties.reason.minLength, 5);
  assert.equal(body.properties.reason.maxLength, 1000);
  const ok = op.responses["200"].content["application/json"].schema;
  assert.deepEqual(
    [...ok.required].sort(),
    ["mailed", "position_id", "residual_cents", "revoked_at"],
  );
  for (const s of ["401", "403", "404", "409", "422"]) assert.ok(op.responses[s], s);
  assert.match(op.description, /API keys/);
  assert.match(op.description, /`not_lapsed`/);
  assert.match(op.description, /`enforced`/);
  assert.match(op.description, /withdrawn/);
  assert.match(op.description, /may lapse again/);
  // Beside the lapse, which keeps its own path.
  assert.ok(doc.paths["/debt-positions/{id}/instalment-plan/lapse"].post);
});
