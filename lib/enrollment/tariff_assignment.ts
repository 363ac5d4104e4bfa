/**
 * The tariff of an enrollment, from the facts the Ente holds: the beneficiary (residency,
 * disability, school level and grade, birth date), the household (minors in it, the siblings
 * already enrolled in the same service), the household's ISEE attestations and the service's
 * published tariff. Pure: the database module collects the facts, this module chooses the ISEE,
 * ranks the siblings, builds the engine's `Situation`, quotes it and says what it did, so the
 * operator and the family read the same explanation.
 *
 * @module
 */
import { quote, QuoteError, type Tariff } from "../tariffs/engine.ts";
import type { SituationInput } from "../tariffs/schema.ts";
import { formatEuro } from "../tariffs/money.ts";

export type IseeKind =
  | "ordinario"
  | "minorenni"
  | "universitario"
  | "socio_sanitario"
  | "residenziale"
  | "dottorato"
  | "corrente";

export interface IseeAttestation {
  id: string;
  kind: IseeKind;
  value_cents: number | null;
  status: "valid" | "to_verify" | "not_found" | "mismatch" | "superseded";
  presented_on: string | null;
  valid_until: string | null;
  protocol: string | null;
  retrieved_at?: string | null;
}

export type IseeFlag = "ok" | "missing" | "expired" | "to_verify";
export const ISEE_FLAGS: IseeFlag[] = ["ok", "missing", "expired", "to_verify"];

export interface IseeChoice {
  attestation: IseeAttestation | null;
  flag: IseeFlag;
  /** The expired attestation shown to explain an "expired" flag (not used for the amount). */
  expired: IseeAttestation | null;
}

const usable = (a: IseeAttestation) =>
  (a.status === "valid" || a.status === "to_verify") && a.value_cents !== null;
const validOn = (a: IseeAttestation, day: string) =>
  (a.presented_on === null || a.presented_on <= day) &&
  (a.valid_until === null || a.valid_until >= day);

/**
 * Chooses the attestation that prices a service on `day` (the first day of the month quoted):
 * only attestations for benefits to families count (ordinario, corrente and, for services to
 * minors, minorenni — DPCM 159/2013 art. 7 asks for the minorenni type whenever the parents are
 * not married and living together, and it is the right one when presented); an INPS-verified one
 * beats a self-declared one; then minorenni before corrente before ordinario; then the latest.
 * None valid on the day: `expired` when one had been valid before it, else `missing`.
 */
export function chooseIsee(
  attestations: IseeAttestation[],
  opts: { day: string; forMinor: boolean },
): IseeChoice {
  const kinds: IseeKind[] = opts.forMinor
    ? ["minorenni", "corrente", "ordinario"]
    : ["corrente", "ordinario"];
  const relevant = attestations.filter((a) => usable(a) && kinds.includes(a.kind));
  const rank = (a: IseeAttestation) =>
    (a.status === "valid" ? 0 : 100) + kinds.indexOf(a.kind) * 10;
  const latest = (a: IseeAttestation, b: IseeAttestation) =>
    (b.presented_on ?? "").localeCompare(a.presented_on ?? "") ||
    (b.retrieved_at ?? "").localeCompare(a.retrieved_at ?? "") || a.id.localeCompare(b.id);
  const valid = relevant.filter((a) => validOn(a, opts.day))
    .sort((a, b) => rank(a) - rank(b) || latest(a, b));
  if (valid.length) {
    const a = valid[0];
    return { attestation: a, flag: a.status === "to_verify" ? "to_verify" : "ok", expired: null };
  }
  const expired = relevant.filter((a) => a.valid_until !== null && a.valid_until < opts.day)
    .sort((a, b) => (b.valid_until ?? "").localeCompare(a.valid_until ?? "") || rank(a) - rank(b));
  if (expired.length) return { attestation: null, flag: "expired", expired: expired[0] };
  return { attestation: null, flag: "missing", expired: null };
}

