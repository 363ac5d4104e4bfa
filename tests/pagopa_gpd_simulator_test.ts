import assert from "node:assert/strict";
import { createGpdSimulator, GPD_SIM_BASE } from "../simulators/gpd.ts";
import { GpdClient, GpdError } from "../lib/pagopa/gpd_client.ts";
import { type NoticeForGpd, toGpdPosition } from "../lib/pagopa/gpd_mapping.ts";
import { gpdValidator } from "../lib/pagopa/openapi_validate.ts";

const ORG = "00123450789";
const KEY = "test-key";

function nav(base: number): string {
  const head = `307${String(base).padStart(13, "0")}`;
  return head + String(Number(BigInt(head) % 93n)).padStart(2, "0");
}

function position(iupd: string, bases: number[], cents = 9000) {
  const notices: NoticeForGpd[] = bases.map((b, i) => ({
    instalment: i,
    notice_number: nav(b),
    iuv: nav(b).slice(1),
    amount_cents: i === 0 ? cents : cents / (bases.length - 1),
    due_on: "2026-12-31",
  }));
  const r = toGpdPosition(
    {
      iupd,
      description: "Mensa scolastica novembre 2026 - Sofia Ricci",
      amount_cents: cents,
      taxonomy_code: "9/0107101TS/",
      debtor: { fiscal_code: "CLMCHR85M41D612X", full_name: "Chiara Colombo" },
    },
    notices,
    { fiscalCode: ORG, name: "Comune di Valdiponte", iban: "IT60X0542811101000000123456" },
  );
  if (!r.ok) throw new Error(r.it);
  return r.body;
}

