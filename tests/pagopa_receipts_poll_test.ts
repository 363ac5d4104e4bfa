import assert from "node:assert/strict";
import type { Db } from "../lib/db/types.ts";
import {
  embeddedReceiptsSimulator,
  GpdReceiptsClient,
  pollReceipts,
  sharedReceiptsClient,
} from "../lib/pagopa/receipts_job.ts";
import { testApp } from "./helpers/app.ts";
import { createTestPositionIn, type TestPosition } from "../lib/pagopa/receipts_testing.ts";
import { createGpdReceiptsSimulator, GPD_RECEIPTS_SIM_BASE } from "../simulators/gpd_receipts.ts";
import { dbTest } from "./helpers/db.ts";

function payInSim(sim: ReturnType<typeof createGpdReceiptsSimulator>, p: TestPosition, i = 0) {
  const n = p.notices[i];
  return sim.pay({
    idPA: p.tenantTaxCode,
    idBrokerPA: p.tenantTaxCode,
    idStation: `${p.tenantTaxCode}_01`,
    receiptId: `gpd-${n.iuv}`,
    noticeNumber: n.noticeNumber,
    fiscalCodePA: p.tenantTaxCode,
    amountCents: n.amountCents,
    description: "Mensa ottobre 2026",
    companyName: "Comune di Val di Ponte",
    debtor: { id: "CLMCHR88M61D612P", fullName: "Chiara Colombo" },
    iban: "IT60X0542811101000000123456",
    remittance: "Mensa ottobre 2026",
    taxonomy: "9/0107101TS/",
    idPSP: "88888888888",
    pspName: "PSP di test",
    idChannel: "88888888888_01",
    channelDescription: "app",
    paymentDateTime: "2026-11-20T10:22:31",
  });
}

async function status(db: Db, p: TestPosition) {
  const [r] = await db.asOwner((tx) =>
    tx.query<{ status: string; paid_cents: number; polled: boolean; paid_at: Date | null }>(
      `select d.status, d.paid_cents, d.paid_at,
              bool_and(n.receipt_polled_at is not null) as polled
         from public.debt_positions d join public.payment_notices n on n.debt_position_id = d.id
        where d.id = $1 group by d.id`,
      [p.positionId],
    )
  );
  return r;
}

dbTest(
  "the job polls GPD receipts, pays what was paid, asks each notice once per interval",
  async (db) => {
    const paid = await createTestPositionIn(db, { amountCents: 4200 });
    const unpaid = await createTestPositionIn(db, { amountCents: 1000 });
    const sim = createGpdReceiptsSimulator({ subscriptionKey: "k" });
    const client = new GpdReceiptsClient(
      { baseUrl: GPD_RECEIPTS_SIM_BASE, subscriptionKey: "k" },
      sim.fetch,
    );
    payInSim(sim, paid);

    const first = await pollReceipts(db, client, { batch: 1000, minAgeMinutes: 60 });
    assert.deepEqual(first.errors, []);
    assert.ok(first.asked >= 2);
    assert.equal(first.found, 1);
    assert.equal(first.results.length, 1);
    assert.ok(first.results[0].ok && first.results[0].status === "matched");

    const s = await status(db, paid);
    assert.deepEqual([s.status, s.paid_cents], ["paid", 4200]);
    // paymentDateTime is Italian local time: 10:22:31 in November is 09:22:31Z.
    assert.equal(new Date(s.paid_at!).toISOString(), "2026-11-20T09:22:31.000Z");
    const u = await status(db, unpaid);
    assert.deepEqual([u.status, u.polled], ["open", true]);

    // Within the interval nothing is asked again; a paid notice is never asked again.
    const second = await pollReceipts(db, client, { batch: 1000, minAgeMinutes: 60 });
    assert.equal(second.asked, 0);
    const third = await pollReceipts(db, client, { batch: 1000, minAgeMinutes: 0 });
    assert.ok(third.asked >= 1);
    assert.equal(third.found, 0);

    // Every request and response of the simulator matched gpd_payments.json.
    assert.deepEqual(sim.violations, []);
    assert.ok(sim.calls.some((c) => c.status === 200));
    assert.ok(sim.calls.some((c) => c.status === 404));
    assert.ok(sim.calls.every((c) => c.status !== 400));

    const [{ n }] = await db.asOwner((tx) =>
      tx.query<{ n: number }>(
        `select count(*)::int as n from public.payment_receipts where receipt_ref = $1 and source = 'gpd'`,
        [`gpd-${paid.notices[0].iuv}`],
      )
    );
    assert.equal(n, 1);
  },
);

Deno.test("GPD receipts simulator: key required, requests validated, list pages", async () => {
  const sim = createGpdReceiptsSimulator({ subscriptionKey: "k" });
  const noKey = await sim.fetch(
    new Request(`${GPD_RECEIPTS_SIM_BASE}/payments/01234567890/receipts`),
  );
  assert.equal(noKey.status, 401);
  const bad = await sim.fetch(
    new Request(`${GPD_RECEIPTS_SIM_BASE}/payments/01234567890/receipts?pageSize=500`, {
      headers: { "Ocp-Apim-Subscription-Key": "k" },
    }),
  );
  assert.equal(bad.status, 400);
  assert.match((await bad.json()).detail, /query\/pageSize/);
  const p = {
    tenantTaxCode: "01234567890",
    notices: [{ iuv: "02000000000000001", noticeNumber: "302000000000000001", amountCents: 100 }],
  } as unknown as TestPosition;
  payInSim(sim, p);
  const list = await sim.fetch(
    new Request(`${GPD_RECEIPTS_SIM_BASE}/payments/01234567890/receipts?pageSize=10`, {
      headers: { "Ocp-Apim-Subscription-Key": "k" },
    }),
  );
  assert.equal(list.status, 200);
  assert.match(list.headers.get("content-type")!, /json/);
  const body = await list.json();
  assert.equal(body.length, 1);
  assert.equal(body.results[0].iuv, "02000000000000001");
  const one = await sim.fetch(
    new Request(`${GPD_RECEIPTS_SIM_BASE}/payments/01234567890/receipts/02000000000000001`, {
      headers: { "Ocp-Apim-Subscription-Key": "k" },
    }),
  );
  assert.equal(one.status, 200);
  assert.match(one.headers.get("content-type")!, /application\/xml/);
  assert.match(await one.text(), /paSendRTV2Request/);
  assert.deepEqual(sim.violations, []);
});

dbTest("edge function pagopa: the office fetches receipts now, once", async (db) => {
  const { client, config } = await testApp(db);
  const c = client();
  assert.equal((await c.signIn("m.rossi@comune.valdiponte.example")).status, 303);
  const token = c.cookies.get("piazza_session")!;
  const call = () =>
    client().app.request("/functions/v1/pagopa", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ action: "fetch_receipts" }),
    });
  await sharedReceiptsClient(config);
  const sim = embeddedReceiptsSimulator()!;
  const p = await createTestPositionIn(db, { amountCents: 3100 });
  payInSim(sim, p);
  const first = await call();
  assert.equal(first.status, 200);
  assert.match(first.headers.get("content-type") ?? "", /json/);
  const body = await first.json();
  assert.ok(body.asked >= 1);
  assert.equal(body.recorded, 1);
  assert.equal((await status(db, p)).status, "paid");
  // The notice is paid: asking again records nothing.
  assert.equal((await (await call()).json()).recorded, 0);
});
