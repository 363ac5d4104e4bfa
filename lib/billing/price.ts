/**
 * Prices one enrollment for one month of a billing run: the tariff engine quotes the month with
 * the enrollment's situation (ISEE, residency, siblings… as assigned at enrollment) and the
 * month's usage (days present, days the service was open), the office's override replaces the
 * unit amount, and a monthly fee is pro-rated when the enrollment covers part of the month and
 * the tariff says nothing about it. The result is the line(s) with their explanation, or the
 * problem that prevents billing, in words. Pure: the run job brings the facts.
 *
 * @module
 */
import {
  type Quote,
  quote,
  QuoteError,
  type QuoteLine,
  type Tariff,
  versionOn,
} from "../tariffs/engine.ts";
import { monthName } from "../tariffs/labels.ts";
import { formatEuro } from "../tariffs/money.ts";
import type { SituationInput, TariffRules } from "../tariffs/schema.ts";

/** One enrollment's facts for the month, as `app.billing_usage` returns them. */
export interface Usage {
  enrollment_id: string;
  service_id: string;
  payer_id: string;
  beneficiary_id: string;
  site_id: string | null;
  starts_on: string;
  ends_on: string;
  withdrawn_on: string | null;
  tariff_id: string | null;
  tariff_assignment: { situation?: SituationInput } | null;
  override_cents: number | null;
  social_services_exemption: boolean;
  disability: boolean;
  payer_tax_code: string | null;
  payer_merged: boolean;
  beneficiary_name: string;
  open_days: number;
  billable_days: number;
  absent_days: number;
  white_meals: number;
  voided_days: number;
}

export interface MonthFacts {
  /** YYYY-MM */
  month: string;
  /** The days of the month the run covers (a run may start or end inside a month). */
  from: string;
  to: string;
  /** Service days in the whole month (for pro rata of a monthly fee). */
  monthOpenDays: number;
  serviceTitle: string;
}

export type LineKind = "usage" | "fee" | "one_off";

export interface PricedLine {
  kind: LineKind;
  unit: "meal" | "ride" | "day" | "use" | "month" | "term" | "year" | "once";
  quantity: number;
  unit_cents: number;
  amount_cents: number;
  description: string;
  explanation: Explanation;
}

export interface Explanation {
  summary: { it: string; en: string };
  steps: { it: string[]; en: string[] };
  usage: {
    open_days: number;
    billable_days: number;
    absent_days: number;
    white_meals: number;
    voided_days: number;
    month_open_days: number;
  };
  tariff: { id: string; title: string; valid_from: string } | null;
  override?: { cents: number };
  pro_rata?: { days: number; of: number };
}

export interface Problem {
  code: string;
  it: string;
  en: string;
}

export type PriceResult = { lines: PricedLine[]; problem: null } | { lines: []; problem: Problem };

export interface TariffWithId extends Tariff {
  id: string;
  title: string;
  /** Draft tariffs are never billed (they can still change in place). */
  status?: "draft" | "published" | "archived";
}

const problem = (code: string, it: string, en: string): PriceResult => ({
  lines: [],
  problem: { code, it, en },
});

const day = (iso: string) => Number(iso.slice(8, 10));

function monthLabel(month: string, lang: "it" | "en"): string {
  return `${monthName(Number(month.slice(5, 7)), lang)} ${month.slice(0, 4)}`;
}

/** Which kinds of tariff a monthly run bills every month, and which once per enrollment. */
export function billedOnce(rules: TariffRules): boolean {
  return rules.kind === "per_period" || rules.kind === "one_off";
}

const UNIT_WORDS: Record<string, { it: [string, string]; en: [string, string] }> = {
  meal: { it: ["pasto", "pasti"], en: ["meal", "meals"] },
  ride: { it: ["corsa", "corse"], en: ["ride", "rides"] },
  day: { it: ["giorno", "giorni"], en: ["day", "days"] },
  use: { it: ["utilizzo", "utilizzi"], en: ["use", "uses"] },
};

function words(unit: string, n: number, lang: "it" | "en"): string {
  const w = UNIT_WORDS[unit]?.[lang];
  if (!w) return "";
  return `${n} ${n === 1 ? w[0] : w[1]}`;
}

/**
 * Prices `u` for the month. `alreadyBilledOnce` says whether a per-period or one-off fee of this
 * enrollment was billed by an earlier run (it is billed once).
 */
