import assert from "node:assert/strict";
import {
  type PositionShare,
  type ReceiptGroup,
  revenueByService,
  splitCents,
} from "./receipts_by_service.ts";

const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

Deno.test("splitCents: parts are proportional and add up exactly to the amount", () => {
  const cases: [amount: number, weights: number[], parts: number[]][] = [
    [4500, [4500], [4500]],
    [4500, [3000, 1500], [3000, 1500]],
    // 2250 of a 4500 position (an instalment): 2500/4500 and 2000/4500 of it.
    [2250, [2500, 2000], [1250, 1000]],
    // Thirds: the cent left goes to the earliest of equal remainders.
    [100, [1, 1, 1], [34, 33, 33]],
    [101, [1, 1, 1], [34, 34, 33]],
    [200, [1, 1, 1], [67, 67, 66]],
    // Largest remainder wins over order: 1000 × (1/6, 2/6, 3/6) exact; 1001 × … rest on the 3/6.
    [1000, [1, 2, 3], [167, 333, 500]],
    [1001, [1, 2, 3], [167, 334, 500]],
    // A half cent each way: a tie, broken by order, not by size.
    [1333, [2000, 2000], [667, 666]],
    // Zero weights get nothing, whatever the remainders.
    [999, [0, 1, 0, 2], [0, 333, 0, 666]],
    // One cent over three services.
    [1, [1, 1, 1], [1, 0, 0]],
    // A credit of another service on the position (signed): transport 5000, canteen -500.
    [4500, [5000, -500], [5000, -500]],
    [2250, [5000, -500], [2500, -250]],
    [1001, [5000, -500], [1112, -111]],
    // Large amounts stay exact (products beyond 2^53).
    [99_999_999_999, [33_333_333_333, 66_666_666_667], [33_333_333_333, 66_666_666_666]],
  ];
  for (const [amount, weights, parts] of cases) {
    const got = splitCents(amount, weights);
    assert.deepEqual(got, parts, `${amount} over ${weights}`);
    assert.equal(sum(got), amount, `${amount} over ${weights}: sum`);
  }
});

Deno.test("splitCents: exact sums over many random splits, each part within a cent", () => {
  let seed = 42;
  const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
  for (let k = 0; k < 2000; k++) {
    const weights = Array.from({ length: 1 + rnd(6) }, () => rnd(20000) - 2000);
    if (sum(weights) <= 0) continue;
    const amount = 1 + rnd(500000);
    const parts = splitCents(amount, weights);
    assert.equal(sum(parts), amount);
    const total = sum(weights);
    parts.forEach((p, i) => {
      const exact = amount * weights[i] / total;
      assert.ok(Math.abs(p - exact) < 1, `${p} vs ${exact}`);
      if (weights[i] === 0) assert.equal(p, 0);
    });
  }
});

Deno.test("splitCents: refuses weights that add up to nothing and non-integers", () => {
  assert.throws(() => splitCents(100, []), RangeError);
  assert.throws(() => splitCents(100, [0, 0]), RangeError);
  assert.throws(() => splitCents(100, [500, -600]), RangeError);
  assert.throws(() => splitCents(10.5, [1]), RangeError);
  assert.throws(() => splitCents(10, [0.5, 1]), RangeError);
});

const CANTEEN = { serviceId: "s-canteen", title: "Mensa", taxonomyCode: "9/0107101TS/" };
const BUS = { serviceId: "s-bus", title: "Trasporto", taxonomyCode: "9/0107102SP/" };
const NURSERY = { serviceId: "s-nursery", title: "Nido", taxonomyCode: "9/0107106SP/" };

const group = (g: Partial<ReceiptGroup> & Pick<ReceiptGroup, "positionId" | "amountCents">) => ({
  receipts: 1,
  purpose: "charges" as const,
  serviceId: null,
  title: null,
  taxonomyCode: "9/0107100TS/",
  ...g,
});
const share = (positionId: string, s: typeof CANTEEN, cents: number): PositionShare => ({
  positionId,
  ...s,
  cents,
});

