/**
 * FdR 3 REST: the client lists the flows published for the Ente, fetches each new flow and its
 * payments page by page from the simulator, and imports them; every request and response is
 * validated against `fdr_organization.json` (the simulator records any deviation). A second
 * fetch imports nothing; the simulator refuses a bad key and parameters outside the spec.
 */
import assert from "node:assert/strict";
import type { Db } from "../lib/db/types.ts";
import { ingestReceipts } from "../lib/pagopa/receipts.ts";
import { createTestPositionIn } from "../lib/pagopa/receipts_testing.ts";
import {
  FdrClient,
  FdrError,
  type FdrFlow,
  type FdrPayment,
  fdrValidator,
} from "../lib/reconciliation/fdr_client.ts";
import { publishSimulatedFlows, syncFlows } from "../lib/reconciliation/fdr_sync.ts";
import { DEMO_TENANT } from "../lib/seed/demo.ts";
import { createFdrSimulator, FDR_SIM_BASE } from "../simulators/fdr.ts";
import { dbTest } from "./helpers/db.ts";
import { demoOperator } from "./helpers/fixtures_reconciliation.ts";

function flow(fdr: string, payments: FdrPayment[]): FdrFlow {
  return {
    revision: 1,
    fdr,
    fdrDate: "2026-11-10T07:00:00Z",
    regulation: "SEPA - Bonifico TRN0042",
    regulationDate: "2026-11-10",
    bicCodePouringBank: "UNCRITMMXXX",
    sender: {
      type: "LEGAL_PERSON",
      id: "SELBIT2B",
      pspId: "88888888888",
      pspName: "PSP di test",
      pspBrokerId: "88888888888",
      channelId: "88888888888_01",
    },
    receiver: {
      id: "APPBIT2B",
      organizationId: DEMO_TENANT.taxCode,
      organizationName: DEMO_TENANT.name,
    },
    totPayments: payments.length,
    sumPayments: Math.round(payments.reduce((s, p) => s + p.pay * 100, 0)) / 100,
  };
}

async function receiptFor(db: Db, amountCents: number, receiptRef: string) {
  const p = await createTestPositionIn(db, { amountCents });
  await db.asService((tx) =>
    ingestReceipts(tx, [{
      tenantId: p.tenantId,
      receiptRef,
      iuv: p.notices[0].iuv,
      noticeNumber: p.notices[0].noticeNumber,
      amountCents,
      paidAt: "2026-11-09T10:00:00+01:00",
      source: "gpd",
    }])
  );
  return p.notices[0].iuv;
}

dbTest("reconciliation REST: flows fetched from FdR 3, validated, imported once", async (db) => {
  const { claims } = await demoOperator(db);
  const sim = createFdrSimulator({
    subscriptionKey: "k-test",
    now: () => new Date("2026-11-28T10:00:00Z"),
  });
  const client = new FdrClient({
    baseUrl: FDR_SIM_BASE,
    subscriptionKey: "k-test",
    fetchFn: (input, init) => sim.fetch(new Request(input, init)),
    pageSize: 2,
  });
  const iuvs = [
    await receiptFor(db, 4550, "IUR-R-1"),
    await receiptFor(db, 1000, "IUR-R-2"),
    await receiptFor(db, 2500, "IUR-R-3"),
  ];
  const pays: FdrPayment[] = [
    {
      index: 1,
      iuv: iuvs[0],
      iur: "IUR-R-1",
      idTransfer: 1,
      pay: 45.5,
      payStatus: "EXECUTED",
      payDate: "2026-11-09T09:00:00Z",
    },
    {
      index: 2,
      iuv: iuvs[1],
      iur: "IUR-R-2",
      idTransfer: 1,
      pay: 10,
      payStatus: "EXECUTED",
      payDate: "2026-11-09T09:00:00Z",
    },
    {
      index: 3,
      iuv: iuvs[2],
      iur: "IUR-R-3",
      idTransfer: 1,
      pay: 25,
      payStatus: "EXECUTED",
      payDate: "2026-11-09T23:30:00Z",
    },
  ];
  sim.publish(
    flow("2026-11-1088888888888-0000000401", pays),
    pays,
    new Date("2026-11-10T08:00:00Z"),
  );
  const other = [{ ...pays[0], iur: "IUR-OTHER", pay: 1.5 }];
  sim.publish(
    flow("2026-11-1188888888888-0000000402", other),
    other,
    new Date("2026-11-11T08:00:00Z"),
  );
  // A flow of another Ente is never listed for this one.
  const foreign = flow("2026-11-1188888888888-0000000403", pays);
  sim.publish(
    { ...foreign, receiver: { ...foreign.receiver, organizationId: "83002150353" } },
    pays,
  );

  const r = await syncFlows(db, claims, client, { now: new Date("2026-11-28T10:00:00Z") });
  assert.deepEqual(r.failed, []);
  assert.equal(r.listed, 2);
  assert.deepEqual(r.imported.map((i) => i.flow_ref), [
    "2026-11-1088888888888-0000000401",
    "2026-11-1188888888888-0000000402",
  ]);
  assert.deepEqual(r.failed, []);
  const rows = await db.asUser(
    claims,
    (tx) =>
      tx.query<
        { flow_ref: string; status: string; source: string; statuses: string[]; days: string[] }
      >(
        `select f.flow_ref, f.status, f.source,
              array_agg(p.match_status order by p.idx) as statuses,
              array_agg(p.outcome_date::text order by p.idx) as days
         from public.fdr_flows f join public.fdr_payments p on p.flow_id = f.id
        group by f.flow_ref, f.status, f.source order by f.flow_ref`,
      ),
  );
  assert.deepEqual(rows.map((x) => [x.flow_ref, x.status, x.source, x.statuses]), [
    ["2026-11-1088888888888-0000000401", "matched", "rest", ["matched", "matched", "matched"]],
    // Same IUV as a payment already reported, another IUR: already reported.
    ["2026-11-1188888888888-0000000402", "differences", "rest", ["duplicate"]],
  ]);
  // payDate 23:30Z is the next day in Rome.
  assert.deepEqual(rows[0].days, ["2026-11-09", "2026-11-09", "2026-11-10"]);

  // Payments came in pages of two: page 1 and 2 for the first flow.
  const paymentCalls = sim.requests.filter((q) =>
    q.operationId === "IOrganizationsController_getPaymentsFromPublishedFlow"
  );
  assert.equal(paymentCalls.length, 3);
  assert.deepEqual(sim.requests.flatMap((q) => q.requestErrors), []);
  assert.deepEqual(sim.violations, []);

  // Again: listed, nothing fetched or imported twice.
  const before = sim.requests.length;
  const again = await syncFlows(db, claims, client, { now: new Date("2026-11-28T10:00:00Z") });
  assert.deepEqual([again.listed, again.imported.length, again.skipped], [2, 0, 2]);
  assert.deepEqual(
    sim.requests.slice(before).map((q) => q.operationId),
    ["IOrganizationsController_getAllPublishedFlows"],
  );
});

