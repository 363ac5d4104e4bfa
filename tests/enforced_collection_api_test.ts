/**
 * Enforced collection through `/api/v1/debt-positions/enforced-collections`: a dry run writes
 * nothing and tells what the list would leave out and why; the list created (201) and read with
 * its positions as they are now (audited as the export of the «lista di carico»); a second list
 * finds nothing (409 `empty`); a withdrawal puts the position back in play; each validation
 * error with its field path, the same bounds as the office's form; families, API keys and
 * another Ente kept out; the operations documented.
 */
import assert from "node:assert/strict";
import { createApiKey } from "../lib/auth/api_keys.ts";
import { FIELDS, readCollectionForm } from "../lib/billing/enforced_collection.ts";
import type { Db } from "../lib/db/types.ts";
import { CollectionBody } from "../routes/api/v1/debt-positions/enforced-collections/_schemas.ts";
import { jsonOf, testApp, type TestClient } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { claimsOf, enforcedFixture, RULE } from "./helpers/fixtures_enforced.ts";
import { api, PEOPLE, signedIn } from "./helpers/fixtures_sites.ts";
import { addOtherTenant, OTHER_ADMIN } from "./helpers/other_tenant.ts";
import { setPaid } from "./helpers/overdue_positions.ts";

const PATH = "/api/v1/debt-positions/enforced-collections";
const WHY = "Rateizzazione concessa";

/** `RULE` (30 days, 30,00 € per payer) as the API's body. */
const BODY = {
  min_days: RULE.minDays,
  min_payer_cents: RULE.minPayerCents,
  reference: RULE.reference,
  note: "Affidamento all'Ufficio Entrate",
};

/** Status, then content type, then the JSON body. */

async function count(db: Db, sql: string): Promise<number> {
  const [{ n }] = await db.asOwner((tx) => tx.query<{ n: number }>(sql));
  return n;
}

const lists = (db: Db) => count(db, "select count(*)::int as n from public.enforced_collections");
const withdrawn = (db: Db) =>
  count(
    db,
    "select count(*)::int as n from public.enforced_collection_positions where withdrawn_at is not null",
  );
const withdrawPath = (id: string, position: string) =>
  `${PATH}/${id}/positions/${position}/withdraw`;

