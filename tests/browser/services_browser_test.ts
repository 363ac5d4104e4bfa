/**
 * Services in a real browser: an operator creates a service (through the form's errors), gives
 * it a school year, service days, the patron saint and a closing day, builds an online form with a
 * conditional question, tries it in the preview (the conditional field appears only with the
 * right answer, without any script) and publishes the service. The canteen's diets and menus are
 * shown too. Every page passes axe (WCAG 2.1 AA).
 */
import assert from "node:assert/strict";
import { assertAccessible, browserTest, withPage } from "./harness.ts";
import { servedApp, signInAs } from "./served_app.ts";

const OPERATOR = "m.rossi@comune.valdiponte.example";

browserTest(
  "create a service with closing days and an online form, preview it, publish it",
  async () => {
    const { base } = await servedApp();
    await withPage(async (page) => {
      await signInAs(page, base, OPERATOR);
      await page.click("a[href='/operatore/servizi']");
      assert.equal(await page.locator("h1").textContent(), "Servizi");
      await assertAccessible(page, "service list");

      await page.click("a[href='/operatore/servizi/nuovo']");
      await page.click("main button[type=submit]");
      await page.waitForSelector("[role=alert]");
      assert.equal(await page.getAttribute("#title", "aria-invalid"), "true");
      await assertAccessible(page, "new service form with errors");
      await page.click("label[for=kind-post_school]");
      await page.fill("#code", "post-nord");
      await page.fill("#title", "Post-scuola plesso nord");
      await page.click("main button[type=submit]");
      await page.waitForSelector(".alert-success");
      assert.match(await page.title(), /^Post-scuola plesso nord: Dati generali/);
      assert.match(await page.locator(".alert-warning").textContent() ?? "", /anno scolastico/);
      await assertAccessible(page, "general tab of a draft");

      await page.click("label[for=years]");
      await page.click("label[for=billing_mode-invoice]");
      await page.fill("#opens", "2026-05-04T09:00");
      await page.fill("#closes", "2026-06-30T23:59");
      await page.click("main button:text-is('Salva')");
      await page.waitForSelector("text=Dati del servizio salvati.");

      // Calendar: Monday to Friday, San Martino, then a strike on 20 November 2026.
      await page.click("nav[aria-label='Sezioni del servizio'] >> text=Calendario");
      await page.goto(`${page.url()}?mese=2026-11`);
      await assertAccessible(page, "calendar without settings");
      await page.fill("#patron_name", "San Martino");
      await page.fill("#patron_day", "11/11");
      await page.click("button:text-is('Salva i giorni di servizio')");
      await page.waitForSelector("text=Giorni di servizio e santo patrono salvati.");
      assert.match(
        await page.locator("caption").first().textContent() ?? "",
        /20 giorni di servizio/,
      );
      await page.selectOption("#closure_kind", "strike");
      await page.fill("#closure_reason", "Sciopero del personale ausiliario");
      await page.fill("#closure_from", "2026-11-20");
      await page.click("button:text-is('Aggiungi la chiusura')");
      await page.waitForSelector("text=Chiusura aggiunta");
      const strike = page.locator("td[data-date='2026-11-20']");
      assert.match(await strike.textContent() ?? "", /Chiusura: Sciopero del personale ausiliario/);
      assert.match(
        await page.locator("caption").first().textContent() ?? "",
        /19 giorni di servizio/,
      );
      assert.match(
        await page.locator("td[data-date='2026-11-11']").textContent() ?? "",
        /Santo patrono: San Martino/,
      );
      await assertAccessible(page, "calendar with a closure");

      // Online form: a question, and a second one shown only for one answer.
      await page.click("nav[aria-label='Sezioni del servizio'] >> text=Modulo online");
      await page.selectOption("#b_type", "radio");
      await page.fill("#b_label", "Ritira l'alunno una persona delegata?");
      await page.fill("#b_name", "delega");
      await page.fill("#b_options", "no = No\nsi = Sì");
      await page.click("label[for=b_required]");
      await page.click("button:text-is('Aggiungi il campo')");
      await page.waitForSelector("text=Campo salvato");
      await page.selectOption("#b_type", "codice_fiscale");
      await page.fill("#b_label", "Codice fiscale della persona delegata");
      await page.fill("#b_name", "cf_delegato");
      await page.click("label[for=b_required]");
      await page.selectOption("#b_show_if_field", "delega");
      await page.fill("#b_show_if_equals", "si");
      await page.click("button:text-is('Aggiungi il campo')");
      await page.waitForSelector("text=Campo salvato");
      await assertAccessible(page, "form builder with preview");

      assert.equal(await page.isVisible("#f_cf_delegato"), false, "hidden until «Sì»");
      await page.click("label[for=f_delega-si]");
      assert.equal(await page.isVisible("#f_cf_delegato"), true, "shown by CSS alone");
      await page.click("label[for=f_delega]");
      assert.equal(await page.isVisible("#f_cf_delegato"), false);
      await page.click("label[for=f_delega-si]");
      await page.fill("#f_cf_delegato", "RSSMRA85T10A562X");
      await page.click("button:text-is('Prova il controllo')");
      await page.waitForSelector("#preview-title");
      const summary = page.locator("[role=alert]").filter({ hasText: "codice fiscale" });
      assert.match(
        await summary.textContent() ?? "",
        /carattere di controllo del codice fiscale non è corretto/,
      );
      assert.equal(await page.getAttribute("#f_cf_delegato", "aria-invalid"), "true");
      assert.equal(
        await page.isVisible("#f_cf_delegato"),
        true,
        "the answer is kept, so the field stays",
      );
      await assertAccessible(page, "preview with errors");
      await page.fill("#f_cf_delegato", "RSSMRA85T10A562S");
      await page.click("button:text-is('Prova il controllo')");
      await page.waitForSelector("text=Le risposte sono valide");

      // Publish.
      await page.click("nav[aria-label='Sezioni del servizio'] >> text=Dati generali");
      await page.click("button[value=published]");
      await page.waitForSelector("text=Servizio pubblicato");
      assert.equal(await page.locator(".badge").first().textContent(), "Pubblicato");
      await assertAccessible(page, "published service");
    });
  },
);

browserTest("the canteen's diets and menus are accessible", async () => {
  const { base } = await servedApp();
  await withPage(async (page) => {
    await signInAs(page, base, OPERATOR);
    await page.goto(`${base}/operatore/servizi?tipo=canteen`);
    await page.click("main table a");
    await page.click("nav[aria-label='Sezioni del servizio'] >> text=Diete e presenze");
    assert.match(await page.title(), /Diete e presenze/);
    await assertAccessible(page, "diets and attendance");
    await page.click("nav[aria-label='Sezioni del servizio'] >> text=Menù");
    await page.click("a.page-link >> text=2");
    assert.match(await page.locator("#settimana").textContent() ?? "", /Settimana 2 di 4/);
    await assertAccessible(page, "menu week 2");
    await page.goto(`${base}/operatore/anni-scolastici`);
    await assertAccessible(page, "school years");
  });
});
