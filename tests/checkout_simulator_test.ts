import assert from "node:assert/strict";
import type { Claims, Db } from "../lib/db/types.ts";
import {
  CHECKOUT_SIM_PATH,
  CheckoutError,
  checkoutFromEnv,
  startCheckout,
} from "../lib/pagopa/checkout.ts";
import { createTestPositionIn } from "../lib/pagopa/receipts_testing.ts";
import { htmlOf, testApp } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";

async function claimsOf(db: Db, email: string, role: string): Promise<Claims> {
  const [u] = await db.asOwner((tx) =>
    tx.query<{ id: string; tenant_id: string }>(
      `select u.id, m.tenant_id from public.users u
         join public.memberships m on m.user_id = u.id where u.email = $1 limit 1`,
      [email],
    )
  );
  return {
    sub: u.id,
    role: "authenticated",
    app_metadata: { tenant_id: u.tenant_id, roles: [role] },
  } as Claims;
}

async function setIban(db: Db) {
  await db.asOwner((tx) =>
    tx.query(
      `insert into public.billing_settings (tenant_id, iban)
       select id, 'IT60X0542811101000000123456' from public.tenants
       on conflict (tenant_id) do update set iban = excluded.iban`,
    )
  );
}

async function positionState(db: Db, id: string) {
  const [row] = await db.asOwner((tx) =>
    tx.query<{ status: string; paid_cents: number; sources: string[] }>(
      `select d.status, d.paid_cents,
              array(select r.source from public.payment_receipts r
                      join public.payment_notices n on n.id = r.payment_notice_id
                     where n.debt_position_id = d.id) as sources
         from public.debt_positions d where d.id = $1`,
      [id],
    )
  );
  return row;
}

dbTest("a family pays a notice in the checkout simulator and the position is paid", async (db) => {
  await setIban(db);
  const p = await createTestPositionIn(db, { amountCents: 8550 });
  const { app, config } = await testApp(db);
  const claims = await claimsOf(db, "chiara.colombo@posta.example", "family");
  const back = `/famiglie/pagamenti/${p.positionId}/esito`;
  const url = await startCheckout(db, claims, config, p.notices[0].id, back);
  assert.match(url, new RegExp(`^${CHECKOUT_SIM_PATH}/carrello/[0-9a-f-]{36}$`));

  const html = await htmlOf(await app.request(url));
  assert.match(html, /<h1>Checkout pagoPA \(simulatore\)<\/h1>/);
  assert.match(html, /85,50 €/);
  assert.match(html, new RegExp(p.notices[0].noticeNumber));
  assert.match(html, /<caption>Avvisi da pagare<\/caption>/);

  const paid = await app.request(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "azione=paga",
    redirect: "manual",
  });
  assert.equal(paid.status, 303);
  assert.equal(paid.headers.get("location"), `${config.publicUrl}${back}?esito=ok`);
  const s = await positionState(db, p.positionId);
  assert.deepEqual([s.status, s.paid_cents, s.sources], ["paid", 8550, ["pa_send_rt"]]);

  // Paid: a second attempt is refused before reaching pagoPA.
  await assert.rejects(
    () => startCheckout(db, claims, config, p.notices[0].id, back),
    (e) => e instanceof CheckoutError && e.code === "already_paid" && e.status === 409,
  );
});

dbTest(
  "cancel returns to the portal and pays nothing; others cannot start a payment",
  async (db) => {
    await setIban(db);
    const p = await createTestPositionIn(db, { amountCents: 3000 });
    const { app, config } = await testApp(db);
    const parent = await claimsOf(db, "luca.ricci@posta.example", "family");
    const url = await startCheckout(db, parent, config, p.notices[0].id, "/famiglie/pagamenti");
    const res = await app.request(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "azione=annulla",
      redirect: "manual",
    });
    assert.equal(res.status, 303);
    assert.equal(
      res.headers.get("location"),
      `${config.publicUrl}/famiglie/pagamenti?esito=annullato`,
    );
    assert.equal((await positionState(db, p.positionId)).status, "open");

    const teacher = await claimsOf(db, "l.ferrari@scuola.valdiponte.example", "teacher");
    await assert.rejects(
      () => startCheckout(db, teacher, config, p.notices[0].id, "/famiglie/pagamenti"),
      (e) => e instanceof CheckoutError && e.status === 404,
    );
    await assert.rejects(
      () => startCheckout(db, parent, config, p.notices[0].id, "https://evil.example/"),
      (e) => e instanceof CheckoutError && e.code === "return_url_invalid",
    );
  },
);

dbTest("POST /carts is validated against checkout_v1.json", async (db) => {
  const { app } = await testApp(db);
  const bad = await app.request(`${CHECKOUT_SIM_PATH}/carts`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      paymentNotices: [{ noticeNumber: "3021", fiscalCode: "1", amount: 0 }],
      returnUrls: { returnOkUrl: "x" },
    }),
  });
  assert.equal(bad.status, 400);
  assert.match(bad.headers.get("content-type")!, /problem\+json/);
  const body = await bad.json();
  assert.match(body.detail, /paymentNotices\/0/);
  assert.match(body.detail, /returnUrls/);

  const missing = await app.request(`${CHECKOUT_SIM_PATH}/carrello/${crypto.randomUUID()}`);
  assert.equal(missing.status, 404);
});

dbTest("on a production database the simulator is never used by omission", async (db) => {
  await setIban(db);
  const p = await createTestPositionIn(db);
  const { app, config } = await testApp(db, {
    config: { databaseUrl: "postgres://piazza@db.invalid/piazza", checkout: null },
  });
  const claims = await claimsOf(db, "chiara.colombo@posta.example", "family");
  await assert.rejects(
    () => startCheckout(db, claims, config, p.notices[0].id, "/famiglie/pagamenti"),
    (e) => e instanceof CheckoutError && e.status === 503 && e.code === "checkout_not_configured",
  );
  const res = await app.request(`${CHECKOUT_SIM_PATH}/carts`, { method: "POST", body: "{}" });
  assert.notEqual(res.status, 302);
  assert.notEqual(res.status, 400);
  await res.body?.cancel();
  assert.deepEqual(checkoutFromEnv({ PAGOPA_CHECKOUT_URL: "simulator" }), {
    baseUrl: "simulator",
    subscriptionKey: "",
  });
  assert.throws(
    () => checkoutFromEnv({ PAGOPA_CHECKOUT_URL: "https://x.example" }),
    /PAGOPA_CHECKOUT_KEY/,
  );
  assert.equal(checkoutFromEnv({}), null);
});
