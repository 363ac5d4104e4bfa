import assert from "node:assert/strict";
import {
  alertMessage,
  checkAdjustment,
  checkCents,
  checkTopUp,
  isWorse,
  type Level,
  levelOf,
  refusalCode,
} from "./rules.ts";

/** [balance, threshold, grace, band]: shared with the SQL twin's test (tests/wallets_*). */
export const LEVEL_CASES: [number, number, number, Level][] = [
  [2000, 1000, 500, "ok"],
  [1000, 1000, 500, "ok"], // exactly the threshold is not below it
  [999, 1000, 500, "low"],
  [0, 1000, 500, "low"],
  [-1, 1000, 500, "negative"],
  [-500, 1000, 500, "negative"], // exactly the grace is still allowed
  [-501, 1000, 500, "over_grace"],
  [-1, 1000, 0, "over_grace"], // no grace: any debt is beyond it
  [0, 0, 0, "ok"], // no threshold: only debts alert
];

Deno.test("levelOf: the band of a balance", () => {
  for (const [b, t, g, want] of LEVEL_CASES) {
    assert.equal(levelOf(b, t, g), want, `${b} / ${t} / ${g}`);
  }
});

Deno.test("isWorse: only moving down raises an alert", () => {
  assert.equal(isWorse("ok", "low"), true);
  assert.equal(isWorse("low", "over_grace"), true);
  assert.equal(isWorse("low", "low"), false);
  assert.equal(isWorse("negative", "low"), false);
  assert.equal(isWorse("over_grace", "ok"), false);
});

Deno.test("alertMessage: Italian and English, per band, naming the child of a per-child wallet", () => {
  const low = alertMessage({
    level: "low",
    balance_cents: 450,
    threshold_cents: 1000,
    grace_cents: 500,
    child: null,
  });
  assert.equal(low.title, "Borsellino quasi esaurito");
  assert.match(low.body, /^Il saldo è 4,50 €, sotto la soglia di 10,00 €\. Puoi ricaricarlo/);
  const neg = alertMessage({
    level: "negative",
    balance_cents: -120,
    threshold_cents: 1000,
    grace_cents: 500,
    child: "Sofia Ricci",
  }, "en");
  assert.equal(neg.title, "Wallet of Sofia Ricci below zero");
  assert.match(neg.body, /The balance is −€1\.20: uses are still recorded/);
  const over = alertMessage({
    level: "over_grace",
    balance_cents: -1200,
    threshold_cents: 1000,
    grace_cents: 500,
    child: "Sofia Ricci",
  });
  assert.equal(over.title, "Borsellino di Sofia Ricci in negativo");
  assert.match(over.body, /−12,00 €, oltre la tolleranza di 5,00 €.*l'ufficio è stato avvisato/);
});

Deno.test("checkTopUp: euro amounts within the Ente's limits", () => {
  const limits = { min_top_up_cents: 500, max_top_up_cents: 50000 };
  assert.deepEqual(checkTopUp("25", limits), { cents: 2500, issues: [] });
  assert.deepEqual(checkTopUp("25,50 €", limits), { cents: 2550, issues: [] });
  assert.deepEqual(checkTopUp("500", limits), { cents: 50000, issues: [] });
  assert.equal(checkTopUp("4,99", limits).issues[0].code, "amount_out_of_range");
  assert.match(checkTopUp("4,99", limits).issues[0].it, /tra 5,00 € e 500,00 €/);
  assert.equal(checkTopUp("500,01", limits).issues[0].code, "amount_out_of_range");
  for (const bad of ["", "abc", "-10", "10,123", "1e3"]) {
    assert.equal(checkTopUp(bad, limits).issues[0].code, "amount_invalid", bad);
  }
});

Deno.test("checkAdjustment: signed, never zero, with a reason", () => {
  assert.deepEqual(checkAdjustment("-4,50", " Pasto non consumato "), {
    cents: -450,
    reason: "Pasto non consumato",
    issues: [],
  });
  assert.equal(checkAdjustment("+10", "Rimborso gita").cents, 1000);
  assert.equal(checkAdjustment("−3", "Segno tipografico").cents, -300);
  assert.deepEqual(checkAdjustment("0", "Motivo valido").issues.map((i) => i.code), [
    "amount_out_of_range",
  ]);
  assert.deepEqual(checkAdjustment("x", "no").issues.map((i) => i.field), ["importo", "motivo"]);
  assert.equal(checkAdjustment("10001", "Troppo alto").issues[0].code, "amount_out_of_range");
});

Deno.test("checkCents: thresholds from 0 to 100.000,00 €", () => {
  const what = { it: "Soglia", en: "Threshold" };
  assert.deepEqual(checkCents("10", "soglia", what), { cents: 1000, issues: [] });
  assert.deepEqual(checkCents("0", "soglia", what), { cents: 0, issues: [] });
  assert.match(checkCents("-1", "soglia", what).issues[0].it, /^Soglia: scrivere/);
});

Deno.test("refusalCode: the codes of app.wallet_top_up, nothing else", () => {
  assert.equal(refusalCode(new Error("wallet:iban_missing")), "iban_missing");
  assert.equal(
    refusalCode({ message: "ERROR: wallet:payer_without_tax_code" }),
    "payer_without_tax_code",
  );
  assert.equal(refusalCode(new Error("wallet:unknown_thing")), null);
  assert.equal(refusalCode(new Error("duplicate key")), null);
  assert.equal(refusalCode(null), null);
});