dbTest("API: dry run, a new list, its positions now, nothing twice, a withdrawal", async (db) => {
  const f = await enforcedFixture(db);
  const op = await signedIn(db, PEOPLE.operator);

  // Nothing yet.
  assert.deepEqual(await jsonOf(await api(op, "GET", PATH), 200), {
    items: [],
    total: 0,
    limit: 50,
    offset: 0,
  });

  // The dry run: Chiara's `late` only, what is left out and why; nothing written.
  const dry = await jsonOf(await api(op, "POST", PATH, { ...BODY, dry_run: true }), 201);
  assert.equal(dry.collection, null);
  assert.deepEqual(dry.selection, {
    positions_count: 1,
    payers: 1,
    total_cents: 4000,
    excluded: { never_reminded: 1, too_recent: 1, already_listed: 0, under_threshold: 1 },
    excluded_payers: 1,
    positions: [{
      position_id: f.late,
      iupd: "PZ-SOLL-000001",
      payer_id: dry.selection.positions[0].payer_id,
      overdue_cents: 4000,
      overdue_since: f.day(-1),
      last_reminder_on: f.day(-40),
    }],
  });
  assert.equal(await lists(db), 0);

  // Created: 201, where to read it, the rule and totals.
  const res = await api(op, "POST", PATH, BODY);
  const made = await jsonOf(res, 201);
  const id: string = made.collection.id;
  assert.equal(res.headers.get("location"), `${PATH}/${id}`);
  assert.ok(Math.abs(Date.parse(made.collection.created_at) - Date.now()) < 60_000);
  assert.deepEqual(made.collection, {
    id,
    reference: "Det. n. 123/2026",
    note: "Affidamento all'Ufficio Entrate",
    min_days_after_reminder: 30,
    min_payer_cents: 3000,
    positions_count: 1,
    total_cents: 4000,
    created_by_name: made.collection.created_by_name,
    created_at: made.collection.created_at,
    withdrawn_count: 0,
  });
  assert.equal(typeof made.collection.created_by_name, "string");
  assert.deepEqual(made.selection.positions.map((p: { position_id: string }) => p.position_id), [
    f.late,
  ]);
  assert.equal(await lists(db), 1);

  // The lists, paged.
  const page = await jsonOf(await api(op, "GET", `${PATH}?limit=1&offset=0`), 200);
  assert.deepEqual({ ...page, items: page.items.map((c: { id: string }) => c.id) }, {
    items: [id],
    total: 1,
    limit: 1,
    offset: 0,
  });
  assert.equal((await jsonOf(await api(op, "GET", `${PATH}?offset=1`), 200)).items.length, 0);

  // The list with its positions as handed over; each read audited as the export.
  const read = await jsonOf(await api(op, "GET", `${PATH}/${id}`), 200);
  assert.equal(read.reference, "Det. n. 123/2026");
  assert.equal(read.positions.length, 1);
  const [p] = read.positions;
  assert.equal(p.debt_position_id, f.late);
  assert.equal(p.iupd, "PZ-SOLL-000001");
  assert.equal(p.debtor.name, "Colombo Chiara");
  assert.equal(p.overdue_cents, 4000);
  assert.equal(p.overdue_since, f.day(-1));
  assert.equal(p.last_reminder_channel, "letter");
  assert.equal(p.status, "open");
  assert.equal(p.notice_numbers.length, 1);
  assert.deepEqual(
    [p.needs_relief, p.withdrawn_at, p.withdrawn_reason, p.paid_cents_then, p.paid_cents_now],
    [false, null, null, 0, 0],
  );
  const audits = await db.asOwner((tx) =>
    tx.query<{ entity_id: string; details: { rows: number } }>(
      `select entity_id, details from public.audit_log
        where action = 'export' and entity = 'enforced_collection_positions'`,
    )
  );
  assert.deepEqual(audits.map((a) => [a.entity_id, a.details.rows]), [[id, 1]]);

  // Paid in part after the hand-over: flagged for the "sgravio".
  await db.asOwner((tx) => setPaid(tx, f.late, 1000, false));
  const paid = (await jsonOf(await api(op, "GET", `${PATH}/${id}`), 200)).positions[0];
  assert.deepEqual(
    [paid.needs_relief, paid.status, paid.paid_cents_then, paid.paid_cents_now],
    [true, "partially_paid", 0, 1000],
  );

  // A second list finds nothing more: 409 `empty` with the counts, nothing written.
  const again = await jsonOf(await api(op, "POST", PATH, BODY), 409);
  assert.equal(again.code, "empty");
  assert.equal(again.positions_count, 0);
  assert.equal(again.excluded.already_listed, 1);
  assert.equal(await lists(db), 1);

  // Withdrawn, with the reason: the list says so, and the position is back in play.
  const out = await jsonOf(
    await api(op, "POST", withdrawPath(id, f.late), { reason: ` ${WHY} ` }),
    200,
  );
  assert.equal(out.debt_position_id, f.late);
  assert.equal(out.withdrawn_reason, WHY);
  assert.equal(typeof out.withdrawn_by_name, "string");
  assert.ok(Math.abs(Date.parse(out.withdrawn_at) - Date.now()) < 60_000);
  assert.equal(out.needs_relief, false);
  const after = await jsonOf(await api(op, "GET", `${PATH}/${id}`), 200);
  assert.equal(after.withdrawn_count, 1);
  assert.equal(after.positions[0].withdrawn_reason, WHY);
  assert.equal(after.positions[0].withdrawn_at, out.withdrawn_at);
  // Once only: the list no longer has it.
  const twice = await jsonOf(await api(op, "POST", withdrawPath(id, f.late), { reason: WHY }), 404);
  assert.equal(twice.code, "not_found");
  assert.equal(await withdrawn(db), 1);
  // A position never on the list, and a list that does not exist.
  assert.equal(
    (await jsonOf(await api(op, "POST", withdrawPath(id, f.other), { reason: WHY }), 404)).code,
    "not_found",
  );
  assert.equal(
    (await jsonOf(
      await api(op, "POST", withdrawPath(crypto.randomUUID(), f.late), { reason: WHY }),
      404,
    ))
      .code,
    "not_found",
  );
  assert.equal(
    (await jsonOf(await api(op, "GET", `${PATH}/${crypto.randomUUID()}`), 404)).code,
    "not_found",
  );
  const back = await jsonOf(await api(op, "POST", PATH, { ...BODY, dry_run: true }), 201);
  assert.equal(back.selection.excluded.already_listed, 0);
  assert.deepEqual(back.selection.positions.map((x: { position_id: string }) => x.position_id), [
    f.late,
  ]);
});