export interface Sibling {
  id: string;
  birth_date: string | null;
}

/**
 * The rank of `child` among the children of the household enrolled in the same service (the
 * child included): 1 for the first. Regulations count from the eldest ("il primo figlio è il
 * maggiore") unless they say otherwise; equal birth dates (twins) keep a stable order by id.
 * A child without a birth date goes last.
 */
export function siblingRank(
  child: Sibling,
  siblings: Sibling[],
  order: "eldest_first" | "youngest_first" = "eldest_first",
): number {
  const all = [child, ...siblings.filter((s) => s.id !== child.id)];
  const dir = order === "eldest_first" ? 1 : -1;
  all.sort((a, b) => {
    if (a.birth_date === b.birth_date) return a.id.localeCompare(b.id);
    if (a.birth_date === null) return 1;
    if (b.birth_date === null) return -1;
    return dir * a.birth_date.localeCompare(b.birth_date);
  });
  return all.findIndex((s) => s.id === child.id) + 1;
}

/** Everything an enrollment's price depends on. */
export interface EnrollmentFacts {
  /** The month quoted, YYYY-MM. */
  month: string;
  beneficiary: {
    id: string;
    birth_date: string | null;
    resident: boolean;
    disability: boolean;
    school_level: SituationInput["schoolLevel"];
    grade: number | null;
  };
  mode: SituationInput["mode"];
  /** Minors in the household (at least the beneficiary). */
  minors_in_household: number;
  /** Other children of the household enrolled in the same service in the month. */
  siblings: Sibling[];
  attestations: IseeAttestation[];
  social_services_exemption: boolean;
  flags?: string[];
  sibling_order?: "eldest_first" | "youngest_first";
}

const age = (birth: string | null, day: string) => {
  if (!birth) return null;
  const [y1, m1, d1] = birth.split("-").map(Number);
  const [y2, m2, d2] = day.split("-").map(Number);
  return y2 - y1 - (m2 < m1 || (m2 === m1 && d2 < d1) ? 1 : 0);
};

/** The engine's situation for the facts, and the ISEE chosen for it. */
export function buildSituation(
  facts: EnrollmentFacts,
): { situation: SituationInput; isee: IseeChoice } {
  const day = `${facts.month}-01`;
  const years = age(facts.beneficiary.birth_date, day);
  const isee = chooseIsee(facts.attestations, { day, forMinor: years === null || years < 18 });
  const used = isee.attestation ?? isee.expired;
  const rank = siblingRank(
    { id: facts.beneficiary.id, birth_date: facts.beneficiary.birth_date },
    facts.siblings,
    facts.sibling_order,
  );
  const situation: SituationInput = {
    month: facts.month,
    iseeCents: used?.value_cents ?? null,
    iseeExpiresOn: used?.valid_until ?? null,
    resident: facts.beneficiary.resident,
    siblingRank: Math.min(rank, 20),
    minorsInHousehold: Math.min(Math.max(facts.minors_in_household, 1), 30),
    schoolLevel: facts.beneficiary.school_level ?? null,
    grade: facts.beneficiary.grade ?? null,
    mode: facts.mode ?? null,
    disability: facts.beneficiary.disability,
    socialServicesExemption: facts.social_services_exemption,
    flags: facts.flags ?? [],
  };
  return { situation, isee };
}

export interface QuoteLineJson {
  part: string;
  unit: string;
  unit_cents: number;
  quantity: number;
  amount_cents: number;
}

/** What `enrollments.tariff_assignment` holds. */
export interface TariffAssignment {
  tariff_id: string;
  tariff_title: string;
  version_valid_from: string;
  month: string;
  situation: SituationInput;
  quote: {
    cents: number;
    lines: QuoteLineJson[];
    /** "per meal", "per month"…: what `cents` is the price of. */
    per: string;
    summary: { it: string; en: string };
    explanation: { it: string[]; en: string[] };
    /** The ISEE bracket or formula step and the reductions/surcharges applied. */
    bracket: Record<string, unknown> | null;
    reductions: Record<string, unknown>[];
  };
  isee_attestation_id: string | null;
  isee_value_cents: number | null;
  isee_flag: IseeFlag;
  assigned_at: string;
}

