import assert from "node:assert/strict";
import {
  computeTotals,
  decimal2,
  netOfVat,
  quantity,
  rate,
  roundDiv,
  stampDutyCents,
  unitPrice,
} from "./amounts.ts";

Deno.test("roundDiv rounds half away from zero", () => {
  assert.equal(roundDiv(5, 2), 3);
  assert.equal(roundDiv(-5, 2), -3);
  assert.equal(roundDiv(4, 3), 1);
  assert.equal(roundDiv(-4, 3), -1);
  assert.equal(roundDiv(0, 7), 0);
});

Deno.test("netOfVat takes VAT out of an inclusive amount", () => {
  assert.equal(netOfVat(4680, 400), 4500); // the sample: 45.00 + 4% = 46.80
  assert.equal(netOfVat(12200, 2200), 10000);
  assert.equal(netOfVat(100, 2200), 82); // 0.8196… → 0.82
  assert.equal(netOfVat(-4680, 400), -4500);
});

Deno.test("one rate: taxable and tax add up to what was charged", () => {
  const t = computeTotals([{ grossCents: 4680, vatRateBp: 400, nature: null }]);
  assert.deepEqual(t.lineNetCents, [4500]);
  assert.deepEqual(t.summary, [{
    vatRateBp: 400,
    nature: null,
    taxableCents: 4500,
    vatCents: 180,
  }]);
  assert.equal(t.totalCents, 4680);
});

Deno.test("rounding per rate, spread over lines so they add up exactly", () => {
  // Three lines of 1.00 at 22%: per line 0.82 (2.46), per rate round(3.00/1.22) = 2.46; 0.54 VAT.
  const three = computeTotals(
    [1, 2, 3].map(() => ({ grossCents: 100, vatRateBp: 2200, nature: null })),
  );
  assert.equal(three.summary[0].taxableCents, 246);
  assert.equal(three.lineNetCents.reduce((a, b) => a + b), 246);
  // Seven lines of 0.10 at 4%: per line 0.10 (0.70) but per rate round(0.70/1.04) = 0.67.
  const seven = computeTotals(
    Array.from({ length: 7 }, () => ({ grossCents: 10, vatRateBp: 400, nature: null })),
  );
  assert.equal(seven.summary[0].taxableCents, 67);
  assert.equal(seven.summary[0].vatCents, 3);
  assert.equal(seven.lineNetCents.reduce((a, b) => a + b), 67);
  assert.ok(seven.lineNetCents.every((n) => n === 9 || n === 10));
});

Deno.test("several rates and a natura: one summary row each, highest rate first", () => {
  const t = computeTotals([
    { grossCents: 4680, vatRateBp: 400, nature: null },
    { grossCents: 3000, vatRateBp: 0, nature: "N4" },
    { grossCents: 1220, vatRateBp: 2200, nature: null },
    { grossCents: 520, vatRateBp: 400, nature: null },
  ]);
  assert.deepEqual(t.summary, [
    { vatRateBp: 2200, nature: null, taxableCents: 1000, vatCents: 220 },
    { vatRateBp: 400, nature: null, taxableCents: 5000, vatCents: 200 },
    { vatRateBp: 0, nature: "N4", taxableCents: 3000, vatCents: 0 },
  ]);
  assert.deepEqual(t.lineNetCents, [4500, 3000, 1000, 500]);
  assert.equal(t.taxableCents, 9000);
  assert.equal(t.vatCents, 420);
  assert.equal(t.totalCents, 9420);
});

Deno.test("negative lines (credits) reduce their rate's totals", () => {
  const t = computeTotals([
    { grossCents: 5200, vatRateBp: 400, nature: null },
    { grossCents: -520, vatRateBp: 400, nature: null },
  ]);
  assert.deepEqual(t.lineNetCents, [5000, -500]);
  assert.deepEqual(t.summary[0], {
    vatRateBp: 400,
    nature: null,
    taxableCents: 4500,
    vatCents: 180,
  });
  const exempt = computeTotals([
    { grossCents: 2000, vatRateBp: 0, nature: "N4" },
    { grossCents: -450, vatRateBp: 0, nature: "N4" },
  ]);
  assert.equal(exempt.totalCents, 1550);
  assert.equal(exempt.vatCents, 0);
});

Deno.test("a line needs exactly one of rate and natura", () => {
  assert.throws(() => computeTotals([{ grossCents: 1, vatRateBp: 0, nature: null }]), RangeError);
  assert.throws(() => computeTotals([{ grossCents: 1, vatRateBp: 400, nature: "N4" }]), RangeError);
  assert.throws(
    () => computeTotals([{ grossCents: 1.5, vatRateBp: 400, nature: null }]),
    RangeError,
  );
});

Deno.test("bollo virtuale above 77.47 EUR of exempt amounts, when enabled", () => {
  const row = (taxableCents: number, nature: string | null) => ({
    vatRateBp: nature ? 0 : 400,
    nature,
    taxableCents,
    vatCents: 0,
  });
  assert.equal(stampDutyCents([row(7747, "N4")], true), 0);
  assert.equal(stampDutyCents([row(7748, "N4")], true), 200);
  assert.equal(stampDutyCents([row(5000, "N4"), row(3000, "N2.2")], true), 200);
  assert.equal(stampDutyCents([row(9000, null)], true), 0);
  assert.equal(stampDutyCents([row(9000, "N4")], false), 0);
});

Deno.test("amounts, rates and quantities as the XSD wants them", () => {
  assert.equal(decimal2(0), "0.00");
  assert.equal(decimal2(5), "0.05");
  assert.equal(decimal2(-5), "-0.05");
  assert.equal(decimal2(123456), "1234.56");
  assert.equal(rate(400), "4.00");
  assert.equal(rate(2200), "22.00");
  assert.equal(rate(0), "0.00");
  assert.equal(quantity(18), "18.00");
  assert.equal(quantity(2.5), "2.50");
  assert.equal(quantity(0.125), "0.125");
  assert.equal(unitPrice(4500, 18), "2.50");
  assert.equal(unitPrice(1000, 3), "3.33333333");
  assert.equal(unitPrice(-500, 2), "-2.50");
  assert.match(unitPrice(1, 3), /^0\.[0-9]{2,8}$/);
});