dbTest("API: each wrong field with its path; nothing written", async (db) => {
  const f = await enforcedFixture(db);
  const op = await signedIn(db, PEOPLE.operator);
  const paths = async (body: unknown) => {
    const r = await jsonOf(await api(op, "POST", PATH, body), 422);
    assert.equal(r.code, "validation_failed");
    return r.errors.map((e: { path: string }) => e.path).sort();
  };
  for (const min_days of [-1, 366, 1.5, "30", null]) {
    assert.deepEqual(await paths({ ...BODY, min_days }), ["body.min_days"], String(min_days));
  }
  for (const min_payer_cents of [-1, 12.5, "3000"]) {
    assert.deepEqual(
      await paths({ ...BODY, min_payer_cents }),
      ["body.min_payer_cents"],
      String(min_payer_cents),
    );
  }
  for (const reference of ["x", "   a  ", "r".repeat(201), 7]) {
    assert.deepEqual(await paths({ ...BODY, reference }), ["body.reference"], String(reference));
  }
  assert.deepEqual(await paths({ ...BODY, note: "n".repeat(2001) }), ["body.note"]);
  assert.deepEqual(await paths({ ...BODY, run_id: "nope" }), ["body.run_id"]);
  assert.deepEqual(await paths({ ...BODY, dry_run: "yes" }), ["body.dry_run"]);
  assert.deepEqual(await paths({}), [
    "body.min_days",
    "body.min_payer_cents",
    "body.reference",
  ]);
  assert.equal(await lists(db), 0);

  // The withdrawal: the reason, and the path's ids.
  const listId: string = (await jsonOf(await api(op, "POST", PATH, BODY), 201)).collection.id;
  for (const reason of [undefined, "  boh  ", "x".repeat(1001), 5]) {
    const r = await jsonOf(await api(op, "POST", withdrawPath(listId, f.late), { reason }), 422);
    assert.deepEqual(r.errors.map((e: { path: string }) => e.path), ["body.reason"]);
  }
  const bad = await jsonOf(
    await api(op, "POST", withdrawPath("nope", "nada"), { reason: WHY }),
    422,
  );
  assert.deepEqual(bad.errors.map((e: { path: string }) => e.path).sort(), [
    "path.id",
    "path.position_id",
  ]);
  assert.equal(
    (await jsonOf(await api(op, "GET", `${PATH}/nope`), 422)).errors[0].path,
    "path.id",
  );
  assert.equal(await withdrawn(db), 0);
});

Deno.test("API: the body's bounds are the office form's", () => {
  const form = { run_id: "", min_days: "30", min_payer: "30,00", reference: "Det. 1", note: "" };
  const cases: [Record<string, string>, Record<string, unknown>][] = [
    [{ min_days: "0" }, { min_days: 0 }],
    [{ min_days: "365" }, { min_days: 365 }],
    [{ min_days: "366" }, { min_days: 366 }],
    [{ min_days: "-1" }, { min_days: -1 }],
    [{ min_payer: "0" }, { min_payer_cents: 0 }],
    [{ reference: "ab" }, { reference: "ab" }],
    [{ reference: " a " }, { reference: " a " }],
    [{ reference: "r".repeat(200) }, { reference: "r".repeat(200) }],
    [{ reference: "r".repeat(201) }, { reference: "r".repeat(201) }],
    [{ note: "n".repeat(2000) }, { note: "n".repeat(2000) }],
    [{ note: ` ${"n".repeat(2000)} ` }, { note: ` ${"n".repeat(2000)} ` }],
    [{ note: "n".repeat(2001) }, { note: "n".repeat(2001) }],
  ];
  const names: Record<string, string> = {
    [FIELDS.min_days]: "min_days",
    [FIELDS.min_payer]: "min_payer_cents",
    [FIELDS.reference]: "reference",
    [FIELDS.note]: "note",
  };
  for (const [typed, sent] of cases) {
    const { errors } = readCollectionForm({ ...form, ...typed }, (_it, en) => en);
    const r = CollectionBody.safeParse({ ...BODY, note: undefined, ...sent });
    const apiWrong = r.success ? [] : r.error.issues.map((i) => String(i.path[0]));
    assert.deepEqual(apiWrong, Object.keys(errors).map((k) => names[k]), JSON.stringify(sent));
  }
});

