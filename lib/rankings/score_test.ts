/**
 * Scores, ties and exclusions of nursery rankings. The rule sets follow the structure of three
 * real regulations (criteria kinds, residents first, tie-breakers); the points are illustrative,
 * chosen to exercise each rule, and do not reproduce each Comune's current tables:
 * - Comune di Bologna, "Regolamento dei servizi educativi per la prima infanzia" (graduatoria
 *   nidi): precedence for children with disabilities, points for working parents, ISEE as
 *   tie-breaker;
 * - Comune di Milano, "Criteri per la formazione delle graduatorie di ammissione ai nidi
 *   d'infanzia": residents before non-residents, working parents, siblings attending, single
 *   parent household, lower ISEE on equal points;
 * - Comune di Torino, "Regolamento per il funzionamento dei nidi d'infanzia" (n. 325): points by
 *   age group of the child and family situation, earlier application on equal points.
 * Cases marked INVENTED exercise a feature none of the three needs.
 */
import assert from "node:assert/strict";
import type { RankingRules } from "./criteria.ts";
import { admit, ageInMonths, type Candidate, rank, scoreCandidate } from "./score.ts";

const REF = "2026-09-01";
let seq = 0;
const kid = (id: string, o: Partial<Candidate> = {}): Candidate => ({
  item_id: id,
  protocol_number: `2026/${String(++seq).padStart(6, "0")}`,
  submitted_at: `2026-04-01T09:00:${String(seq % 60).padStart(2, "0")}Z`,
  receipt_seq: seq,
  birth_date: "2025-01-15",
  resident: true,
  disability: false,
  single_parent: false,
  siblings_enrolled: 0,
  isee_cents: 2_000_000,
  answers: { genitori_lavoratori: 2 },
  ...o,
});

const BOLOGNA: RankingRules = {
  criteria: [
    { kind: "disability", code: "disabilita", label: "Disabilità certificata", points: 100 },
    {
      kind: "working_parents",
      code: "genitori_lavoratori",
      label: "Genitori che lavorano",
      field: "genitori_lavoratori",
      points_each: 12,
    },
    { kind: "single_parent", code: "monogenitore", label: "Un solo genitore", points: 20 },
  ],
  tie_breakers: ["lower_isee"],
  residents_first: false,
  offer_days: 10,
};

const MILANO: RankingRules = {
  criteria: [
    {
      kind: "working_parents",
      code: "lavoro",
      label: "Genitori lavoratori",
      field: "genitori_lavoratori",
      points_each: 10,
    },
    { kind: "siblings_enrolled", code: "fratelli", label: "Fratelli al nido", points: 6 },
    { kind: "single_parent", code: "monogenitore", label: "Nucleo monogenitoriale", points: 15 },
    {
      kind: "isee_below",
      code: "isee",
      label: "ISEE sotto 15.000 €",
      threshold_cents: 1_500_000,
      points: 4,
    },
  ],
  tie_breakers: ["lower_isee", "older_child"],
  residents_first: true,
  offer_days: 7,
};

const TORINO: RankingRules = {
  criteria: [
    {
      kind: "age_months",
      code: "fascia_eta",
      label: "Fascia di età",
      ranges: [
        { from_months: 3, to_months: 11, points: 3 },
        { from_months: 12, to_months: 23, points: 2 },
        { from_months: 24, to_months: 36, points: 1 },
      ],
    },
    {
      kind: "answer",
      code: "turni",
      label: "Genitore con lavoro a turni",
      field: "turni",
      value: "si",
      points: 5,
    },
    { kind: "resident", code: "residenza", label: "Residenza", points: 8 },
  ],
  tie_breakers: [],
  residents_first: false,
  offer_days: 5,
};

Deno.test("ageInMonths counts completed months at the reference date", () => {
  const cases: [string, string, number][] = [
    ["2025-09-01", "2026-09-01", 12],
    ["2025-09-02", "2026-09-01", 11],
    ["2024-02-29", "2026-09-01", 30],
    ["2026-06-01", "2026-09-01", 3],
    ["2026-06-02", "2026-09-01", 2],
  ];
  for (const [birth, on, months] of cases) assert.equal(ageInMonths(birth, on), months, birth);
});

