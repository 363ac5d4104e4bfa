/**
 * The instalment plans in the API: `GET /api/v1/debt-positions/instalment-plans` lists them as
 * the office's page does (the plans meeting the Ente's rule of decadenza first, the `standing`
 * filter, paging, the rule they were judged by; the billing office and API keys with `read`),
 * and `POST /api/v1/debt-positions/instalment-plans/lapse` declares lapsed, with one reason, the
 * plans given that meet the rule now (each audited, the payer e-mailed), every other id refused
 * with its code; office sessions only. Both beside `/debt-positions/{id}`, which they do not
 * shadow nor are shadowed by.
 */
import assert from "node:assert/strict";
import { createApiKey } from "../lib/auth/api_keys.ts";
import type { Db } from "../lib/db/types.ts";
import { jsonOf, signedInWith, testApp, type TestClient } from "./helpers/app.ts";
import { CHIARA, OPERATOR } from "./helpers/canteen_billing.ts";
import { dbTest } from "./helpers/db.ts";
import { lapsesWritten, payerEmailOf, threePlans } from "./helpers/fixtures_instalment_plans.ts";
import { api, PEOPLE } from "./helpers/fixtures_sites.ts";

const LIST = "/api/v1/debt-positions/instalment-plans";
const LAPSE = "/api/v1/debt-positions/instalment-plans/lapse";
const WHY = "Due rate non pagate nonostante il sollecito";
const LAW = { missed: 2, consecutive: true, window_months: null, after_reminder: true };

/**
 * Chiara's plan (40,00 €) and Roberta's (15,00 €) meet the law's rule (`lapse_due`); Marco's
 * (12,00 €, no e-mail) has instalments missed but was never reminded since (`late`).
 */
async function plans(db: Db) {
  const p = await threePlans(db, ["chiara", "roberta"]);
  const { client } = await testApp(db);
  return { ...p, client };
}

