/**
 * The receipts' exports in a real browser: the list links its CSV and the revenue by service,
 * whose page (table with caption, header cells and total; the receipts apart) passes axe.
 */
import { revenueMonth } from "../helpers/fixtures_revenue.ts";
import { assertAccessible, browserTest, withPage } from "./harness.ts";
import { servedApp, signInAs } from "./served_app.ts";

browserTest("an operator opens the revenue by service from the receipts", async () => {
  const { base, db } = await servedApp();
  const f = await revenueMonth(db);
  await withPage(async (page) => {
    await signInAs(page, base, "m.rossi@comune.valdiponte.example");
    await page.goto(`${base}/operatore/ricevute?dal=2026-11-01&al=2026-11-30`);
    await page.locator("a", { hasText: "Scarica l'elenco in CSV (5 ricevute)" }).waitFor();
    await assertAccessible(page, "receipts");
    // The page's own link, which keeps the range (the menu's entry has none).
    await page.locator("main a[href^='/operatore/ricevute/per-servizio?']", {
      hasText: "Incassi per servizio",
    }).click();
    await page.locator("h1", { hasText: "Incassi per servizio" }).waitFor();
    await page.getByRole("rowheader", { name: f.a.title }).waitFor();
    await page.locator("tfoot", { hasText: "88,33" }).waitFor();
    await assertAccessible(page, "revenue by service");
    await page.goto(`${base}/operatore/ricevute/per-servizio?dal=2026-11-30&al=2026-11-01`);
    await page.waitForSelector("[role=alert]");
    await assertAccessible(page, "revenue by service with an error");
  });
});