Deno.test("Bologna: breakdown per criterion, disability first, working parents each", () => {
  const cases: [Partial<Candidate>, number, number[]][] = [
    [{}, 24, [0, 24, 0]],
    [{ answers: { genitori_lavoratori: 1 } }, 12, [0, 12, 0]],
    [{ answers: { genitori_lavoratori: "2" } }, 24, [0, 24, 0]],
    [{ answers: {} }, 0, [0, 0, 0]],
    [{ answers: { genitori_lavoratori: 7 } }, 24, [0, 24, 0]], // clamped to 2 parents
    [{ answers: { genitori_lavoratori: -1 } }, 0, [0, 0, 0]],
    [{ disability: true, answers: { genitori_lavoratori: 0 } }, 100, [100, 0, 0]],
    [{ single_parent: true, answers: { genitori_lavoratori: 1 } }, 32, [0, 12, 20]],
  ];
  for (const [facts, score, lines] of cases) {
    const r = scoreCandidate(BOLOGNA, kid("x", facts), REF);
    assert.equal(r.score, score, JSON.stringify(facts));
    assert.deepEqual(r.breakdown.map((l) => l.points), lines);
    assert.deepEqual(r.breakdown.map((l) => l.code), [
      "disabilita",
      "genitori_lavoratori",
      "monogenitore",
    ]);
  }
  const r = scoreCandidate(BOLOGNA, kid("x", { answers: { genitori_lavoratori: 1 } }), REF);
  assert.equal(r.breakdown[1].detail, "1 × 12");
});

Deno.test("Bologna: equal points are broken by the lower ISEE, a missing ISEE goes last", () => {
  const list = rank(BOLOGNA, [
    kid("a", { isee_cents: 3_000_000 }),
    kid("b", { isee_cents: null }),
    kid("c", { isee_cents: 900_000 }),
    kid("d", { disability: true, isee_cents: 5_000_000 }),
  ], { places: 2, referenceDate: REF });
  assert.deepEqual(list.map((e) => e.item_id), ["d", "c", "a", "b"]);
  assert.deepEqual(list.map((e) => e.position), [1, 2, 3, 4]);
  assert.deepEqual(list.map((e) => e.state), ["admitted", "admitted", "waiting", "waiting"]);
  assert.ok(list.every((e) => e.group === "all"));
});

Deno.test("Milano: residents come before non-residents whatever the score", () => {
  const list = rank(MILANO, [
    kid("nonres-high", { resident: false, single_parent: true, siblings_enrolled: 1 }),
    kid("res-low", { answers: { genitori_lavoratori: 0 } }),
    kid("res-mid", { answers: { genitori_lavoratori: 1 } }),
  ], { places: 2, referenceDate: REF });
  assert.deepEqual(list.map((e) => [e.item_id, e.score, e.group]), [
    ["res-mid", 10, "resident"],
    ["res-low", 0, "resident"],
    ["nonres-high", 41, "non_resident"],
  ]);
  assert.equal(list[2].state, "waiting");
});

Deno.test("Milano: ISEE threshold is strict and a missing ISEE earns nothing", () => {
  const cases: [number | null, number][] = [
    [1_499_999, 4],
    [1_500_000, 0],
    [0, 4],
    [null, 0],
  ];
  for (const [isee, pts] of cases) {
    const r = scoreCandidate(MILANO, kid("x", { isee_cents: isee, answers: {} }), REF);
    assert.equal(r.score, pts, String(isee));
  }
  const missing = scoreCandidate(MILANO, kid("x", { isee_cents: null }), REF);
  assert.equal(missing.breakdown[3].detail, "ISEE non presentato");
});

