import assert from "node:assert/strict";
import type { Db } from "../lib/db/types.ts";
import { GpdClient, type GpdGateway, gpdGateway } from "../lib/pagopa/gpd_client.ts";
import { toGpdPosition } from "../lib/pagopa/gpd_mapping.ts";
import { claimPositions, MAX_ATTEMPTS, processNow, publishDue } from "../lib/pagopa/publish_job.ts";
import { createGpdSimulator, GPD_SIM_BASE } from "../simulators/gpd.ts";
import { testApp } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";

const PAYER_CF = "CLMCHR88M61D612P";
const IBAN = "IT60X0542811101000000123456";

function gateway() {
  const sim = createGpdSimulator({ subscriptionKey: "k" });
  const client = new GpdClient({
    baseUrl: GPD_SIM_BASE,
    subscriptionKey: "k",
    fetchFn: (i, init) => Promise.resolve(sim.fetch(new Request(i, init))),
    timeoutMs: 2000,
    retries: 0,
    backoffMs: 1,
  });
  const gw: GpdGateway = { client, simulated: true, simulator: sim };
  return { sim, gw };
}

let base = 4_000_000_000_000 + Math.floor(Math.random() * 1_000_000_000);

interface Made {
  id: string;
  iupd: string;
  tenantCf: string;
}

/** A position issued for the demo payer, queued for GPD, with its notices. */
async function makePosition(
  db: Db,
  opts: { cents?: number; instalments?: number[]; gpd?: string; status?: string } = {},
): Promise<Made> {
  return await db.asOwner(async (tx) => {
    const [row] = await tx.query<{ tenant_id: string; tax_code: string; payer_id: string }>(
      `select t.id as tenant_id, t.tax_code, p.id as payer_id
         from public.people p join public.tenants t on t.id = p.tenant_id
        where p.tax_code = $1 limit 1`,
      [PAYER_CF],
    );
    await tx.query(
      `insert into public.billing_settings (tenant_id, iban, office_name) values ($1, $2, 'Ufficio Scuola')
       on conflict (tenant_id) do update set iban = excluded.iban`,
      [row.tenant_id, IBAN],
    );
    const cents = opts.cents ?? 9000;
    const iupd = `PZT-${crypto.randomUUID().slice(0, 13)}`;
    const [pos] = await tx.query<{ id: string }>(
      `insert into public.debt_positions (tenant_id, iupd, payer_id, description, amount_cents,
         taxonomy_code, debtor, gpd_status, status)
       values ($1, $2, $3, 'Mensa scolastica novembre 2026 - Sofia Ricci', $4, '9/0107101TS/', $5,
               $6, $7)
       returning id`,
      [
        row.tenant_id,
        iupd,
        row.payer_id,
        cents,
        {
          type: "F",
          fiscal_code: PAYER_CF,
          full_name: "Chiara Colombo",
          address: "Via dei Tigli 4",
        },
        opts.gpd ?? "to_publish",
        opts.status ?? "open",
      ],
    );
    for (const [i, amount] of [cents, ...(opts.instalments ?? [])].entries()) {
      await tx.query(
        `insert into public.payment_notices (tenant_id, debt_position_id, instalment, notice_number,
           iuv, amount_cents, due_on)
         values ($1, $2, $3, app.notice_number('02', $4::bigint),
                 substr(app.notice_number('02', $4::bigint), 2), $5, date '2026-12-31' + $3 * 31)`,
        [row.tenant_id, pos.id, i, base++, amount],
      );
    }
    return { id: pos.id, iupd, tenantCf: row.tax_code };
  });
}

interface Row {
  gpd_status: string;
  gpd_error: string | null;
  gpd_attempts: number;
  published_at: string | null;
  gpd_next_attempt_at: string | null;
}

const state = (db: Db, id: string) =>
  db.asOwner(async (tx) =>
    (await tx.query<Row>(
      `select gpd_status, gpd_error, gpd_attempts, published_at::text,
              gpd_next_attempt_at::text
         from public.debt_positions where id = $1`,
      [id],
    ))[0]
  );