Deno.test("revenueByService: single-service, aggregated, instalments and credits", () => {
  const shares = [
    share("p1", CANTEEN, 4500),
    // Aggregated: canteen 3000 with a credit of 1000 (net 2000), bus 2000.
    share("p2", CANTEEN, 2000),
    share("p2", BUS, 2000),
    // Bus 5000 with a canteen credit of 500 on the same aggregated position.
    share("p3", BUS, 5000),
    share("p3", CANTEEN, -500),
    // A zero line's service takes nothing.
    share("p4", NURSERY, 0),
    share("p4", BUS, 1200),
  ];
  const r = revenueByService([
    group({ positionId: "p1", amountCents: 4500, receipts: 3 }),
    group({ positionId: "p2", amountCents: 1333 }), // an instalment: a tie, the canteen first
    group({ positionId: "p2", amountCents: 1333 }),
    group({ positionId: "p3", amountCents: 4500 }),
    group({ positionId: "p4", amountCents: 1200 }),
  ], shares);
  assert.equal(r.receipts, 7);
  assert.equal(r.cents, 3 * 4500 + 2 * 1333 + 4500 + 1200);
  assert.equal(sum(r.rows.map((x) => x.cents)), r.cents);
  assert.deepEqual(
    r.rows.map((x) => [x.title, x.taxonomyCode, x.receipts, x.cents]),
    [
      ["Mensa", "9/0107101TS/", 6, 3 * 4500 + 667 + 667 - 500],
      ["Trasporto", "9/0107102SP/", 4, 666 + 666 + 5000 + 1200],
    ],
  );
});

Deno.test("revenueByService: top-ups and positions without lines go to their own service or apart", () => {
  const r = revenueByService([
    // A top-up of the prepaid canteen: the position names the service.
    group({ positionId: "t1", amountCents: 2000, purpose: "top_up", ...CANTEEN }),
    // A top-up without a service: its own row.
    group({ positionId: "t2", amountCents: 1500, purpose: "top_up", taxonomyCode: "9/0107101TS/" }),
    group({ positionId: "t3", amountCents: 500, purpose: "top_up", taxonomyCode: "9/0107101TS/" }),
    // A position without lines and without service: not attributed.
    group({ positionId: "x1", amountCents: 700 }),
    // Lines adding up to nothing: the position's service takes the receipt.
    group({ positionId: "z1", amountCents: 300, ...BUS }),
  ], [share("z1", NURSERY, 0)]);
  assert.deepEqual(
    r.rows.map((x) => [x.kind, x.title, x.receipts, x.cents]),
    [
      ["service", "Mensa", 1, 2000],
      ["service", "Trasporto", 1, 300],
      ["top_up", null, 2, 2000],
      ["unattributed", null, 1, 700],
    ],
  );
  assert.equal(r.cents, 5000);
  assert.equal(r.receipts, 5);
});

Deno.test("revenueByService: a service under two codes is two rows; nothing in, nothing out", () => {
  const r = revenueByService([
    group({ positionId: "a", amountCents: 100 }),
    group({ positionId: "b", amountCents: 200 }),
  ], [
    share("a", CANTEEN, 100),
    share("b", { ...CANTEEN, taxonomyCode: "9/0107100TS/" }, 100),
  ]);
  assert.deepEqual(r.rows.map((x) => [x.key, x.cents]), [
    ["s-canteen|9/0107100TS/", 200],
    ["s-canteen|9/0107101TS/", 100],
  ]);
  assert.deepEqual(revenueByService([], []), { rows: [], receipts: 0, cents: 0 });
});

Deno.test("revenueByService: a tiny receipt over many services counts only where it lands", () => {
  const r = revenueByService(
    [group({ positionId: "p", amountCents: 1, receipts: 2 })],
    [share("p", CANTEEN, 100), share("p", BUS, 100), share("p", NURSERY, 100)],
  );
  // Equal remainders: the first by title (Mensa) takes the cent of each receipt.
  assert.deepEqual(r.rows.map((x) => [x.title, x.receipts, x.cents]), [["Mensa", 2, 2]]);
  assert.equal(r.cents, 2);
});
