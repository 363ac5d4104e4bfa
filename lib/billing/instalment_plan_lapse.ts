/**
 * Decadenza dal beneficio della rateizzazione, the rules without the database: how a plan stands
 * (instalments missed, what they and the whole plan still owe), when the office may declare it
 * lapsed (at least one instalment unpaid past its due date) and when it is advised to: two
 * consecutive instalments missed and a reminder sent after them, as the law has it for the
 * Comuni's revenue (L. 160/2019, art. 1, c. 800: "mancato pagamento, dopo espresso sollecito, di
 * due rate consecutive"); the office's form, the refusals of `app.lapse_instalment_plan` and the
 * payer's e-mail. After a lapse the whole residual counts as overdue (positions_read.ts,
 * OVERDUE_NOTICE).
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
   * The later of the first two consecutive instalments missed (1 and 2, 2 and 3, …), by number;
   * null when no two consecutive ones are missed.
   */
  consecutive: number | null;
  /** A reminder was sent after that instalment fell due. */
  remindedAfter: boolean;
  /** The rule is met: two consecutive instalments missed, and reminded since. */
  advised: boolean;
}

/** The instalments unpaid past their due date on `today` (due today is not missed yet). */
export function missedInstalments<N extends PlanNotice>(
  notices: readonly N[],
  today: string,
): N[] {
  return notices.filter((n) => n.instalment > 0 && n.status === "unpaid" && n.due_on < today);
}

/**
 * How a plan stands on `today` (Rome, `YYYY-MM-DD`), from its position's notices and the Rome day
 * of its last reminder of any channel (null when never reminded).
 */
export function planStanding(
  notices: readonly PlanNotice[],
  today: string,
  lastReminderOn: string | null = null,
): PlanStanding {
  const instalments = notices.filter((n) => n.instalment > 0);
  const unpaid = instalments.filter((n) => n.status === "unpaid");
  const missed = missedInstalments(notices, today);
  const byNumber = new Map(missed.map((n) => [n.instalment, n]));
  const second = [...missed].sort((a, b) => a.instalment - b.instalment)
    .find((n) => byNumber.has(n.instalment - 1)) ?? null;
  const remindedAfter = !!second && !!lastReminderOn && lastReminderOn > second.due_on;
  const sum = (xs: readonly PlanNotice[]) => xs.reduce((s, n) => s + n.amount_cents, 0);
  return {
    missed: missed.length,
    missedCents: sum(missed),
    residualCents: sum(unpaid),
    paid: instalments.filter((n) => n.status === "paid").length,
    lapsable: missed.length > 0,
    consecutive: second?.instalment ?? null,
    remindedAfter,
    advised: remindedAfter,
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
