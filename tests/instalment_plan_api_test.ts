/**
 * Rateizzazione through `POST /api/v1/debt-positions/{id}/instalment-plan` and what the family
 * reads of it: the office's grant (201, the new position, the old one cancelled and invalidated on
 * pagoPA), each field refused with its own code, paid/cancelled/unknown positions, callers that
 * are not the office; then Chiara's pages of the new and the old position, and her list.
 */
import assert from "node:assert/strict";
import { createApiKey } from "../lib/auth/api_keys.ts";
import { addDays } from "../lib/calendar/dates.ts";
import { defaultFirstDue, instalmentDue } from "../lib/billing/instalment_plan.ts";
import type { Db } from "../lib/db/types.ts";
import { romeDate } from "../lib/i18n/mod.ts";
import { gpdGateway } from "../lib/pagopa/gpd_client.ts";
import { processNow } from "../lib/pagopa/publish_job.ts";
import { createTestPositionIn, ingestTestReceipt } from "../lib/pagopa/receipts_testing.ts";
import { htmlOf, jsonOf, signedInWith, testApp } from "./helpers/app.ts";
import {
  canteenBilling,
  CHIARA,
  computedRun,
  issuedRun,
  OPERATOR,
} from "./helpers/canteen_billing.ts";
import { dbTest } from "./helpers/db.ts";
import { demoOperator } from "./helpers/fixtures_reconciliation.ts";
import { api } from "./helpers/fixtures_sites.ts";

const REQUEST = { reference: "Prot. n. 4521/2026", reason: "Difficoltà economiche temporanee" };
const UNKNOWN = "00000000-0000-4000-8000-000000000000";
const path = (id: string) => `/api/v1/debt-positions/${id}/instalment-plan`;

/** Status, then content type, then the JSON body. */

async function one<T>(db: Db, sql: string, params: unknown[]): Promise<T> {
  const [r] = await db.asOwner((tx) => tx.query<T>(sql, params));
  return r;
}

const positionRow = (db: Db, id: string) =>
  one<{ status: string; gpd_status: string; cancel_reason: string | null }>(
    db,
    "select status, gpd_status, cancel_reason from public.debt_positions where id = $1",
    [id],
  );

const plans = (db: Db) =>
  one<{ n: number }>(db, "select count(*)::int as n from public.instalment_plans", []).then((r) =>
    r.n
  );

/** The text of a page with its tags dropped and entities and spaces as a reader gets them. */
const textOf = (html: string) =>
  html.replace(/<[^>]+>/g, " ").replaceAll("&#39;", "'").replaceAll("&amp;", "&")
    .replaceAll("&quot;", '"').replace(/\s+/g, " ");

const itDay = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