/** Every request the job sent conformed to gpd.json, and so did every answer. */
function assertConforming(sim: ReturnType<typeof createGpdSimulator>) {
  assert.ok(sim.requests.length > 0);
  for (const r of sim.requests) assert.deepEqual(r.requestErrors, [], `${r.method} ${r.path}`);
  assert.deepEqual(sim.violations, []);
}

const mine = <T extends { id: string }>(out: T[], ids: string[]) =>
  out.filter((o) => ids.includes(o.id));

dbTest("GPD job: publishes single and instalment positions, once", async (db) => {
  const { sim, gw } = gateway();
  const a = await makePosition(db);
  const b = await makePosition(db, { cents: 9000, instalments: [3000, 3000, 3000] });
  const out = mine(await publishDue(db, gw, { batch: 1 }), [a.id, b.id]);
  assert.deepEqual(out.map((o) => o.result), ["published", "published"]);
  for (const p of [a, b]) {
    const s = await state(db, p.id);
    assert.equal(s.gpd_status, "published");
    assert.equal(s.gpd_error, null);
    assert.equal(s.gpd_attempts, 0);
    assert.ok(s.published_at);
    assert.equal(sim.get(p.tenantCf, p.iupd)?.status, "VALID");
  }
  const remote = sim.get(b.tenantCf, b.iupd);
  assert.deepEqual(remote.paymentOption.map((o: { amount: number }) => o.amount), [
    9000,
    3000,
    3000,
    3000,
  ]);
  assert.equal(remote.paymentOption[1].transfer[0].iban, IBAN);
  assert.equal(remote.paymentOption[1].transfer[0].category, "9/0107101TS/");
  assert.match(remote.paymentOption[3].description, /rata 3 di 3$/);
  // A second round finds nothing to do.
  assert.deepEqual(mine(await publishDue(db, gw), [a.id, b.id]), []);
  assertConforming(sim);
  // The change of gpd_status is audited.
  const audits = await db.asOwner((tx) =>
    tx.query(
      `select 1 from public.audit_log where entity = 'debt_positions' and entity_id = $1`,
      [a.id],
    )
  );
  assert.ok(audits.length >= 1);
});

dbTest("GPD job: a failure is retried after the back-off, then published", async (db) => {
  const { sim, gw } = gateway();
  const p = await makePosition(db);
  const t0 = new Date();
  sim.failNext(1, 500, "createPosition");
  const [first] = mine(await publishDue(db, gw, { now: t0 }), [p.id]);
  assert.equal(first.result, "retry");
  let s = await state(db, p.id);
  assert.equal(s.gpd_status, "failed");
  assert.equal(s.gpd_attempts, 1);
  assert.match(s.gpd_error!, /tentativo 1 di 8/);
  assert.match(s.gpd_error!, /non è al momento disponibile/);
  assert.ok(Date.parse(s.gpd_next_attempt_at!) > t0.getTime() + 50_000);
  // Not before the back-off…
  assert.deepEqual(
    mine(await publishDue(db, gw, { now: new Date(t0.getTime() + 30_000) }), [p.id]),
    [],
  );
  // …then published.
  const [again] = mine(await publishDue(db, gw, { now: new Date(t0.getTime() + 61_000) }), [p.id]);
  assert.equal(again.result, "published");
  s = await state(db, p.id);
  assert.equal(s.gpd_status, "published");
  assert.equal(s.gpd_error, null);
  assertConforming(sim);
});

dbTest("GPD job: refusals are given up at once and shown; the office retries", async (db) => {
  const { sim, gw } = gateway();
  const p = await makePosition(db);
  await db.asOwner((tx) =>
    tx.query("update public.billing_settings set iban = null, postal_iban = null")
  );
  const [r] = mine(await publishDue(db, gw), [p.id]);
  assert.equal(r.result, "gave_up");
  assert.equal(r.code, "iban_missing");
  let s = await state(db, p.id);
  assert.equal(s.gpd_status, "failed");
  assert.equal(s.gpd_attempts, MAX_ATTEMPTS);
  assert.match(s.gpd_error!, /sospesa dopo 1 tentativo: .*IBAN/);
  // Out of the automatic rounds, even much later.
  const later = new Date(Date.now() + 86_400_000);
  assert.deepEqual(mine(await publishDue(db, gw, { now: later }), [p.id]), []);
  // Fixed settings, the office retries now.
  await db.asOwner((tx) => tx.query("update public.billing_settings set iban = $1", [IBAN]));
  const [retry] = await processNow(db, gw, [p.id]);
  assert.equal(retry.result, "published");
  s = await state(db, p.id);
  assert.equal(s.gpd_status, "published");
  assert.equal(sim.get(p.tenantCf, p.iupd)?.status, "VALID");
  assertConforming(sim);
});

