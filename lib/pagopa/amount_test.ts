import assert from "node:assert/strict";
import {
  formatAmount,
  formatDueDate,
  formatEuroSymbol,
  formatEuroText,
  parseAmount,
  qrAmount,
} from "./amount.ts";

Deno.test("formatAmount: Italian grouping, two decimals", () => {
  const cases: [number, string][] = [
    [0, "0,00"],
    [1, "0,01"],
    [10, "0,10"],
    [99, "0,99"],
    [100, "1,00"],
    [8550, "85,50"],
    [150000, "1.500,00"],
    [123456, "1.234,56"],
    [100000000, "1.000.000,00"],
    [999999999999, "9.999.999.999,99"],
    [-50, "-0,50"],
    [-123456, "-1.234,56"],
  ];
  for (const [c, s] of cases) assert.equal(formatAmount(c), s, String(c));
  assert.throws(() => formatAmount(1.5), /centesimi/);
  assert.throws(() => formatAmount(Number.NaN), /centesimi/);
});

Deno.test("notice and screen forms", () => {
  assert.equal(formatEuroText(150000), "1.500,00 Euro");
  assert.equal(formatEuroSymbol(123456), "1.234,56 €");
});

Deno.test("qrAmount: cents as digits, 1 cent to 10 digits", () => {
  assert.equal(qrAmount(1), "1");
  assert.equal(qrAmount(8550), "8550");
  assert.equal(qrAmount(9_999_999_999), "9999999999");
  assert.throws(() => qrAmount(0), /tra 0,01/);
  assert.throws(() => qrAmount(-5), /tra 0,01/);
  assert.throws(() => qrAmount(10_000_000_000), /tra 0,01/);
});

Deno.test("formatDueDate: calendar date, no time zone shift", () => {
  assert.equal(formatDueDate("2026-12-31"), "31/12/2026");
  assert.equal(formatDueDate("2027-01-01"), "01/01/2027");
  assert.throws(() => formatDueDate("31/12/2026"), /AAAA-MM-GG/);
});

Deno.test("parseAmount reads what people type", () => {
  assert.equal(parseAmount("1.234,56"), 123456);
  assert.equal(parseAmount("1234,5"), 123450);
  assert.equal(parseAmount("12,34 €"), 1234);
  assert.equal(parseAmount("12.34"), 1234);
  assert.equal(parseAmount("12"), 1200);
  assert.equal(parseAmount("1.000.000"), 100000000);
  assert.equal(parseAmount("abc"), null);
  assert.equal(parseAmount("1,234,56"), null);
});
