/**
 * Decadenza dal beneficio della rateizzazione, the rules without the database: how a plan stands
 * (instalments missed, what they and the whole plan still owe), when the office may declare it
 * lapsed (at least one instalment unpaid past its due date) and when it is advised to: when the
 * Ente's rule is met (`LapseRule`, a billing setting). Without a rule of its own the Ente follows
 * the law's for the Comuni's revenue (L. 160/2019, art. 1, c. 800: "mancato pagamento, dopo
 * espresso sollecito, di due rate consecutive"). Also the office's form, the refusals of
 * `app.lapse_instalment_plan` and the payer's e-mail. After a lapse the whole residual counts as
 * overdue (positions_read.ts, OVERDUE_NOTICE).
 *
 * @module
 */
import { formatDate } from "../i18n/mod.ts";
import { formatEuro } from "../tariffs/money.ts";
import { type Refusal, refusalByCodeWord } from "../tenancy/errors.ts";

/** A notice of a plan's position, as the position's page reads it. */
export interface PlanNotice {
  /** 0 is the single payment, 1.. the instalments. */
  instalment: number;
  status: string;
  amount_cents: number;
  /** `YYYY-MM-DD`. */
  due_on: string;
}

/**
 * When a plan is advised to lapse: so many instalments missed (unpaid past their due date),
 * consecutive by number or not (then within so many months by due date, or at any time), and a
 * reminder sent after that (the law's "dopo espresso sollecito").
 */
export interface LapseRule {
  /** 1..12. */
  missed: number;
  consecutive: boolean;
  /** Not consecutive: the missed instalments fall due within so many months (1..24); null: any. */
  windowMonths: number | null;
  afterReminder: boolean;
}

/** The law's rule (L. 160/2019, art. 1, c. 800), the default of every Ente. */
export const LAW_LAPSE_RULE: LapseRule = {
  missed: 2,
  consecutive: true,
  windowMonths: null,
  afterReminder: true,
};

/** The rule of the Ente's billing settings (`billing_settings.lapse_*`). */
export function lapseRuleOf(s: {
  lapse_missed_instalments: number;
  lapse_consecutive: boolean;
  lapse_window_months: number | null;
  lapse_after_reminder: boolean;
}): LapseRule {
  return {
    missed: s.lapse_missed_instalments,
    consecutive: s.lapse_consecutive,
    windowMonths: s.lapse_consecutive ? null : s.lapse_window_months,
    afterReminder: s.lapse_after_reminder,
  };
}

/** The rule is the law's. */
export const isLawRule = (r: LapseRule): boolean =>
  r.missed === LAW_LAPSE_RULE.missed && r.consecutive === LAW_LAPSE_RULE.consecutive &&
  r.windowMonths === null && r.afterReminder === LAW_LAPSE_RULE.afterReminder;

const WORDS = {
  it: ["una", "due", "tre", "quattro", "cinque", "sei", "sette", "otto", "nove", "dieci"],
  en: ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"],
} as const;
/** A count of instalments or months in words up to ten ("due", "six"), in digits beyond. */
export const countWord = (n: number, lang: "it" | "en"): string => WORDS[lang][n - 1] ?? String(n);

/** The rule's window, " nell'arco di sei mesi" / " within six months"; "" without one. */
export function lapseWindowText(rule: LapseRule, lang: "it" | "en"): string {
  const w = rule.windowMonths;
  if (w === null) return "";
  return lang === "it"
    ? ` nell'arco di ${w === 1 ? "un mese" : `${countWord(w, "it")} mesi`}`
    : ` within ${w === 1 ? "one month" : `${countWord(w, "en")} months`}`;
}

/**
 * The rule in words, to follow "la decadenza segue" / "a plan lapses on": "il mancato pagamento
 * di due rate consecutive, dopo un sollecito espresso (L. 160/2019, art. 1 c. 800)"; an Ente's
 * own rule cites its regulation.
 */