dbTest("API: the office grants a plan; Chiara reads the new position and the old", async (db) => {
  const b = await canteenBilling(db);
  const oct = await computedRun(db, b, "2026-10-01", "2026-10-31");
  await issuedRun(db, b.op, oct);
  const { id: old, amount_cents: amount } = await one<{ id: string; amount_cents: number }>(
    db,
    "select id, amount_cents::int as amount_cents from public.debt_positions where run_id = $1 and payer_id = $2",
    [oct, b.chiaraPayer],
  );
  const { client, config } = await testApp(db);
  // Published on the app's own pagoPA (the simulator), as the publication job would.
  await processNow(db, await gpdGateway(config), [old]);
  assert.equal((await positionRow(db, old)).gpd_status, "published");
  const op = await signedInWith(client, OPERATOR);

  const first = defaultFirstDue(romeDate());
  const out = await jsonOf(
    await api(op, "POST", path(old), {
      instalments: 3,
      first_due_on: first,
      reference: `  ${REQUEST.reference} `,
      reason: REQUEST.reason,
    }),
    201,
  );
  const id: string = out.position.id;
  assert.notEqual(id, old);
  assert.equal(out.replaced_position_id, old);
  assert.deepEqual(out.plan, {
    instalments: 3,
    first_due_on: first,
    last_due_on: instalmentDue(first, 3),
    reference: REQUEST.reference,
  });
  assert.equal(out.position.status, "open");
  assert.equal(out.position.amount_cents, amount);
  assert.equal(out.position.gpd_status, "published");
  assert.deepEqual(
    out.position.notices.map((n: { instalment: number }) => n.instalment),
    [0, 1, 2, 3],
  );
  assert.equal(out.position.notices[0].amount_cents, amount);
  assert.equal(out.position.notices[0].due_on, first);
  assert.equal(
    out.position.notices.slice(1).reduce(
      (s: number, n: { amount_cents: number }) => s + n.amount_cents,
      0,
    ),
    amount,
  );
  assert.deepEqual(
    out.pagopa.map((o: { position_id: string; action: string; result: string }) =>
      `${o.position_id} ${o.action} ${o.result}`
    ).sort(),
    [`${old} invalidate invalidated`, `${id} publish published`].sort(),
  );
  const was = await positionRow(db, old);
  assert.equal(was.status, "cancelled");
  assert.equal(was.gpd_status, "invalidated");
  assert.match(
    was.cancel_reason!,
    /^Sostituita dal piano di rateizzazione in 3 rate \(Prot\. n\. 4521\/2026\): Difficoltà/,
  );

  // The same position again: it is cancelled now (409), and the new one is not replaced twice.
  const again = await jsonOf(
    await api(op, "POST", path(old), { instalments: 2, first_due_on: first, ...REQUEST }),
    409,
  );
  assert.equal(again.code, "cancelled");
  assert.equal(await plans(db), 1);

  // Chiara, the payer, reads the plan on the new position, without who granted it.
  const chiara = await signedInWith(client, CHIARA);
  const granted = itDay(romeDate());
  const now = textOf(await htmlOf(await chiara.get(`/famiglie/pagamenti/${id}`)));
  assert.ok(
    now.includes(
      `Rateizzazione concessa il ${granted} (rif. ${REQUEST.reference}): 3 rate dal ${
        itDay(first)
      } al ${itDay(instalmentDue(first, 3))}. Puoi pagare tutto in un'unica soluzione entro il ${
        itDay(first)
      } oppure rata per rata.`,
    ),
    now,
  );
  assert.match(now, /Rata 3 di 3/);
  assert.doesNotMatch(now, /sostituita da un piano/);
  const granter = await one<{ full_name: string }>(
    db,
    "select u.full_name from public.instalment_plans p join public.users u on u.id = p.granted_by",
    [],
  );
  assert.ok(granter.full_name);
  assert.ok(!now.includes(granter.full_name), "who granted it is not shown");

  // The old position says it was replaced, links to the new one, offers nothing to pay.
  const oldHtml = await htmlOf(await chiara.get(`/famiglie/pagamenti/${old}`));
  const oldText = textOf(oldHtml);
  assert.ok(
    oldText.includes(
      `Questa posizione è stata sostituita da un piano di rateizzazione il ${granted}: i suoi avvisi non sono più pagabili.`,
    ),
    oldText,
  );
  assert.match(
    oldHtml,
    new RegExp(`<a href="/famiglie/pagamenti/${id}">Vai alla nuova posizione</a>`),
  );
  assert.doesNotMatch(oldHtml, /Paga con pagoPA/);
  assert.doesNotMatch(oldText, /Rateizzazione concessa/);
  assert.ok(!oldText.includes(granter.full_name));

  // Her list: the old one reads as replaced, not merely cancelled.
  const list = textOf(await htmlOf(await chiara.get("/famiglie/pagamenti")));
  assert.match(list, /Sostituita da rateizzazione/);

  // The family cannot grant one herself, even on her own position.
  const mine = await jsonOf(
    await api(chiara, "POST", path(id), { instalments: 2, first_due_on: first, ...REQUEST }),
    403,
  );
  assert.equal(mine.code, "forbidden");
  assert.equal(await plans(db), 1);
});