export function priceMonth(
  tariff: TariffWithId | null,
  u: Usage,
  m: MonthFacts,
  alreadyBilledOnce = false,
  cache: QuoteCache = new Map(),
): PriceResult {
  if (u.payer_merged) {
    return problem(
      "payer_merged",
      "Il pagatore è stato unito a un'altra scheda anagrafica: aggiorna l'iscrizione.",
      "The payer was merged into another registry record: update the enrollment.",
    );
  }
  if (!u.payer_tax_code) {
    return problem(
      "payer_without_tax_code",
      "Il pagatore non ha il codice fiscale: pagoPA lo richiede per l'avviso.",
      "The payer has no tax code: pagoPA requires it for the notice.",
    );
  }
  if (!tariff || !u.tariff_id) {
    return problem(
      "tariff_missing",
      `L'iscrizione non ha una tariffa per ${monthLabel(m.month, "it")}.`,
      `The enrollment has no tariff for ${monthLabel(m.month, "en")}.`,
    );
  }
  if (tariff.status === "draft") {
    return problem(
      "tariff_draft",
      `La tariffa «${tariff.title}» è ancora in bozza: pubblicala prima di fatturare.`,
      `The tariff “${tariff.title}” is still a draft: publish it before billing.`,
    );
  }
  if (!u.tariff_assignment?.situation) {
    return problem(
      "tariff_not_assigned",
      "La tariffa dell'iscrizione non è stata calcolata: assegnala dalla scheda dell'iscrizione.",
      "The enrollment's tariff was never computed: assign it from the enrollment's page.",
    );
  }
  const monthStart = `${m.month}-01`;
  const startsInMonth = u.starts_on > monthStart && u.starts_on.startsWith(m.month);
  const situation: SituationInput = {
    ...u.tariff_assignment.situation,
    month: m.month,
    on: undefined,
    daysPresent: u.billable_days,
    openDays: m.monthOpenDays,
    usesCount: u.billable_days,
    isSettlingInMonth: startsInMonth,
    startDay: startsInMonth ? day(u.starts_on) : null,
    socialServicesExemption: u.social_services_exemption,
    disability: u.disability,
  };
  let quoted: Quoted;
  try {
    quoted = quoteCached(tariff, situation, u.billable_days, cache);
  } catch (e) {
    if (!(e instanceof QuoteError)) throw e;
    return problem(
      e.code === "no_version" ? "tariff_missing" : `tariff_${e.code}`,
      e.message,
      e.messageEn,
    );
  }
  const q = quoted.quote;
  const rules = quoted.rules;
  if (billedOnce(rules) && alreadyBilledOnce) return { lines: [], problem: null };

  const steps = quoted.explanation;
  const baseExplanation = (): Explanation => ({
    summary: { ...steps.summary },
    steps: { it: [...steps.it], en: [...steps.en] },
    usage: {
      open_days: u.open_days,
      billable_days: u.billable_days,
      absent_days: u.absent_days,
      white_meals: u.white_meals,
      voided_days: u.voided_days,
      month_open_days: m.monthOpenDays,
    },
    tariff: { id: tariff.id, title: tariff.title, valid_from: q.version.validFrom },
  });
  const hasProRata = (rules.adjustments ?? []).some((a) => a.type === "pro_rata_days");
  const partial = u.open_days < m.monthOpenDays;
  const lines: PricedLine[] = [];
  for (const l of quoted.lines) {
    const explanation = baseExplanation();
    let unitCents = l.unitCents;
    let quantity = l.quantity;
    if (u.override_cents !== null && (l.part === "amount" || l.part === "fixed")) {
      unitCents = u.override_cents;
      explanation.override = { cents: u.override_cents };
      explanation.steps.it.push(
        `Importo stabilito dall'ufficio per questa iscrizione: ${formatEuro(unitCents, "it")}.`,
      );
      explanation.steps.en.push(
        `Amount set by the office for this enrollment: ${formatEuro(unitCents, "en")}.`,
      );
    }
    let amount = unitCents * quantity;
    const kind: LineKind = l.unit === "month" || l.unit === "term" || l.unit === "year"
      ? "fee"
      : l.unit === "once"
      ? "one_off"
      : "usage";
    // A monthly fee for part of the month (start or withdrawal inside it), when the tariff has no
    // rule of its own: the share of the month's service days the child was enrolled.
    if (l.unit === "month" && partial && !hasProRata && m.monthOpenDays > 0) {
      const exact = amount * u.open_days;
      amount = Math.floor((exact + Math.floor(m.monthOpenDays / 2)) / m.monthOpenDays);
      explanation.pro_rata = { days: u.open_days, of: m.monthOpenDays };
      const why = u.withdrawn_on && u.withdrawn_on <= m.to ? "ritiro" : "inizio";
      const whyEn = why === "ritiro" ? "withdrawal" : "start";
      explanation.steps.it.push(
        `Quota del mese in proporzione ai giorni di iscrizione (${why} nel mese): ${
          formatEuro(unitCents, "it")
        } × ${u.open_days}/${m.monthOpenDays} giorni di servizio = ${formatEuro(amount, "it")}.`,
      );
      explanation.steps.en.push(
        `Monthly fee in proportion to the days enrolled (${whyEn} in the month): ${
          formatEuro(unitCents, "en")
        } × ${u.open_days}/${m.monthOpenDays} service days = ${formatEuro(amount, "en")}.`,
      );
      quantity = 1;
    }
    if (amount <= 0) continue;
    const count = kind === "usage" ? words(l.unit, quantity, "it") : "";
    const countEn = kind === "usage" ? words(l.unit, quantity, "en") : "";
    const period = billedOnce(rules) ? "" : ` ${monthLabel(m.month, "it")}`;
    const periodEn = billedOnce(rules) ? "" : ` ${monthLabel(m.month, "en")}`;
    const description = `${m.serviceTitle}${period} — ${u.beneficiary_name}${
      count ? `: ${count} × ${formatEuro(unitCents, "it")}` : ""
    }`;
    const changed = explanation.override !== undefined || explanation.pro_rata !== undefined;
    const mathIt = kind === "usage"
      ? `${count} × ${formatEuro(unitCents, "it")} = ${formatEuro(amount, "it")}`
      : formatEuro(amount, "it");
    const mathEn = kind === "usage"
      ? `${countEn} × ${formatEuro(unitCents, "en")} = ${formatEuro(amount, "en")}`
      : formatEuro(amount, "en");
    const usageLine = kind === "usage";
    explanation.summary = {
      it: `${m.serviceTitle}${period}: ${
        changed ? mathIt : usageLine ? `${mathIt} — ${steps.summary.it}` : steps.summary.it
      }`,
      en: `${m.serviceTitle}${periodEn}: ${
        changed ? mathEn : usageLine ? `${mathEn} — ${steps.summary.en}` : steps.summary.en
      }`,
    };
    lines.push({
      kind,
      unit: l.unit,
      quantity,
      unit_cents: unitCents,
      amount_cents: amount,
      description: description.slice(0, 300),
      explanation,
    });
  }
  return { lines, problem: null };
}

