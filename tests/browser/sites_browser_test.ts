/**
 * Sites and classes in a real browser: an operator creates a site (through the form's errors),
 * uploads its photo, creates a class there and assigns a teacher; the teacher signs in and finds
 * the class on their home. Every page passes axe (WCAG 2.1 AA), without JavaScript of our own.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { TINY_PNG } from "../helpers/fixtures_sites.ts";
import { assertAccessible, browserTest, withPage } from "./harness.ts";
import { servedApp, signInAs } from "./served_app.ts";

const OPERATOR = "m.rossi@comune.valdiponte.example";
const TEACHER = "l.ferrari@scuola.valdiponte.example";
const SITE = "Scuola dell'infanzia Carlo Collodi";
const storageDir = Deno.makeTempDirSync({ prefix: "piazza_sites_browser_" });

Deno.test.afterAll(async () => {
  await Deno.remove(storageDir, { recursive: true }).catch(() => {});
});

browserTest("a site with a photo, a class with a teacher, seen by that teacher", async () => {
  const { base } = await servedApp({ config: { storageDir } });
  await withPage(async (page) => {
    await signInAs(page, base, OPERATOR);
    await page.click("a[href='/operatore/plessi']");
    assert.equal(await page.locator("h1").textContent(), "Plessi");
    await assertAccessible(page, "site list");

    await page.click("a[href='/operatore/plessi/nuovo']");
    await assertAccessible(page, "new site form");
    await page.fill("#name", SITE);
    await page.fill("#postal_code", "5009");
    await page.click("main button[type=submit]");
    await page.waitForSelector("[role=alert]");
    assert.equal(await page.getAttribute("#postal_code", "aria-invalid"), "true");
    assert.equal(await page.inputValue("#name"), SITE, "what was typed is kept");
    await assertAccessible(page, "new site form with errors");

    await page.click("label[for=kind]");
    await page.fill("#school_code", "FIAA83205E");
    await page.fill("#address", "Via Pinocchio 4");
    await page.fill("#postal_code", "50099");
    await page.fill("#municipality", "Valdiponte");
    await page.fill("#latitude", "43,7902");
    await page.fill("#longitude", "11,2288");
    await page.fill("#capacity", "50");
    await page.fill("#criterion_label_0", "Fratelli già iscritti");
    await page.fill("#criterion_points_0", "5");
    await page.click("main button[type=submit]");
    await page.waitForSelector(".alert-success");
    assert.equal(await page.locator("h1").textContent(), SITE);
    await assertAccessible(page, "site page");

    await page.click("text=Aggiungi una foto");
    await assertAccessible(page, "photo form");
    await page.setInputFiles("#photo", {
      name: "ingresso.png",
      mimeType: "image/png",
      buffer: Buffer.from(TINY_PNG),
    });
    await page.fill("#alt_text", "Ingresso della scuola con il cancello verde");
    await page.click("main button[type=submit]");
    await page.waitForSelector("#foto img");
    const img = page.locator("#foto img");
    assert.equal(await img.getAttribute("alt"), "Ingresso della scuola con il cancello verde");
    const loaded = await img.evaluate((el) => (el as HTMLImageElement).naturalWidth);
    assert.equal(loaded, 1, "the photo is served to the signed-in operator");
    await assertAccessible(page, "site page with a photo");

    await page.click("a[href='/operatore/classi']");
    await assertAccessible(page, "class list");
    await page.click("text=Nuova classe");
    await assertAccessible(page, "new class form");
    await page.selectOption("#site_id", { label: SITE });
    await page.fill("#name", "Sezione Grilli");
    await page.selectOption("#school_level", "infanzia");
    await page.click("label:has-text('Laura Ferrari')");
    await page.click("main button[type=submit]");
    await page.waitForSelector(".alert-success");
    const caption = page.locator(`caption:has-text("${SITE}")`);
    assert.equal(await caption.count(), 1);
    const row = page.locator("tr", { has: page.locator("a", { hasText: "Sezione Grilli" }) });
    assert.match(await row.textContent() ?? "", /Laura Ferrari/);
    await assertAccessible(page, "class list with the new class");
  });

  await withPage(async (page) => {
    await signInAs(page, base, TEACHER);
    assert.equal(new URL(page.url()).pathname, "/docenti");
    const cards = page.locator("#my-classes .card-title");
    assert.deepEqual(await cards.allTextContents(), ["Sezione Grilli", "1A", "2A"]);
    assert.match(await page.locator("#my-classes").textContent() ?? "", /Carlo Collodi/);
    await assertAccessible(page, "teacher home with classes");
  });
});