function setup(opts: { organizations?: string[] } = {}) {
  const sim = createGpdSimulator({ subscriptionKey: KEY, ...opts });
  const client = new GpdClient({
    baseUrl: GPD_SIM_BASE,
    subscriptionKey: KEY,
    fetchFn: (i, init) => Promise.resolve(sim.fetch(new Request(i, init))),
    timeoutMs: 200,
    retries: 2,
    backoffMs: 1,
  });
  const raw = (method: string, path: string, body?: unknown, key: string | null = KEY) =>
    Promise.resolve(sim.fetch(
      new Request(`${GPD_SIM_BASE}${path}`, {
        method,
        headers: {
          ...(key ? { "Ocp-Apim-Subscription-Key": key } : {}),
          "content-type": "application/json",
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    ));
  return { sim, client, raw };
}

const path = (iupd?: string, action?: string) =>
  `/organizations/${ORG}/debtpositions${iupd ? `/${iupd}` : ""}${action ? `/${action}` : ""}`;

Deno.test("GPD simulator: subscription key and organization are checked", async () => {
  const { sim, raw } = setup({ organizations: [ORG] });
  const none = await raw("GET", path("X-1"), undefined, null);
  assert.equal(none.status, 401);
  assert.equal(await none.text(), "");
  assert.equal((await raw("GET", path("X-1"), undefined, "wrong")).status, 401);
  const other = await raw("GET", "/organizations/99999999999/debtpositions/X-1");
  assert.equal(other.status, 403);
  assert.equal((await other.json()).statusCode, 403);
  assert.ok(other.headers.get("x-request-id"));
  assert.deepEqual(sim.violations, []);
});

Deno.test("GPD simulator: a request not matching the spec gets the 400 problem", async () => {
  const { sim, raw } = setup();
  const body = position("PZ-BAD-1", [1]) as unknown as Record<string, unknown>;
  delete body.fullName;
  const res = await raw("POST", path(), { ...body, type: "Q" });
  assert.equal(res.status, 400);
  assert.match(res.headers.get("content-type") ?? "", /json/);
  const p = await res.json();
  assert.equal(p.status, 400);
  assert.match(p.detail, /body\/fullName: is required/);
  assert.match(p.detail, /body\/type: must be one of F, G/);
  // Transfers must add up to the option (a GPD rule beyond the schema).
  const sum = position("PZ-BAD-2", [2]);
  sum.paymentOption[0].transfer[0].amount = 1;
  const r2 = await raw("POST", path(), sum);
  assert.equal(r2.status, 400);
  assert.match((await r2.json()).detail, /transfers total 1/);
  assert.deepEqual(sim.violations, []);
});

Deno.test("GPD simulator: DRAFT → VALID → INVALID, conflicts where the spec says", async () => {
  const { sim, raw, client } = setup();
  const created = await raw("POST", path(), position("PZ-1", [10]));
  assert.equal(created.status, 201);
  assert.equal((await created.json()).status, "DRAFT");
  assert.equal((await client.get(ORG, "PZ-1")).status, "DRAFT");
  assert.equal((await client.publish(ORG, "PZ-1")).status, "VALID");
  await assert.rejects(
    client.publish(ORG, "PZ-1"),
    (e) => e instanceof GpdError && e.code === "conflict",
  );
  const got = await client.get(ORG, "PZ-1");
  assert.equal(got.status, "VALID");
  assert.equal(got.organizationFiscalCode, ORG);
  assert.equal(got.paymentOption[0].status, "PO_UNPAID");
  assert.equal(got.paymentOption[0].nav, nav(10));
  assert.equal((await client.invalidate(ORG, "PZ-1")).status, "INVALID");
  await assert.rejects(
    client.invalidate(ORG, "PZ-1"),
    (e) => e instanceof GpdError && e.code === "conflict",
  );
  assert.equal(await client.get(ORG, "PZ-404"), null);
  await assert.rejects(
    client.invalidate(ORG, "PZ-404"),
    (e) => e instanceof GpdError && e.code === "not_found",
  );
  assert.deepEqual(sim.violations, []);
});

Deno.test("GPD simulator: duplicates, payments, update and delete rules", async () => {
  const { sim, raw, client } = setup();
  const body = position("PZ-2", [20, 21, 22, 23]);
  assert.equal((await client.createAndPublish(ORG, body)).status, "VALID");
  await assert.rejects(
    client.createAndPublish(ORG, body),
    (e) => e instanceof GpdError && e.code === "already_exists" && !e.transient,
  );
  // The same IUV in another position is a conflict too.
  const dupIuv = { ...position("PZ-3", [20]) };
  assert.equal((await raw("POST", path(), dupIuv)).status, 409);
  // Update while VALID is allowed (and must keep iupd).
  const changed = structuredClone(body);
  changed.paymentOption[0].description = "Mensa novembre (corretto)";
  changed.paymentOption[0].transfer[0].remittanceInformation = "Mensa novembre (corretto)";
  assert.equal((await raw("PUT", `${path("PZ-2")}?toPublish=true`, changed)).status, 200);
  assert.equal((await raw("PUT", path("PZ-9"), { ...changed, iupd: "PZ-9" })).status, 404);
  // One instalment paid: PARTIALLY_PAID; no more updates, deletes or invalidation.
  assert.equal(sim.markPaid(ORG, nav(21))?.status, "PARTIALLY_PAID");
  assert.equal(sim.markPaid(ORG, nav(21))?.status, "PARTIALLY_PAID");
  assert.equal((await raw("PUT", path("PZ-2"), changed)).status, 409);
  assert.equal((await raw("DELETE", path("PZ-2"))).status, 409);
  await assert.rejects(
    client.invalidate(ORG, "PZ-2"),
    (e) => e instanceof GpdError && e.code === "conflict",
  );
  sim.markPaid(ORG, nav(22).slice(1));
  assert.equal(sim.markPaid(ORG, nav(23))?.status, "PAID");
  const paid = await client.get(ORG, "PZ-2");
  assert.equal(paid.status, "PAID");
  assert.ok(paid.paymentDate);
  assert.deepEqual(
    paid.paymentOption.map((o: { status: string }) => o.status),
    ["PO_UNPAID", "PO_PAID", "PO_PAID", "PO_PAID"],
  );
  assert.equal(sim.markPaid(ORG, nav(999)), null);
  // A DRAFT can be deleted.
  await raw("POST", path(), position("PZ-4", [40]));
  const del = await raw("DELETE", path("PZ-4"));
  assert.equal(del.status, 200);
  assert.equal(await client.get(ORG, "PZ-4"), null);
  assert.deepEqual(sim.violations, []);
});

Deno.test("GPD simulator: the list pages and filters by status", async () => {
  let t = Date.parse("2026-11-28T10:00:00Z");
  const sim = createGpdSimulator({ subscriptionKey: KEY, now: () => new Date(t += 1000) });
  const get = async (q: string) => {
    const r = await sim.fetch(
      new Request(`${GPD_SIM_BASE}${path()}?${q}`, {
        headers: { "Ocp-Apim-Subscription-Key": KEY },
      }),
    );
    return { status: r.status, body: await r.json() };
  };
  for (let i = 0; i < 5; i++) {
    const r = await sim.fetch(
      new Request(`${GPD_SIM_BASE}${path()}?toPublish=${i % 2 === 0}`, {
        method: "POST",
        headers: { "Ocp-Apim-Subscription-Key": KEY, "content-type": "application/json" },
        body: JSON.stringify(position(`PZ-L${i}`, [100 + i])),
      }),
    );
    assert.equal(r.status, 201);
  }
  const p0 = await get("limit=2&page=0");
  assert.equal(p0.status, 200);
  assert.deepEqual(p0.body.payment_position_list.map((p: { iupd: string }) => p.iupd), [
    "PZ-L4",
    "PZ-L3",
  ]);
  assert.deepEqual(p0.body.page_info, { page: 0, limit: 2, items_found: 2, total_pages: 3 });
  const valid = await get("status=VALID&ordering=ASC");
  assert.deepEqual(valid.body.payment_position_list.map((p: { iupd: string }) => p.iupd), [
    "PZ-L0",
    "PZ-L2",
    "PZ-L4",
  ]);
  assert.equal((await get("limit=500")).status, 400);
  // Every answer, the list included, conforms to gpd.json.
  for (const r of [p0, valid]) {
    assert.ok(gpdValidator().validateResponse("getOrganizationDebtPositions", 200, r.body).valid);
  }
  assert.deepEqual(sim.violations, []);
});

Deno.test("GPD client: retries 5xx, gives up with a transient error, times out", async () => {
  const { sim, client } = setup();
  sim.failNext(2);
  assert.equal((await client.createAndPublish(ORG, position("PZ-R1", [200]))).status, "VALID");
  sim.failNext(3);
  const err = await client.get(ORG, "PZ-R1").catch((e) => e);
  assert.ok(err instanceof GpdError);
  assert.equal(err.code, "unavailable");
  assert.equal(err.transient, true);
  assert.match(err.it, /non è al momento disponibile/);
  sim.setDelay(400);
  const slow = await client.get(ORG, "PZ-R1").catch((e) => e);
  assert.equal(slow.code, "timeout");
  sim.setDelay(0);
  const wrong = new GpdClient({
    baseUrl: GPD_SIM_BASE,
    subscriptionKey: "nope",
    fetchFn: (i, init) => Promise.resolve(sim.fetch(new Request(i, init))),
    retries: 3,
    backoffMs: 1,
  });
  const before = sim.requests.length;
  const unauth = await wrong.get(ORG, "PZ-R1").catch((e) => e);
  assert.equal(unauth.code, "unauthorized");
  assert.equal(unauth.transient, false);
  assert.equal(sim.requests.length, before + 1, "4xx are not retried");
  const down = new GpdClient({
    baseUrl: "http://127.0.0.1:9/gpd",
    subscriptionKey: KEY,
    retries: 1,
    backoffMs: 1,
    timeoutMs: 500,
  });
  assert.equal((await down.get(ORG, "X").catch((e) => e)).code, "unreachable");
  assert.deepEqual(sim.violations, []);
});