dbTest("API: families, API keys and another Ente are kept out", async (db) => {
  const f = await enforcedFixture(db);
  const op = await signedIn(db, PEOPLE.operator);
  const id: string = (await jsonOf(await api(op, "POST", PATH, BODY), 201)).collection.id;
  const calls: [string, string, unknown?][] = [
    ["GET", PATH],
    ["POST", PATH, { ...BODY, dry_run: true }],
    ["POST", PATH, BODY],
    ["GET", `${PATH}/${id}`],
    ["POST", withdrawPath(id, f.late), { reason: WHY }],
  ];

  // Chiara, whose position is on the list: refused, by role.
  const family = await signedIn(db, PEOPLE.family);
  for (const [method, path, body] of calls) {
    const r = await jsonOf(await api(family, method, path, body), 403);
    assert.equal(r.code, "forbidden", `${method} ${path}`);
  }

  // API keys, whatever their scope: the database lets only the billing office read and write.
  const { client } = await testApp(db);
  const claims = await claimsOf(db, PEOPLE.admin, ["admin"]);
  const anonymous = client();
  for (const scopes of [["read"], ["read", "write"]] as ("read" | "write")[][]) {
    const key = await db.asOwner((tx) =>
      createApiKey(tx, { tenantId: f.tenantId, name: "Gestionale", scopes, createdBy: claims.sub })
    );
    for (const [method, path, body] of calls) {
      const res = await anonymous.request(path, {
        method,
        headers: {
          authorization: `Bearer ${key.token}`,
          ...(body ? { "content-type": "application/json" } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
      });
      assert.equal(
        (await jsonOf(res, 403)).code,
        "insufficient_scope",
        `${scopes} ${method} ${path}`,
      );
    }
  }
  assert.equal((await jsonOf(await anonymous.get(PATH), 401)).code, "unauthenticated");

  // Another Ente's administrator: no lists, and this one is not found.
  await addOtherTenant(db);
  const other: TestClient = await signedIn(db, OTHER_ADMIN);
  assert.deepEqual((await jsonOf(await api(other, "GET", PATH), 200)).items, []);
  assert.equal((await jsonOf(await api(other, "GET", `${PATH}/${id}`), 404)).code, "not_found");
  assert.equal(
    (await jsonOf(await api(other, "POST", withdrawPath(id, f.late), { reason: WHY }), 404)).code,
    "not_found",
  );
  // Nor does it see the demo Ente's positions to hand over.
  const dry = await jsonOf(await api(other, "POST", PATH, { ...BODY, dry_run: true }), 201);
  assert.equal(dry.selection.positions_count, 0);
  assert.equal(await lists(db), 1);
  assert.equal(await withdrawn(db), 0);
  // The office still reads its list whole.
  assert.equal((await jsonOf(await api(op, "GET", `${PATH}/${id}`), 200)).positions.length, 1);
});

dbTest("API: the enforced collection operations are documented", async (db) => {
  const { client } = await testApp(db);
  const doc = await jsonOf(await client().get("/api/v1/openapi.json"), 200);
  const base = "/debt-positions/enforced-collections";
  const list = doc.paths[base];
  const one = doc.paths[`${base}/{id}`];
  const withdraw = doc.paths[`${base}/{id}/positions/{position_id}/withdraw`].post;
  for (const op of [list.get, list.post, one.get, withdraw]) {
    assert.deepEqual(op.security, [{ session: [] }]);
    assert.deepEqual(op["x-roles"], ["admin", "operator"]);
    assert.match(op.description, /API keys|Office sessions only/);
  }
  assert.deepEqual(
    list.get.parameters.map((p: { name: string }) => p.name).sort(),
    ["limit", "offset"],
  );
  const body = list.post.requestBody.content["application/json"].schema;
  assert.deepEqual([...body.required].sort(), ["min_days", "min_payer_cents", "reference"]);
  assert.equal(body.properties.min_days.maximum, 365);
  assert.equal(body.properties.reference.maxLength, 200);
  for (const s of ["201", "401", "403", "409", "422"]) assert.ok(list.post.responses[s], s);
  assert.ok(one.get.responses["404"]);
  const position = one.get.responses["200"].content["application/json"].schema.properties
    .positions.items;
  assert.equal(position.properties.needs_relief.type, "boolean");
  assert.deepEqual(
    withdraw.parameters.map((p: { name: string }) => p.name).sort(),
    ["id", "position_id"],
  );
  for (const s of ["200", "404", "422"]) assert.ok(withdraw.responses[s], s);
  assert.deepEqual(withdraw.requestBody.content["application/json"].schema.required, ["reason"]);
  // The CSV stays a page export: the API has no twin of it.
  assert.deepEqual(
    Object.keys(doc.paths).filter((p) => p.startsWith(base)).sort(),
    [base, `${base}/{id}`, `${base}/{id}/positions/{position_id}/withdraw`],
  );
});
