/**
 * Collection in a real browser: the office finds the overdue positions from its dashboard, sends
 * the reminders after the confirmation step as a campaign, stops it and resumes it, follows it
 * live until done (the reminder job runs in the test), finds it in the list of campaigns and sees
 * the reminder on the position; the family reads what is left to pay on its home page and the
 * reminder on the position. Every page passes axe (WCAG 2.1 AA).
 */
import assert from "node:assert/strict";
import { type ReminderJobs, startReminderJobs } from "../../lib/jobs/reminders.ts";
import { overduePositions } from "../helpers/overdue_positions.ts";
import { assertAccessible, browserTest, withPage } from "./harness.ts";
import { servedApp, signInAs } from "./served_app.ts";

const OPERATOR = "m.rossi@comune.valdiponte.example";
const FAMILY = "chiara.colombo@posta.example";

let jobs: ReminderJobs | null = null;
Deno.test.afterAll(async () => {
  await jobs?.stop();
});

browserTest("the office reminds the overdue positions; the family reads it", async () => {
  const { base, db } = await servedApp();
  const f = await overduePositions(db);
  await withPage(async (page) => {
    await signInAs(page, base, OPERATOR);
    await page.goto(`${base}/operatore`);
    await page.locator("h2", { hasText: "Da fare" }).waitFor();
    await assertAccessible(page, "office dashboard");
    await page.getByRole("link", { name: "posizioni scadute e non pagate" }).click();
    await page.locator("caption", { hasText: "di cui scaduti e non pagati 70,00 €" }).waitFor();
    await assertAccessible(page, "overdue positions");

    await page.getByRole("button", { name: "Invia sollecito alle 2 posizioni scadute" }).click();
    await page.locator("h2", { hasText: "Conferma l'invio" }).waitFor();
    await assertAccessible(page, "reminders confirmation");
    await page.getByRole("button", { name: "Invia 2 solleciti" }).click();
    await page.waitForURL(/\/operatore\/posizioni\/solleciti\/[0-9a-f-]{36}$/);
    await page.locator("h1", { hasText: "Campagna di solleciti" }).waitFor();
    // Queued until the reminder job runs; then the progress island, told over the socket,
    // reloads the page when the campaign is done.
    await page.locator("[data-campaign-status='queued']").waitFor();
    await assertAccessible(page, "reminder campaign queued");
    // Stopped while queued (after the confirmation step), then resumed: it goes on as before.
    await page.getByRole("link", { name: "Interrompi campagna" }).click();
    await page.locator("h2", { hasText: "Interrompere la campagna?" }).waitFor();
    await assertAccessible(page, "reminder campaign stop confirmation");
    await page.getByRole("button", { name: "Sì, interrompi la campagna" }).click();
    // The island does not reload the page the form is leaving: the redirect's message shows.
    await page.getByText("Campagna interrotta. I solleciti già inviati restano inviati.").waitFor();
    await page.locator("[data-campaign-status='cancelled']").waitFor();
    await page.getByText("Campagna interrotta dall'ufficio: i solleciti già inviati restano")
      .waitFor();
    await assertAccessible(page, "reminder campaign stopped");
    await page.getByRole("button", { name: "Riprendi" }).click();
    await page.locator("[data-campaign-status='queued']").waitFor();
    jobs = startReminderJobs(db, { intervalMs: 500 });
    await page.locator("[data-campaign-status='done']").waitFor({ timeout: 20_000 });
    await page.getByText("Solleciti inviati: 2.").waitFor();
    await assertAccessible(page, "reminder campaign done");
    await page.getByRole("link", { name: "Campagne di solleciti" }).click();
    await page.locator("caption", { hasText: "Campagne: 1" }).waitFor();
    assert.match(await page.locator("table").innerText(), /Conclusa/);
    await assertAccessible(page, "reminder campaigns");

    await page.goto(`${base}/operatore/posizioni/${f.late}`);
    await page.locator("caption", { hasText: "Solleciti inviati" }).waitFor();
    const history = await page.locator("table:has(caption:has-text('Solleciti inviati'))")
      .innerText();
    assert.match(history, /chiara\.colombo@posta\.example/);
    assert.match(history, /40,00 €/);
    await assertAccessible(page, "position with its reminder");
  });
  await withPage(async (page) => {
    await signInAs(page, base, FAMILY);
    await page.locator(".alert", { hasText: "Hai 3 avvisi da pagare" }).waitFor();
    await assertAccessible(page, "family home with what is due");
    await page.goto(`${base}/famiglie/pagamenti/${f.late}`);
    await page.getByText("Sollecito inviato il").waitFor();
    await assertAccessible(page, "family position reminded");
  });
});
