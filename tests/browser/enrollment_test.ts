/**
 * The effective enrollment in a real browser: the office files Sofia Ricci's canteen application
 * at the counter and accepts it; the operator turns it into an enrollment from the enrollments
 * page and reads the tariff the engine assigned from the household's ISEE (bracket 4, 3,80 € a
 * pasto, less 30 % as second child after her sister Giulia, enrolled by the demo); grants the social-services exemption (refused first without the act) and reads the new
 * explanation; the mother reads the same enrollment and explanation in her portal, without the
 * social services' act. Every page passes axe (WCAG 2.1 AA).
 */
import assert from "node:assert/strict";
import {
  checkApplication,
  createApplication,
  submitApplication,
} from "../../lib/enrollment/applications.ts";
import { reviewItems } from "../../lib/enrollment/review_db.ts";
import { canteenBody, claimsOf, demoFacts } from "../../lib/enrollment/review_testing.ts";
import { ApplicationInput } from "../../lib/enrollment/schemas.ts";
import type { Db } from "../../lib/db/types.ts";
import { assertAccessible, browserTest, withPage } from "./harness.ts";
import { servedApp, signInAs } from "./served_app.ts";

const OPERATOR = "m.rossi@comune.valdiponte.example";
const MOTHER = "chiara.colombo@posta.example";
const ACT = "Relazione del Servizio sociale prot. 4521 del 02/10/2026";

/** Chiara's ISEE minorenni of 12.400 €, and Sofia's canteen application filed and accepted. */
async function acceptedSofia(db: Db): Promise<{ itemId: string }> {
  const facts = await demoFacts(db);
  await db.asOwner((tx) =>
    tx.query(
      `insert into public.isee_attestations (tenant_id, person_id, tax_code, kind, value_cents,
         protocol, presented_on, valid_until, source)
       select tenant_id, id, tax_code, 'minorenni', 1240000, 'INPS-ISEE-2026-000777001X-00',
              '2026-02-01', '2026-12-31', 'inps'
         from public.people where surname = 'Colombo' and name = 'Chiara'`,
    )
  );
  const sofia = facts.kids.filter((k) => k.name === "Sofia");
  const staff = await claimsOf(db, OPERATOR);
  return await db.asUser(staff, async (tx) => {
    const input = ApplicationInput.parse(canteenBody(facts, sofia));
    await checkApplication(tx, input);
    const id = await createApplication(tx, input, { userId: staff.sub, channel: "counter" });
    await submitApplication(tx, id);
    const [item] = await tx.query<{ id: string }>(
      "select id from public.application_items where application_id = $1",
      [id],
    );
    await reviewItems(tx, id, [{ item_id: item.id, outcome: "accepted" }], staff.sub);
    return { itemId: item.id };
  });
}

browserTest("an accepted child becomes an enrollment with the right tariff", async () => {
  const { base, db } = await servedApp();
  const { itemId } = await acceptedSofia(db);
  let enrollmentUrl = "";
  await withPage(async (page) => {
    await signInAs(page, base, OPERATOR);
    await page.goto(`${base}/operatore/iscrizioni`);
    assert.equal(await page.locator("h1").textContent(), "Iscrizioni effettive");
    await assertAccessible(page, "enrollments");

    await page.click("a[href='/operatore/iscrizioni/crea']");
    await page.waitForSelector(`#item-${itemId}`);
    assert.equal(await page.isChecked(`#item-${itemId}`), true);
    // Only Sofia: any other accepted application left pending stays so. Bootstrap Italia draws
    // the box with the label, which is what a person clicks.
    for (const box of await page.locator("input[name=item]").all()) {
      const value = await box.getAttribute("value");
      if (value !== itemId && await box.isChecked()) await page.click(`label[for=item-${value}]`);
    }
    await assertAccessible(page, "accepted applications to enroll");
    await page.click("form[action='/operatore/iscrizioni/crea'] button[type=submit]");
    await page.waitForSelector("#report-title");
    assert.match(await page.locator(".alert").first().textContent() ?? "", /1 iscrizioni create/);
    await assertAccessible(page, "enrollment report");

    await page.click("table a:has-text('Ricci Sofia')");
    await page.waitForSelector("[data-testid=tariff-amount]");
    enrollmentUrl = new URL(page.url()).pathname;
    assert.match(enrollmentUrl, /^\/operatore\/iscrizioni\/[0-9a-f-]{36}$/);
    assert.equal(
      (await page.textContent("[data-testid=tariff-amount]"))?.trim(),
      "2,66 € a pasto",
    );
    assert.equal(
      await page.textContent("[data-testid=tariff-summary]"),
      "Fascia 4 (ISEE 12.400,00 €), secondo figlio −30 %: 2,66 € a pasto",
    );
    await page.click("details summary");
    const steps = await page.locator("[data-testid=tariff-steps] li").allTextContents();
    assert.ok(steps.some((s) => s.includes("Delibera G.C. n. 112")), steps.join(" | "));
    assert.ok(steps.some((s) => s.includes("(3,80 € → 2,66 €)")), steps.join(" | "));
    await assertAccessible(page, "enrollment");

    // The exemption without the act that grants it: refused beside the field, nothing changed.
    await page.click("label[for=social_services_exemption]");
    assert.equal(await page.isChecked("#social_services_exemption"), true);
    await page.click("#save-conditions");
    await page.waitForSelector("[role=alert]");
    assert.equal(
      await page.getAttribute("#social_services_exemption_reference", "aria-invalid"),
      "true",
    );
    assert.match(
      await page.locator("[role=alert]").first().textContent() ?? "",
      /estremi dell'atto dei servizi sociali/,
    );
    assert.equal(
      (await page.textContent("[data-testid=tariff-amount]"))?.trim(),
      "2,66 € a pasto",
    );
    await assertAccessible(page, "exemption refused");

    // The box stays ticked after the refusal: only the act is missing.
    assert.equal(await page.isChecked("#social_services_exemption"), true);
    await page.fill("#social_services_exemption_reference", ACT);
    await page.click("#save-conditions");
    await page.waitForSelector(".alert-success");
    assert.equal(
      (await page.textContent("[data-testid=tariff-amount]"))?.trim(),
      "0,00 € a pasto",
    );
    assert.equal(
      await page.textContent("[data-testid=tariff-summary]"),
      "Esenzione dei servizi sociali: 0,00 € a pasto",
    );
    assert.match(await page.textContent("[data-testid=exemption-reference]") ?? "", /prot\. 4521/);
    await assertAccessible(page, "enrollment exempted");
  });

  const id = enrollmentUrl.split("/").pop()!;
  await withPage(async (page) => {
    await signInAs(page, base, MOTHER);
    await page.goto(`${base}/famiglie/iscrizioni`);
    await assertAccessible(page, "family enrollments");
    await page.click(`a[href='/famiglie/iscrizioni/${id}']`);
    await page.waitForSelector("[data-testid=tariff-summary]");
    assert.equal(
      await page.textContent("[data-testid=tariff-summary]"),
      "Esenzione dei servizi sociali: 0,00 € a pasto",
    );
    assert.equal(
      (await page.textContent("[data-testid=tariff-amount]"))?.trim(),
      "0,00 € a pasto",
    );
    const text = await page.textContent("main") ?? "";
    assert.doesNotMatch(text, /prot\. 4521/, "the social services' act stays with the office");
    await assertAccessible(page, "family enrollment");
  });
});
