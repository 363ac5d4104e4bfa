/**
 * Prepaid wallets in a real browser: a family tops up its wallet (a wrong amount first: the
 * error summary), pays the notice in the pagoPA Checkout simulator and finds the wallet credited
 * once; the office finds the wallet, records an adjustment with its reason and sees it flagged.
 * Every page passes axe (WCAG 2.1 AA), on a desktop and on a phone.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { setupPrepaidCanteen } from "../helpers/fixtures_wallets.ts";
import { assertAccessible, browserTest, withPage } from "./harness.ts";
import { servedApp, signInAs } from "./served_app.ts";

/** Checkout returns to PUBLIC_URL (localhost:8000): point its redirect at the served app. */
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

let prepared: Promise<unknown> | null = null;
/** The served app (one per file) and its prepaid canteen, prepared once. */
async function app() {
  const served = await servedApp();
  await (prepared ??= setupPrepaidCanteen(served.db));
  return served;
}

browserTest("a family tops up its wallet through pagoPA and sees it credited", async () => {
  const { base } = await app();
  await withPage(async (page) => {
    await publicUrlIsBase(page, base);
    await signInAs(page, base, "chiara.colombo@posta.example");
    await page.goto(`${base}/famiglie/borsellino`);
    await page.locator("h1", { hasText: "Borsellino" }).waitFor();
    await assertAccessible(page, "family wallet");

    await page.fill("#importo", "2");
    await page.click("main button[type=submit]");
    await page.waitForSelector("[role=alert]");
    assert.equal(await page.getAttribute("#importo", "aria-invalid"), "true");
    await assertAccessible(page, "top-up with errors");

    await page.fill("#importo", "20");
    await page.click("main button[type=submit]");
    await page.getByText(/Ricarica di 20,00 € creata/).waitFor();
    await assertAccessible(page, "top-up created");
    await page.getByRole("link", { name: "Paga con pagoPA" }).first().click();
    await page.getByRole("button", { name: /Paga con pagoPA/ }).click();
    await page.locator("h1", { hasText: "Checkout pagoPA (simulatore)" }).waitFor();
    await page.getByRole("button", { name: /^Paga / }).click();
    await page.locator("h1", { hasText: "Pagamento ricevuto" }).waitFor();

    await page.goto(`${base}/famiglie/borsellino`);
    await page.getByText("Ricarica di 20,00 € pagata con pagoPA").waitFor();
    const balance = await page.locator("p.fs-4 strong").first().textContent();
    assert.equal(balance, "20,00 €");
    await page.setViewportSize({ width: 375, height: 740 });
    await page.reload();
    await assertAccessible(page, "family wallet on a phone");
  });
});

browserTest("the office adjusts a wallet with a reason and sees it flagged", async () => {
  const { base } = await app();
  await withPage(async (page) => {
    await signInAs(page, base, "m.rossi@comune.valdiponte.example");
    await page.goto(`${base}/operatore`);
    await page.click("a[href='/operatore/borsellini']");
    await page.locator("h1", { hasText: "Borsellini prepagati" }).waitFor();
    await assertAccessible(page, "wallet list");
    await page.getByRole("link", { name: "Colombo Chiara" }).click();
    await page.locator("h1", { hasText: "Borsellino di Colombo Chiara" }).waitFor();
    await page.fill("#importo", "-40");
    await page.click("form:has(input[value=rettifica]) button[type=submit]");
    await page.waitForSelector("[role=alert]");
    assert.equal(await page.getAttribute("#motivo", "aria-invalid"), "true");
    await assertAccessible(page, "adjustment with errors");
    await page.fill("#motivo", "Pasti di ottobre non registrati");
    await page.click("form:has(input[value=rettifica]) button[type=submit]");
    await page.getByText("Rettifica registrata.").waitFor();
    await page.locator(".badge", { hasText: "Oltre la tolleranza" }).waitFor();
    await assertAccessible(page, "wallet after the adjustment");
    await page.goto(`${base}/operatore/borsellini/impostazioni`);
    await assertAccessible(page, "wallet settings");
  });
});