dbTest(
  "API: each bad field is refused with its code, and so are paid, unknown and outsiders",
  async (db) => {
    const { tenantId, claims } = await demoOperator(db, "operator");
    await db.asOwner((tx) =>
      tx.query(
        `insert into public.billing_settings (tenant_id, segregation_code, iban, due_days)
       values ($1, '02', 'IT60X0542811101000000123456', 30) on conflict (tenant_id) do nothing`,
        [tenantId],
      )
    );
    const { client } = await testApp(db);
    const op = await signedInWith(client, OPERATOR);
    const today = romeDate();
    const good = { instalments: 2, first_due_on: defaultFirstDue(today), ...REQUEST };
    const p = await createTestPositionIn(db, { amountCents: 550 });
    const refused = async (body: unknown, id = p.positionId) =>
      await jsonOf(await api(op, "POST", path(id), body), 422);
    const field = async (over: Record<string, unknown>, id = p.positionId) => {
      const r = await refused({ ...good, ...over }, id);
      assert.equal(r.code, "validation_failed");
      assert.equal(r.errors.length, 1, JSON.stringify(r.errors));
      return r.errors[0] as { path: string; code: string; message: string };
    };

    // The shape (zod): types and the fixed bounds.
    for (const instalments of [1, 13, 2.5, "3", null]) {
      assert.equal((await field({ instalments })).path, "body.instalments", `${instalments}`);
    }
    for (const first_due_on of ["31/12/2026", "2026-02-30", ""]) {
      assert.equal((await field({ first_due_on })).path, "body.first_due_on", first_due_on);
    }
    assert.equal((await field({ reference: " x " })).path, "body.reference");
    assert.equal((await field({ reference: "x".repeat(201) })).path, "body.reference");
    assert.equal((await field({ reason: "boh  " })).path, "body.reason");
    assert.equal((await field({ reason: "x".repeat(1001) })).path, "body.reason");
    const missing = await refused({ instalments: 2 });
    assert.deepEqual(
      missing.errors.map((e: { path: string }) => e.path).sort(),
      ["body.first_due_on", "body.reason", "body.reference"],
    );

    // The office form's rules: what the amount allows, the first due date from today to a year.
    const five = await field({ instalments: 6 });
    assert.deepEqual([five.path, five.code], ["body.instalments", "instalments_out_of_range"]);
    assert.match(five.message, /from 2 to 5/);
    for (const first_due_on of [addDays(today, -1), addDays(today, 366)]) {
      const e = await field({ first_due_on });
      assert.deepEqual([e.path, e.code], ["body.first_due_on", "first_due_out_of_range"]);
    }
    const small = await createTestPositionIn(db, { amountCents: 150 });
    const tiny = await field({}, small.positionId);
    assert.deepEqual([tiny.path, tiny.code], ["body.instalments", "amount_too_small"]);
    assert.equal(await plans(db), 0);
    assert.equal((await positionRow(db, p.positionId)).status, "open");

    // The bounds themselves are accepted: today, five instalments of 1,10 €.
    const ok = await jsonOf(
      await api(op, "POST", path(p.positionId), { ...good, instalments: 5, first_due_on: today }),
      201,
    );
    assert.equal(ok.plan.instalments, 5);
    assert.equal(ok.plan.first_due_on, today);
    assert.deepEqual(
      ok.position.notices.map((n: { amount_cents: number }) => n.amount_cents),
      [550, 110, 110, 110, 110, 110],
    );
    // The test position was never on this app's pagoPA: invalidation is skipped or queued, never lost.
    assert.equal(ok.pagopa.length, 2);
    assert.equal((await positionRow(db, p.positionId)).status, "cancelled");

    // Paid, partly paid, cancelled (by the plan above), unknown, not a UUID.
    const paid = await createTestPositionIn(db, { amountCents: 2000 });
    await ingestTestReceipt(db, { tenantId, iuv: paid.notices[0].iuv, amountCents: 2000 });
    assert.equal(
      (await jsonOf(await api(op, "POST", path(paid.positionId), good), 409)).code,
      "paid",
    );
    const part = await createTestPositionIn(db, { amountCents: 2000, instalments: [1000, 1000] });
    await ingestTestReceipt(db, { tenantId, iuv: part.notices[1].iuv, amountCents: 1000 });
    assert.equal(
      (await jsonOf(await api(op, "POST", path(part.positionId), good), 409)).code,
      "paid",
    );
    assert.equal(
      (await jsonOf(await api(op, "POST", path(p.positionId), good), 409)).code,
      "cancelled",
    );
    assert.equal((await jsonOf(await api(op, "POST", path(UNKNOWN), good), 404)).code, "not_found");
    assert.equal((await refused(good, "nope")).errors[0].path, "path.id");
    assert.equal(await plans(db), 1);

    // Families (403), API keys even with the write scope (403) and nobody (401) grant nothing.
    const open = await createTestPositionIn(db, { amountCents: 2000 });
    const family = await signedInWith(client, CHIARA);
    assert.equal(
      (await jsonOf(await api(family, "POST", path(open.positionId), good), 403)).code,
      "forbidden",
    );
    const anonymous = client();
    for (const scopes of [["read"], ["read", "write"]] as ("read" | "write")[][]) {
      const key = await db.asOwner((tx) =>
        createApiKey(tx, { tenantId, name: "Gestionale", scopes, createdBy: claims.sub })
      );
      const res = await anonymous.request(path(open.positionId), {
        method: "POST",
        headers: { authorization: `Bearer ${key.token}`, "content-type": "application/json" },
        body: JSON.stringify(good),
      });
      assert.equal((await jsonOf(res, 403)).code, "insufficient_scope", scopes.join());
    }
    const none = await anonymous.request(path(open.positionId), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(good),
    });
    assert.equal((await jsonOf(none, 401)).code, "unauthenticated");
    assert.equal((await positionRow(db, open.positionId)).status, "open");
    assert.equal(await plans(db), 1);
  },
);

dbTest("API: the instalment plan is documented for office sessions only", async (db) => {
  const { client } = await testApp(db);
  const doc = await jsonOf(await client().get("/api/v1/openapi.json"), 200);
  const op = doc.paths["/debt-positions/{id}/instalment-plan"].post;
  assert.deepEqual(op.security, [{ session: [] }]);
  assert.deepEqual(op["x-roles"], ["admin", "operator"]);
  const body = op.requestBody.content["application/json"].schema;
  assert.deepEqual(
    [...body.required].sort(),
    ["first_due_on", "instalments", "reason", "reference"],
  );
  assert.ok(op.responses["201"].content["application/json"].schema);
  for (const s of ["401", "403", "404", "409", "422"]) assert.ok(op.responses[s], s);
  assert.match(op.description, /API keys/);
});