Deno.test("Milano: same points and ISEE → the older child, then the earlier receipt", () => {
  const list = rank(MILANO, [
    kid("young", { birth_date: "2025-06-01" }),
    kid("old", { birth_date: "2024-11-20" }),
    kid("same-1", { birth_date: "2025-03-03", submitted_at: "2026-04-01T09:00:00.500Z" }),
    kid("same-2", { birth_date: "2025-03-03", submitted_at: "2026-04-01T09:00:00.100Z" }),
  ], { places: 10, referenceDate: REF });
  assert.deepEqual(list.map((e) => e.item_id), ["old", "same-2", "same-1", "young"]);
  assert.ok(list.every((e) => e.state === "admitted"));
});

Deno.test("Torino: age groups at the start of the year, form answers, residence", () => {
  const cases: [string, Record<string, unknown>, boolean, number, string][] = [
    ["2026-01-10", { turni: "si" }, true, 3 + 5 + 8, "7 mesi"],
    ["2025-05-31", {}, true, 2 + 8, "15 mesi"],
    ["2024-09-01", { turni: "no" }, false, 1, "24 mesi"],
    ["2026-06-15", {}, true, 8, "2 mesi"], // too young for any range
    ["2023-08-01", {}, true, 8, "37 mesi"], // too old for any range
  ];
  for (const [birth, answers, resident, score, detail] of cases) {
    const r = scoreCandidate(TORINO, kid("x", { birth_date: birth, answers, resident }), REF);
    assert.equal(r.score, score, birth);
    assert.equal(r.breakdown[0].detail, detail);
  }
  const none = scoreCandidate(TORINO, kid("x", { birth_date: null }), REF);
  assert.equal(none.breakdown[0].points, 0);
});

Deno.test("Torino: equal points without tie-breakers follow the receipt time and sequence", () => {
  const at = "2026-04-01T09:00:00.000Z";
  const list = rank(TORINO, [
    kid("third", { submitted_at: at, receipt_seq: 30 }),
    kid("first", { submitted_at: "2026-03-31T18:00:00Z", receipt_seq: 99 }),
    kid("second", { submitted_at: at, receipt_seq: 12 }),
  ], { places: 1, referenceDate: REF });
  assert.deepEqual(list.map((e) => e.item_id), ["first", "second", "third"]);
  assert.deepEqual(list.map((e) => e.state), ["admitted", "waiting", "waiting"]);
});

Deno.test("INVENTED: two children of one application share the receipt: item id decides", () => {
  const same = { submitted_at: "2026-04-01T09:00:00Z", receipt_seq: 5 };
  const list = rank(TORINO, [kid("b-item", same), kid("a-item", same)], {
    places: 1,
    referenceDate: REF,
  });
  assert.deepEqual(list.map((e) => e.item_id), ["a-item", "b-item"]);
  const again = rank(TORINO, [kid("a-item", same), kid("b-item", same)], {
    places: 1,
    referenceDate: REF,
  });
  assert.deepEqual(again.map((e) => e.item_id), ["a-item", "b-item"], "order is stable");
});

Deno.test("INVENTED: the younger child first when the rules say so", () => {
  const rules: RankingRules = { ...TORINO, criteria: [], tie_breakers: ["younger_child"] };
  const list = rank(rules, [
    kid("old", { birth_date: "2024-10-01" }),
    kid("nodate", { birth_date: null }),
    kid("young", { birth_date: "2026-01-01" }),
  ], { places: 0, referenceDate: REF });
  assert.deepEqual(list.map((e) => e.item_id), ["young", "old", "nodate"]);
  assert.ok(list.every((e) => e.state === "waiting"), "no places: everyone waits");
});

Deno.test("admit re-applies places to an ordered list", () => {
  const list = rank(BOLOGNA, [kid("a"), kid("b"), kid("c")], { places: 1, referenceDate: REF });
  assert.deepEqual(admit(list, 2).map((e) => e.state), ["admitted", "admitted", "waiting"]);
  assert.deepEqual(admit(list, 0).map((e) => e.state), ["waiting", "waiting", "waiting"]);
  assert.deepEqual(rank(BOLOGNA, [], { places: 3, referenceDate: REF }), []);
});
