import assert from "node:assert/strict";
import {
  allocate,
  buildStatement,
  OTHER_AMOUNTS,
  romeYear,
  shareReceipt,
  type StatementLine,
  type StatementReceipt,
  statementYear,
} from "./payment_statement.ts";

const POS = "00000000-0000-4000-8000-000000000001";
const SOFIA = "00000000-0000-4000-8000-0000000000a1";
const TOMMASO = "00000000-0000-4000-8000-0000000000a2";
const MENSA = "00000000-0000-4000-8000-0000000000b1";
const TRASPORTO = "00000000-0000-4000-8000-0000000000b2";

let n = 0;
const receipt = (over: Partial<StatementReceipt> = {}): StatementReceipt => ({
  id: `r${++n}`,
  debt_position_id: POS,
  purpose: "charges",
  amount_cents: 7000,
  paid_at: "2026-11-10T09:30:00Z",
  notice_number: `30200000000000${String(1000 + n)}`,
  iuv: `0200000000000${String(1000 + n)}`,
  instalment: 0,
  source: "gpd",
  payment_method: "CP",
  service_title: null,
  period_start: "2026-10-01",
  period_end: "2026-10-31",
  ...over,
});

const line = (
  child: string | null,
  service: string,
  cents: number,
  over: Partial<StatementLine> = {},
): StatementLine => ({
  debt_position_id: POS,
  beneficiary_id: child,
  beneficiary_name: child === SOFIA ? "Sofia Ricci" : child === TOMMASO ? "Tommaso Ricci" : null,
  beneficiary_tax_code: child === SOFIA ? "RCCSFO18A41D612X" : child ? "RCCTMS20B01D612Y" : null,
  service_id: service,
  service_title: service === MENSA ? "Refezione scolastica" : "Trasporto scolastico",
  period_start: "2026-10-01",
  period_end: "2026-10-31",
  amount_cents: cents,
  ...over,
});

/** Two children on one aggregated position: Sofia's meals less a credit, Tommaso's bus. */
const AGGREGATED = [
  line(SOFIA, MENSA, 4500),
  line(SOFIA, MENSA, -500),
  line(TOMMASO, TRASPORTO, 3000),
];

Deno.test("allocate: the shares add up to the amount, by largest remainder", () => {
  const cases: [number, number[], number[]][] = [
    [100, [1, 1, 1], [34, 33, 33]],
    [3000, [4000, 3000], [1714, 1286]],
    [7000, [4000, 3000], [4000, 3000]],
    [1, [1, 1], [1, 0]],
    [1, [1, 2], [0, 1]],
    [0, [5, 7], [0, 0]],
    [999, [1], [999]],
    [10, [3, 3, 3, 1], [3, 3, 3, 1]],
    [11, [3, 3, 3, 1], [4, 3, 3, 1]],
  ];
  for (const [amount, weights, want] of cases) {
    assert.deepEqual(allocate(amount, weights), want, `${amount} over ${weights}`);
  }
  // Exact for any amount and weights (a deterministic pseudo-random sweep).
  let seed = 7;
  const rnd = (m: number) => (seed = (seed * 48271) % 2147483647) % m;
  for (let i = 0; i < 500; i++) {
    const weights = Array.from({ length: 1 + rnd(6) }, () => 1 + rnd(100_000));
    const amount = rnd(1_000_000);
    const shares = allocate(amount, weights);
    assert.equal(shares.reduce((a, b) => a + b, 0), amount);
    const total = weights.reduce((a, b) => a + b, 0);
    shares.forEach((s, k) => assert.ok(Math.abs(s - amount * weights[k] / total) < 1));
  }
  assert.throws(() => allocate(-1, [1]), RangeError);
  assert.throws(() => allocate(1.5, [1]), RangeError);
  assert.throws(() => allocate(10, []), RangeError);
  assert.throws(() => allocate(10, [0, 1]), RangeError);
});

Deno.test("statement: two children on one aggregated position paid at once", () => {
  const s = buildStatement(2026, [receipt()], AGGREGATED);
  assert.equal(s.total_cents, 7000);
  assert.equal(s.receipts, 1);
  assert.deepEqual(
    s.children.map((c) => [c.name, c.tax_code, c.total_cents, c.services.map((x) => x.service)]),
    [
      ["Sofia Ricci", "RCCSFO18A41D612X", 4000, ["Refezione scolastica"]],
      ["Tommaso Ricci", "RCCTMS20B01D612Y", 3000, ["Trasporto scolastico"]],
    ],
  );
  const [e] = s.children[0].services[0].entries;
  assert.equal(e.paid_on, "2026-11-10");
  assert.equal(e.amount_cents, 4000, "the credit lowers Sofia's share");
  assert.equal(e.period_start, "2026-10-01");
  assert.equal(e.method, "Carta di pagamento");
  assert.deepEqual(s.top_ups, []);
});

Deno.test("statement: instalments are shared by the same proportions, each in its year", () => {
  const first = receipt({ amount_cents: 3000, instalment: 1, paid_at: "2026-12-20T10:00:00Z" });
  const second = receipt({ amount_cents: 4000, instalment: 2, paid_at: "2027-01-20T10:00:00Z" });
  const y2026 = buildStatement(2026, [first, second], AGGREGATED);
  assert.equal(y2026.total_cents, 3000);
  assert.deepEqual(y2026.children.map((c) => c.total_cents), [1714, 1286]);
  assert.equal(y2026.children[0].services[0].entries[0].instalment, 1);
  const y2027 = buildStatement(2027, [first, second], AGGREGATED);
  assert.equal(y2027.total_cents, 4000);
  assert.deepEqual(y2027.children.map((c) => c.total_cents), [2286, 1714]);
  // Here the two roundings compensate: over both years each child paid their net to the cent
  // (not guaranteed in general: each receipt is exact, not each child's sum over receipts).
  assert.equal(y2026.children[0].total_cents + y2027.children[0].total_cents, 4000);
  assert.equal(y2026.children[1].total_cents + y2027.children[1].total_cents, 3000);
});

