import assert from "node:assert/strict";
import { assertAccessible, browserTest, chromiumPath, launchBrowser, withPage } from "./harness.ts";

// A strict CSP like the app's: no inline scripts, no eval.
const CSP = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'";

const page = (body: string) =>
  `<!doctype html><html lang="it"><head><meta charset="utf-8"><title>Prova</title>
<script src="/app.js" defer></script></head><body><main>${body}</main></body></html>`;

const ROUTES: Record<string, [string, string]> = {
  "/": ["text/html", page(`<h1>Ciao</h1><button type="button">Premi</button><p id="out"></p>`)],
  "/bad": ["text/html", page(`<h1>Modulo</h1><img src="/x.png"><input type="text">`)],
  "/app.js": [
    "text/javascript",
    `document.querySelector("button")?.addEventListener("click", () => {
       document.getElementById("out").textContent = "Cliccato " + navigator.language;
     });`,
  ],
};

const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req) => {
  const route = ROUTES[new URL(req.url).pathname];
  if (!route) return new Response("not found", { status: 404 });
  return new Response(route[1], {
    headers: { "content-type": `${route[0]}; charset=utf-8`, "content-security-policy": CSP },
  });
});
Deno.test.afterAll(() => server.shutdown());
const base = `http://127.0.0.1:${server.addr.port}`;

browserTest("withPage: open, click, read text (it-IT, 1280x800)", async () => {
  await withPage(async (page) => {
    await page.goto(base + "/");
    await page.getByRole("button", { name: "Premi" }).click();
    assert.equal(await page.locator("#out").textContent(), "Cliccato it-IT");
    assert.deepEqual(page.viewportSize(), { width: 1280, height: 800 });
  });
});

browserTest("withPage: locale option", async () => {
  await withPage(async (page) => {
    await page.goto(base + "/");
    await page.click("button");
    assert.equal(await page.locator("#out").textContent(), "Cliccato en-US");
  }, { locale: "en-US" });
});

browserTest("assertAccessible passes on an accessible page under a strict CSP", async () => {
  await withPage(async (page) => {
    await page.goto(base + "/");
    await assertAccessible(page, "home");
    await assertAccessible(page, "home again"); // axe already injected
  });
});

browserTest("assertAccessible throws a readable list on serious violations", async () => {
  await withPage(async (page) => {
    await page.goto(base + "/bad");
    const err = await assertAccessible(page, "bad form").then(() => null, (e: Error) => e);
    assert.ok(err, "expected accessibility violations");
    assert.match(err.message, /in bad form/);
    assert.match(err.message, /\[critical\] image-alt: .*\n {4}at img/);
    assert.match(err.message, /\[critical\] label: .*\n {4}at input/);
  });
});

// launchBrowser() + close() leaks nothing, even with Deno's sanitizers switched on.
Deno.test({
  name: "launchBrowser closes cleanly with sanitizers on",
  ignore: chromiumPath() === null && Deno.env.get("CI") !== "true",
  sanitizeOps: true,
  sanitizeResources: true,
  async fn() {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.setContent("<p>ok</p>");
      assert.equal(await page.textContent("p"), "ok");
    } finally {
      await browser.close();
    }
  },
});
