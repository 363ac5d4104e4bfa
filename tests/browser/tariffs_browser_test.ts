/**
 * Tariffs in a real browser: an operator configures a canteen tariff by ISEE brackets with
 * sibling reductions, meets the engine's refusal of overlapping brackets, fixes it, simulates a
 * second child's month and publishes. Every page, the form with errors included, passes axe.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { DEMO_PASSWORD, DEMO_USERS } from "../../lib/seed/demo.ts";
import { testApp } from "../helpers/app.ts";
import { openTestDb } from "../helpers/db.ts";
import { assertAccessible, browserTest, withPage } from "./harness.ts";

const OPERATOR = DEMO_USERS.find((u) => u.role === "operator")!;

interface Running {
  base: string;
  stop(): Promise<void>;
}
let running: Promise<Running> | undefined;

function app(): Promise<Running> {
  return running ??= (async () => {
    const db = await openTestDb("pglite");
    const { app } = await testApp(db);
    const server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen() {} },
      (req, info) => app.fetch(req, info),
    );
    return {
      base: `http://127.0.0.1:${server.addr.port}`,
      async stop() {
        await server.shutdown();
        await db.close();
      },
    };
  })();
}
Deno.test.afterAll(async () => {
  if (running) await (await running).stop();
});

async function signIn(page: Page, base: string) {
  await page.goto(`${base}/accedi`);
  await page.fill("#email", OPERATOR.email);
  await page.fill("#password", DEMO_PASSWORD);
  await page.click("button[type=submit]");
  await page.waitForURL(`${base}/operatore`);
}

const BRACKETS: [string, string, string][] = [
  ["0", "6.000,00", "2,00"],
  ["6.000,01", "10.000,00", "3,20"],
  ["10.000,01", "15.000,00", "3,80"],
  ["15.000,01", "", "4,50"],
];

browserTest(
  "tariffs: configure ISEE brackets with sibling reductions, simulate, publish",
  async () => {
    const { base } = await app();
    await withPage(async (page) => {
      await signIn(page, base);
      await page.click("a[href='/operatore/tariffe']");
      assert.equal(await page.locator("h1").textContent(), "Tariffe");
      await assertAccessible(page, "tariff list");

      await page.click("a[href='/operatore/tariffe/nuova']");
      await assertAccessible(page, "new tariff form");
      await page.selectOption("#service", { label: "Refezione scolastica" });
      await page.fill("#code", "MENSA-PROVA");
      await page.fill("#title", "Mensa: prova con fasce");
      await page.fill("#valid_from", "2026-09-01");
      await page.selectOption("#kind", "per_use");
      await page.selectOption("#unit", "meal");
      for (const [i, [from, to, amount]] of BRACKETS.entries()) {
        await page.fill(`#b-${i}-from`, i === 1 ? "5.900,00" : from); // a mistake: overlap
        await page.fill(`#b-${i}-to`, to);
        await page.fill(`#b-${i}-amount`, amount);
      }
      await page.fill("#sibling2", "30");
      await page.fill("#sibling3", "50");
      await page.click("main form[method=post] button[type=submit]");

      await page.waitForSelector("[role=alert]");
      const alert = await page.locator("[role=alert]").textContent();
      assert.match(alert!, /si sovrappone alla fascia 1/);
      assert.equal(await page.getAttribute("#b-1-from", "aria-invalid"), "true");
      await assertAccessible(page, "new tariff form with errors");
      await page.click("[role=alert] a[href='#b-1-from']");
      await page.fill("#b-1-from", "6.000,01");
      await page.click("main form[method=post] button[type=submit]");

      await page.waitForSelector("text=Tariffa creata in bozza");
      assert.equal(await page.locator("h1").textContent(), "Mensa: prova con fasce");
      await assertAccessible(page, "tariff detail");

      await page.click("a:has-text('Simula')");
      await assertAccessible(page, "simulation form");
      await page.fill("#month", "2026-10");
      await page.fill("#isee", "12.400,00");
      await page.fill("#sibling_rank", "2");
      await page.fill("#uses", "18");
      await page.click("main form button[type=submit]");
      await page.waitForSelector("[data-testid=amount]");
      assert.equal(await page.locator("[data-testid=amount]").textContent(), "47,88 €");
      assert.equal(
        await page.locator("[data-testid=summary]").textContent(),
        "Fascia 3 (ISEE 12.400,00 €), secondo figlio −30 %: 2,66 € × 18 = 47,88 €",
      );
      assert.match(
        (await page.locator("[data-testid=explanation]").textContent())!,
        /Secondo figlio: −30 % \(3,80 € → 2,66 €\)/,
      );
      await assertAccessible(page, "simulation result");

      await page.fill("#sibling_rank", "3");
      await page.click("label[for=non_resident]");
      await page.click("main form button[type=submit]");
      await page.waitForURL(/sibling_rank=3/);
      assert.equal(await page.locator("[data-testid=amount]").textContent(), "34,20 €");

      await page.click("nav.breadcrumb-container a:has-text('Mensa: prova con fasce')");
      await page.click("button:has-text('Pubblica')");
      await page.waitForSelector("text=Tariffa pubblicata");
      await assertAccessible(page, "published tariff");

      await page.goto(`${base}/operatore/tariffe?lang=en`);
      assert.equal(await page.locator("h1").textContent(), "Tariffs");
      await assertAccessible(page, "tariff list in English");
    });
  },
);
