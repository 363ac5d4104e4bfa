/**
 * The diary in a real browser: Laura Ferrari writes to class 1A and then to Sofia Ricci alone,
 * and Sofia's mother, with "Diario e comunicazioni" open, sees each message within a second
 * without reloading (socket.io room `child:<enrollment>`); opening the diary leaves a read
 * receipt the teacher's open page shows live (room `class:<id>`). The teacher edits and deletes
 * her own message after confirming, and the family's page follows. The office and the caterer
 * write communications. Every page of these flows passes axe (WCAG 2.1 AA).
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import type { Db } from "../../lib/db/types.ts";
import { type DiaryScene, diaryScene } from "../../lib/diary/testing.ts";
import { assertAccessible, browserTest, withPage } from "./harness.ts";
import { servedApp, signInAs } from "./served_app.ts";

const TEACHER = "l.ferrari@scuola.valdiponte.example";
const MOTHER = "chiara.colombo@posta.example";
const FATHER = "luca.ricci@posta.example";
const OPERATOR = "m.rossi@comune.valdiponte.example";
const PROVIDER = "ordini@ristorazionecolli.example";

let setup: Promise<{ base: string; db: Db; s: DiaryScene }>;
function world() {
  setup ??= (async () => {
    const { base, db } = await servedApp();
    return { base, db, s: await diaryScene(db) };
  })();
  return setup;
}

async function hydrated(page: Page) {
  await page.waitForSelector('[data-island="DiaryFeed"][data-island-state="hydrated"]');
}

/** Opens the family's diary, hydrated, with time for its socket to join the child's room. */
async function openFamilyDiary(page: Page, base: string, email: string) {
  await signInAs(page, base, email);
  await page.goto(`${base}/famiglie/diario`);
  await hydrated(page);
}

/** Publishes a message from the teacher's open class diary; returns the click time. */
async function publish(teacher: Page, target: string, text: string): Promise<number> {
  await teacher.selectOption("#target", target);
  await teacher.fill("#body", text);
  const started = Date.now();
  await Promise.all([
    teacher.waitForURL(/inviato=1/),
    teacher.click('#diary-form button[type="submit"]'),
  ]);
  return started;
}

function post(page: Page, text: string) {
  return page.locator("li[data-post-id]", { hasText: text });
}

browserTest(
  "teacher writes to the class and to Sofia: the family's open page shows it live, receipts too",
  async () => {
    const { base, s } = await world();
    await withPage(async (mother) => {
      await openFamilyDiary(mother, base, MOTHER);
      await assertAccessible(mother, "family diary, empty");
      assert.equal(await mother.locator("#diary-empty").count(), 1);

      await withPage(async (teacher) => {
        await signInAs(teacher, base, TEACHER);
        await teacher.goto(`${base}/docenti/diario`);
        await assertAccessible(teacher, "teacher's diaries");
        await teacher.click(`a[href="/docenti/diario/${s.classId}"]`);
        await hydrated(teacher);
        await assertAccessible(teacher, "class diary");

        // A message without text: the error summary, accessible too.
        await teacher.click('#diary-form button[type="submit"]');
        await teacher.waitForSelector('[role="alert"]');
        assert.equal(await teacher.getAttribute("#body", "aria-invalid"), "true");
        await assertAccessible(teacher, "class diary with errors");

        // The family's socket has joined its room by now (it joins right after connecting).
        await mother.waitForTimeout(500);
        const toClass = "Oggi abbiamo letto la fiaba del gatto con gli stivali.";
        let started = await publish(teacher, "class", toClass);
        await post(mother, toClass).waitFor({ timeout: 3_000 });
        let elapsed = Date.now() - started;
        assert.ok(elapsed < 1_000, `the family saw the class message after ${elapsed} ms`);
        assert.match(await post(mother, toClass).innerText(), /A tutta la classe/);

        await hydrated(teacher);
        assert.match(await teacher.locator('[role="status"]').first().innerText(), /pubblicato/);
        // The mother's open page read it: the receipt reaches the teacher.
        await post(teacher, toClass).locator("[data-readers]", { hasText: "Chiara Colombo" })
          .waitFor({ timeout: 3_000 });

        await teacher.waitForTimeout(300);
        const toSofia = "Sofia oggi ha aiutato a riordinare la biblioteca di classe.";
        started = await publish(teacher, s.enrollmentId, toSofia);
        await post(mother, toSofia).waitFor({ timeout: 3_000 });
        elapsed = Date.now() - started;
        assert.ok(elapsed < 1_000, `the family saw the message to Sofia after ${elapsed} ms`);
        assert.match(await post(mother, toSofia).innerText(), /Per Sofia Ricci/);
        await assertAccessible(mother, "family diary with messages");

        // The teacher's page stays open; the father opens the diary now: his receipt shows live.
        await hydrated(teacher);
        await teacher.evaluate(() => (globalThis as unknown as { marker: number }).marker = 1);
        await post(teacher, toSofia).locator("[data-readers]", { hasText: "Chiara Colombo" })
          .waitFor({ timeout: 3_000 });
        await teacher.waitForTimeout(300);
        await withPage(async (father) => {
          await openFamilyDiary(father, base, FATHER);
          const receipt = post(teacher, toSofia).locator("[data-readers]", {
            hasText: "Luca Ricci",
          });
          await receipt.waitFor({ timeout: 3_000 });
        });
        assert.equal(
          await teacher.evaluate(() => (globalThis as unknown as { marker?: number }).marker),
          1,
          "the receipt arrived without a reload",
        );
      });
    });
  },
);

