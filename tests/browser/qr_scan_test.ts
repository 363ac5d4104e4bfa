/**
 * The scanner page in a real browser (islands built): a teacher types the code printed on a card
 * (the path a keyboard-wedge reader also takes) and sees the child's name; offline, the scan is
 * queued in IndexedDB and sent when the connection is back, with its result. The camera path is
 * not driven here (Chromium's fake camera needs launch flags the shared harness does not take);
 * decoding is covered by tests/qr_cards_test.ts with jsqr on the rendered QR. Pages pass axe.
 */
import assert from "node:assert/strict";
import { signCardToken } from "../../lib/attendance/qr.ts";
import { TEST_SECRET } from "../helpers/app.ts";
import { assertAccessible, browserTest, withPage } from "./harness.ts";
import { servedApp, signInAs } from "./served_app.ts";

const TEACHER = "l.ferrari@scuola.valdiponte.example";

browserTest("a teacher scans a card by its printed code, online and offline", async () => {
  const { base, db } = await servedApp();
  const [e] = await db.asOwner((tx) =>
    tx.query<{ id: string; tenant_id: string }>(
      `select e.id, e.tenant_id from enrollments e join people p on p.id = e.beneficiary_id
        join services s on s.id = e.service_id
       where p.tax_code = 'LMRMRO19M15D612T' and s.code = 'MENSA'`,
    )
  );
  const token = await signCardToken(new TextEncoder().encode(TEST_SECRET), {
    tenantId: e.tenant_id,
    enrollmentId: e.id,
  });
  const printed = token.match(/.{1,4}/g)!.join(" ");
  await withPage(async (page) => {
    await signInAs(page, base, TEACHER);
    await page.goto(`${base}/docenti/scansione`);
    await page.waitForSelector("[data-island='QrScanner'] .qr-scanner");
    await page.waitForFunction(() =>
      document.querySelector("[data-island='QrScanner']")?.getAttribute("data-island-state") ===
        "hydrated"
    );
    await assertAccessible(page, "scanner");
    await page.fill("#scan-code", printed);
    await page.click("#scan-submit");
    await page.waitForSelector(".scan-result .scan-name");
    assert.equal((await page.textContent(".scan-result .scan-name"))?.trim(), "Omar El Amrani");
    assert.equal(page.url(), `${base}/docenti/scansione`, "no page load: the island posted it");
    await assertAccessible(page, "scanner with a result");

    // Offline: queued on the device, then sent when the network is back.
    await page.context().setOffline(true);
    await page.fill("#scan-code", token);
    await page.click("#scan-submit");
    await page.waitForSelector("#scan-queue");
    assert.match((await page.textContent("#scan-queue"))!, /1 scansioni in attesa/);
    await page.context().setOffline(false);
    await page.waitForSelector("#synced-title");
    assert.match(
      (await page.textContent("section[aria-labelledby='synced-title']"))!,
      /Omar El Amrani/,
    );
    await page.waitForSelector("#scan-queue", { state: "detached" });
  });
});
