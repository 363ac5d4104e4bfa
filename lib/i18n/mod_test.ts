import assert from "node:assert/strict";
import { en } from "./en.ts";
import { it } from "./it.ts";
import { formatDate, formatDateTime, romeDate, translator } from "./mod.ts";

Deno.test("every English message keeps the Italian placeholders", () => {
  for (const [key, text] of Object.entries(it)) {
    const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    assert.deepEqual(params(en[key as keyof typeof it]), params(text), key);
  }
});

Deno.test("translator fills parameters and falls back to the key", () => {
  const t = translator("it");
  assert.equal(t("home.welcome", { name: "Giulia" }), "Benvenuto, Giulia");
  assert.equal(translator("en")("nav.signIn"), "Sign in");
});

Deno.test("dates are Europe/Rome calendar dates", () => {
  // 23:30 UTC on 31 Dec is already 1 January in Rome.
  assert.equal(romeDate(new Date("2026-12-31T23:30:00Z")), "2027-01-01");
  assert.equal(romeDate(new Date("2026-07-01T21:59:00Z")), "2026-07-01");
  assert.equal(formatDate("it", "2026-11-28"), "sabato 28 novembre 2026");
});

Deno.test("short dates and times carry the whole year, as offices write them", () => {
  assert.equal(formatDate("it", "2026-11-04", "short"), "04/11/2026");
  assert.equal(formatDate("en", "2026-11-04", "short"), "04/11/2026");
  // 23:30 UTC on 31 Dec is 00:30 on 1 January in Rome.
  assert.equal(formatDateTime("it", "2026-12-31T23:30:00Z"), "01/01/2027, 00:30");
  assert.equal(formatDateTime("en", new Date("2026-07-01T12:05:00Z")), "01/07/2026, 14:05");
});
