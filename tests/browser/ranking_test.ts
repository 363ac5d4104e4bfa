/**
 * Rankings in a real browser: an operator opens the nursery's criteria, computes the provisional
 * ranking of three submitted applications, makes it final and publishes it; the public page
 * (signed out) shows protocol numbers, never names, and passes axe (WCAG 2.1 AA).
 */
import assert from "node:assert/strict";
import { nurseryApplications } from "../helpers/fixtures_rankings.ts";
import { assertAccessible, browserTest, withPage } from "./harness.ts";
import { servedApp, signInAs } from "./served_app.ts";

const OPERATOR = "m.rossi@comune.valdiponte.example";

browserTest("an operator computes and publishes the nursery ranking", async () => {
  const { base, db } = await servedApp();
  const protocols = await nurseryApplications(db, [
    { name: "Giulia", birth_date: "2025-02-01", working_parents: 2 },
    { name: "Marco", birth_date: "2025-05-01", working_parents: 1, disability: true },
    { name: "Nadia", birth_date: "2025-01-01", working_parents: 0, resident: false },
  ]);
  await withPage(async (page) => {
    await signInAs(page, base, OPERATOR);
    await page.click("a[href='/operatore/graduatorie']");
    assert.equal(await page.locator("h1").textContent(), "Graduatorie");
    await assertAccessible(page, "rankings list");

    const row = page.locator("tr", { hasText: "Il Girotondo" });
    await row.locator("a", { hasText: "Modifica criteri" }).click();
    await page.waitForSelector("#disability_points");
    assert.equal(await page.inputValue("#disability_points"), "30");
    await assertAccessible(page, "criteria form");
    await page.fill("#offer_days", "0");
    await page.click("main button[type=submit]");
    await page.waitForSelector("[role=alert]");
    assert.equal(await page.getAttribute("#offer_days", "aria-invalid"), "true");
    await assertAccessible(page, "criteria form with errors");
    await page.fill("#offer_days", "10");
    await page.click("main button[type=submit]");
    await page.waitForSelector(".alert-success");

    await page.click("a[href='/operatore/graduatorie']");
    const places = page.locator("tr", { hasText: "Il Girotondo" }).locator("input[name=places]");
    await places.fill("1");
    await page.locator("tr", { hasText: "Il Girotondo" }).locator("button[type=submit]").click();
    await page.waitForSelector(".alert-success");
    const body = await page.locator("tbody").textContent();
    assert.ok(body!.includes("Marco"), "the office sees the children's names");
    const order = await page.locator("tbody tr td:nth-child(2)").allTextContents();
    assert.deepEqual(order, [protocols[1], protocols[0], protocols[2]]);
    await assertAccessible(page, "provisional ranking");

    await page.click("button:has-text('Rendi definitiva')");
    await page.waitForSelector(".alert-success");
    await page.click("button:has-text('Pubblica')");
    await page.waitForSelector(".alert-success");
    assert.match(await page.locator("tbody").textContent() ?? "", /Posto offerto/);
    await assertAccessible(page, "published ranking");
    const href = await page.locator("a", { hasText: "pagina pubblica" }).getAttribute("href");

    await page.context().clearCookies();
    await page.goto(`${base}${href}`);
    const text = await page.locator("main").textContent() ?? "";
    for (const p of protocols) assert.ok(text.includes(p), p);
    for (const name of ["Giulia", "Marco", "Nadia", "Prova"]) assert.ok(!text.includes(name), name);
    await assertAccessible(page, "public ranking");
  });
});
