/**
 * The administrator's tools in a real browser: API keys (create, the token shown once, revoke),
 * the outbox and the audit log. Every page, including the form with errors, passes axe (WCAG 2.1
 * AA), and everything works with the keyboard and without JavaScript of our own.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { DEMO_PASSWORD, DEMO_USERS } from "../../lib/seed/demo.ts";
import { assertAccessible, browserTest, withPage } from "./harness.ts";
import { servedApp } from "./served_app.ts";

const ADMIN = DEMO_USERS.find((u) => u.role === "admin")!;

async function app() {
  return await servedApp();
}

async function signInAsAdmin(page: Page, base: string) {
  await page.goto(`${base}/accedi`);
  await page.fill("#email", ADMIN.email);
  await page.fill("#password", DEMO_PASSWORD);
  await page.click("button[type=submit]");
  await page.waitForURL(`${base}/operatore`);
}

browserTest("API keys: create with errors, then the token once, then revoke", async () => {
  const { base } = await app();
  await withPage(async (page) => {
    await signInAsAdmin(page, base);
    await page.click("a[href='/operatore/chiavi-api']");
    assert.equal(await page.locator("h1").textContent(), "Chiavi API");
    await assertAccessible(page, "key list (empty)");

    await page.click("a[href='/operatore/chiavi-api/nuova']");
    await assertAccessible(page, "new key form");
    await page.click("label[for=scope-read]");
    assert.equal(await page.isChecked("#scope-read"), false);
    await page.click("main button[type=submit]");
    await page.waitForSelector("[role=alert]");
    assert.equal(await page.getAttribute("#name", "aria-invalid"), "true");
    await assertAccessible(page, "new key form with errors");
    await page.click("[role=alert] a[href='#name']");

    await page.fill("#name", "Esportazione contabilità");
    await page.click("label[for=scope-read]");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#token");
    const token = await page.inputValue("#token");
    assert.match(token, /^pzk_[A-Za-z0-9]{10}_[A-Za-z0-9_-]{43}$/);
    assert.match(await page.title(), /creata/);
    await assertAccessible(page, "key created");

    await page.click("text=torna all'elenco");
    assert.ok(!(await page.content()).includes(token));
    await page.click("a[href$='/revoca']");
    await assertAccessible(page, "revoke confirmation");
    await page.click("button.btn-danger");
    await page.waitForSelector(".alert-success");
    await assertAccessible(page, "key list with a revoked key");
  });
});

browserTest("outbox and audit log are readable and accessible", async () => {
  const { base } = await app();
  await withPage(async (page) => {
    await page.goto(`${base}/password/recupera`);
    await page.fill("#email", DEMO_USERS.find((u) => u.role === "family")!.email);
    await page.click("main button[type=submit]");
    await page.waitForSelector(".alert-success");

    await signInAsAdmin(page, base);
    await page.goto(`${base}/operatore/posta`);
    await assertAccessible(page, "outbox");
    await page.click("tbody a");
    const link = page.locator("pre a");
    assert.match((await link.getAttribute("href"))!, /\/password\/reimposta\?token=/);
    await assertAccessible(page, "outbox mail");

    await page.goto(`${base}/operatore/registro-attivita`);
    await assertAccessible(page, "audit log");
    const details = page.locator("details").first();
    await details.locator("summary").click();
    assert.equal(await details.getAttribute("open"), "");
    await assertAccessible(page, "audit log with a diff open");
    await page.fill("#from", "2026-07-02");
    await page.fill("#to", "2026-07-01");
    await page.click("form[role=search] button[type=submit]");
    await page.waitForSelector("[role=alert]");
    await assertAccessible(page, "audit log with a filter error");

    await page.goto(`${base}/operatore/registro-attivita?lang=en`);
    assert.equal(await page.locator("h1").textContent(), "Audit log");
    await assertAccessible(page, "audit log in English");
  });
});
