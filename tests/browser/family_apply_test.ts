/**
 * The families' portal in a real browser: Chiara applies for both her children to the summer camp
 * through the wizard and receives the protocol number; every page (home, catalog, service, each
 * step, an error page, the application) passes axe (WCAG 2.1 AA). On a phone (390×844) the steps
 * pass axe too and never scroll sideways; there she changes step 1 of a draft and deletes it.
 */
import assert from "node:assert/strict";
import type { Locator, Page } from "playwright-core";
import { assertAccessible, browserTest, withPage } from "./harness.ts";
import { servedApp, signInAs } from "./served_app.ts";

const CHIARA = "chiara.colombo@posta.example";
const CAMP = "Centro estivo «Estate insieme»";

/**
 * How the person acts: with the mouse, or (on the phone) with the keyboard, which also proves
 * every control is reachable without pointing.
 */
type Mode = "mouse" | "keys";
let mode: Mode = "mouse";

async function activate(target: Locator) {
  if (mode === "mouse") await target.click();
  else {
    await target.focus();
    await target.press("Enter");
  }
}

async function submitAndWait(page: Page, button: string) {
  const before = await page.evaluate(() => performance.timeOrigin);
  await activate(page.getByRole("button", { name: button }));
  await page.waitForFunction((t) => performance.timeOrigin !== t, before);
  await page.waitForLoadState("load");
}

async function follow(page: Page, link: Locator) {
  const href = new URL((await link.getAttribute("href"))!, page.url()).href;
  await Promise.all([page.waitForURL(href), activate(link)]);
  await page.waitForLoadState("load");
}

/** Ticks a checkbox or radio as a person does: Bootstrap Italia draws the label over the input. */
async function tick(box: Locator) {
  const id = await box.getAttribute("id");
  if (mode === "mouse") await box.page().locator(`label[for="${id}"]`).click();
  else {
    await box.focus();
    await box.press("Space");
  }
  assert.ok(await box.isChecked(), `#${id} ticked`);
}

/** No content wider than the viewport (WCAG 1.4.10 reflow). */
async function assertNoSideScroll(page: Page, label: string) {
  const [scroll, width] = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    globalThis.innerWidth,
  ]);
  assert.ok(scroll <= width, `${label}: page is ${scroll}px wide on a ${width}px screen`);
}

/** Step 1 to the review page (both children, all turns); returns the draft's base URL. */
async function toReview(page: Page, base: string, check: (label: string) => Promise<void>) {
  await page.goto(`${base}/famiglie/servizi`);
  await check("catalog");
  await follow(page, page.getByRole("link", { name: CAMP }));
  await check("service page");
  await follow(page, page.getByRole("link", { name: "Presenta la domanda" }));
  await page.waitForURL(/\/famiglie\/domande\/nuova/);
  await check("step 1");
  assert.ok(await page.getByLabel(/Estate insieme/).isChecked(), "service preselected");
  await submitAndWait(page, "Salva e continua");
  await page.waitForURL(/\/bambini/);
  await check("step 2");
  await tick(page.getByLabel(`${CAMP} – Sofia`));
  await tick(page.getByLabel(`${CAMP} – Tommaso`));
  await submitAndWait(page, "Salva e continua");
  const seen: string[] = [];
  for (let n = 0; n < 2; n++) {
    await page.waitForURL(/\/dettagli\//);
    const child = (await page.locator("h1").innerText()).match(/Sofia|Tommaso/)?.[0] ?? "?";
    seen.push(child);
    await check(`step 3 (${child})`);
    await tick(page.getByLabel(/Tutto il periodo/));
    await submitAndWait(page, "Salva e continua");
  }
  assert.deepEqual(seen.sort(), ["Sofia", "Tommaso"]);
  await page.waitForURL(/\/dichiarazioni$/);
  await check("step 4");
  // Without the declarations: the error summary, then each one ticked.
  await submitAndWait(page, "Salva e continua");
  assert.match(await page.getByRole("alert").first().innerText(), /privacy|obbligatoria/i);
  await check("step 4 with errors");
  for (const box of await page.locator("input[type=checkbox][name^=decl_]").all()) {
    await tick(box);
  }
  await submitAndWait(page, "Salva e continua");
  await page.waitForURL(/\/riepilogo$/);
  await check("step 5");
  return page.url().replace(/\/riepilogo$/, "");
}

browserTest(
  "a parent applies for two children through the wizard and gets the protocol",
  async () => {
    const { base } = await servedApp();
    mode = "mouse";
    await withPage(async (page) => {
      await signInAs(page, base, CHIARA);
      await page.goto(`${base}/famiglie`);
      await assertAccessible(page, "family home");
      const check = (label: string) => assertAccessible(page, label);
      await toReview(page, base, check);
      const body = await page.locator("main").innerText();
      assert.match(body, /Sofia/);
      assert.match(body, /Tommaso/);
      await submitAndWait(page, "Invia la domanda");
      await page.waitForURL(/\?inviata=1$/);
      const status = await page.getByRole("status").first().innerText();
      assert.match(status, /Domanda inviata/);
      assert.match(status, /Protocollo n\. \d{4}\/\d{6}/);
      await assertAccessible(page, "application page");
      // The outcome table lists both children, each pending.
      const rows = await page.locator("table tbody tr").allInnerTexts();
      assert.equal(rows.length, 2);
      assert.ok(rows.every((r) => /In istruttoria/.test(r)), rows.join("\n"));
      // Home lists it with its protocol.
      await page.goto(`${base}/famiglie`);
      assert.match(await page.locator("main").innerText(), /\d{4}\/\d{6}/);
      await assertAccessible(page, "family home with an application");
    });
  },
);

browserTest(
  "on a phone: every step is accessible and fits; step 1 edited, draft deleted",
  async () => {
    const { base } = await servedApp();
    mode = "keys";
    await withPage(async (page) => {
      await page.setViewportSize({ width: 390, height: 844 });
      await signInAs(page, base, CHIARA);
      await page.goto(`${base}/famiglie`);
      const check = async (label: string) => {
        await assertAccessible(page, `${label} (phone)`);
        await assertNoSideScroll(page, label);
      };
      await check("family home");
      const draft = await toReview(page, base, check);
      // Back to step 1 from the steps list: the choices are kept and can change.
      await follow(page, page.getByRole("link", { name: /Servizi e richiedente/ }));
      await page.waitForURL(/\/richiedente$/);
      await check("step 1 of a draft");
      assert.ok(await page.getByLabel(/Rinnovo/).isVisible());
      await tick(page.getByLabel(/Rinnovo/));
      await submitAndWait(page, "Salva e continua");
      await page.waitForURL(/\/bambini/);
      // The children are still ticked: the answers of step 3 survived.
      assert.ok(await page.getByLabel(`${CAMP} – Sofia`).isChecked());
      await page.goto(`${draft}/riepilogo`);
      assert.match(await page.locator("main").innerText(), /Rinnovo/);
      // Delete the draft.
      await follow(page, page.getByRole("link", { name: "Elimina la bozza" }));
      await page.waitForURL(/\/elimina$/);
      await check("delete draft");
      await submitAndWait(page, "Elimina la bozza");
      await page.waitForURL(/\/famiglie\?bozza=eliminata$/);
      assert.match(await page.getByRole("status").first().innerText(), /Bozza eliminata/);
      await check("home after deleting");
      const gone = await page.goto(draft);
      assert.equal(gone?.status(), 404);
    });
  },
);
