/**
 * Meal counts for 500 classes (12,500 children, 40 sites, diets, cancellations, absences) with
 * the pure engine, median of several rounds. Target (issue 5): < 1 s.
 *
 * Standalone: `deno run -A bench/meal_counts.ts`; `bench/run.ts` runs it with the CPU benches.
 */
import { countMeals, type MealFact } from "../lib/attendance/meal_counts.ts";

export interface MealCountsBench {
  classes: number;
  children: number;
  medianMs: number;
  maxMs: number;
  targetMs: number;
}

function facts(classes: number, perClass: number): MealFact[] {
  const out: MealFact[] = [];
  const diets = ["CEL", "VEG", "NOPORK", "LAT"];
  for (let k = 0; k < classes; k++) {
    for (let i = 0; i < perClass; i++) {
      const r = (k * 31 + i * 17) % 100;
      out.push({
        site_id: `00000000-0000-4000-8000-${String(k % 40).padStart(12, "0")}`,
        site_name: `Plesso ${k % 40}`,
        class_id: `00000000-0000-4000-9000-${String(k).padStart(12, "0")}`,
        class_name: `${1 + (k % 5)}${"ABCDEFGH"[k % 8]}`,
        diet_code: r < 8 ? diets[r % 4] : null,
        diet_name: r < 8 ? `Dieta ${diets[r % 4]}` : null,
        status: r < 6 ? "cancelled" : r < 10 ? "absent" : r < 14 ? "present" : null,
        meal: r >= 10 && r < 12 ? "white" : null,
        voided: false,
        after_cutoff: false,
        changed_at: null,
      });
    }
  }
  return out;
}

/** Runs the bench, logs one line, returns the figures. */
export function benchMealCounts(log: (line: string) => void = console.log): MealCountsBench {
  const classes = 500, perClass = 25;
  const data = facts(classes, perClass);
  const times: number[] = [];
  for (let round = 0; round < 7; round++) {
    const t = performance.now();
    const c = countMeals(data, { mode: "presumed" });
    times.push(performance.now() - t);
    if (c.totals.enrolled !== classes * perClass) throw new Error("meal counts: wrong total");
  }
  times.sort((a, b) => a - b);
  const result = {
    classes,
    children: classes * perClass,
    medianMs: Math.round(times[3] * 100) / 100,
    maxMs: Math.round(times[6] * 100) / 100,
    targetMs: 1000,
  };
  log(
    `Meal counts, ${classes} classes (${result.children} children): median ${result.medianMs} ms, max ${result.maxMs} ms (target < 1000 ms)`,
  );
  return result;
}

if (import.meta.main) benchMealCounts();
