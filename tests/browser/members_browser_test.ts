/**
 * People and the Ente in a real browser: the member list, the invitation form (with errors, then
 * sent), a member's page, the Ente's details and the platform's new-Ente form all pass axe (WCAG
 * 2.1 AA) and work with the keyboard, without JavaScript of our own.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { DEMO_PASSWORD } from "../../lib/seed/demo.ts";
import { servedApp } from "./served_app.ts";
import { assertAccessible, browserTest, withPage } from "./harness.ts";

async function app() {
  return await servedApp();
}

async function signIn(page: Page, base: string, email: string, home: string) {
  await page.goto(`${base}/accedi`);
  await page.fill("#email", email);
  await page.fill("#password", DEMO_PASSWORD);
  await page.click("button[type=submit]");
  await page.waitForURL(`${base}${home}`);
}

browserTest("members: list, invitation with errors, invitation sent, member page", async () => {
  const { base } = await app();
  await withPage(async (page) => {
    await signIn(page, base, "admin@comune.valdiponte.example", "/operatore");
    await page.click("a[href='/operatore/utenti']");
    assert.equal(await page.locator("h1").textContent(), "Utenti e profili");
    await assertAccessible(page, "member list");

    await page.fill("#q", "rossi");
    await page.keyboard.press("Enter");
    await page.waitForURL(/q=rossi/);
    assert.match(await page.locator("caption").textContent() ?? "", /1 persone trovate/);

    await page.goto(`${base}/operatore/utenti/invita`);
    await assertAccessible(page, "invitation form");
    await page.fill("#email", "posta-sbagliata");
    await page.click("main button[type=submit]");
    await page.waitForSelector("[role=alert]");
    assert.equal(await page.getAttribute("#email", "aria-invalid"), "true");
    await assertAccessible(page, "invitation form with errors");
    await page.click("[role=alert] a[href='#role']");

    await page.fill("#email", "nuova.persona@comune.valdiponte.example");
    await page.fill("#full_name", "Nuova Persona");
    await page.click("label[for=role-operator]");
    assert.equal(await page.isChecked("#role-operator"), true);
    await page.keyboard.press("Enter");
    await page.waitForURL(/invitato=attivazione/);
    assert.equal(await page.locator("h1").textContent(), "Nuova Persona");
    await assertAccessible(page, "member page");
  });
});

browserTest("the Ente's details and the platform's new-Ente form", async () => {
  const { base } = await app();
  await withPage(async (page) => {
    await signIn(page, base, "admin@comune.valdiponte.example", "/operatore");
    await page.click("a[href='/operatore/ente']");
    await assertAccessible(page, "Ente form");
    await page.fill("#pec", "protocollo@pec");
    await page.click("main button[type=submit]");
    await page.waitForSelector("[role=alert]");
    await assertAccessible(page, "Ente form with errors");
  });
  await withPage(async (page) => {
    await signIn(page, base, "piattaforma@piazza.example", "/piattaforma");
    await assertAccessible(page, "platform page");
    await page.click("main button[type=submit]");
    await page.waitForSelector("[role=alert]");
    assert.equal(await page.getAttribute("#tax_code", "aria-invalid"), "true");
    await assertAccessible(page, "new-Ente form with errors");
  });
});
