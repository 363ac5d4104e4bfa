/**
 * Meal counts for the caterer, pure: from the day's active enrollments of a canteen service and
 * their marks, how many meals each site and class needs, by kind — standard, each diet, pasto in
 * bianco — with cancellations and absences beside them.
 *
 * Rules:
 * - with presumed presence an enrolled child with no mark eats (the family did not cancel); in
 *   the other modes a child not yet marked is "pending" and counted as expected in `meals`, so
 *   the kitchen cooks for them until the roll call says otherwise;
 * - a child with a diet gets the diet's meal even when a pasto in bianco is asked for (the diet
 *   is medical, religious or ethical: the kitchen prepares it "in bianco" and knows it from the
 *   diet count); `white` counts the children without a diet;
 * - a voided mark (day closed by the Ente) and a closed day count nothing.
 *
 * `countMeals` is linear in the number of enrollments (500 classes × 25 children in a few ms).
 *
 * @module
 */
import { csvCell } from "../csv/write.ts";

export type AttendanceMode = "roll_call" | "presumed" | "scan";

/** One enrolled child on the day, as `app.meal_facts()` returns it (no names). */
export interface MealFact {
  site_id: string | null;
  site_name: string | null;
  class_id: string | null;
  class_name: string | null;
  diet_code: string | null;
  diet_name: string | null;
  status: "present" | "absent" | "cancelled" | null;
  meal: "standard" | "white" | null;
  voided: boolean;
  after_cutoff: boolean;
  /** When the mark was last written (null: no mark). */
  changed_at: string | Date | null;
}

export interface Counts {
  enrolled: number;
  /** Meals to prepare: standard + white + every diet (pending children included). */
  meals: number;
  standard: number;
  white: number;
  /** Meals per diet code. */
  diets: Record<string, number>;
  cancelled: number;
  absent: number;
  /** Not yet marked (roll call and scan modes only). */
  pending: number;
}

export interface ClassCounts extends Counts {
  class_id: string | null;
  class_name: string | null;
}

export interface SiteCounts extends Counts {
  site_id: string | null;
  site_name: string | null;
  classes: ClassCounts[];
}

export interface MealCounts {
  mode: AttendanceMode;
  closed: boolean;
  totals: Counts;
  sites: SiteCounts[];
  /** Diet code → name, for the columns of the board and the CSV. */
  diet_names: Record<string, string>;
}

export function emptyCounts(): Counts {
  return {
    enrolled: 0,
    meals: 0,
    standard: 0,
    white: 0,
    diets: {},
    cancelled: 0,
    absent: 0,
    pending: 0,
  };
}

/** What a child's day amounts to in the counts. */
export type MealKind =
  | { kind: "meal"; meal: "standard" | "white" | "diet"; pending: boolean }
  | { kind: "cancelled" | "absent" | "void" };

export function classify(f: MealFact, mode: AttendanceMode): MealKind {
  if (f.voided) return { kind: "void" };
  const status = f.status ?? (mode === "presumed" ? "present" : null);
  if (status === "cancelled") return { kind: "cancelled" };
  if (status === "absent") return { kind: "absent" };
  const meal = f.diet_code ? "diet" : f.meal === "white" ? "white" : "standard";
  return { kind: "meal", meal, pending: status === null };
}

function add(c: Counts, f: MealFact, k: MealKind): void {
  c.enrolled++;
  switch (k.kind) {
    case "cancelled":
      c.cancelled++;
      return;
    case "absent":
      c.absent++;
      return;
    case "void":
      return;
  }
  c.meals++;
  if (k.pending) c.pending++;
  if (k.meal === "diet") c.diets[f.diet_code!] = (c.diets[f.diet_code!] ?? 0) + 1;
  else c[k.meal]++;
}

const byName = (a: string | null, b: string | null) =>
  a === b ? 0 : a === null ? 1 : b === null ? -1 : a.localeCompare(b, "it", { numeric: true });

