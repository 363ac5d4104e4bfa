/**
 * Sign-in in a real browser against the real app (PGlite, islands built and hydrated): every
 * demo role in and out, the error and keyboard paths, the password toggle, English, the 404 page.
 * Each page a person meets here also passes axe (WCAG 2.1 AA).
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { DEMO_PASSWORD, DEMO_TENANT, DEMO_USERS } from "../../lib/seed/demo.ts";
import { servedApp } from "./served_app.ts";
import { assertAccessible, browserTest, withPage } from "./harness.ts";

const HOMES: [string, string, string][] = [
  ["admin", "/operatore", "Amministratore"],
  ["operator", "/operatore", "Operatore"],
  ["teacher", "/docenti", "Docente"],
  ["family", "/famiglie", "Famiglia"],
  ["provider", "/fornitori", "Fornitore"],
  ["superadmin", "/piattaforma", "Amministratore di piattaforma"],
];

async function app() {
  return await servedApp();
}

async function openSignIn(page: Page, query = ""): Promise<string> {
  const { base } = await app();
  await page.goto(`${base}/accedi${query}`);
  await page.locator('[data-island="PasswordField"][data-island-state="hydrated"]').waitFor();
  return base;
}

async function signIn(page: Page, email: string, password: string) {
  await page.getByLabel("Indirizzo e-mail").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Accedi", exact: true }).click();
}

browserTest("every demo role signs in, lands on its home and signs out", async () => {
  for (const [role, home, label] of HOMES) {
    const user = DEMO_USERS.find((u) => u.role === role)!;
    await withPage(async (page) => {
      const base = await openSignIn(page);
      if (role === "admin") await assertAccessible(page, "sign-in page");
      await signIn(page, user.email, DEMO_PASSWORD);
      await page.waitForURL(`${base}${home}`);
      const main = page.locator("main");
      await main.getByText(`Benvenuto, ${user.fullName}`).waitFor();
      const summary = await main.locator("dl").first().innerText();
      assert.match(summary, new RegExp(`Profilo\\s+${label}$`), `${role}: ${summary}`);
      if (role !== "superadmin") assert.match(summary, new RegExp(`Ente\\s+${DEMO_TENANT.name}`));
      await assertAccessible(page, `${role} home ${home}`);

      await page.getByRole("button", { name: "Esci" }).click();
      await page.waitForURL(`${base}/accedi?uscito=1`);
      assert.equal(await page.getByRole("status").innerText(), "Sei uscito da Piazza.");
      await page.goto(`${base}${home}`);
      await page.waitForURL(/\/accedi\?next=/);
    });
  }
});

browserTest(
  "a wrong password is announced in Italian; the form works from the keyboard",
  async () => {
    await withPage(async (page) => {
      await openSignIn(page);
      let focused = "";
      for (let i = 0; i < 20 && focused !== "email"; i++) {
        await page.keyboard.press("Tab");
        focused = await page.evaluate(() => document.activeElement?.id ?? "");
      }
      assert.equal(focused, "email", "Tab reaches the e-mail field");
      await page.keyboard.type(DEMO_USERS[0].email);
      await page.keyboard.press("Tab");
      assert.equal(await page.evaluate(() => document.activeElement?.id), "password");
      await page.keyboard.type("sbagliata-123");
      await page.keyboard.press("Enter");

      const alert = page.getByRole("alert");
      await alert.waitFor();
      assert.match(await alert.innerText(), /^E-mail o password non corrette/);
      const email = page.getByLabel("Indirizzo e-mail");
      assert.equal(await email.getAttribute("aria-invalid"), "true");
      assert.equal(await email.getAttribute("aria-describedby"), await alert.getAttribute("id"));
      assert.equal(await email.inputValue(), DEMO_USERS[0].email, "the e-mail is kept");
      await assertAccessible(page, "sign-in page with an error");
    });
  },
);

browserTest(
  "the PasswordField island hydrates and its toggle shows and hides the password",
  async () => {
    await withPage(async (page) => {
      await openSignIn(page);
      const input = page.getByLabel("Password", { exact: true });
      await input.fill("segreto-di-prova");
      const toggle = page.getByRole("button", { name: "Mostra password" });
      assert.equal(await input.getAttribute("type"), "password");
      assert.equal(await toggle.getAttribute("aria-pressed"), "false");
      await toggle.click();
      assert.equal(await input.getAttribute("type"), "text");
      assert.equal(await toggle.getAttribute("aria-pressed"), "true");
      assert.equal(await toggle.getAttribute("title"), "Nascondi password");
      await toggle.focus();
      await page.keyboard.press("Space");
      assert.equal(await input.getAttribute("type"), "password");
      assert.equal(await input.inputValue(), "segreto-di-prova");
    });
  },
);

browserTest("?lang=en renders the sign-in page in English", async () => {
  await withPage(async (page) => {
    await openSignIn(page, "?lang=en");
    assert.equal(await page.getAttribute("html", "lang"), "en");
    assert.equal(await page.locator("h1").innerText(), "Sign in to Piazza");
    await page.getByLabel("E-mail address").waitFor();
    await page.getByRole("button", { name: "Show password" }).waitFor();
    await assertAccessible(page, "sign-in page in English");
  });
});

browserTest("a hostile `next` cannot send a signed-in person to another site", async () => {
  await withPage(async (page) => {
    const base = await openSignIn(page, "?next=%2F%09%2Fevil.example");
    await signIn(page, DEMO_USERS[0].email, DEMO_PASSWORD);
    await page.waitForURL(`${base}/operatore`);
  });
});

browserTest("the 404 page is Italian and accessible", async () => {
  await withPage(async (page) => {
    const { base } = await app();
    const res = await page.goto(`${base}/non-esiste`);
    assert.equal(res?.status(), 404);
    assert.equal(await page.locator("h1").innerText(), "Pagina non trovata");
    await assertAccessible(page, "404 page");
  });
});

browserTest("pages are set in Bootstrap Italia's Titillium Web, not a fallback font", async () => {
  await withPage(async (page) => {
    await openSignIn(page);
    const loaded = await page.evaluate(async () => {
      await document.fonts.ready;
      return [...document.fonts].filter((f) => f.status === "loaded").map((f) =>
        `${f.family.replaceAll('"', "")} ${f.weight}`
      );
    });
    assert.ok(loaded.includes("Titillium Web 400"), `fonts loaded: ${loaded.join(", ")}`);
    assert.ok(loaded.includes("Titillium Web 700"), `fonts loaded: ${loaded.join(", ")}`);
    const body = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
    assert.match(body, /^"Titillium Web"/);
  });
});