dbTest("GPD job: 409 on create is published when GPD has the same amounts", async (db) => {
  const { sim, gw } = gateway();
  const p = await makePosition(db, { instalments: [4500, 4500] });
  const q = await makePosition(db);
  // A previous worker created both and crashed before recording it; q was created differently.
  const { claimed, notices } = await claimPositions(db, { ids: [p.id, q.id] });
  for (const c of claimed) {
    const m = toGpdPosition(c, notices.get(c.id)!, {
      fiscalCode: c.tenant_cf,
      name: c.tenant_name,
      iban: IBAN,
    });
    assert.ok(m.ok);
    if (c.id === q.id) {
      m.body.paymentOption[0].amount = 100;
      m.body.paymentOption[0].transfer[0].amount = 100;
    }
    await gw.client.createAndPublish(c.tenant_cf, m.body);
  }
  // The lease keeps them from other workers for a few minutes.
  assert.deepEqual(mine(await publishDue(db, gw), [p.id, q.id]), []);
  const out = mine(await publishDue(db, gw, { now: new Date(Date.now() + 6 * 60_000) }), [
    p.id,
    q.id,
  ]);
  const by = Object.fromEntries(out.map((o) => [o.id, o]));
  assert.equal(by[p.id].result, "published");
  assert.equal(by[q.id].result, "gave_up");
  assert.equal(by[q.id].code, "different_on_gpd");
  assert.equal((await state(db, p.id)).gpd_status, "published");
  assert.match((await state(db, q.id)).gpd_error!, /importi diversi/);
  assertConforming(sim);
});

dbTest("GPD job: invalidation, also of a never-published or a paid position", async (db) => {
  const { sim, gw } = gateway();
  const p = await makePosition(db);
  const paid = await makePosition(db);
  await publishDue(db, gw);
  const never = await makePosition(db, { gpd: "to_invalidate", status: "cancelled" });
  const cancelledEarly = await makePosition(db, { status: "cancelled" });
  const [paidNav] = await db.asOwner((tx) =>
    tx.query<{ notice_number: string }>(
      "select notice_number from public.payment_notices where debt_position_id = $1",
      [paid.id],
    )
  );
  assert.equal(sim.markPaid(paid.tenantCf, paidNav.notice_number)?.status, "PAID");
  await db.asOwner((tx) =>
    tx.query(
      `update public.debt_positions set gpd_status = 'to_invalidate', status = 'cancelled',
              cancelled_at = now(), cancel_reason = 'Iscrizione annullata'
        where id = any ($1::uuid[])`,
      [[p.id, paid.id]],
    )
  );
  const out = mine(await publishDue(db, gw), [p.id, paid.id, never.id, cancelledEarly.id]);
  const by = Object.fromEntries(out.map((o) => [o.id, o]));
  assert.equal(by[p.id].result, "invalidated");
  assert.equal(by[never.id].result, "invalidated");
  assert.equal(by[cancelledEarly.id].result, "skipped");
  assert.equal(by[paid.id].result, "gave_up");
  assert.equal(sim.get(p.tenantCf, p.iupd)?.status, "INVALID");
  assert.equal((await state(db, p.id)).gpd_status, "invalidated");
  assert.equal((await state(db, never.id)).gpd_status, "invalidated");
  assert.equal((await state(db, cancelledEarly.id)).gpd_status, "none");
  const s = await state(db, paid.id);
  assert.equal(s.gpd_status, "to_invalidate");
  assert.match(s.gpd_error!, /già pagata/);
  assertConforming(sim);
});

