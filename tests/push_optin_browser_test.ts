/**
 * Push opt-in and the service worker in a real browser: the opt-in card on the profile and the
 * teacher's home (accessible, offering the button only when it can work), the worker registered
 * for the whole site, and the teacher's register opening again with the network off.
 */
import assert from "node:assert/strict";
import { assertAccessible, browserTest, withPage } from "./browser/harness.ts";
import { servedApp, signInAs } from "./browser/served_app.ts";

const PARENT = "chiara.colombo@posta.example";
const TEACHER = "l.ferrari@scuola.valdiponte.example";

browserTest("push opt-in: the profile offers it per device, accessibly", async () => {
  const { base } = await servedApp();
  const sw = await fetch(`${base}/static/sw.js`);
  await sw.body?.cancel();
  assert.equal(sw.status, 200);
  assert.equal(sw.headers.get("service-worker-allowed"), "/");
  assert.equal(sw.headers.get("cache-control"), "no-cache");
  await withPage(async (page) => {
    await signInAs(page, base, PARENT);
    await page.goto(`${base}/profilo`);
    const status = page.locator("[data-push-status]");
    await page.waitForFunction(() => {
      const s = document.querySelector("[data-push-status]")?.getAttribute("data-push-status");
      return s && s !== "loading";
    });
    assert.equal(await status.getAttribute("data-push-status"), "off");
    assert.equal(
      await page.getByRole("button", { name: "Attiva le notifiche" }).isVisible(),
      true,
    );
    const scope = await page.evaluate(async () =>
      (await navigator.serviceWorker.getRegistration("/"))?.scope
    );
    assert.equal(scope, `${base}/`);
    await assertAccessible(page, "profile with push opt-in");
  });
});

browserTest("service worker: the teacher's register opens again offline", async () => {
  const { base } = await servedApp();
  await withPage(async (page) => {
    await signInAs(page, base, TEACHER);
    await page.goto(`${base}/docenti`);
    await page.waitForFunction(async () => !!(await navigator.serviceWorker.ready).active);
    // A page loaded once the worker is active is controlled by it (clients.claim may have run
    // while this one was still being navigated to), and the worker caches what it loads.
    await page.goto(`${base}/docenti`);
    await page.waitForFunction(() => !!navigator.serviceWorker.controller);
    const register = page.locator("main a[href^='/docenti/classi/']").first();
    const href = await register.getAttribute("href");
    assert.ok(href, "the demo teacher has a class");
    await page.goto(`${base}${href}`);
    const heading = await page.locator("h1").textContent();
    await page.context().setOffline(true);
    try {
      await page.reload();
      assert.equal(await page.locator("h1").textContent(), heading);
    } finally {
      await page.context().setOffline(false);
    }
  });
});
