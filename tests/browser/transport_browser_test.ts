/**
 * Transport routes in a real browser, with the islands built: draw a route with three stops by
 * clicking on the map (saved, shown as markers and in the table), drag a stop, reorder with the
 * keyboard; the map works under the strict CSP and, with no tile server (as on these machines),
 * on a plain background without console errors. A configured style is used when it answers and
 * dropped for the plain background when it does not. Every page passes axe (WCAG 2.1 AA).
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import type { Page } from "playwright-core";
import type { Config } from "../../lib/config.ts";
import type { Db } from "../../lib/db/types.ts";
import { setupIslands } from "../../lib/islands/mod.ts";
import { featureCollectionProblems } from "../../lib/transport/geojson.ts";
import { testApp } from "../helpers/app.ts";
import { openTestDb } from "../helpers/db.ts";
import { assertAccessible, browserTest, withPage } from "./harness.ts";
import { signInAs } from "./served_app.ts";

const OPERATOR = "m.rossi@comune.valdiponte.example";
const ROOT = new URL("../../", import.meta.url).pathname;
const TILES = "https://tiles.example.it";

interface Served {
  base: string;
  db: Db;
  stop(): Promise<void>;
}
const started: Served[] = [];

/** The app with islands and `config` on a free port (one per map configuration). */
async function serve(config: Partial<Config> = {}): Promise<Served> {
  const db = await openTestDb("pglite");
  const islands = await setupIslands({
    root: ROOT,
    islandsDir: "islands",
    outDir: "_build/islands",
    urlBase: "/_islands",
  });
  const { app } = await testApp(db, { islands, config });
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    (req, info) => app.fetch(req, info),
  );
  const s = {
    base: `http://127.0.0.1:${server.addr.port}`,
    db,
    async stop() {
      await server.shutdown();
      await db.close();
    },
  };
  started.push(s);
  return s;
}
Deno.test.afterAll(async () => {
  for (const s of started) await s.stop();
});

