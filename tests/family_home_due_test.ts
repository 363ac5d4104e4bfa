/**
 * The family's home page says first what is left to pay and how much of it is late, linked to
 * the payments page; with nothing to pay it says nothing.
 */
import assert from "node:assert/strict";
import { htmlOf } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { PEOPLE, signedIn } from "./helpers/fixtures_sites.ts";
import { overduePositions } from "./helpers/overdue_positions.ts";

const text = (html: string) =>
  html.replaceAll("&#39;", "'").replaceAll("&amp;", "&").replaceAll("&nbsp;", " ");

dbTest("the family home page leads with what is left to pay and what is late", async (db) => {
  const c = await signedIn(db, PEOPLE.family);
  const before = text(await htmlOf(await c.get("/famiglie")));
  assert.doesNotMatch(before, /da pagare, per/);

  await overduePositions(db);
  const home = text(await htmlOf(await c.get("/famiglie")));
  // 40,00 € a day late, 30,00 € due today, 60,00 € left of 90,00 € in instalments (one late);
  // the paid position is not counted.
  assert.match(
    home,
    /<div class="alert alert-danger" role="alert"><p class="mb-0">Hai 3 avvisi da pagare, per 130,00 €, di cui 2 scaduti\. <a href="\/famiglie\/pagamenti">Vai ai pagamenti<\/a>/,
  );
  const payments = text(await htmlOf(await c.get("/famiglie/pagamenti")));
  assert.match(payments, /totale 130,00 €/);
  const en = text(await htmlOf(await c.get("/famiglie?lang=en")));
  assert.match(en, /You have 3 notices to pay, for €130\.00, 2 overdue\./);

  // Luca, the other parent of the household, reads the same positions.
  const luca = await signedIn(db, "luca.ricci@posta.example");
  assert.match(
    text(await htmlOf(await luca.get("/famiglie"))),
    /Hai 3 avvisi da pagare, per 130,00 €/,
  );
});
