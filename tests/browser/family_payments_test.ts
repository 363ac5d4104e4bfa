/**
 * A family in a real browser: opens its payments, the position with its lines and explanation,
 * downloads the Avviso pagoPA, pays with "Paga con pagoPA" in the Checkout simulator (the receipt
 * travels the real paSendRTV2 path) and sees the position paid and the receipt. Then the return
 * page waiting for a receipt that arrives later, updating by itself. Every page passes axe.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import type { Db } from "../../lib/db/types.ts";
import { CHIARA, seedPosition } from "../family_payments_seed_test.ts";
import { assertAccessible, browserTest, withPage } from "./harness.ts";
import { servedApp, signInAs } from "./served_app.ts";

async function setIban(db: Db) {
  await db.asOwner((tx) =>
    tx.query(
      `insert into public.billing_settings (tenant_id, iban)
       select id, 'IT60X0542811101000000123456' from public.tenants
       on conflict (tenant_id) do update set iban = excluded.iban`,
    )
  );
}

/**
 * Checkout returns to the configured PUBLIC_URL (the test configuration's localhost:8000), while
 * the served app listens on a free port: the simulator's redirect is pointed at the app (a form's
 * redirect to another origin would be refused by `form-action 'self'`, as it should).
 */
async function publicUrlIsBase(page: Page, base: string) {
  await page.route("**/simulatori/checkout/carrello/*", async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    const res = await route.fetch({ maxRedirects: 0 });
    const headers = res.headers();
    if (headers.location) {
      headers.location = headers.location.replace(/^http:\/\/localhost:8000/, base);
    }
    return route.fulfill({ response: res, headers });
  });
}

browserTest(
  "a family opens the notice, pays in the simulator and sees the position paid",
  async () => {
    const { base, db } = await servedApp();
    await setIban(db);
    const p = await seedPosition(db);
    await withPage(async (page) => {
      await publicUrlIsBase(page, base);
      await signInAs(page, base, CHIARA);
      await page.goto(`${base}/famiglie`);
      await page.getByRole("link", { name: "Pagamenti e ricevute pagoPA" }).click();
      await page.locator("h1", { hasText: "Pagamenti" }).waitFor();
      await assertAccessible(page, "family payments");
      await page.locator(`a[href="/famiglie/pagamenti/${p.id}"]`).first().click();
      await page.locator("h1", { hasText: "Refezione scolastica – Ottobre 2026" }).waitFor();
      await assertAccessible(page, "family position");
      // The explanation's steps open on demand.
      const steps = page.locator("details", { hasText: "Come è calcolato" }).first();
      await steps.locator("summary").click();
      await steps.getByText("Presenze: 10").waitFor();

      // The notice: the Avviso pagoPA as a PDF, with the family's session.
      const href = await page.getByRole("link", { name: /Scarica l'avviso/ }).getAttribute("href");
      assert.equal(href, `/famiglie/pagamenti/${p.id}/avviso`);
      const pdf = await page.request.get(`${base}${href}`);
      assert.equal(pdf.status(), 200);
      assert.match(pdf.headers()["content-type"], /^application\/pdf/);
      assert.equal(new TextDecoder().decode((await pdf.body()).slice(0, 5)), "%PDF-");

      await page.getByRole("button", { name: /Paga con pagoPA/ }).click();
      await page.locator("h1", { hasText: "Checkout pagoPA (simulatore)" }).waitFor();
      await page.getByRole("button", { name: /^Paga / }).click();
      await page.locator("h1", { hasText: "Pagamento ricevuto" }).waitFor();
      assert.ok(new URL(page.url()).pathname.endsWith("/esito"));
      await assertAccessible(page, "payment received");
      await page.getByRole("link", { name: "Vedi e stampa la ricevuta" }).click();
      await page.locator("h1", { hasText: "Ricevuta di pagamento pagoPA" }).waitFor();
      await page.getByRole("button", { name: "Stampa la ricevuta" }).waitFor();
      await page.getByText("70,00 €").first().waitFor();
      await assertAccessible(page, "receipt");

      await page.goto(`${base}/famiglie/pagamenti/${p.id}`);
      await page.locator(".badge", { hasText: "Pagato" }).first().waitFor();
      assert.equal(await page.getByRole("button", { name: /Paga con pagoPA/ }).count(), 0);
      // On a phone: cards, still accessible.
      await page.setViewportSize({ width: 375, height: 740 });
      await page.goto(`${base}/famiglie/pagamenti`);
      await page.locator(`.d-md-none a[href="/famiglie/pagamenti/${p.id}"]`).waitFor();
      await assertAccessible(page, "family payments on a phone");
    });
  },
);

browserTest("the return page waits for the receipt and shows it when it arrives", async () => {
  const { base, db } = await servedApp();
  const p = await seedPosition(db, { periodStart: "2026-11-01", periodEnd: "2026-11-30" });
  const n = p.notices[0];
  await withPage(async (page) => {
    await signInAs(page, base, CHIARA);
    await page.goto(`${base}/famiglie/pagamenti/${p.id}/esito?avviso=${n.id}&esito=ok`);
    await page.locator("h1", { hasText: "Pagamento in corso di verifica" }).waitFor();
    await page.waitForSelector('[data-island="PaymentPending"][data-island-state="hydrated"]');
    await assertAccessible(page, "payment in verification");
    // The receipt arrives a moment later, as the receipts path records it.
    await db.asOwner(async (tx) => {
      const [r] = await tx.query<{ id: string }>(
        `insert into public.payment_receipts (tenant_id, receipt_ref, iuv, notice_number,
           payment_notice_id, amount_cents, paid_at, psp_name, source, status)
         select tenant_id, 'LATE-' || iuv, iuv, notice_number, id, amount_cents, now(), 'PSP simulato',
                'gpd', 'matched'
           from public.payment_notices where id = $1 returning id`,
        [n.id],
      );
      await tx.query(
        "update public.payment_notices set status = 'paid', paid_at = now(), receipt_id = $2 where id = $1",
        [n.id, r.id],
      );
      await tx.query(
        `update public.debt_positions set status = 'paid', paid_cents = amount_cents, paid_at = now()
          where id = $1`,
        [p.id],
      );
    });
    await page.locator("h1", { hasText: "Pagamento ricevuto" }).waitFor({ timeout: 10_000 });
    await page.getByText(`LATE-${n.notice_number.slice(1)}`).waitFor();
  });
});