browserTest("the author edits and deletes a message; the family's open page follows", async () => {
  const { base, s } = await world();
  await withPage(async (mother) => {
    await withPage(async (teacher) => {
      await signInAs(teacher, base, TEACHER);
      await teacher.goto(`${base}/docenti/diario/${s.classId}`);
      await hydrated(teacher);
      const text = "Domani uscita al parco: servono scarpe comode.";
      await publish(teacher, "class", text);
      await openFamilyDiary(mother, base, MOTHER);
      await post(mother, text).waitFor();

      await hydrated(teacher);
      await post(teacher, text).getByRole("link", { name: /^Modifica/ }).click();
      await teacher.waitForSelector("#edit-form");
      await assertAccessible(teacher, "edit message");
      await teacher.fill("#body", "");
      await teacher.click('#edit-form button[type="submit"]');
      await teacher.waitForSelector('[role="alert"]');
      await assertAccessible(teacher, "edit message with errors");
      const edited = "Domani uscita al parco: servono scarpe comode e un cappellino.";
      await teacher.fill("#body", edited);
      await Promise.all([
        teacher.waitForURL(/modificato=1/),
        teacher.click('#edit-form button[type="submit"]'),
      ]);
      await hydrated(teacher);
      await post(mother, edited).locator("[data-edited]").waitFor({ timeout: 3_000 });

      await post(teacher, edited).getByRole("link", { name: /^Elimina/ }).click();
      await teacher.waitForSelector("#confirm-delete");
      await assertAccessible(teacher, "confirm deletion");
      await Promise.all([
        teacher.waitForURL(/eliminato=1/),
        teacher.click('#confirm-delete button[type="submit"]'),
      ]);
      await post(mother, edited).waitFor({ state: "detached", timeout: 3_000 });
      assert.equal(await post(teacher, edited).count(), 0);
      assert.match(await teacher.locator('[role="status"]').first().innerText(), /eliminato/);
    });
  });
});

browserTest("the office and the caterer write communications; the family reads them", async () => {
  const { base, s } = await world();
  await withPage(async (operator) => {
    await signInAs(operator, base, OPERATOR);
    await operator.goto(`${base}/operatore/comunicazioni`);
    await assertAccessible(operator, "communications");
    await operator.selectOption("#service_id", s.serviceId);
    await operator.click('button[value="send"]');
    await operator.waitForSelector('[role="alert"]');
    await assertAccessible(operator, "communications with errors");

    await operator.selectOption("#service_id", s.serviceId);
    if (await operator.locator("#class_id").count()) {
      await operator.selectOption("#class_id", s.classId);
    }
    await operator.fill("#subject", "Festa di fine trimestre");
    await operator.fill("#body", "Venerdì il post-scuola termina alle 16 per la festa.");
    await operator.click('button[value="preview"]');
    await operator.waitForSelector("#audience-preview");
    await assertAccessible(operator, "communication preview");
    await Promise.all([
      operator.waitForURL(/inviata=1/),
      operator.click('button[value="send"]'),
    ]);
    assert.match(await operator.locator("#notices-history").innerText(), /Festa di fine trimestre/);
    await assertAccessible(operator, "communication sent");
  });
  await withPage(async (provider) => {
    await signInAs(provider, base, PROVIDER);
    await provider.goto(`${base}/fornitori/comunicazioni`);
    await assertAccessible(provider, "provider communications");
  });
  await withPage(async (mother) => {
    await openFamilyDiary(mother, base, MOTHER);
    assert.match(await mother.locator("#notices").innerText(), /Festa di fine trimestre/);
    await assertAccessible(mother, "family notices");
  });
});
