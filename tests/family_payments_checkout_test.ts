/**
 * "Paga con pagoPA" end to end without a browser: the family's form → pagoPA Checkout (the
 * simulator) → paSendRTV2 through the real `pagopa-node` path → the return page shows the
 * receipt, the position is paid in part (an instalment) or in full.
 */
import assert from "node:assert/strict";
import type { Db } from "../lib/db/types.ts";
import { htmlOf, signedInClient } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { CHIARA, LUCA, seedPosition } from "./family_payments_seed_test.ts";

async function setIban(db: Db) {
  await db.asOwner((tx) =>
    tx.query(
      `insert into public.billing_settings (tenant_id, iban)
       select id, 'IT60X0542811101000000123456' from public.tenants
       on conflict (tenant_id) do update set iban = excluded.iban`,
    )
  );
}

const local = (url: string) => url.replace(/^https?:\/\/[^/]+/, "");

dbTest("a family pays an instalment through the checkout and sees the receipt", async (db) => {
  await setIban(db);
  const p = await seedPosition(db, { instalments: [3000, 4000] });
  const c = await signedInClient(db, CHIARA);
  const first = p.notices[1];

  const go = await c.postForm(`/famiglie/pagamenti/${p.id}/paga`, { avviso: first.id });
  assert.equal(go.status, 303);
  const cart = go.headers.get("location")!;
  assert.match(cart, /^\/simulatori\/checkout\/carrello\/[0-9a-f-]{36}$/);
  const sim = await htmlOf(await c.get(cart));
  assert.match(sim, /Checkout pagoPA \(simulatore\)/);
  assert.match(sim, /30,00 €/);
  const paid = await c.request(cart, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "azione=paga",
  });
  assert.equal(paid.status, 303);
  const back = local(paid.headers.get("location")!);
  assert.equal(back, `/famiglie/pagamenti/${p.id}/esito?avviso=${first.id}&esito=ok`);
  const done = await htmlOf(await c.get(back));
  assert.match(done, /<h1>Pagamento ricevuto<\/h1>/);
  assert.match(done, /Rata 1 di 2/);
  const receipt = /\/ricevuta\/([0-9a-f-]{36})/.exec(done)![1];

  // The other parent sees the same: paid in part, one instalment left to pay.
  const luca = await signedInClient(db, LUCA);
  const page = await htmlOf(await luca.get(`/famiglie/pagamenti/${p.id}`));
  assert.match(page, /Pagato in parte/);
  assert.match(page, /30,00 €<\/dd>/);
  assert.equal((page.match(/Paga con pagoPA/g) ?? []).length, 1, "only the second instalment");
  const r = await htmlOf(await luca.get(`/famiglie/pagamenti/${p.id}/ricevuta/${receipt}`));
  assert.match(r, /Ricevuta di pagamento pagoPA/);
  assert.match(r, /30,00 €/);

  // The paid instalment cannot be paid again: no second trip to pagoPA.
  const again = await c.postForm(`/famiglie/pagamenti/${p.id}/paga`, { avviso: first.id });
  assert.equal(again.status, 303);
  assert.equal(again.headers.get("location"), `/famiglie/pagamenti/${p.id}?esito=non-pagabile`);
  const told = await htmlOf(await c.get(again.headers.get("location")!));
  assert.match(told, /non è più pagabile/);
});

dbTest("a family cancels in the checkout: the notice stays to pay", async (db) => {
  await setIban(db);
  const p = await seedPosition(db);
  const c = await signedInClient(db, CHIARA);
  const go = await c.postForm(`/famiglie/pagamenti/${p.id}/paga`, { avviso: p.notices[0].id });
  assert.equal(go.status, 303);
  const res = await c.request(go.headers.get("location")!, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "azione=annulla",
  });
  assert.equal(res.status, 303);
  const back = await c.get(local(res.headers.get("location")!));
  assert.equal(back.status, 303);
  assert.equal(back.headers.get("location"), `/famiglie/pagamenti/${p.id}?esito=annullato`);
  const page = await htmlOf(await c.get(back.headers.get("location")!));
  assert.match(page, /Il pagamento non è stato completato/);
  assert.match(page, /Da pagare/);

  // Forged forms: no CSRF token, a notice of nobody, a position of nobody.
  const noCsrf = await c.postForm(`/famiglie/pagamenti/${p.id}/paga`, { avviso: p.notices[0].id }, {
    csrf: false,
  });
  assert.equal(noCsrf.status, 403);
  await noCsrf.body?.cancel();
  const junk = await c.postForm(`/famiglie/pagamenti/${p.id}/paga`, { avviso: "x" });
  assert.equal(junk.headers.get("location"), `/famiglie/pagamenti/${p.id}?esito=non-pagabile`);
  const nobody = await c.postForm(`/famiglie/pagamenti/${crypto.randomUUID()}/paga`, {
    avviso: p.notices[0].id,
  });
  assert.equal(nobody.status, 404);
  await nobody.body?.cancel();
});

dbTest(
  "with the real Checkout (another site) the family is taken there by an instant refresh",
  async (db) => {
    const p = await seedPosition(db);
    const carts: unknown[] = [];
    const ac = new AbortController();
    const server = Deno.serve({ port: 0, signal: ac.signal, onListen() {} }, async (req) => {
      carts.push({ key: req.headers.get("ocp-apim-subscription-key"), body: await req.json() });
      return new Response(null, {
        status: 302,
        headers: { location: "https://checkout.example/c/abc123" },
      });
    });
    try {
      const c = await signedInClient(db, CHIARA, {
        config: {
          checkout: {
            baseUrl: `http://127.0.0.1:${server.addr.port}/ec/v1`,
            subscriptionKey: "k-1",
          },
        },
      });
      const res = await c.postForm(`/famiglie/pagamenti/${p.id}/paga`, { avviso: p.notices[0].id });
      const html = await htmlOf(res);
      assert.equal(res.headers.get("refresh"), "0; url=https://checkout.example/c/abc123");
      assert.match(
        html,
        /<a class="btn btn-primary" href="https:\/\/checkout.example\/c\/abc123">Vai a pagoPA/,
      );
      assert.equal(carts.length, 1);
      const { key, body } = carts[0] as { key: string; body: Record<string, unknown> };
      assert.equal(key, "k-1");
      assert.deepEqual((body.paymentNotices as { amount: number }[])[0].amount, 7000);
      assert.match(
        (body.returnUrls as Record<string, string>).returnOkUrl,
        new RegExp(`/famiglie/pagamenti/${p.id}/esito\\?avviso=${p.notices[0].id}&esito=ok$`),
      );
    } finally {
      ac.abort();
      await server.finished;
    }
  },
);
