/**
 * Reconciliation in a real browser: the operator opens it from the menu, uploads a flow whose
 * payment has no receipt, imports a statement with a bad row, and finds both under "Da
 * verificare". Every page passes axe (WCAG 2.1 AA).
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { assertAccessible, browserTest, withPage } from "./browser/harness.ts";
import { servedApp, signInAs } from "./browser/served_app.ts";
import { flowXml } from "./helpers/fixtures_reconciliation.ts";

const OPERATOR = "m.rossi@comune.valdiponte.example";
const FLOW = "2026-11-2088888888888-0000000901";

browserTest("reconciliation: a flow, a statement and what to check, accessible", async () => {
  const { base } = await servedApp();
  await withPage(async (page) => {
    await signInAs(page, base, OPERATOR);
    await page.click("a[href='/operatore/riconciliazione']");
    assert.equal(await page.locator("h1").textContent(), "Riconciliazione degli incassi pagoPA");
    await assertAccessible(page, "flow list");

    await page.click("a[href='/operatore/riconciliazione/importa-flusso']");
    await page.click("main button[type=submit]");
    await page.waitForSelector("[role=alert]");
    assert.equal(await page.getAttribute("#flusso", "aria-invalid"), "true");
    await assertAccessible(page, "flow upload with errors");
    await page.setInputFiles("#flusso", {
      name: "flusso.xml",
      mimeType: "application/xml",
      buffer: Buffer.from(flowXml({
        flowRef: FLOW,
        payments: [{
          iuv: "02666666666666666",
          iur: "IUR-B-1",
          amount_cents: 4200,
          outcome_code: 0,
        }],
      })),
    });
    await page.click("main button[type=submit]");
    await page.waitForSelector(".alert-success");
    assert.equal(await page.locator("h1").textContent(), `Flusso ${FLOW}`);
    assert.match(await page.locator("main table").textContent() ?? "", /Ricevuta mancante/);
    await assertAccessible(page, "flow detail");

    await page.goto(`${base}/operatore/riconciliazione/movimenti/importa`);
    await page.setInputFiles("#estratto", {
      name: "estratto.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(
        "Data;Importo;Causale\n" +
          `21/11/2026;42,00;/PUR/LGPE-RIVERSAMENTO/URI/${FLOW}\n` +
          "21/11/2026;abc;BONIFICO\n",
      ),
    });
    await page.click("main button[type=submit]");
    await page.waitForSelector(".alert-warning");
    assert.match(await page.locator("caption").first().textContent() ?? "", /Righe scartate: 1/);
    await assertAccessible(page, "statement imported with a rejected row");

    await page.click("a[href='/operatore/riconciliazione/movimenti']");
    await assertAccessible(page, "treasury movements");
    await page.click("a[href='/operatore/riconciliazione/da-verificare']");
    assert.match(
      await page.locator("main table").textContent() ?? "",
      /Pagamento del flusso senza ricevuta/,
    );
    await assertAccessible(page, "to check");
  });
});
