/**
 * The registry in a real browser: search, a new person with an invalid then a valid codice
 * fiscale, the duplicate refused with a link to the existing record, the person's page, the
 * household and the import page. Every page passes axe (WCAG 2.1 AA), without our JavaScript.
 */
import assert from "node:assert/strict";
import { generateCodiceFiscale } from "../../lib/codes/mod.ts";
import { assertAccessible, browserTest, withPage } from "./harness.ts";
import { servedApp, signInAs } from "./served_app.ts";

const CF = generateCodiceFiscale({
  surname: "Marchi",
  name: "Elena",
  birthDate: "2019-06-15",
  sex: "F",
  placeCode: "D612",
});

browserTest(
  "registry: search, create with an invalid then a valid CF, duplicate link",
  async () => {
    const { base } = await servedApp();
    await withPage(async (page) => {
      await signInAs(page, base, "m.rossi@comune.valdiponte.example");
      await page.click("a[href='/operatore/anagrafiche']");
      assert.equal(await page.locator("h1").textContent(), "Anagrafiche");
      await assertAccessible(page, "people list");

      await page.fill("#q", "ricci");
      await page.keyboard.press("Enter");
      await page.waitForURL(/q=ricci/);
      // The demo household Ricci Colombo: Luca and the three children.
      assert.match(await page.locator("caption").textContent() ?? "", /4 persone trovate/);
      await page.click("text=Ricci Luca");
      await page.waitForURL(/\/persone\//);
      assert.equal(await page.locator("h1").textContent(), "Ricci Luca");
      await assertAccessible(page, "person page");

      await page.goto(`${base}/operatore/anagrafiche/persone/nuova`);
      await assertAccessible(page, "person form");
      await page.fill("#tax_code", CF.slice(0, 15) + (CF[15] === "A" ? "B" : "A"));
      await page.fill("#surname", "Marchi");
      await page.fill("#name", "Elena");
      await page.click("main button[type=submit]");
      await page.waitForSelector("[role=alert]");
      assert.equal(await page.getAttribute("#tax_code", "aria-invalid"), "true");
      assert.match(
        await page.locator("[role=alert]").first().textContent() ?? "",
        /Il carattere di controllo del codice fiscale non è corretto/,
      );
      await assertAccessible(page, "person form with errors");
      await page.click("[role=alert] a[href='#tax_code']");
      assert.equal(await page.evaluate(() => document.activeElement?.id), "tax_code");

      await page.fill("#tax_code", CF);
      await page.fill("#birth_date", "2019-06-15");
      await page.click("label[for=kinds-beneficiary]");
      assert.equal(await page.isChecked("#kinds-beneficiary"), true);
      await Promise.all([page.waitForURL(/creata=1/), page.click("main button[type=submit]")]);
      assert.equal(await page.locator("h1").textContent(), "Marchi Elena");
      const created = new URL(page.url()).pathname;

      await page.goto(`${base}/operatore/anagrafiche/persone/nuova`);
      await page.fill("#tax_code", CF.toLowerCase());
      await page.fill("#surname", "Marchi");
      await page.fill("#name", "Elena Sofia");
      await page.click("main button[type=submit]");
      const link = page.locator(`#duplicate a[href='${created}']`);
      await link.waitFor();
      assert.equal(await link.textContent(), "Marchi Elena");
      await assertAccessible(page, "duplicate refused");
      await Promise.all([page.waitForURL(`${base}${created}`), link.click()]);

      await page.click("text=Crea un nucleo con questa persona");
      await assertAccessible(page, "new household form");
      await Promise.all([page.waitForURL(/creato=1/), page.click("main button[type=submit]")]);
      assert.equal(await page.locator("h1").textContent(), "Famiglia Marchi");
      await assertAccessible(page, "household page");

      await page.goto(`${base}/operatore/anagrafiche/importa`);
      await assertAccessible(page, "import page");
      await page.goto(`${base}/operatore/anagrafiche/organizzazioni`);
      await assertAccessible(page, "organizations");
    });
  },
);
