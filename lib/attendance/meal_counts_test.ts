import assert from "node:assert/strict";
import {
  classify,
  countMeals,
  countsCsv,
  diffCounts,
  isZero,
  lateChanges,
  type MealFact,
} from "./meal_counts.ts";

function fact(p: Partial<MealFact> = {}): MealFact {
  return {
    site_id: "s1",
    site_name: "Scuola Dante",
    class_id: "c1",
    class_name: "1A",
    diet_code: null,
    diet_name: null,
    status: null,
    meal: null,
    voided: false,
    after_cutoff: false,
    changed_at: null,
    ...p,
  };
}

Deno.test("classify: presumed presence, roll call, diets and void", () => {
  const cases: [Partial<MealFact>, "presumed" | "roll_call", unknown][] = [
    [{}, "presumed", { kind: "meal", meal: "standard", pending: false }],
    [{}, "roll_call", { kind: "meal", meal: "standard", pending: true }],
    [{ status: "present" }, "roll_call", { kind: "meal", meal: "standard", pending: false }],
    [{ status: "present", meal: "white" }, "presumed", {
      kind: "meal",
      meal: "white",
      pending: false,
    }],
    [{ diet_code: "CEL", status: "present", meal: "white" }, "presumed", {
      kind: "meal",
      meal: "diet",
      pending: false,
    }],
    [{ diet_code: "CEL" }, "presumed", { kind: "meal", meal: "diet", pending: false }],
    [{ status: "cancelled" }, "presumed", { kind: "cancelled" }],
    [{ status: "absent" }, "presumed", { kind: "absent" }],
    [{ status: "absent" }, "roll_call", { kind: "absent" }],
    [{ status: "present", voided: true }, "presumed", { kind: "void" }],
    [{ voided: true, status: "cancelled" }, "roll_call", { kind: "void" }],
  ];
  for (const [p, mode, want] of cases) {
    assert.deepEqual(classify(fact(p), mode), want, JSON.stringify([p, mode]));
  }
});

Deno.test("counts per site, class and diet; presumed presence", () => {
  const facts = [
    fact(),
    fact(),
    fact({ status: "cancelled", changed_at: "2026-11-26T07:00:00Z" }),
    fact({ status: "present", meal: "white" }),
    fact({ diet_code: "CEL", diet_name: "Celiachia" }),
    fact({ class_id: "c2", class_name: "2A", status: "absent" }),
    fact({ class_id: "c2", class_name: "2A", diet_code: "VEG", diet_name: "Vegetariana" }),
    fact({ site_id: "s2", site_name: "Asilo Rodari", class_id: "c9", class_name: "Coccinelle" }),
    fact({ site_id: null, site_name: null, class_id: null, class_name: null }),
  ];
  const c = countMeals(facts, { mode: "presumed" });
  assert.deepEqual(c.totals, {
    enrolled: 9,
    meals: 7,
    standard: 4,
    white: 1,
    diets: { CEL: 1, VEG: 1 },
    cancelled: 1,
    absent: 1,
    pending: 0,
  });
  assert.deepEqual(c.sites.map((s) => [s.site_name, s.meals]), [
    ["Asilo Rodari", 1],
    ["Scuola Dante", 5],
    [null, 1],
  ]);
  const dante = c.sites[1];
  assert.deepEqual(dante.classes.map((k) => [k.class_name, k.meals, k.enrolled]), [
    ["1A", 4, 5],
    ["2A", 1, 2],
  ]);
  assert.deepEqual(c.diet_names, { CEL: "Celiachia", VEG: "Vegetariana" });
  // Site and class totals add up to the day's.
  assert.equal(c.sites.reduce((n, s) => n + s.meals, 0), c.totals.meals);
  for (const s of c.sites) assert.equal(s.classes.reduce((n, k) => n + k.meals, 0), s.meals);
});

Deno.test("counts: roll call counts unmarked children as pending meals", () => {
  const c = countMeals([fact(), fact({ status: "present" }), fact({ status: "absent" })], {
    mode: "roll_call",
  });
  assert.equal(c.totals.meals, 2);
  assert.equal(c.totals.pending, 1);
  assert.equal(c.totals.absent, 1);
});