/** A call with an API key of the demo Ente with `scopes` (no session, no CSRF token). */
async function withKey(
  db: Db,
  client: () => TestClient,
  f: { tenantId: string },
  createdBy: string,
  scopes: ("read" | "write")[],
) {
  const key = await db.asOwner((tx) =>
    createApiKey(tx, { tenantId: f.tenantId, name: "Gestionale", scopes, createdBy })
  );
  const anonymous = client();
  return (method: string, path: string, body?: unknown) =>
    anonymous.request(path, {
      method,
      headers: {
        authorization: `Bearer ${key.token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
}

const idsOf = (page: { items: { position_id: string }[] }) => page.items.map((p) => p.position_id);

dbTest("API: the plans, the rule met first, filtered, paged, with the rule", async (db) => {
  const { f, op: claims, client, chiara, roberta, marco } = await plans(db);
  const op = await signedInWith(client, OPERATOR);
  const get = async (query: string, status = 200) =>
    await jsonOf(await api(op, "GET", `${LIST}${query}`), status);

  const all = await get("");
  assert.deepEqual([all.total, all.limit, all.offset], [3, 25, 0]);
  assert.deepEqual(all.rule, LAW);
  // Meeting the rule first (the longest missed first, then by payer), then the plans late.
  assert.deepEqual(
    all.items.map((p: { position_id: string; standing: string }) => [p.position_id, p.standing]),
    [[chiara, "lapse_due"], [roberta, "lapse_due"], [marco, "late"]],
  );
  const first = all.items[0];
  assert.deepEqual(
    {
      payer_name: first.payer_name,
      instalments: first.instalments,
      paid_instalments: first.paid_instalments,
      missed: first.missed,
      missed_cents: first.missed_cents,
      residual_cents: first.residual_cents,
      missed_since: first.missed_since,
      lapsed_at: first.lapsed_at,
    },
    {
      payer_name: "Colombo Chiara",
      instalments: 3,
      paid_instalments: 0,
      missed: 2,
      missed_cents: 2667,
      residual_cents: 4000,
      missed_since: f.day(-40),
      lapsed_at: null,
    },
  );
  assert.match(first.iupd, /^PZ-R-/);
  assert.equal(typeof first.granted_at, "string");
  assert.deepEqual(all.items.map((p: { residual_cents: number }) => p.residual_cents), [
    4000,
    1500,
    1200,
  ]);
  assert.equal(all.missed_cents, 2667 + 1000 + 800);

  // The filter: the rule met, and instalments missed without it.
  const due = await get("?standing=lapse_due");
  assert.deepEqual([idsOf(due), due.total, due.missed_cents], [[chiara, roberta], 2, 3667]);
  const late = await get("?standing=late");
  assert.deepEqual([idsOf(late), late.total, late.missed_cents], [[marco], 1, 800]);
  assert.deepEqual(idsOf(await get("?standing=regular")), []);
  // Paging: the total stays the whole count.
  const second = await get("?limit=1&offset=1");
  assert.deepEqual([idsOf(second), second.total, second.limit, second.offset], [
    [roberta],
    3,
    1,
    1,
  ]);
  assert.deepEqual(idsOf(await get("?limit=2&offset=2")), [marco]);

  // A bad standing, limit or offset: 422 naming the parameter.
  for (
    const [query, path] of [
      ["?standing=overdue", "query.standing"],
      ["?limit=0", "query.limit"],
      ["?limit=101", "query.limit"],
      ["?offset=-1", "query.offset"],
    ]
  ) {
    const bad = await get(query, 422);
    assert.equal(bad.code, "validation_failed", query);
    assert.deepEqual(bad.errors.map((e: { path: string }) => e.path), [path], query);
  }

  // The Ente's own rule: three instalments, not consecutive, no reminder: none meets it now.
  await db.asOwner((tx) =>
    tx.query(
      `update public.billing_settings
          set lapse_missed_instalments = 3, lapse_consecutive = false,
              lapse_window_months = 6, lapse_after_reminder = false
        where tenant_id = $1`,
      [f.tenantId],
    )
  );
  const own = await get("");
  assert.deepEqual(own.rule, {
    missed: 3,
    consecutive: false,
    window_months: 6,
    after_reminder: false,
  });
  assert.deepEqual(own.items.map((p: { standing: string }) => p.standing), [
    "late",
    "late",
    "late",
  ]);
  assert.equal((await get("?standing=lapse_due")).total, 0);

  // An API key with `read` lists them too; a teacher and a family do not.
  const key = await withKey(db, client, f, claims.sub, ["read"]);
  const byKey = await jsonOf(await key("GET", `${LIST}?standing=late`), 200);
  assert.deepEqual([byKey.total, byKey.rule.missed], [3, 3]);
  for (const who of [PEOPLE.ferrari, CHIARA]) {
    const other = await signedInWith(client, who);
    const refused = await jsonOf(await api(other, "GET", LIST), 403);
    assert.equal(refused.code, "forbidden", who);
  }

  // The literal path does not shadow a position's own, nor is shadowed by it.
  const position = await jsonOf(await api(op, "GET", `/api/v1/debt-positions/${chiara}`), 200);
  assert.equal(position.id, chiara);
});

dbTest("API: the lapse of many plans, only those meeting the rule now", async (db) => {
  const { f, op: claims, client, chiara, roberta, marco } = await plans(db);
  const op = await signedInWith(client, OPERATOR);
  const forged = crypto.randomUUID();
  const lapse = async (body: unknown, status: number) =>
    await jsonOf(await api(op, "POST", LAPSE, body), status);

  // The reason and the list checked first: 422, nothing written.
  const short = await lapse({ position_ids: [chiara], reason: "boh!" }, 422);
  assert.equal(short.code, "validation_failed");
  assert.deepEqual(short.errors.map((e: { path: string }) => e.path), ["body.reason"]);
  const blank = await lapse({ position_ids: [chiara], reason: "  boh!   " }, 422);
  assert.deepEqual(blank.errors.map((e: { path: string }) => e.path), ["body.reason"]);
  const empty = await lapse({ position_ids: [], reason: WHY }, 422);
  assert.deepEqual(empty.errors.map((e: { path: string }) => e.path), ["body.position_ids"]);
  const notIds = await lapse({ position_ids: [chiara, "x'; drop table"], reason: WHY }, 422);
  assert.deepEqual(notIds.errors.map((e: { path: string }) => e.path), ["body.position_ids.1"]);
  const many = Array.from({ length: 501 }, () => crypto.randomUUID());
  assert.equal((await lapse({ position_ids: many, reason: WHY }, 422)).code, "validation_failed");

  // API keys, even with `write`, and a teacher declare nothing.
  const key = await withKey(db, client, f, claims.sub, ["read", "write"]);
  const byKey = await jsonOf(
    await key("POST", LAPSE, { position_ids: [chiara], reason: WHY }),
    403,
  );
  assert.equal(byKey.code, "insufficient_scope");
  const teacher = await signedInWith(client, PEOPLE.ferrari);
  const byTeacher = await jsonOf(
    await api(teacher, "POST", LAPSE, { position_ids: [chiara], reason: WHY }),
    403,
  );
  assert.equal(byTeacher.code, "forbidden");
  assert.deepEqual(await lapsesWritten(db), { lapsed: {}, mails: [] });

  // Two plans meeting the rule, one late and an unknown id (Chiara's given twice counts once).
  const posted = [chiara, marco, forged, roberta, chiara];
  const out = await lapse({ position_ids: posted, reason: `  ${WHY} ` }, 200);
  assert.deepEqual(out, {
    lapsed: [
      { position_id: chiara, residual_cents: 4000, mailed: true },
      { position_id: roberta, residual_cents: 1500, mailed: true },
    ],
    refused: [
      {
        position_id: marco,
        code: "rule_not_met",
        message: "The plan does not meet the Ente's lapse rule now: it was not declared lapsed.",
      },
      { position_id: forged, code: "not_found", message: "This position has no instalment plan." },
    ],
  });
  assert.deepEqual(await lapsesWritten(db), {
    lapsed: { [chiara]: WHY, [roberta]: WHY },
    mails: [await payerEmailOf(db, chiara), await payerEmailOf(db, roberta)].sort(),
  });
  const stamps = await db.asOwner((tx) =>
    tx.query<{ position_id: string; lapsed_at: string | null }>(
      `select position_id, to_json(lapsed_at) #>> '{}' as lapsed_at
         from public.instalment_plans where position_id = any ($1::uuid[])`,
      [[chiara, roberta, marco]],
    )
  );
  for (const s of stamps) {
    if (s.position_id === marco) assert.equal(s.lapsed_at, null);
    else assert.ok(Math.abs(Date.parse(s.lapsed_at!) - Date.now()) < 60_000, s.lapsed_at!);
  }
  // Each lapse audited as the office's own.
  const audit = await db.asOwner((tx) =>
    tx.query<{ position_id: string; actor: string | null }>(
      `select after ->> 'position_id' as position_id, actor_id::text as actor
         from public.audit_log
        where entity = 'instalment_plans' and action = 'update'
          and after ->> 'lapsed_at' is not null
        order by after ->> 'position_id'`,
    )
  );
  assert.deepEqual(audit.map((a) => a.position_id), [chiara, roberta].sort());
  assert.ok(audit.every((a) => a.actor === claims.sub));
  // The list says so.
  const lapsed = await jsonOf(await api(op, "GET", `${LIST}?standing=lapsed`), 200);
  assert.deepEqual(idsOf(lapsed).sort(), [chiara, roberta].sort());

  // The same call again: nothing lapses twice, every id refused with why.
  const again = await lapse({ position_ids: posted, reason: WHY }, 200);
  assert.deepEqual(again.lapsed, []);
  assert.deepEqual(
    again.refused.map((r: { position_id: string; code: string }) => [r.position_id, r.code]),
    [[chiara, "already"], [marco, "rule_not_met"], [forged, "not_found"], [roberta, "already"]],
  );
  assert.equal(again.refused[0].message, "The instalment plan has already lapsed.");
  // A settled position's plan is not lapsed either.
  await db.asOwner((tx) =>
    tx.query("update public.debt_positions set status = 'paid' where id = $1", [marco])
  );
  const settled = await lapse({ position_ids: [marco], reason: WHY }, 200);
  assert.deepEqual(settled.refused.map((r: { code: string }) => r.code), ["settled"]);
  assert.deepEqual(Object.keys((await lapsesWritten(db)).lapsed).sort(), [chiara, roberta].sort());
});

dbTest("API: the plans and their lapse are documented", async (db) => {
  const { client } = await testApp(db);
  const doc = await jsonOf(await client().get("/api/v1/openapi.json"), 200);
  const list = doc.paths["/debt-positions/instalment-plans"].get;
  assert.deepEqual(list["x-roles"], ["admin", "operator"]);
  assert.ok(list.security.length > 1, JSON.stringify(list.security));
  assert.match(list.description, /the Ente's rule of decadenza is met/);
  const standing = list.parameters.find((p: { name: string }) => p.name === "standing");
  assert.deepEqual(standing.schema.enum, [
    "lapse_due",
    "late",
    "regular",
    "lapsed",
    "paid",
    "cancelled",
  ]);
  const page = list.responses["200"].content["application/json"].schema;
  assert.deepEqual(
    [...page.required].sort(),
    ["items", "limit", "missed_cents", "offset", "rule", "total"],
  );
  const lapse = doc.paths["/debt-positions/instalment-plans/lapse"].post;
  assert.deepEqual(lapse.security, [{ session: [] }]);
  assert.deepEqual(
    [...lapse.requestBody.content["application/json"].schema.required].sort(),
    ["position_ids", "reason"],
  );
  assert.match(lapse.description, /API keys/);
  // Beside a position's own paths, which keep theirs.
  assert.ok(doc.paths["/debt-positions/{id}"].get);
  assert.ok(doc.paths["/debt-positions/{id}/instalment-plan/lapse"].post);
});