interface Quoted {
  quote: Quote;
  rules: TariffRules;
  explanation: Quote["explanation"];
  lines: QuoteLine[];
}

/** Quotes already made in this run, by tariff and situation. */
export type QuoteCache = Map<string, Quoted>;

/**
 * Whether the unit price of a per-use tariff depends on the month's counts: only when a rule
 * looks at the days present or absent. When it does not, one quote of the unit price serves every
 * child in the same situation, whatever the count.
 */
function countsMatter(rules: TariffRules): boolean {
  if (rules.kind !== "per_use") return true;
  return (rules.adjustments ?? []).some((a) =>
    a.type === "pro_rata_days" || a.when?.daysPresent !== undefined ||
    a.when?.daysAbsent !== undefined
  );
}

function quoteCached(
  tariff: TariffWithId,
  situation: SituationInput,
  uses: number,
  cache: QuoteCache,
): Quoted {
  const day = `${situation.month}-01`;
  const version = versionOn(tariff.versions, day);
  const perUnit = version !== null && !countsMatter(version.rules);
  const asked: SituationInput = perUnit
    ? { ...situation, daysPresent: null, usesCount: null }
    : situation;
  const key = `${tariff.id}|${JSON.stringify(asked)}`;
  let hit = cache.get(key);
  if (!hit) {
    const q = quote(tariff, asked);
    hit = {
      quote: q,
      rules: versionOn(tariff.versions, day)!.rules,
      explanation: q.explanation,
      lines: q.lines,
    };
    if (cache.size > 5_000) cache.clear();
    cache.set(key, hit);
  }
  if (!perUnit) return hit;
  // The unit price quoted once; the count is this child's.
  return {
    ...hit,
    lines: hit.lines.map((l) => ({ ...l, quantity: uses, amountCents: l.unitCents * uses })),
  };
}

/** The months a period touches, with the part of each it covers. */
export function monthsOf(from: string, to: string): { month: string; from: string; to: string }[] {
  const out: { month: string; from: string; to: string }[] = [];
  let y = Number(from.slice(0, 4));
  let mo = Number(from.slice(5, 7));
  while (true) {
    const month = `${y}-${String(mo).padStart(2, "0")}`;
    if (`${month}-01` > to) break;
    const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
    const start = `${month}-01` < from ? from : `${month}-01`;
    const endOfMonth = `${month}-${String(last).padStart(2, "0")}`;
    out.push({ month, from: start, to: endOfMonth > to ? to : endOfMonth });
    mo++;
    if (mo === 13) {
      mo = 1;
      y++;
    }
  }
  return out;
}