Deno.test("statement: a year is the Europe/Rome date of the payment", () => {
  assert.equal(romeYear("2025-12-31T23:30:00Z"), 2026, "00:30 of New Year's Day in Rome");
  assert.equal(romeYear("2026-12-31T22:59:59Z"), 2026);
  assert.equal(romeYear("2026-12-31T23:00:00Z"), 2027);
  const r = receipt({ paid_at: "2025-12-31T23:30:00Z" });
  assert.equal(buildStatement(2026, [r], AGGREGATED).total_cents, 7000);
  assert.equal(buildStatement(2025, [r], AGGREGATED).total_cents, 0);
  assert.equal(
    buildStatement(2026, [r], AGGREGATED).children[0].services[0].entries[0].paid_on,
    "2026-01-01",
  );
});

Deno.test("statement: a child whose lines net zero or less takes no share", () => {
  // Tommaso only has a credit on this position: it already lowered what was asked.
  const lines = [
    line(SOFIA, MENSA, 5000),
    line(TOMMASO, MENSA, -1000),
  ];
  const shares = shareReceipt(receipt({ amount_cents: 4000 }), lines);
  assert.deepEqual(shares.map((x) => [x.group.name, x.cents]), [["Sofia Ricci", 4000]]);
  const s = buildStatement(2026, [receipt({ amount_cents: 4000 })], lines);
  assert.deepEqual(s.children.map((c) => [c.name, c.total_cents]), [["Sofia Ricci", 4000]]);
  assert.ok(
    s.children.every((c) => c.services.every((x) => x.entries.every((e) => e.amount_cents > 0))),
  );
});

Deno.test("statement: lines about no child and positions with nothing to share go to Altri importi", () => {
  const lines = [line(SOFIA, MENSA, 3000), line(null, MENSA, 1000)];
  const s = buildStatement(2026, [receipt({ amount_cents: 4000 })], lines);
  assert.deepEqual(s.children.map((c) => [c.name, c.beneficiary_id, c.total_cents]), [
    ["Sofia Ricci", SOFIA, 3000],
    [OTHER_AMOUNTS, null, 1000],
  ]);
  // A position whose lines net ≤ 0 (or without lines): the whole amount, under its service.
  const odd = buildStatement(
    2026,
    [receipt({ amount_cents: 2500, service_title: "Asilo nido" })],
    [line(SOFIA, MENSA, -500)],
  );
  assert.deepEqual(odd.children.map((c) => [c.name, c.total_cents, c.services[0].service]), [
    [OTHER_AMOUNTS, 2500, "Asilo nido"],
  ]);
  const none = buildStatement(2026, [receipt({ amount_cents: 900 })], []);
  assert.deepEqual(none.children.map((c) => [c.name, c.services[0].service]), [
    [OTHER_AMOUNTS, "Servizi diversi"],
  ]);
});

Deno.test("statement: rounding over several children and receipts stays exact", () => {
  const C = ["c1", "c2", "c3"];
  const lines = C.map((c) => ({ ...line(c, MENSA, 1000), beneficiary_name: c.toUpperCase() }));
  const receipts = [
    receipt({ amount_cents: 100 }),
    receipt({ amount_cents: 100, paid_at: "2026-03-01T10:00:00Z" }),
    receipt({ amount_cents: 1 }),
  ];
  const s = buildStatement(2026, receipts, lines);
  assert.equal(s.total_cents, 201);
  assert.equal(s.children.reduce((t, c) => t + c.total_cents, 0), 201);
  assert.deepEqual(s.children.map((c) => c.total_cents), [69, 66, 66]);
  // Entries by date, subtotals per service equal their entries.
  const c1 = s.children[0].services[0];
  assert.deepEqual(c1.entries.map((e) => e.paid_on), ["2026-03-01", "2026-11-10", "2026-11-10"]);
  assert.equal(c1.total_cents, c1.entries.reduce((t, e) => t + e.amount_cents, 0));
});

Deno.test("statement: wallet top-ups are listed apart and count in the total", () => {
  const s = buildStatement(2026, [
    receipt(),
    receipt({
      debt_position_id: "top",
      purpose: "top_up",
      amount_cents: 2000,
      service_title: "Refezione scolastica",
      period_start: null,
      period_end: null,
      source: "manual",
      payment_method: "cash",
    }),
  ], AGGREGATED);
  assert.equal(s.top_ups_cents, 2000);
  assert.equal(s.total_cents, 9000);
  assert.deepEqual(s.top_ups.map((t) => [t.service, t.total_cents]), [[
    "Refezione scolastica",
    2000,
  ]]);
  assert.equal(s.top_ups[0].entries[0].method, "Contanti (fuori pagoPA)");
  assert.equal(s.children.reduce((t, c) => t + c.total_cents, 0), 7000);
});

Deno.test("statementYear: four digits, from 2000 to this year", () => {
  assert.equal(statementYear("2026", "2026-11-29"), 2026);
  assert.equal(statementYear("2000", "2026-11-29"), 2000);
  for (const bad of [undefined, "", "26", "2027", "1999", "20266", "abcd", "2026 "]) {
    assert.equal(statementYear(bad, "2026-11-29"), null, String(bad));
  }
});
