/**
 * Billing in a real browser: an operator creates the run of a month, watches it compute live,
 * reviews the totals, changes a line with a reason, approves and issues it; the debt positions
 * appear with their notices. Every page passes axe (WCAG 2.1 AA).
 */
import assert from "node:assert/strict";
import { type BillingJobs, startBillingJobs } from "../../lib/jobs/billing.ts";
import { assertAccessible, browserTest, withPage } from "./harness.ts";
import { servedApp, signInAs } from "./served_app.ts";

const OPERATOR = "m.rossi@comune.valdiponte.example";

let jobs: BillingJobs | null = null;
Deno.test.afterAll(async () => {
  await jobs?.stop();
});

browserTest("an operator runs, reviews, adjusts, approves and issues a month", async () => {
  const { base, db } = await servedApp();
  await db.asOwner((tx) =>
    tx.query(
      `insert into public.billing_settings (tenant_id, segregation_code, iban, office_name)
       select id, '02', 'IT60X0542811101000000123456', 'Ufficio Scuola' from public.tenants
       on conflict (tenant_id) do nothing`,
    )
  );
  jobs = startBillingJobs(db, { intervalMs: 500 });
  await withPage(async (page) => {
    await signInAs(page, base, OPERATOR);
    await page.click("a[href='/operatore/fatturazione']");
    await page.locator("h1", { hasText: "Elaborazioni di fatturazione" }).waitFor();
    await assertAccessible(page, "billing runs");

    await page.click("a[href='/operatore/fatturazione/nuova']");
    await page.locator("h1", { hasText: "Nuova elaborazione" }).waitFor();
    await assertAccessible(page, "new run form");
    await page.fill("#month", "2026-10");
    await page.click("main button[type=submit]");

    // The island follows the computation and reloads the page when it is done.
    await page.locator("[data-run-status=computed]").waitFor({ timeout: 60_000 });
    await page.locator("h1", { hasText: "Ottobre 2026" }).waitFor();
    await page.locator("caption", { hasText: "Totali per servizio" }).waitFor();
    await assertAccessible(page, "run in review");
    const before = await page.locator("main dl dd").nth(3).textContent();

    await page.locator("a", { hasText: "Modifica" }).first().click();
    await page.locator("h1", { hasText: "Riga di fatturazione" }).waitFor();
    await assertAccessible(page, "line");
    await page.fill("#amount", "1,00");
    await page.click("form:has(input[value=update]) button[type=submit]");
    await page.waitForSelector("[role=alert]");
    assert.equal(await page.getAttribute("#reason", "aria-invalid"), "true");
    await page.fill("#reason", "Rettifica concordata con la famiglia");
    await page.click("form:has(input[value=update]) button[type=submit]");
    await page.locator(".alert-success", { hasText: "Riga salvata." }).waitFor();
    const after = await page.locator("main dl dd").nth(3).textContent();
    assert.notEqual(after, before, "the total changed");
    await page.getByText("Motivo: Rettifica concordata con la famiglia").waitFor();

    await page.getByRole("button", { name: "Approva" }).click();
    await page.locator(".alert-success", { hasText: "Elaborazione approvata." }).waitFor();
    await page.getByRole("button", { name: "Emetti gli avvisi pagoPA" }).click();
    await page.locator("[data-run-status=issued]").waitFor({ timeout: 60_000 });
    await assertAccessible(page, "issued run");

    await page.locator("a", { hasText: "Posizioni debitorie (" }).click();
    await page.locator("h1", { hasText: "Posizioni debitorie" }).waitFor();
    await page.locator("caption", { hasText: "Posizioni trovate:" }).waitFor();
    await assertAccessible(page, "positions");
    await page.locator("tbody th a").first().click();
    await page.locator("caption", { hasText: "Avvisi di pagamento" }).waitFor();
    await page.getByRole("rowheader", { name: "Pagamento unico" }).waitFor();
    await assertAccessible(page, "position");
  });
});
