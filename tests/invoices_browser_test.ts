/**
 * The invoice pages in a real browser: the office fills in the Ente's invoicing data (errors
 * first, then saved), finds an invoice, opens it; the family finds it among its invoices. Each
 * page passes axe-core, on a desktop and on a phone-sized window.
 */
import assert from "node:assert/strict";
import { createInvoicesForRun } from "../lib/fatturapa/issue.ts";
import { assertAccessible, browserTest, withPage } from "./browser/harness.ts";
import { servedApp, signInAs } from "./browser/served_app.ts";
import { invoiceScenario } from "./helpers/fixtures_invoices.ts";

const OPERATOR = "m.rossi@comune.valdiponte.example";
const PARENT = "chiara.colombo@posta.example";

browserTest("invoices: settings, list, detail and the family's copy, accessibly", async () => {
  const { base, db } = await servedApp();
  await withPage(async (page) => {
    await signInAs(page, base, OPERATOR);
    await page.goto(`${base}/operatore/fatture/impostazioni`);
    await page.fill("#name", "Comune di Valdiponte");
    await page.fill("#vat_number", "01234560489");
    await page.fill("#tax_code", "80001250481");
    await page.fill("#address", "Piazza del Municipio");
    await page.fill("#postal_code", "50099");
    await page.fill("#municipality", "Valdiponte");
    await page.getByRole("button", { name: "Salva" }).click();
    await page.waitForSelector("[role=alert]");
    assert.equal(await page.getAttribute("#vat_number", "aria-invalid"), "true");
    await assertAccessible(page, "invoice settings with errors");
    await page.fill("#vat_number", "01234560488");
    await page.getByRole("button", { name: "Salva" }).click();
    await page.waitForURL(/salvato=1/);
    await assertAccessible(page, "invoice settings saved");
  });

  const s = await invoiceScenario(db);
  await db.asUser(s.op, (tx) => createInvoicesForRun(tx, s.runId));
  const year = new Date().getFullYear();
  await withPage(async (page) => {
    await signInAs(page, base, OPERATOR);
    await page.goto(`${base}/operatore/fatture`);
    await assertAccessible(page, "invoice list");
    await page.getByRole("link", { name: `1/${year}`, exact: true }).click();
    await page.waitForSelector("h1:has-text('Fattura n.')");
    await assertAccessible(page, "invoice detail");
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Copia di cortesia (PDF)" }).click();
    assert.match((await download).suggestedFilename(), /^fattura-1-\d{4}\.pdf$/);
  });
  await withPage(async (page) => {
    await page.setViewportSize({ width: 375, height: 740 });
    await signInAs(page, base, PARENT);
    await page.goto(`${base}/famiglie/fatture`);
    assert.equal(await page.locator("tbody tr").count(), 1);
    await assertAccessible(page, "family invoices (phone)");
  });
});
