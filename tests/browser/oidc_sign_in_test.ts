/**
 * Sign-in with SPID/CIE in a real browser: the button on /accedi, the provider's login form (a
 * real `oidc-provider` on another port), back to the app signed in; the refusal page for an
 * unknown fiscal code. Every page of ours passes axe (WCAG 2.1 AA).
 *
 * The app is served here rather than through `servedApp()`: the provider must redirect to the
 * app's own address, which is only known once it listens, and is part of its configuration.
 */
import assert from "node:assert/strict";
import type { Hono } from "hono";
import type { AppEnv } from "../../lib/http/define.ts";
import { setupIslands } from "../../lib/islands/mod.ts";
import { testApp } from "../helpers/app.ts";
import { openTestDb } from "../helpers/db.ts";
import { startOidcProvider, type TestProvider } from "../helpers/oidc_provider.ts";
import { assertAccessible, browserTest, withPage } from "./harness.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const UNKNOWN_CF = "RSSMRA85T10A562S";

let running: Promise<{ base: string; provider: TestProvider; stop(): Promise<void> }> | undefined;

function served() {
  return running ??= (async () => {
    const db = await openTestDb("pglite");
    const [moretti] = await db.asOwner((tx) =>
      tx.query<{ tax_code: string }>(
        "select tax_code from public.people where surname = 'Moretti' and name = 'Stefano'",
      )
    );
    let app: Hono<AppEnv> | null = null;
    const server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen() {} },
      (req, info) => app ? app.fetch(req, info) : new Response("starting", { status: 503 }),
    );
    const base = `http://127.0.0.1:${server.addr.port}`;
    const provider = await startOidcProvider({
      redirectUris: [`${base}/accedi/oidc/callback`],
      accounts: {
        stefano: {
          fiscalNumber: `TINIT-${moretti.tax_code}`,
          email: "stefano.moretti@spid.example",
        },
        sconosciuto: { fiscal_number: UNKNOWN_CF, email: "sconosciuto@spid.example" },
      },
    });
    const islands = await setupIslands({
      root: ROOT,
      islandsDir: "islands",
      outDir: "_build/islands",
      urlBase: "/_islands",
    });
    app = (await testApp(db, { islands, config: { publicUrl: base, oidc: provider.config } }))
      .app;
    return {
      base,
      provider,
      async stop() {
        await server.shutdown();
        await provider.stop();
        await db.close();
      },
    };
  })();
}

Deno.test.afterAll(async () => {
  if (running) await (await running).stop();
});

/** The provider's own (development) login form: any password. */
async function providerLogin(page: import("playwright-core").Page, login: string) {
  await page.locator("input[name=login]").fill(login);
  await page.locator("input[name=password]").fill("qualsiasi");
  await page.locator("button[type=submit]").click();
}

browserTest("a registry parent signs in with SPID/CIE and lands on the family portal", async () => {
  const { base } = await served();
  await withPage(async (page) => {
    await page.goto(`${base}/accedi`);
    const button = page.getByRole("link", { name: "Entra con SPID o CIE" });
    await button.waitFor();
    await assertAccessible(page, "sign-in page with SPID/CIE");
    await button.click();
    await page.waitForURL((u) => u.pathname.startsWith("/interaction/"));
    await providerLogin(page, "stefano");
    await page.waitForURL(`${base}/famiglie`);
    await page.getByRole("heading", { name: "Servizi online" }).waitFor();
    await assertAccessible(page, "family portal after SPID/CIE");

    // Signing out ends the local session.
    await page.getByRole("button", { name: /Esci/ }).first().click();
    await page.waitForURL((u) => u.pathname === "/accedi");
    await page.goto(`${base}/famiglie`);
    assert.equal(new URL(page.url()).pathname, "/accedi");
  });
});

browserTest(
  "an unknown fiscal code gets an accessible page with the office's contacts",
  async () => {
    const { base } = await served();
    await withPage(async (page) => {
      await page.goto(`${base}/accedi/oidc`);
      await page.waitForURL((u) => u.pathname.startsWith("/interaction/"));
      await providerLogin(page, "sconosciuto");
      await page.getByRole("heading", { name: "Codice fiscale non riconosciuto" }).waitFor();
      assert.match(
        await page.getByRole("alert").innerText(),
        /non risulta tra i genitori registrati presso il Comune/,
      );
      await page.getByRole("heading", { name: "Contatti dell'ufficio" }).waitFor();
      await assertAccessible(page, "unknown fiscal code page");
    });
  },
);
