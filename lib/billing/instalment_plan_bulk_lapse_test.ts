import assert from "node:assert/strict";
import { describeExcluded, inPostedOrder, splitPositionIds } from "./instalment_plan_bulk_lapse.ts";
import type { PlanState } from "./instalment_plans_read.ts";

const A = "0b6a3c2e-5f1d-4c7a-9e2b-1a2b3c4d5e6f";
const B = "1c7b4d3f-6a2e-4d8b-8f3c-2b3c4d5e6f70";
const C = "2d8c5e40-7b3f-4e9c-9a4d-3c4d5e6f7081";
const D = "3e9d6f51-8c40-4fad-8b5e-4d5e6f708192";
const E = "4fae7062-9d51-40be-9c6f-5e6f708192a3";

Deno.test("splitPositionIds: each id once, lowercase, in order; the rest kept apart", () => {
  assert.deepEqual(
    splitPositionIds([` ${A.toUpperCase()} `, B, A, "x'; drop table", "", "y".repeat(60)]),
    { ids: [A, B], malformed: ["x'; drop table", "", "y".repeat(40)] },
  );
  assert.deepEqual(splitPositionIds([]), { ids: [], malformed: [] });
});

Deno.test("describeExcluded: no plan, lapsed, settled, the rule not met, malformed", () => {
  const state = (id: string, o: Partial<PlanState>): PlanState => ({
    id,
    description: `Mensa ${id.slice(0, 2)}`,
    payer_name: "Colombo Chiara",
    status: "open",
    has_plan: true,
    lapsed: false,
    ...o,
  });
  const states = [
    state(B, { has_plan: false }),
    state(C, { lapsed: true, status: "partially_paid" }),
    state(D, { status: "paid" }),
    state(E, { status: "partially_paid" }),
  ];
  const out = describeExcluded([A, B, C, D, E], states, ["boh"]);
  assert.deepEqual(out.map((r) => [r.id, r.code]), [
    [A, "not_found"],
    [B, "not_found"],
    [C, "already"],
    [D, "settled"],
    [E, "rule_not_met"],
    ["boh", "malformed"],
  ]);
  // Named when the position is read and carries a plan; the words in both languages.
  assert.deepEqual([out[0].payer_name, out[1].payer_name], [null, null]);
  assert.deepEqual([out[4].payer_name, out[4].description], ["Colombo Chiara", "Mensa 4f"]);
  assert.equal(out[0].en, "This position has no instalment plan.");
  assert.equal(out[2].it, "Il piano di rateizzazione è già decaduto.");
  assert.equal(out[3].en, "The position is paid or cancelled: the plan cannot lapse.");
  assert.match(out[4].it, /^il piano non soddisfa ora la regola di decadenza dell'Ente/);
  assert.equal(out[5].en, "not a position's id.");
});

Deno.test("inPostedOrder: as posted, the malformed last as they came", () => {
  const r = (id: string) => ({ id });
  assert.deepEqual(
    inPostedOrder([r("x"), r(C), r(A), r("y"), r(B)], [A, B, C]).map((x) => x.id),
    [A, B, C, "x", "y"],
  );
});