dbTest("edge function pagopa: the office publishes and invalidates a position", async (db) => {
  const { client, config } = await testApp(db);
  const session = async (email: string) => {
    const c = client();
    assert.equal((await c.signIn(email)).status, 303);
    return c.cookies.get("piazza_session")!;
  };
  const operator = await session("m.rossi@comune.valdiponte.example");
  const call = (body: unknown, bearer: string | null = operator, method = "POST") =>
    client().app.request("/functions/v1/pagopa", {
      method,
      headers: {
        "content-type": "application/json",
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      },
      body: method === "POST" ? JSON.stringify(body) : undefined,
    });
  const sim = (await gpdGateway(config)).simulator!;
  const p = await makePosition(db);

  const pub = await call({ action: "publish", position_id: p.id });
  assert.equal(pub.status, 200);
  assert.match(pub.headers.get("content-type") ?? "", /json/);
  const body = await pub.json();
  assert.equal(body.result, "published");
  assert.equal(body.gpd_status, "published");
  assert.equal(body.simulated, true);
  assert.equal(sim.get(p.tenantCf, p.iupd)?.status, "VALID");
  assert.equal(
    (await (await call({ action: "publish", position_id: p.id })).json()).result,
    "already_published",
  );

  // Refusals: no reason, unknown position, a family's token, no token, a bad body, GET.
  const noReason = await call({ action: "invalidate", position_id: p.id, reason: "no" });
  assert.equal(noReason.status, 422);
  assert.match(noReason.headers.get("content-type") ?? "", /problem\+json/);
  const nr = await noReason.json();
  assert.equal(nr.code, "validation");
  assert.equal(nr.errors[0].path, "reason");
  const unknown = await call({ action: "publish", position_id: crypto.randomUUID() });
  assert.equal(unknown.status, 404);
  assert.equal((await unknown.json()).message_it, "Posizione debitoria non trovata.");
  const family = await session("chiara.colombo@posta.example");
  assert.equal((await call({ action: "publish", position_id: p.id }, family)).status, 403);
  assert.equal((await call({ action: "publish", position_id: p.id }, null)).status, 401);
  assert.equal((await call({ action: "publish", position_id: "x" })).status, 422);
  assert.equal((await call(null, operator, "GET")).status, 405);

  const inv = await call({
    action: "invalidate",
    position_id: p.id,
    reason: "Ritiro dal servizio",
  });
  assert.equal(inv.status, 200);
  assert.equal((await inv.json()).gpd_status, "invalidated");
  assert.equal(sim.get(p.tenantCf, p.iupd)?.status, "INVALID");
  const [row] = await db.asOwner((tx) =>
    tx.query<{ status: string; cancel_reason: string; notices: string[] }>(
      `select d.status, d.cancel_reason,
              array(select n.status from public.payment_notices n where n.debt_position_id = d.id)
                as notices
         from public.debt_positions d where d.id = $1`,
      [p.id],
    )
  );
  assert.equal(row.status, "cancelled");
  assert.equal(row.cancel_reason, "Ritiro dal servizio");
  assert.deepEqual(row.notices, ["cancelled"]);
  // A cancelled position is not published again.
  const again = await call({ action: "publish", position_id: p.id });
  assert.equal(again.status, 409);
  assert.equal((await again.json()).code, "cancelled");

  // A paid position cannot be cancelled.
  const paid = await makePosition(db);
  await db.asOwner((tx) =>
    tx.query(
      "update public.debt_positions set status = 'paid', paid_cents = amount_cents where id = $1",
      [paid.id],
    )
  );
  const refused = await call({ action: "invalidate", position_id: paid.id, reason: "Errore" });
  assert.equal(refused.status, 409);
  assert.equal((await refused.json()).code, "paid");

  // A round of the job for this Ente.
  const due = await call({ action: "publish_due" });
  assert.equal(due.status, 200);
  const outcomes = (await due.json()).outcomes as { id: string; result: string }[];
  // Paid by other means before publication: nothing is sent to GPD.
  assert.equal(outcomes.find((o) => o.id === paid.id)?.result, "skipped");
  assert.equal(sim.get(paid.tenantCf, paid.iupd), null);
  const other = await makePosition(db);
  const round = await (await call({ action: "publish_due" })).json();
  assert.equal(round.outcomes.find((o: { id: string }) => o.id === other.id)?.result, "published");
  assert.deepEqual(sim.violations, []);
});
