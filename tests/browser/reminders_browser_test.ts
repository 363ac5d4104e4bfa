/**
 * Collection in a real browser: the office finds the overdue positions from its dashboard, sends
 * the reminders after the confirmation step and sees them on the position; the family reads what
 * is left to pay on its home page and the reminder on the position. Every page passes axe
 * (WCAG 2.1 AA).
 */
import assert from "node:assert/strict";
import { overduePositions } from "../helpers/overdue_positions.ts";
import { assertAccessible, browserTest, withPage } from "./harness.ts";
import { servedApp, signInAs } from "./served_app.ts";

const OPERATOR = "m.rossi@comune.valdiponte.example";
const FAMILY = "chiara.colombo@posta.example";

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
    await page.getByText("Solleciti inviati: 2.").waitFor();
    await assertAccessible(page, "reminders sent");

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