export function lapseRuleText(rule: LapseRule, lang: "it" | "en"): string {
  const months = lapseWindowText(rule, lang);
  const source = isLawRule(rule)
    ? " (L. 160/2019, art. 1 c. 800)"
    : lang === "it"
    ? " (regolamento dell'Ente)"
    : " (the Ente's regulation)";
  if (lang === "it") {
    const what = rule.missed === 1
      ? "di una rata"
      : `di ${countWord(rule.missed, "it")} rate${
        rule.consecutive ? " consecutive" : ", anche non consecutive,"
      }`;
    return `il mancato pagamento ${what}${months}${
      rule.afterReminder ? ", dopo un sollecito espresso" : ""
    }${source}`;
  }
  const what = rule.missed === 1
    ? "one instalment missed"
    : `${countWord(rule.missed, "en")}${rule.consecutive ? " consecutive" : ""} instalments missed${
      rule.consecutive ? "" : ", consecutive or not,"
    }`;
  return `${what}${months}${rule.afterReminder ? " after an express reminder" : ""}${source}`;
}

export interface PlanStanding {
  /** Instalments unpaid past their due date (due today is not missed yet). */
  missed: number;
  missedCents: number;
  /** What the unpaid instalments owe, due or not. */
  residualCents: number;
  /** Instalments paid. */
  paid: number;
  /** The office may declare the plan lapsed (as the database decides). */
  lapsable: boolean;
  /**
   * The missed instalment that completes the rule's count (the second of two consecutive ones
   * missed, by the law's rule), the first by number; null while the count is not reached.
   */
  trigger: number | null;
  /** A reminder was sent after that instalment fell due. */
  remindedAfter: boolean;
  /** The rule is met: its instalments missed and, when it asks for one, a reminder since. */
  advised: boolean;
}

/** `YYYY-MM-DD` less `months` calendar months, the day clamped to the month's end (as SQL). */
export function monthsBefore(day: string, months: number): string {
  const m = Number(day.slice(5, 7)) - 1 - months;
  const year = Number(day.slice(0, 4)) + Math.floor(m / 12);
  const month = ((m % 12) + 12) % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const d = Math.min(Number(day.slice(8, 10)), last);
  return `${String(year).padStart(4, "0")}-${String(month + 1).padStart(2, "0")}-${
    String(d).padStart(2, "0")
  }`;
}

/** The instalments unpaid past their due date on `today` (due today is not missed yet). */
export function missedInstalments<N extends PlanNotice>(
  notices: readonly N[],
  today: string,
): N[] {
  return notices.filter((n) => n.instalment > 0 && n.status === "unpaid" && n.due_on < today);
}

/**
 * The first missed instalment (by number) that completes `rule`'s count with the missed ones
 * before it: the `missed - 1` numbers right before it for consecutive instalments, else those
 * falling due within the window before its own due date (or any). `missed` sorted by number.
 */
function ruleTrigger(missed: readonly PlanNotice[], rule: LapseRule): PlanNotice | null {
  for (const t of missed) {
    const from = rule.windowMonths === null ? "" : monthsBefore(t.due_on, rule.windowMonths);
    const count = missed.filter((m) =>
      m.instalment <= t.instalment &&
      (rule.consecutive ? m.instalment > t.instalment - rule.missed : m.due_on > from)
    ).length;
    if (count >= rule.missed) return t;
  }
  return null;
}

/**
 * How a plan stands on `today` (Rome, `YYYY-MM-DD`) by the Ente's `rule`, from its position's
 * notices and the Rome day of its last reminder of any channel (null when never reminded).
 * `instalment_plans_read.ts` decides the same in SQL for the plans list.
 */
export function planStanding(
  notices: readonly PlanNotice[],
  today: string,
  lastReminderOn: string | null = null,
  rule: LapseRule = LAW_LAPSE_RULE,
): PlanStanding {
  const instalments = notices.filter((n) => n.instalment > 0);
  const unpaid = instalments.filter((n) => n.status === "unpaid");
  const missed = missedInstalments(notices, today).sort((a, b) => a.instalment - b.instalment);
  const trigger = ruleTrigger(missed, rule);
  const remindedAfter = !!trigger && !!lastReminderOn && lastReminderOn > trigger.due_on;
  const sum = (xs: readonly PlanNotice[]) => xs.reduce((s, n) => s + n.amount_cents, 0);
  return {
    missed: missed.length,
    missedCents: sum(missed),
    residualCents: sum(unpaid),
    paid: instalments.filter((n) => n.status === "paid").length,
    lapsable: missed.length > 0,
    trigger: trigger?.instalment ?? null,
    remindedAfter,
    advised: !!trigger && (remindedAfter || !rule.afterReminder),
  };
}