Deno.test("counts: a closed day or voided marks count no meal", () => {
  const closed = countMeals([fact(), fact({ status: "cancelled" })], {
    mode: "presumed",
    closed: true,
  });
  assert.equal(closed.closed, true);
  assert.equal(closed.totals.meals, 0);
  assert.equal(closed.totals.cancelled, 0);
  assert.equal(closed.totals.enrolled, 2);
  const voided = countMeals([fact({ status: "present", voided: true }), fact()], {
    mode: "presumed",
  });
  assert.equal(voided.totals.meals, 1);
});

Deno.test("counts: empty day", () => {
  const c = countMeals([], { mode: "presumed" });
  assert.equal(c.totals.meals, 0);
  assert.deepEqual(c.sites, []);
});

Deno.test("diff and late changes after the freeze", () => {
  const frozen = countMeals([fact(), fact({ diet_code: "CEL", diet_name: "C" })], {
    mode: "presumed",
  });
  const now = countMeals([
    fact({ status: "cancelled", changed_at: "2026-11-26T09:00:00Z" }),
    fact({ diet_code: "CEL", diet_name: "C" }),
  ], { mode: "presumed" });
  const d = diffCounts(now.totals, frozen.totals);
  assert.equal(d.meals, -1);
  assert.equal(d.standard, -1);
  assert.equal(d.cancelled, 1);
  assert.deepEqual(d.diets, {});
  assert.equal(isZero(d), false);
  assert.equal(isZero(diffCounts(frozen.totals, frozen.totals)), true);
  const late = lateChanges([
    fact({ changed_at: "2026-11-26T09:00:00Z" }),
    fact({ changed_at: "2026-11-26T08:00:00Z" }),
    fact({ site_id: "s2", changed_at: new Date("2026-11-26T10:00:00Z") }),
  ], "2026-11-26T08:30:00Z");
  assert.deepEqual([...late.entries()], [["s1", 1], ["s2", 1]]);
  assert.equal(lateChanges([fact({ changed_at: "2026-11-26T09:00:00Z" })], null).size, 0);
});

Deno.test("CSV: semicolons, diet columns, totals, formula injection defused", () => {
  const c = countMeals([
    fact({ site_name: '=HYPERLINK("x")', diet_code: "CEL", diet_name: "Celiachia" }),
    fact({ site_name: '=HYPERLINK("x")' }),
  ], { mode: "presumed" });
  const csv = countsCsv(c, { service: "Mensa", day: "2026-11-26" });
  const lines = csv.trimEnd().split("\r\n");
  assert.equal(lines[0], "# Mensa - 2026-11-26");
  assert.equal(
    lines[1],
    "Plesso;Classe;Iscritti;Pasti;Standard;Pasto in bianco;Dieta CEL - Celiachia;Disdetti;Assenti;Da rilevare",
  );
  assert.equal(lines[2], `"'=HYPERLINK(""x"")";1A;2;2;1;0;1;0;0;0`);
  assert.equal(lines.at(-1), "Totale;;2;2;1;0;1;0;0;0");
});

Deno.test("counts: 500 classes of 25 children in well under a second", () => {
  const facts: MealFact[] = [];
  for (let k = 0; k < 500; k++) {
    for (let i = 0; i < 25; i++) {
      facts.push(fact({
        site_id: `s${k % 40}`,
        site_name: `Plesso ${k % 40}`,
        class_id: `c${k}`,
        class_name: `${k}`,
        diet_code: i % 10 === 0 ? "CEL" : null,
        status: i % 7 === 0 ? "cancelled" : i % 11 === 0 ? "absent" : null,
      }));
    }
  }
  const t = performance.now();
  const c = countMeals(facts, { mode: "presumed" });
  const ms = performance.now() - t;
  assert.equal(c.totals.enrolled, 12_500);
  assert.ok(ms < 1000, `${ms} ms`);
});