Deno.test("reconciliation REST: the simulator refuses a bad key and parameters outside the spec", async () => {
  const sim = createFdrSimulator({ subscriptionKey: "k-test" });
  const bad = new FdrClient({
    baseUrl: FDR_SIM_BASE,
    subscriptionKey: "wrong",
    fetchFn: (input, init) => sim.fetch(new Request(input, init)),
  });
  await assert.rejects(
    bad.listPublished(DEMO_TENANT.taxCode),
    (e) => e instanceof FdrError && e.status === 401,
  );

  const res = await sim.fetch(
    new Request(`${FDR_SIM_BASE}/organizations/${DEMO_TENANT.taxCode}/fdrs?size=5000&page=0`, {
      headers: { "Ocp-Apim-Subscription-Key": "k-test" },
    }),
  );
  assert.equal(res.status, 400);
  assert.match(res.headers.get("content-type") ?? "", /application\/json/);
  const body = await res.json();
  assert.deepEqual(body.errors.map((e: { path: string }) => e.path).sort(), [
    "query/page",
    "query/size",
  ]);
  assert.ok(
    fdrValidator().validateResponse("IOrganizationsController_getAllPublishedFlows", 400, body)
      .valid,
  );

  const missing = await sim.fetch(
    new Request(
      `${FDR_SIM_BASE}/organizations/${DEMO_TENANT.taxCode}/fdrs/NOPE/revisions/1/psps/88888888888`,
      { headers: { "Ocp-Apim-Subscription-Key": "k-test" } },
    ),
  );
  assert.equal(missing.status, 404);
  assert.equal((await missing.json()).appErrorCode, "FDR-0702");
  assert.deepEqual(sim.violations, []);
});

dbTest(
  "reconciliation REST: the embedded simulator reports the Ente's receipts once",
  async (db) => {
    const { claims } = await demoOperator(db);
    await receiptFor(db, 1250, "IUR-SIM-1");
    await receiptFor(db, 800, "IUR-SIM-2");
    const sim = createFdrSimulator({ subscriptionKey: "k" });
    const client = new FdrClient({
      baseUrl: FDR_SIM_BASE,
      subscriptionKey: "k",
      fetchFn: (input, init) => sim.fetch(new Request(input, init)),
    });
    const now = new Date("2026-11-10T12:00:00Z");
    assert.equal(await publishSimulatedFlows(db, claims, sim, now), 1);
    assert.equal(await publishSimulatedFlows(db, claims, sim, now), 0);
    const r = await syncFlows(db, claims, client, { now });
    assert.equal(r.imported.length, 1);
    const [flow] = await db.asUser(
      claims,
      (tx) =>
        tx.query<{ status: string; declared_cents: number; n: number }>(
          `select f.status, f.declared_cents, count(p.*)::int as n
         from public.fdr_flows f join public.fdr_payments p on p.flow_id = f.id
        group by f.id`,
        ),
    );
    assert.deepEqual(flow, { status: "matched", declared_cents: 2050, n: 2 });
    assert.equal(await publishSimulatedFlows(db, claims, sim, now), 0);
    assert.deepEqual(sim.violations, []);
  },
);
