/**
 * Helpers for table-driven tariff tests: one `Deno.test` per case, named after the source and
 * the situation, asserting the amount in cents (and optionally words of the explanation).
 */
import assert from "node:assert/strict";
import { quote, type QuoteError } from "./engine.ts";
import type { Rounding } from "./money.ts";
import { formatEuro } from "./money.ts";
import type { SituationInput, TariffRules } from "./schema.ts";
import { validateRules } from "./validate.ts";

export type Case = [
  what: string,
  situation: Partial<SituationInput>,
  expectedCents: number | { error: string },
  explains?: string[],
];

/** Registers the rules' own validity check, then one test per case. */
export function regulation(
  source: string,
  rules: TariffRules,
  cases: Case[],
  opts: { rounding?: Rounding; validFrom?: string; month?: string } = {},
): void {
  const version = {
    validFrom: opts.validFrom ?? "2020-01-01",
    validTo: null,
    rounding: opts.rounding ?? "half_up",
    rules,
  };
  Deno.test(`${source} · the rules pass validation`, () => {
    const check = validateRules(rules);
    assert.deepEqual(check.errors, []);
  });
  for (const [what, situation, expected, explains] of cases) {
    const label = typeof expected === "number" ? formatEuro(expected) : expected.error;
    Deno.test(`${source} · ${what} → ${label}`, () => {
      const s = { month: opts.month ?? "2025-10", ...situation } as SituationInput;
      if (typeof expected !== "number") {
        assert.throws(() => quote({ versions: [version] }, s), (e: QuoteError) => {
          assert.equal(e.code, expected.error);
          return true;
        });
        return;
      }
      const r = quote({ versions: [version] }, s);
      assert.equal(r.amountCents, expected, r.explanation.it.join("\n"));
      assert.equal(r.lines.reduce((n, l) => n + l.amountCents, 0), r.amountCents);
      const text = [r.explanation.summary.it, ...r.explanation.it].join("\n").toLowerCase();
      for (const words of explains ?? []) {
        assert.ok(
          text.includes(words.toLowerCase()),
          `«${words}» missing from:\n${r.explanation.summary.it}\n${r.explanation.it.join("\n")}`,
        );
      }
    });
  }
}
