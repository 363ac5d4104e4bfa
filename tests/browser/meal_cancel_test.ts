/**
 * Presumed presence in a real browser: the caterer has the day's meal board open (live through
 * the sites' meals rooms); Sofia Ricci's mother cancels Sofia's meal for the next service day
 * before the cut-off, and the caterer's count drops without a reload. Then the office's board
 * and the family's page pass axe (WCAG 2.1 AA) like the others.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { enrollDemoFamilyInCanteen } from "../helpers/fixtures_meals.ts";
import { assertAccessible, browserTest, withPage } from "./harness.ts";
import { servedApp, signInAs } from "./served_app.ts";

const MOTHER = "chiara.colombo@posta.example";
const CATERER = "ordini@ristorazionecolli.example";
const OPERATOR = "m.rossi@comune.valdiponte.example";

async function total(page: Page): Promise<number> {
  return Number(await page.locator('[data-testid="meals-total"]').innerText());
}

browserTest(
  "a family cancels a meal before the cut-off: the caterer's count drops live",
  async () => {
    const { base, db } = await servedApp();
    const s = await enrollDemoFamilyInCanteen(db);
    await withPage(async (caterer) => {
      await signInAs(caterer, base, CATERER);
      await caterer.goto(`${base}/fornitori?servizio=${s.serviceId}&giorno=${s.nextDay}`);
      await caterer.waitForSelector('[data-island="MealBoard"][data-island-state="hydrated"]');
      await assertAccessible(caterer, "provider meal board");
      const before = await total(caterer);
      assert.ok(before > 0);
      // The board's socket joins its rooms right after connecting.
      await caterer.waitForTimeout(500);

      await withPage(async (family) => {
        await signInAs(family, base, MOTHER);
        await family.goto(`${base}/famiglie/disdette`);
        await assertAccessible(family, "family cancellations");
        await family.check(`input[name="giorno"][value="${s.nextDay}"]`);
        await family.check('input[name="azione"][value="cancel"]');
        await Promise.all([
          family.waitForLoadState("load"),
          family.click('form[method="post"][action="/famiglie/disdette"] button[type=submit]'),
        ]);
        await family.locator(`td[data-day="${s.nextDay}"]`, { hasText: "Pasto disdetto" })
          .waitFor();
        await assertAccessible(family, "family cancellations, done");
      });

      await caterer.waitForFunction(
        (n) => Number(document.querySelector('[data-testid="meals-total"]')?.textContent) === n,
        before - 1,
        { timeout: 5_000 },
      );
      assert.equal(await total(caterer), before - 1);
    });

    await withPage(async (office) => {
      await signInAs(office, base, OPERATOR);
      await office.goto(`${base}/operatore/pasti?servizio=${s.serviceId}&giorno=${s.nextDay}`);
      await office.waitForSelector('[data-island="MealBoard"][data-island-state="hydrated"]');
      await assertAccessible(office, "office meal board");
      await office.goto(
        `${base}/operatore/pasti/variazioni?servizio=${s.serviceId}&giorno=${s.nextDay}`,
      );
      await assertAccessible(office, "office meal changes");
    });
  },
);
