import assert from "node:assert/strict";
import { currentHref, OPERATOR_NAV } from "./operator_nav.ts";

const HREFS = OPERATOR_NAV.flatMap((s) => s.links.map((l) => l.href));

Deno.test("the menu marks the deepest entry that contains the page", () => {
  assert.equal(currentHref("/operatore/ricevute", HREFS), "/operatore/ricevute");
  assert.equal(currentHref("/operatore/ricevute/3f1c", HREFS), "/operatore/ricevute");
  assert.equal(
    currentHref("/operatore/ricevute/per-servizio", HREFS),
    "/operatore/ricevute/per-servizio",
  );
  assert.equal(
    currentHref("/operatore/ricevute/per-servizio/esporta", HREFS),
    "/operatore/ricevute/per-servizio",
  );
  assert.equal(
    currentHref("/operatore/posizioni/solleciti/9a", HREFS),
    "/operatore/posizioni/solleciti",
  );
  assert.equal(currentHref("/operatore/posizioni/9a", HREFS), "/operatore/posizioni");
  assert.equal(
    currentHref("/operatore/posizioni/rateizzazioni/9a/respingi", HREFS),
    "/operatore/posizioni/rateizzazioni",
  );
});

Deno.test("the dashboard is marked on itself only; a name that merely starts alike is no match", () => {
  assert.equal(currentHref("/operatore", HREFS), "/operatore");
  assert.equal(currentHref("/operatore/sconosciuta", HREFS), null);
  assert.equal(currentHref("/operatore/ricevuteX", HREFS), null);
  assert.equal(currentHref("/famiglie", HREFS), null);
});

Deno.test("every menu entry is listed once", () => {
  assert.equal(new Set(HREFS).size, HREFS.length);
});
