/**
 * The office's dashboard says what waits for it ("Da fare"): each queue with its count, linked to
 * its list already filtered, and the list agrees with the count. Empty queues are not shown.
 */
import assert from "node:assert/strict";
import { createRun } from "../lib/billing/runs.ts";
import { claimsOf } from "../lib/enrollment/review_testing.ts";
import { listApplications } from "../lib/enrollment/list.ts";
import { ingestTestReceipt } from "../lib/pagopa/receipts_testing.ts";
import { htmlOf } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { PEOPLE, signedIn } from "./helpers/fixtures_sites.ts";
import { overduePositions } from "./helpers/overdue_positions.ts";

const text = (html: string) =>
  html.replaceAll("&#39;", "'").replaceAll("&amp;", "&").replaceAll("&nbsp;", " ");

/** The dashboard's queues as (count, link, words, amount) in the order shown. */
function queues(html: string): [string, string, string, string | null][] {
  const section = html.slice(html.indexOf('id="todo-title"'), html.indexOf("</section>"));
  return [...section.matchAll(
    /todo-count">(\d+\+?)<\/span><a href="([^"]+)">([^<]+)<\/a>(?:<span class="ms-auto text-nowrap">([^<]+)<\/span>)?/g,
  )].map((m) => [m[1], m[2], m[3], m[4] ?? null]);
}

dbTest("the dashboard lists what waits for the office, each linked to its list", async (db) => {
  const c = await signedIn(db, PEOPLE.operator);
  const op = await claimsOf(db, PEOPLE.operator);
  const tenantId = op.app_metadata.tenant_id as string;
  const before = queues(text(await htmlOf(await c.get("/operatore"))));
  assert.ok(
    !before.some(([, href]) => href.startsWith("/operatore/posizioni")),
    "no positions yet",
  );

  const f = await overduePositions(db);
  await db.asOwner((tx) =>
    tx.query("update public.debt_positions set gpd_status = 'failed' where id = $1", [f.today])
  );
  // A payment for a notice nobody issued: a receipt to check.
  await ingestTestReceipt(db, { tenantId, iuv: "02999999999999901", amountCents: 1234 });
  const runId = await db.asUser(op, async (tx) => {
    const [s] = await tx.query<{ id: string }>(
      "select id from public.services where code = 'MENSA'",
    );
    return await createRun(
      tx,
      { periodStart: "2026-10-01", periodEnd: "2026-10-31", serviceIds: [s.id] },
      op.sub,
    );
  });
  await db.asOwner((tx) =>
    tx.query("update public.billing_runs set status = 'computed' where id = $1", [runId])
  );

  const html = text(await htmlOf(await c.get("/operatore")));
  assert.match(html, /<h2 id="todo-title" class="h4">Da fare<\/h2>/);
  const shown = queues(html);
  const pending = await db.asUser(
    op,
    (tx) =>
      listApplications(tx, { status: "submitted", outcome: "pending" }, { limit: 0, offset: 0 }),
  );
  const expected: [string, string, string, string | null][] = [
    ...(pending.total > 0
      ? [[
        String(pending.total),
        "/operatore/domande?esito=pending",
        pending.total === 1 ? "domanda da esaminare" : "domande da esaminare",
        null,
      ] as [string, string, string, null]]
      : []),
  ];
  // The ISEE queue depends on the demo's applications; the rest is what this test made.
  const isee = shown.find(([, href]) => href === "/operatore/isee/mancanti");
  if (isee) expected.push(isee);
  expected.push(
    ["1", "/operatore/fatturazione", "elaborazione da verificare e approvare", null],
    ["2", "/operatore/posizioni?status=overdue", "posizioni scadute e non pagate", "70,00 €"],
    [
      "1",
      "/operatore/posizioni?gpd_status=failed",
      "posizione non pubblicata su pagoPA per errore",
      null,
    ],
    ["1", "/operatore/ricevute?stato=da_verificare", "ricevuta pagoPA da verificare", null],
    // Paid on 20 November and in no reporting flow since.
    ["1", "/operatore/riconciliazione/da-verificare", "differenza di riconciliazione", null],
  );
  assert.deepEqual(shown, expected);
  assert.doesNotMatch(html, /elaborazion[ei] non riuscit|crediti? d/);

  // Each link lands on a list that holds as many as the dashboard said.
  const overdue = text(await htmlOf(await c.get("/operatore/posizioni?status=overdue")));
  assert.match(overdue, /Posizioni trovate: 2, per 130,00 €, di cui scaduti e non pagati 70,00 €/);
  const failed = text(await htmlOf(await c.get("/operatore/posizioni?gpd_status=failed")));
  assert.match(failed, /Posizioni trovate: 1,/);
  const receipts = text(await htmlOf(await c.get("/operatore/ricevute?stato=da_verificare")));
  assert.match(receipts, /02999999999999901/);
  const reco = text(await htmlOf(await c.get("/operatore/riconciliazione/da-verificare")));
  assert.match(reco, /02999999999999901/);

  const en = text(await htmlOf(await c.get("/operatore?lang=en")));
  assert.match(en, /<h2 id="todo-title" class="h4">To do<\/h2>/);
  assert.match(en, />positions overdue and unpaid<\/a><span class="ms-auto text-nowrap">€70.00/);
});
