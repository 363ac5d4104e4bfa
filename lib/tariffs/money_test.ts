import assert from "node:assert/strict";
import { exactEuro } from "./explain.ts";
import { formatBp, formatEuro, parseEuro, parsePercent, q, round, type Rounding } from "./money.ts";

const ROUNDING: [string, number, number, Rounding, number][] = [
  // [what, numerator, denominator (cents), mode, expected cents]
  ["26,665 € half up", 26665, 10, "half_up", 2667],
  ["26,665 € half even", 26665, 10, "half_even", 2666],
  ["26,675 € half even", 26675, 10, "half_even", 2668],
  ["26,665 € down", 26665, 10, "down", 2666],
  ["26,661 € up", 26661, 10, "up", 2667],
  ["26,66 € exact, every mode", 2666, 1, "up", 2666],
  ["1/3 cent half up", 1, 3, "half_up", 0],
  ["2/3 cent half up", 2, 3, "half_up", 1],
  ["2/3 cent down", 2, 3, "down", 0],
  ["1/3 cent up", 1, 3, "up", 1],
  ["−0,5 cent half up (away from zero)", -1, 2, "half_up", -1],
  ["−1,5 cent half even", -3, 2, "half_even", -2],
  ["−1,4 cent up (away from zero)", -7, 5, "up", -2],
];
for (const [what, n, d, mode, want] of ROUNDING) {
  Deno.test(`round: ${what} → ${want}`, () => assert.equal(round(q(n, d), mode), want));
}

Deno.test("formatEuro groups thousands in both languages, four-digit amounts too", () => {
  assert.equal(formatEuro(1240000), "12.400,00 €");
  assert.equal(formatEuro(123450), "1.234,50 €");
  assert.equal(formatEuro(5), "0,05 €");
  assert.equal(formatEuro(123456789), "1.234.567,89 €");
  assert.equal(formatEuro(1240000, "en"), "€12,400.00");
  assert.equal(formatEuro(-250, "en"), "−€2.50");
  assert.equal(formatEuro(q(10745091, 1000)), "107,4509… €");
  assert.equal(formatEuro(q(3192, 10)), "3,192 €");
});

Deno.test("exactEuro: JSON-friendly decimals", () => {
  assert.equal(exactEuro(q(266)), "2.66");
  assert.equal(exactEuro(q(3192, 10)), "3.192");
  assert.equal(exactEuro(q(1, 3)), "0.0033");
  assert.equal(exactEuro(q(0)), "0.00");
});

Deno.test("formatBp", () => {
  assert.equal(formatBp(3000), "30 %");
  assert.equal(formatBp(1250), "12,5 %");
  assert.equal(formatBp(1225, "en"), "12.25%");
});

const EUROS: [string, number | null][] = [
  ["12.400,00", 1240000],
  ["12400", 1240000],
  ["12400,5", 1240050],
  ["12400.50", 1240050],
  ["12,400.50", 1240050],
  ["1.234", 123400],
  ["0,05", 5],
  ["€ 4,50", 450],
  ["", null],
  ["12,345", null],
  ["4,505", null],
  ["-3", null],
  ["abc", null],
];
for (const [text, want] of EUROS) {
  Deno.test(`parseEuro «${text}» → ${want}`, () => assert.equal(parseEuro(text), want));
}

Deno.test("parsePercent", () => {
  assert.equal(parsePercent("30"), 3000);
  assert.equal(parsePercent("12,5 %"), 1250);
  assert.equal(parsePercent("0.25"), 25);
  assert.equal(parsePercent("1,234"), null);
  assert.equal(parsePercent("x"), null);
});