/**
 * The engine quotes a monthly fee plus a daily part only for a known number of days; at
 * enrollment the family needs the rates themselves: "quota fissa 120,00 € al mese + 2,10 € per
 * giorno di presenza". The reasons (bracket, reductions) are the engine's own words.
 */
function dailySummary(engine: string, lines: QuoteLineJson[], lang: "it" | "en"): string {
  const cut = engine.lastIndexOf(": ");
  const reasons = cut > 0 ? engine.slice(0, cut) : "";
  const fixed = lines.find((l) => l.part === "fixed");
  const daily = lines.find((l) => l.part === "daily");
  const math = lang === "it"
    ? `quota fissa ${formatEuro(fixed?.unit_cents ?? 0, lang)} al mese + ${
      formatEuro(daily?.unit_cents ?? 0, lang)
    } per giorno di presenza`
    : `fixed part ${formatEuro(fixed?.unit_cents ?? 0, lang)} per month + ${
      formatEuro(daily?.unit_cents ?? 0, lang)
    } per day present`;
  const text = reasons ? `${reasons}: ${math}` : math;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const PER: Record<string, string> = {
  meal: "meal",
  ride: "ride",
  day: "day",
  use: "use",
  month: "month",
  term: "term",
  year: "year",
  once: "once",
};

/**
 * Quotes `tariff` for the facts: the unit price for per-use tariffs (a meal, a ride), the fee
 * for monthly, per-period and one-off ones, the monthly fixed part for monthly-plus-daily ones
 * (with the daily rate in the lines). Throws `QuoteError` when no version is in force.
 */
export function assignTariff(
  tariff: Tariff & { id: string; title: string },
  facts: EnrollmentFacts,
  assignedAt: Date = new Date(),
): TariffAssignment {
  const { situation, isee } = buildSituation(facts);
  const daily = tariff.versions.some((v) => v.rules.kind === "monthly_plus_daily");
  const q = quote(tariff, daily ? { ...situation, daysPresent: 0 } : situation);
  const lines: QuoteLineJson[] = q.lines.map((l) => ({
    part: l.part,
    unit: l.unit,
    unit_cents: l.unitCents,
    quantity: l.quantity,
    amount_cents: l.amountCents,
  }));
  const monthlyDaily = lines.some((l) => l.part === "daily");
  const ex = q.explanation;
  const steps = ex.steps as Record<string, unknown>[];
  const summary = monthlyDaily
    ? { it: dailySummary(ex.summary.it, lines, "it"), en: dailySummary(ex.summary.en, lines, "en") }
    : ex.summary;
  const cents = monthlyDaily ? lines.find((l) => l.part === "fixed")!.unit_cents : q.amountCents;
  return {
    tariff_id: tariff.id,
    tariff_title: tariff.title,
    version_valid_from: q.version.validFrom,
    month: facts.month,
    situation,
    quote: {
      cents,
      lines,
      per: monthlyDaily ? "month" : PER[lines[0]?.unit ?? "once"] ?? "once",
      summary,
      explanation: { it: ex.it, en: ex.en },
      bracket:
        steps.find((s) =>
          ["bracket", "linear", "linear_edge", "proportional", "isee_exempt", "highest", "fixed"]
            .includes(String(s.kind))
        ) ?? null,
      reductions: steps.filter((s) => s.kind === "adjustment" || s.kind === "social_services"),
    },
    isee_attestation_id: isee.attestation?.id ?? null,
    isee_value_cents: isee.attestation?.value_cents ?? null,
    isee_flag: isee.flag,
    assigned_at: assignedAt.toISOString(),
  };
}

export { QuoteError };

export interface OverrideProblem {
  field: "override_cents" | "override_reason";
  it: string;
  en: string;
}

/**
 * Checks a manual override: an amount in cents from 0 to 100.000,00 € and a reason of at least
 * five characters (what the office writes in the act), at most 1000.
 */
export function checkOverride(cents: number | null, reason: string): OverrideProblem[] {
  const out: OverrideProblem[] = [];
  if (cents === null || !Number.isInteger(cents) || cents < 0 || cents > 10_000_000) {
    out.push({
      field: "override_cents",
      it: "Indica l'importo applicato in euro, ad esempio 2,50.",
      en: "Enter the amount applied in euro, e.g. 2.50.",
    });
  }
  const r = reason.trim();
  if (r.length < 5) {
    out.push({
      field: "override_reason",
      it: "Scrivi il motivo della modifica manuale (almeno 5 caratteri): resta nel registro.",
      en: "Give the reason for the manual change (at least 5 characters): it is logged.",
    });
  } else if (r.length > 1000) {
    out.push({
      field: "override_reason",
      it: "Il motivo può avere al massimo 1000 caratteri.",
      en: "The reason can have at most 1000 characters.",
    });
  }
  return out;
}

export interface ExemptionProblem {
  field: "social_services_exemption_reference";
  it: string;
  en: string;
}

export type ExemptionChange = "grant" | "revoke" | "amend" | "none";

/**
 * Checks a change of the social-services exemption: granting or revoking it needs the act that
 * decides it (a social services report, a determina: "Relazione prot. 1234 del 02/10/2026"), at
 * least five characters and at most 1000; while it stays granted a new reference amends the old
 * one and an empty one keeps it.
 */
export function checkExemption(
  current: { exempt: boolean },
  wanted: { exempt: boolean; reference: string | null },
): { change: ExemptionChange; reference: string | null; problems: ExemptionProblem[] } {
  const ref = wanted.reference?.trim() || null;
  const change: ExemptionChange = wanted.exempt === current.exempt
    ? (wanted.exempt && ref ? "amend" : "none")
    : wanted.exempt
    ? "grant"
    : "revoke";
  const problems: ExemptionProblem[] = [];
  if ((change === "grant" || change === "revoke") && !ref) {
    problems.push({
      field: "social_services_exemption_reference",
      it: change === "grant"
        ? "Indica gli estremi dell'atto dei servizi sociali che dispone l'esenzione (ad esempio: relazione prot. 1234 del 02/10/2026)."
        : "Indica gli estremi dell'atto che revoca l'esenzione dei servizi sociali.",
      en: change === "grant"
        ? "Give the reference of the social services' act granting the exemption (e.g. report no. 1234 of 02/10/2026)."
        : "Give the reference of the act revoking the social-services exemption.",
    });
  } else if (ref && change !== "none" && (ref.length < 5 || ref.length > 1000)) {
    problems.push({
      field: "social_services_exemption_reference",
      it: "Gli estremi dell'atto devono avere da 5 a 1000 caratteri.",
      en: "The act's reference must have 5 to 1000 characters.",
    });
  }
  return { change, reference: change === "none" ? null : ref, problems };
}

/** The amount actually applied: the override when there is one, else the quote. */
export function appliedCents(
  e: { override_cents: number | null; tariff_assignment: TariffAssignment | null },
): number | null {
  return e.override_cents ?? e.tariff_assignment?.quote.cents ?? null;
}

/** "a pasto", "al mese"… for the amount of a quote. */
export function perLabel(per: string, lang: "it" | "en"): string {
  const it: Record<string, string> = {
    meal: "a pasto",
    ride: "a corsa",
    day: "al giorno",
    use: "a utilizzo",
    month: "al mese",
    term: "a periodo",
    year: "all'anno",
    once: "una tantum",
  };
  const en: Record<string, string> = {
    meal: "per meal",
    ride: "per ride",
    day: "per day",
    use: "per use",
    month: "per month",
    term: "per term",
    year: "per year",
    once: "one-off",
  };
  return (lang === "it" ? it : en)[per] ?? "";
}