/** The form's field id (and posted name). */
export const LAPSE_FIELDS = { reason: "motivo" } as const;

/** Reads the office's form: the reason, 5 to 1000 characters (the family reads it). */
export function readLapseForm(
  f: { reason: string },
  tr: (it: string, en: string) => string,
): { reason: string | null; errors: Record<string, string> } {
  const reason = f.reason.trim();
  if (reason.length < 5 || reason.length > 1000) {
    return {
      reason: null,
      errors: {
        [LAPSE_FIELDS.reason]: tr(
          "Indica il motivo della decadenza, da 5 a 1000 caratteri: la famiglia lo leggerà.",
          "Enter the reason for the lapse, 5 to 1000 characters: the family will read it.",
        ),
      },
    };
  }
  return { reason, errors: {} };
}

/** Why the database refused a lapse, from the code word its message starts with. */
export const LAPSE_REFUSALS: Record<string, Refusal> = {
  instalment_lapse_forbidden: {
    status: 403,
    it: "Solo l'ufficio che gestisce i pagamenti può dichiarare decaduta una rateizzazione.",
    en: "Only the billing office can declare an instalment plan lapsed.",
  },
  instalment_lapse_not_found: {
    status: 404,
    it: "Questa posizione non ha un piano di rateizzazione.",
    en: "This position has no instalment plan.",
  },
  instalment_lapse_already: {
    status: 409,
    it: "Il piano di rateizzazione è già decaduto.",
    en: "The instalment plan has already lapsed.",
  },
  instalment_lapse_settled: {
    status: 409,
    it: "La posizione è pagata o annullata: il piano non può decadere.",
    en: "The position is paid or cancelled: the plan cannot lapse.",
  },
  instalment_lapse_not_overdue: {
    status: 409,
    it: "Nessuna rata è scaduta senza essere pagata: il piano non può decadere.",
    en: "No instalment is unpaid past its due date: the plan cannot lapse.",
  },
  instalment_lapse_reason: {
    status: 422,
    it: "Il motivo deve avere da 5 a 1000 caratteri.",
    en: "The reason must be 5 to 1000 characters.",
  },
};

/** The refusal a database error message names (`instalment_lapse_<word>: …`), if any. */
export function lapseRefusalOf(message: string): ({ code: string } & Refusal) | null {
  return refusalByCodeWord("instalment_lapse_", LAPSE_REFUSALS, message);
}

/**
 * The payer's e-mail when the plan lapses: which plan, the instalments missed, the whole residual
 * now due at once, the office's reason, and that what stays unpaid goes to enforced collection.
 */
export function lapseMail(
  p: {
    ente: string;
    payer: string | null;
    what: string;
    /** `YYYY-MM-DD` (Rome) of the grant. */
    grantedOn: string;
    reason: string;
  },
  s: Pick<PlanStanding, "missed" | "residualCents">,
): { subject: string; text: string } {
  const missed = s.missed === 1
    ? "risulta non pagata una rata scaduta"
    : `risultano non pagate ${s.missed} rate scadute`;
  return {
    subject: `${p.ente}: rateizzazione decaduta`,
    text: `${p.payer ? `Gentile ${p.payer}` : "Gentile utente"},\n\n` +
      `la rateizzazione di «${p.what}» concessa il ${
        formatDate("it", p.grantedOn, "short")
      } è decaduta: ${missed}.\n` +
      `Motivo: ${p.reason.trim()}\n\n` +
      `L'intero importo residuo di ${formatEuro(s.residualCents, "it")} è dovuto subito. ` +
      `Può pagarlo con gli avvisi delle rate che trova nell'area Servizi Online, sezione ` +
      `Pagamenti. Quanto resterà non pagato potrà essere affidato alla riscossione coattiva.\n\n` +
      `${p.ente}`,
  };
}