/** Console errors and uncaught exceptions of the page, collected from now on. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(`uncaught: ${e.message}`));
  return errors;
}

async function mapReady(page: Page, basemap: "plain" | "tiles" = "plain") {
  await page.waitForSelector("[data-island=RouteMap][data-island-state=hydrated]");
  await page.waitForSelector("[data-map-status=ready]", { timeout: 20_000 });
  assert.equal(await page.getAttribute("[data-map-status]", "data-basemap"), basemap);
  assert.equal(await page.locator("canvas.maplibregl-canvas").count(), 1, "a WebGL canvas");
}

const stopNames = (page: Page) => page.locator("tbody tr[data-stop-id] th").allTextContents();

browserTest("draw a route with three stops by clicking on the map, then drag one", async () => {
  const { base, db } = await serve();
  await withPage(async (page) => {
    const errors = watchErrors(page);
    await signInAs(page, base, OPERATOR);
    await page.click("a[href='/operatore/trasporto']");
    await mapReady(page);
    assert.equal(await page.locator(".route-map-stop").count(), 13, "both demo routes' stops");
    assert.match(await page.textContent("[data-map-note]") ?? "", /Sfondo cartografico non/);
    await assertAccessible(page, "route list with the map");

    await page.click("a[href='/operatore/trasporto/nuova']");
    await page.fill("#code", "D");
    await page.fill("#name", "Linea D – Le Cure");
    await assertAccessible(page, "new route form");
    await page.click("main button[type=submit]");
    await page.waitForURL(/\/operatore\/trasporto\/[0-9a-f-]{36}\?creata=1/);
    const routeId = /trasporto\/([0-9a-f-]{36})/.exec(page.url())![1];
    await mapReady(page);
    assert.equal(await page.locator(".route-map-stop").count(), 0);
    await assertAccessible(page, "empty route with the map");

    // Without the map: the form alone, with a mistake, says what is wrong where.
    await page.fill("#stop-name", "Piazza delle Cure");
    await page.fill("#stop-latitude", "143,79");
    await page.fill("#stop-longitude", "11,26");
    await page.click("#aggiungi-fermata button[type=submit]");
    await page.waitForSelector("#aggiungi-fermata [role=alert], [role=alert]");
    assert.equal(await page.getAttribute("#stop-latitude", "aria-invalid"), "true");
    assert.match(
      await page.textContent("#stop-latitude-error") ?? "",
      /compresa tra -90 e 90 gradi: 143,79 è fuori/,
    );
    await mapReady(page);
    await assertAccessible(page, "add-stop form with an error");
    await page.fill("#stop-name", "");
    await page.fill("#stop-latitude", "");
    await page.fill("#stop-longitude", "");

    const names = ["Piazza delle Cure", "Via Faentina", "Scuola Beato Angelico"];
    for (const [i, name] of names.entries()) {
      // After each save the page opens at the new row of the table: back to the map.
      await page.locator("canvas.maplibregl-canvas").scrollIntoViewIfNeeded();
      const canvas = (await page.locator("canvas.maplibregl-canvas").boundingBox())!;
      // The map fits the stops after each save: the next stop goes north-east of the last one,
      // halfway to the canvas' top right corner.
      const last = i > 0 ? (await page.locator(".route-map-stop").nth(i - 1).boundingBox())! : null;
      const [x, y] = last
        ? [
          (last.x + last.width / 2 + canvas.x + canvas.width - 20) / 2,
          (last.y + last.height / 2 + canvas.y + 20) / 2,
        ]
        : [canvas.x + canvas.width * 0.3, canvas.y + canvas.height * 0.7];
      await page.mouse.click(x, y);
      // The click fills the add-stop form and moves the focus to the name.
      await page.waitForFunction(() =>
        (document.getElementById("stop-latitude") as HTMLInputElement).value !== ""
      );
      assert.equal(await page.evaluate(() => document.activeElement?.id), "stop-name");
      assert.match(await page.inputValue("#stop-latitude"), /^4\d,\d{6}$/);
      assert.match(await page.textContent("[data-map-note]") ?? "", /Posizione scelta/);
      assert.equal(await page.locator("[data-pending]").count(), 1, "a marker for the new stop");
      await page.keyboard.type(name);
      await page.fill("#stop-time_there", `07:${30 + 5 * i}`);
      const before = page.url();
      await page.keyboard.press("Enter");
      // The saved stop's row is the new page's anchor: a URL never seen before.
      await page.waitForURL((u) => u.href !== before && u.search === "?fermata=aggiunta");
      await mapReady(page);
      assert.equal(await page.locator(".route-map-stop").count(), i + 1);
      assert.deepEqual(await stopNames(page), names.slice(0, i + 1));
    }
    const labels = await page.locator(".route-map-stop").evaluateAll((els) =>
      els.map((e) => [e.textContent, e.getAttribute("aria-label")])
    );
    assert.deepEqual(labels, names.map((n, i) => [String(i + 1), `Fermata ${i + 1}: ${n}`]));
    await assertAccessible(page, "route with three stops");

    // Saved: the stops are in the database, in order, where they were clicked (west to east).
    const saved = await db.asOwner((tx) =>
      tx.query<{ name: string; longitude: number; latitude: number; time_there: string }>(
        `select name, longitude, latitude, to_char(time_there, 'HH24:MI') as time_there
           from transport_stops where route_id = $1 order by position`,
        [routeId],
      )
    );
    assert.deepEqual(saved.map((s) => s.name), names);
    assert.ok(saved[0].longitude < saved[1].longitude && saved[1].longitude < saved[2].longitude);
    assert.ok(saved[0].latitude < saved[1].latitude && saved[1].latitude < saved[2].latitude);
    assert.deepEqual(saved.map((s) => s.time_there), ["07:30", "07:35", "07:40"]);
    const geo = await page.evaluate(
      async (url) => (await fetch(url)).json(),
      `/api/v1/transport-routes/${routeId}.geojson`,
    );
    assert.deepEqual(featureCollectionProblems(geo), []);
    assert.equal(geo.features[0].geometry.coordinates.length, 3);

    // Drag the second stop: its new position is saved and shown in the table.
    await page.locator("canvas.maplibregl-canvas").scrollIntoViewIfNeeded();
    const marker = (await page.locator(".route-map-stop").nth(1).boundingBox())!;
    const [mx, my] = [marker.x + marker.width / 2, marker.y + marker.height / 2];
    await page.mouse.move(mx, my);
    await page.mouse.down();
    await page.mouse.move(mx + 60, my + 40, { steps: 8 });
    await page.mouse.up();
    await page.waitForURL(/fermata=spostata/);
    await mapReady(page);
    const [moved] = await db.asOwner((tx) =>
      tx.query<{ longitude: number; latitude: number }>(
        "select longitude, latitude from transport_stops where route_id = $1 and position = 2",
        [routeId],
      )
    );
    assert.ok(moved.longitude > saved[1].longitude, "moved east");
    assert.ok(moved.latitude < saved[1].latitude, "moved south");
    const row = page.locator("tbody tr[data-stop-id]").nth(1);
    assert.match(
      await row.textContent() ?? "",
      new RegExp(String(moved.latitude).replace(".", ",")),
    );

    // Reorder with the keyboard: the last stop goes up one place.
    await page.focus("tbody tr[data-stop-id]:nth-child(3) button:has-text('Su')");
    await page.keyboard.press("Enter");
    await page.waitForURL(/fermata=ordinata/);
    assert.deepEqual(await stopNames(page), [names[0], names[2], names[1]]);
    await mapReady(page);

    // The only one expected: the browser noting the form's 422 answer.
    const unexpected = errors.filter((e) => !/status of 422 \(Unprocessable Entity\)/.test(e));
    assert.deepEqual(unexpected, [], "no console errors");
  });
});

browserTest(
  "a configured style is used when it answers, the plain map when it does not",
  async () => {
    const { base } = await serve({ mapStyleUrl: `${TILES}/style.json` });
    // A 1×1 PNG: the tile server's answer.
    const png = Buffer.from(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP88P9/PQAJYwPJb5YqCQAAAABJRU5ErkJggg==",
      "base64",
    );
    const style = {
      version: 8,
      sources: { osm: { type: "raster", tiles: [`${TILES}/{z}/{x}/{y}.png`], tileSize: 256 } },
      layers: [{ id: "osm", type: "raster", source: "osm" }],
    };

    await withPage(async (page) => {
      const errors = watchErrors(page);
      let tiles = 0;
      await page.route(`${TILES}/**`, (route) => {
        const url = route.request().url();
        if (url.endsWith("/style.json")) {
          return route.fulfill({
            json: style,
            headers: { "access-control-allow-origin": "*" },
          });
        }
        tiles++;
        return route.fulfill({
          body: png,
          contentType: "image/png",
          headers: { "access-control-allow-origin": "*" },
        });
      });
      await signInAs(page, base, OPERATOR);
      const res = await page.goto(`${base}/operatore/trasporto`);
      assert.match(
        res!.headers()["content-security-policy"],
        /connect-src 'self' https:\/\/tiles\.example\.it/,
      );
      await mapReady(page, "tiles");
      await page.waitForTimeout(500);
      assert.ok(tiles > 0, "tiles were requested from the configured server");
      assert.equal(await page.locator(".route-map-stop").count(), 13);
      assert.doesNotMatch(await page.textContent("[data-map-note]") ?? "", /non disponibile/);
      assert.deepEqual(errors, []);
    });

    await withPage(async (page) => {
      const errors = watchErrors(page);
      await page.route(`${TILES}/**`, (route) => route.abort("connectionrefused"));
      await signInAs(page, base, OPERATOR);
      await page.goto(`${base}/operatore/trasporto`);
      await mapReady(page, "plain");
      assert.equal(await page.locator(".route-map-stop").count(), 13);
      assert.match(await page.textContent("[data-map-note]") ?? "", /Sfondo cartografico non/);
      // The browser reports the refused request itself; nothing else may fail.
      assert.deepEqual(errors.filter((e) => !/^Failed to load resource/.test(e)), []);
      await assertAccessible(page, "route list with an unreachable tile server");
    });
  },
);
