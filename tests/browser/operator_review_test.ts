/**
 * The review in a real browser: an operator finds an application for two children in the
 * applications database, accepts one child and waitlists the other (after a refused rejection
 * without its reason), communicates the outcome by e-mail and sees when and how it was told.
 * Every page passes axe (WCAG 2.1 AA).
 */
import assert from "node:assert/strict";
import {
  canteenBody,
  clearApplications,
  demoFacts,
  fileApplication,
} from "../../lib/enrollment/review_testing.ts";
import { assertAccessible, browserTest, withPage } from "./harness.ts";
import { servedApp, signInAs } from "./served_app.ts";

const OPERATOR = "m.rossi@comune.valdiponte.example";

browserTest("an operator accepts one child, waitlists the other and communicates", async () => {
  const { base, db } = await servedApp();
  await clearApplications(db);
  const id = await fileApplication(db, canteenBody(await demoFacts(db)));
  const items = await db.asOwner((tx) =>
    tx.query<{ id: string; name: string; protocol: string }>(
      `select i.id, i.child ->> 'name' as name, a.protocol_number as protocol
         from public.application_items i join public.applications a on a.id = i.application_id
        where a.id = $1 order by 2`,
      [id],
    )
  );
  const [sofia, tommaso] = items;
  await withPage(async (page) => {
    await signInAs(page, base, OPERATOR);
    await page.click("nav a[href='/operatore/domande']");
    assert.equal(await page.locator("h1").textContent(), "Domande di iscrizione");
    await assertAccessible(page, "applications database");

    await page.click(`a:has-text("${sofia.protocol}")`);
    await page.waitForSelector(`#esito-${sofia.id}`);
    assert.match(await page.locator("h1").textContent() ?? "", new RegExp(sofia.protocol));
    await assertAccessible(page, "application");

    await page.selectOption(`#esito-${tommaso.id}`, "rejected");
    await page.click(`form:has(#esito-${tommaso.id}) button[type=submit]`);
    await page.waitForSelector("[role=alert]");
    assert.equal(await page.getAttribute(`#motivo-${tommaso.id}`, "aria-invalid"), "true");
    await assertAccessible(page, "review refused without a reason");

    await page.selectOption(`#esito-${sofia.id}`, "accepted");
    await page.click(`form:has(#esito-${sofia.id}) button[type=submit]`);
    await page.waitForSelector(".alert-success");
    await page.selectOption(`#esito-${tommaso.id}`, "waitlisted");
    await page.fill(`#note-${tommaso.id}`, "Turno completo: primo in lista");
    await page.click(`form:has(#esito-${tommaso.id}) button[type=submit]`);
    await page.waitForSelector(".alert-success");
    const badges = await page.locator("section h3 .badge").allTextContents();
    assert.deepEqual(badges, ["Accolta", "In lista d'attesa"]);

    await page.selectOption("#canale", "email");
    await page.click("form:has(#canale) button[type=submit]");
    await page.waitForSelector(".alert-success");
    const told = await page.locator("text=/Esito comunicato il .* – E-mail/").count();
    assert.equal(told, 2);
    assert.equal(await page.locator("#canale").count(), 0, "nothing left to communicate");
    await assertAccessible(page, "application after communication");

    await page.click("a[href='/operatore/domande']");
    await page.waitForSelector("table");
    const row = page.locator(`tr:has-text("${sofia.protocol}")`);
    assert.match(await row.textContent() ?? "", /Accolta.*In lista d'attesa/);
    await assertAccessible(page, "applications database after review");
  });
  const [mail] = await db.asOwner((tx) =>
    tx.query<{ to_address: string }>(
      "select to_address from public.mail_outbox where subject like 'Esito della domanda%'",
    )
  );
  assert.equal(mail.to_address, "chiara.colombo@posta.example");
});