/** The counts of one service on one day. `closed`: the day is not a service day (any more). */
export function countMeals(
  facts: MealFact[],
  opts: { mode: AttendanceMode; closed?: boolean },
): MealCounts {
  const closed = opts.closed ?? false;
  const totals = emptyCounts();
  const sites = new Map<string, SiteCounts & { byClass: Map<string, ClassCounts> }>();
  const dietNames: Record<string, string> = {};
  for (const f of facts) {
    if (f.diet_code) dietNames[f.diet_code] = f.diet_name ?? f.diet_code;
    const k: MealKind = closed ? { kind: "void" } : classify(f, opts.mode);
    const sk = f.site_id ?? "";
    let site = sites.get(sk);
    if (!site) {
      site = {
        ...emptyCounts(),
        site_id: f.site_id,
        site_name: f.site_name,
        classes: [],
        byClass: new Map(),
      };
      sites.set(sk, site);
    }
    const ck = f.class_id ?? "";
    let cls = site.byClass.get(ck);
    if (!cls) {
      cls = { ...emptyCounts(), class_id: f.class_id, class_name: f.class_name };
      site.byClass.set(ck, cls);
    }
    add(totals, f, k);
    add(site, f, k);
    add(cls, f, k);
  }
  const list = [...sites.values()].map(({ byClass, ...s }) => ({
    ...s,
    classes: [...byClass.values()].sort((a, b) => byName(a.class_name, b.class_name)),
  })).sort((a, b) => byName(a.site_name, b.site_name));
  return { mode: opts.mode, closed, totals, sites: list, diet_names: dietNames };
}

/** The difference `now − frozen` of two counts, field by field (diets by code). */
export function diffCounts(now: Counts, frozen: Counts): Counts {
  const diets: Record<string, number> = {};
  for (const code of new Set([...Object.keys(now.diets), ...Object.keys(frozen.diets)])) {
    const d = (now.diets[code] ?? 0) - (frozen.diets[code] ?? 0);
    if (d) diets[code] = d;
  }
  return {
    enrolled: now.enrolled - frozen.enrolled,
    meals: now.meals - frozen.meals,
    standard: now.standard - frozen.standard,
    white: now.white - frozen.white,
    diets,
    cancelled: now.cancelled - frozen.cancelled,
    absent: now.absent - frozen.absent,
    pending: now.pending - frozen.pending,
  };
}

/** True when every field of `c` is zero (no late change). */
export function isZero(c: Counts): boolean {
  return c.enrolled === 0 && c.meals === 0 && c.standard === 0 && c.white === 0 &&
    c.cancelled === 0 && c.absent === 0 && c.pending === 0 && Object.keys(c.diets).length === 0;
}

/** Marks written after `frozenAt` (late changes, "variazioni dopo le 9:30"), per site. */
export function lateChanges(
  facts: MealFact[],
  frozenAt: string | Date | null,
): Map<string | null, number> {
  const out = new Map<string | null, number>();
  if (!frozenAt) return out;
  const t = new Date(frozenAt).getTime();
  for (const f of facts) {
    if (f.changed_at && new Date(f.changed_at).getTime() > t) {
      out.set(f.site_id, (out.get(f.site_id) ?? 0) + 1);
    }
  }
  return out;
}

const CSV_HEAD = ["Plesso", "Classe", "Iscritti", "Pasti", "Standard", "Pasto in bianco"];

/**
 * The counts as CSV (semicolon-separated, as Italian spreadsheets open it): one row per class,
 * a total row per site and one for the day; diet columns by code.
 */
export function countsCsv(c: MealCounts, meta: { service: string; day: string }): string {
  const codes = Object.keys(c.diet_names).sort();
  const head = [
    ...CSV_HEAD,
    ...codes.map((k) => `Dieta ${k} - ${c.diet_names[k]}`),
    "Disdetti",
    "Assenti",
    "Da rilevare",
  ];
  const row = (site: string | null, cls: string | null, n: Counts) =>
    [
      site,
      cls,
      n.enrolled,
      n.meals,
      n.standard,
      n.white,
      ...codes.map((k) => n.diets[k] ?? 0),
      n.cancelled,
      n.absent,
      n.pending,
    ].map(csvCell).join(";");
  const lines = [
    `# ${meta.service} - ${meta.day}${c.closed ? " - GIORNATA CHIUSA" : ""}`,
    head.map(csvCell).join(";"),
  ];
  for (const s of c.sites) {
    for (const k of s.classes) lines.push(row(s.site_name ?? "—", k.class_name ?? "—", k));
    lines.push(row(s.site_name ?? "—", "Totale plesso", s));
  }
  lines.push(row("Totale", null, c.totals));
  return lines.join("\r\n") + "\r\n";
}
