import assert from "node:assert/strict";
import { amountOf, checkNewLine, ReviewError } from "./lines.ts";

const E = "0b6e2f1c-3a1d-4e55-9f5e-1f7b6f0a9c11";

Deno.test("new line: a debit for an enrollment, euro as typed", () => {
  assert.deepEqual(
    checkNewLine({
      kind: "debit",
      amount: "12,50",
      description: " Gita ",
      reason: "Richiesta del plesso",
      enrollment_id: E,
    }),
    {
      kind: "debit",
      amount_cents: 1250,
      description: "Gita",
      reason: "Richiesta del plesso",
      enrollment_id: E,
      payer_id: null,
      service_id: null,
    },
  );
});

Deno.test("new line: every problem at once, each with its Italian message", () => {
  try {
    checkNewLine({ kind: "usage", amount: "0", description: "x", reason: "boh" });
    assert.fail("accepted");
  } catch (e) {
    assert.ok(e instanceof ReviewError);
    assert.equal(e.status, 422);
    assert.deepEqual(Object.keys(e.issues).sort(), [
      "amount",
      "description",
      "enrollment_id",
      "kind",
      "reason",
    ]);
    assert.match(e.fieldErrors("it").reason, /almeno 5 caratteri/);
    assert.match(e.fieldErrors("en").amount, /above zero/);
  }
});

Deno.test("amounts: positive whole cents, at most one million euro", () => {
  const issues: Record<string, { it: string; en: string }> = {};
  assert.equal(amountOf("1.234,56", issues), 123456);
  assert.equal(amountOf(250, issues), 250);
  assert.deepEqual(issues, {});
  for (const bad of ["-5", "abc", "", 0, -1, 1.5]) {
    const i: Record<string, { it: string; en: string }> = {};
    amountOf(bad, i);
    assert.ok(i.amount, String(bad));
  }
  const big: Record<string, { it: string; en: string }> = {};
  amountOf("1.000.000,01", big);
  assert.match(big.amount.it, /troppo alto/);
});

Deno.test("review errors: a closed run says where corrections go", () => {
  const e = ReviewError.runClosed();
  assert.equal(e.status, 409);
  assert.match(e.fieldErrors("it").reason, /prossima elaborazione/);
  assert.equal(ReviewError.notFound("line").status, 404);
});
