/**
 * Scores and orders the applications of a service with limited places. Pure: the facts of each
 * application item come in (from `facts.ts` or a test), the ordered list with the breakdown of
 * every score and who is admitted comes out. The order is total: after the score and the
 * configured tie-breakers come the server's receipt time and sequence, then the item id (two
 * children of one application share the receipt), so recomputing gives the same list.
 *
 * @module
 */
import type { Criterion, RankingRules, TieBreaker } from "./criteria.ts";

/** What the ranking knows of one application item (one child × the service). */
export interface Candidate {
  item_id: string;
  protocol_number: string;
  /** ISO instant of the server's receipt. */
  submitted_at: string;
  receipt_seq: number;
  /** 'YYYY-MM-DD', or null when the family did not give it. */
  birth_date: string | null;
  resident: boolean;
  disability: boolean;
  single_parent: boolean;
  /** Brothers and sisters already enrolled in the same service. */
  siblings_enrolled: number;
  /** The valid ISEE, or null when none was presented (no ISEE points, last on ISEE ties). */
  isee_cents: number | null;
  answers: Record<string, unknown>;
}

export interface ScoreLine {
  code: string;
  label: string;
  points: number;
  /** Why: the fact as it was read ("2 genitori", "19 mesi"…). */
  detail: string;
}

export type EntryGroup = "all" | "resident" | "non_resident";

export interface RankedEntry {
  item_id: string;
  protocol_number: string;
  score: number;
  breakdown: ScoreLine[];
  group: EntryGroup;
  position: number;
  state: "admitted" | "waiting";
}

/** Completed months between a birth date and the reference date (both 'YYYY-MM-DD'). */
export function ageInMonths(birth: string, on: string): number {
  const [by, bm, bd] = birth.split("-").map(Number);
  const [y, m, d] = on.split("-").map(Number);
  return (y - by) * 12 + (m - bm) - (d < bd ? 1 : 0);
}

const euros = (cents: number) =>
  new Intl.NumberFormat("it-IT", { style: "currency", currency: "EUR" }).format(cents / 100);

function line(c: Criterion, points: number, detail: string): ScoreLine {
  return { code: c.code, label: c.label, points, detail };
}

/** One criterion applied to one candidate. */
export function scoreCriterion(c: Criterion, x: Candidate, referenceDate: string): ScoreLine {
  switch (c.kind) {
    case "working_parents": {
      const raw = Number(x.answers[c.field]);
      const n = Number.isFinite(raw) ? Math.max(0, Math.min(2, Math.trunc(raw))) : 0;
      return line(c, n * c.points_each, `${n} × ${c.points_each}`);
    }
    case "siblings_enrolled":
      return line(c, x.siblings_enrolled > 0 ? c.points : 0, `${x.siblings_enrolled}`);
    case "disability":
      return line(c, x.disability ? c.points : 0, x.disability ? "sì" : "no");
    case "resident":
      return line(c, x.resident ? c.points : 0, x.resident ? "sì" : "no");
    case "single_parent":
      return line(c, x.single_parent ? c.points : 0, x.single_parent ? "sì" : "no");
    case "isee_below": {
      if (x.isee_cents === null) return line(c, 0, "ISEE non presentato");
      return line(c, x.isee_cents < c.threshold_cents ? c.points : 0, euros(x.isee_cents));
    }
    case "age_months": {
      if (!x.birth_date) return line(c, 0, "data di nascita mancante");
      const months = ageInMonths(x.birth_date, referenceDate);
      const r = c.ranges.find((r) => months >= r.from_months && months <= r.to_months);
      return line(c, r?.points ?? 0, `${months} mesi`);
    }
    case "answer": {
      const v = x.answers[c.field];
      const given = v === undefined || v === null ? "" : String(v);
      return line(c, given === c.value ? c.points : 0, given || "—");
    }
  }
}

/** The score of one candidate with one line per criterion, in the rules' order. */
export function scoreCandidate(
  rules: RankingRules,
  x: Candidate,
  referenceDate: string,
): { score: number; breakdown: ScoreLine[] } {
  const breakdown = rules.criteria.map((c) => scoreCriterion(c, x, referenceDate));
  return { score: breakdown.reduce((s, l) => s + l.points, 0), breakdown };
}

const cmp = (a: number | string, b: number | string) => a < b ? -1 : a > b ? 1 : 0;

function tieBreak(t: TieBreaker, a: Candidate, b: Candidate): number {
  switch (t) {
    case "lower_isee":
      // No ISEE presented counts as the highest.
      return cmp(a.isee_cents ?? Number.MAX_SAFE_INTEGER, b.isee_cents ?? Number.MAX_SAFE_INTEGER);
    case "older_child":
      return cmp(a.birth_date ?? "9999-12-31", b.birth_date ?? "9999-12-31");
    case "younger_child":
      return -cmp(a.birth_date ?? "0000-01-01", b.birth_date ?? "0000-01-01");
  }
}

/**
 * Orders the candidates and admits the first `places`. With `residents_first`, every resident
 * comes before every non-resident; within a group, higher score first, then the tie-breakers in
 * order, then the earlier receipt.
 */
export function rank(
  rules: RankingRules,
  candidates: Candidate[],
  opts: { places: number; referenceDate: string },
): RankedEntry[] {
  const scored = candidates.map((x) => ({ x, ...scoreCandidate(rules, x, opts.referenceDate) }));
  scored.sort((a, b) => {
    if (rules.residents_first && a.x.resident !== b.x.resident) return a.x.resident ? -1 : 1;
    if (a.score !== b.score) return b.score - a.score;
    for (const t of rules.tie_breakers) {
      const r = tieBreak(t, a.x, b.x);
      if (r) return r;
    }
    return cmp(new Date(a.x.submitted_at).getTime(), new Date(b.x.submitted_at).getTime()) ||
      cmp(a.x.receipt_seq, b.x.receipt_seq) || cmp(a.x.item_id, b.x.item_id);
  });
  return scored.map((s, i) => ({
    item_id: s.x.item_id,
    protocol_number: s.x.protocol_number,
    score: s.score,
    breakdown: s.breakdown,
    group: rules.residents_first ? (s.x.resident ? "resident" : "non_resident") : "all",
    position: i + 1,
    state: i < opts.places ? "admitted" : "waiting",
  }));
}

/** Re-applies a new number of places to an ordered list (positions unchanged). */
export function admit<T extends { position: number; state: string }>(
  entries: T[],
  places: number,
): T[] {
  return entries.map((e) => ({ ...e, state: e.position <= places ? "admitted" : "waiting" }));
}
