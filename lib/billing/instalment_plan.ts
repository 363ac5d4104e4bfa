/**
 * Instalments, the rules without the database: how an amount is split (the issue's optional
 * instalments and the office's rateizzazione alike), their due dates one month apart, and the
 * office's form for a rateizzazione — how many instalments, the first due date, the family's
 * request and the reason. `app.grant_instalment_plan` checks the same rules again when it writes.
 *
 * @module
 */
import { addDays, isIsoDate } from "../calendar/dates.ts";
import { formatDate } from "../i18n/mod.ts";
import { formatEuro } from "../tariffs/money.ts";
import { type Refusal, refusalByCodeWord } from "../tenancy/errors.ts";
import { type LapseRule, lapseRuleText } from "./instalment_plan_lapse.ts";

export const MIN_PLAN_INSTALMENTS = 2;
export const MAX_PLAN_INSTALMENTS = 12;
/** The smallest instalment: 1,00 € (as the issue's optional instalments). */
export const MIN_INSTALMENT_CENTS = 100;
/** The first instalment falls due within this many days of today. */
export const MAX_FIRST_DUE_DAYS = 365;

/** Splits `cents` in `n` instalments (the first ones take the remainder). */
export function splitInstalments(cents: number, n: number): number[] {
  const base = Math.floor(cents / n);
  const rest = cents - base * n;
  return Array.from({ length: n }, (_, i) => base + (i < rest ? 1 : 0));
}

/** The due date of instalment `i` (1-based): the first at `first`, then one month apart. */
export function instalmentDue(first: string, i: number): string {
  const y = +first.slice(0, 4);
  const m = +first.slice(5, 7) - 1 + (i - 1);
  const d = +first.slice(8, 10);
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(d, last))).toISOString().slice(0, 10);
}

export interface Instalment {
  /** 1-based. */
  instalment: number;
  amount_cents: number;
  due_on: string;
}

/** `count` monthly instalments of `amountCents`, the first due on `firstDue`. */
export function planSchedule(amountCents: number, count: number, firstDue: string): Instalment[] {
  return splitInstalments(amountCents, count).map((amount_cents, i) => ({
    instalment: i + 1,
    amount_cents,
    due_on: instalmentDue(firstDue, i + 1),
  }));
}

/** The most instalments `amountCents` can be spread over (each at least 1,00 €). */
export function maxInstalmentsFor(amountCents: number): number {
  return Math.min(MAX_PLAN_INSTALMENTS, Math.floor(amountCents / MIN_INSTALMENT_CENTS));
}

/** The fields of "Concedi una rateizzazione", as typed. */
export interface PlanForm {
  count: string;
  first_due: string;
  reference: string;
  reason: string;
}

/** The form's field ids (and posted names). */
export const PLAN_FIELDS = {
  count: "rate",
  first_due: "prima-scadenza",
  reference: "riferimento",
  reason: "motivo",
} as const;

export interface PlanInput {
  count: number;
  firstDue: string;
  reference: string;
  reason: string;
}

/**
 * Reads the form for a position owing `amountCents` on `today` (Rome): 2 to 12 instalments of at
 * least 1,00 € each, a first due date from today to a year ahead, the request's reference (2 to
 * 200 characters) and the reason (5 to 1000); field id → message for what is wrong, and the
 * input only when nothing is.
 */
export function readPlanForm(
  f: PlanForm,
  amountCents: number,
  today: string,
  tr: (it: string, en: string) => string,
): { input: PlanInput | null; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const most = maxInstalmentsFor(amountCents);
  const raw = f.count.trim();
  const count = /^\d{1,2}$/.test(raw) ? Number(raw) : NaN;
  if (most < MIN_PLAN_INSTALMENTS) {
    errors[PLAN_FIELDS.count] = tr(
      "L'importo è troppo basso per essere rateizzato: ogni rata deve essere di almeno 1,00 €.",
      "The amount is too small to be spread: each instalment must be at least €1.00.",
    );
  } else if (!(count >= MIN_PLAN_INSTALMENTS && count <= most)) {
    errors[PLAN_FIELDS.count] = tr(
      `Indica il numero di rate: un numero intero da ${MIN_PLAN_INSTALMENTS} a ${most}.`,
      `Enter the number of instalments: a whole number from ${MIN_PLAN_INSTALMENTS} to ${most}.`,
    );
  }
  const firstDue = f.first_due.trim();
  const latest = addDays(today, MAX_FIRST_DUE_DAYS);
  if (!isIsoDate(firstDue) || firstDue < today || firstDue > latest) {
    errors[PLAN_FIELDS.first_due] = tr(
      "Indica la scadenza della prima rata: una data da oggi a un anno da oggi.",
      "Enter the due date of the first instalment: a date from today to a year from today.",
    );
  }
  const reference = f.reference.trim();
  if (reference.length < 2 || reference.length > 200) {
    errors[PLAN_FIELDS.reference] = tr(
      "Indica il riferimento della richiesta della famiglia (per esempio «Prot. n. 4521/2026»), da 2 a 200 caratteri.",
      "Enter the reference of the family's request (for example “Prot. n. 4521/2026”), 2 to 200 characters.",
    );
  }
  const reason = f.reason.trim();
  if (reason.length < 5 || reason.length > 1000) {
    errors[PLAN_FIELDS.reason] = tr(
      "Indica il motivo della rateizzazione, da 5 a 1000 caratteri.",
      "Enter the reason for the instalment plan, 5 to 1000 characters.",
    );
  }
  if (Object.keys(errors).length) return { input: null, errors };
  return { input: { count, firstDue, reference, reason }, errors };
}

/** A sensible first due date for the form: the last day of the month after today's. */
export function defaultFirstDue(today: string): string {
  const y = +today.slice(0, 4);
  const m = +today.slice(5, 7);
  return new Date(Date.UTC(y, m + 1, 0)).toISOString().slice(0, 10);
}

/** Why the database refused a plan, from the code word its message starts with. */
export const PLAN_REFUSALS: Record<string, Refusal> = {
  instalment_plan_forbidden: {
    status: 403,
    it: "Solo l'ufficio che gestisce i pagamenti può concedere una rateizzazione.",
    en: "Only the billing office can grant an instalment plan.",
  },
  instalment_plan_not_found: {
    status: 404,
    it: "Posizione debitoria non trovata.",
    en: "Debt position not found.",
  },
  instalment_plan_cancelled: {
    status: 409,
    it: "La posizione è annullata: non può essere rateizzata.",
    en: "The position is cancelled: it cannot be spread over instalments.",
  },
  instalment_plan_paid: {
    status: 409,
    it: "La posizione è già pagata (anche in parte): non può essere rateizzata.",
    en: "The position is already (partly) paid: it cannot be spread over instalments.",
  },
  instalment_plan_top_up: {
    status: 409,
    it: "Una ricarica del borsellino non si rateizza.",
    en: "A wallet top-up is not spread over instalments.",
  },
  instalment_plan_enforced: {
    status: 409,
    it: "La posizione è affidata alla riscossione coattiva: ritirala prima dall'elenco.",
    en: "The position is on a list of enforced collection: withdraw it from the list first.",
  },
  instalment_plan_lapsed: {
    status: 409,
    it:
      "Il piano di rateizzazione di questa posizione è decaduto: non può essere rateizzata di nuovo.",
    en: "This position's instalment plan has lapsed: it cannot be spread again.",
  },
  instalment_plan_settings: {
    status: 409,
    it: "Mancano le impostazioni pagoPA dell'Ente.",
    en: "The Ente's pagoPA settings are missing.",
  },
  instalment_plan_count: {
    status: 422,
    it: "Le rate devono essere da 2 a 12.",
    en: "There must be 2 to 12 instalments.",
  },
  instalment_plan_amount: {
    status: 422,
    it: "Ogni rata deve avere un importo maggiore di zero e una scadenza.",
    en: "Every instalment needs an amount above zero and a due date.",
  },
  instalment_plan_total: {
    status: 422,
    it: "La somma delle rate deve essere uguale all'importo della posizione.",
    en: "The instalments must add up to the position's amount.",
  },
  instalment_plan_past: {
    status: 422,
    it: "La prima rata non può scadere prima di oggi.",
    en: "The first instalment cannot fall due before today.",
  },
  instalment_plan_order: {
    status: 422,
    it: "Ogni rata deve scadere dopo la precedente.",
    en: "Each instalment must fall due after the one before.",
  },
  instalment_plan_reference: {
    status: 422,
    it: "Il riferimento della richiesta deve avere da 2 a 200 caratteri.",
    en: "The request's reference must be 2 to 200 characters.",
  },
  instalment_plan_reason: {
    status: 422,
    it: "Il motivo deve avere da 5 a 1000 caratteri.",
    en: "The reason must be 5 to 1000 characters.",
  },
};

/** The refusal a database error message names (`instalment_plan_<word>: …`), if any. */
export function planRefusalOf(message: string): ({ code: string } & Refusal) | null {
  return refusalByCodeWord("instalment_plan_", PLAN_REFUSALS, message);
}

const itDate = (iso: string) => formatDate("it", iso, "short");

/**
 * The payer's e-mail when a plan is granted: what is spread, the instalments with their due
 * dates, the single payment still possible by the first one, where to pay, and when the plan
 * lapses by the Ente's `rule` (the family is told before, not after).
 */
export function planMail(
  p: { ente: string; payer: string | null; what: string },
  schedule: readonly Instalment[],
  rule: LapseRule,
): { subject: string; text: string } {
  const rows = schedule.map((s) =>
    `- rata ${s.instalment}: ${formatEuro(s.amount_cents, "it")} entro il ${itDate(s.due_on)}`
  );
  return {
    subject: `${p.ente}: rateizzazione concessa`,
    text: `${p.payer ? `Gentile ${p.payer}` : "Gentile utente"},\n\n` +
      `la sua richiesta di rateizzazione per «${p.what}» è stata accolta. ` +
      `L'avviso precedente è annullato e sostituito da ${schedule.length} rate:\n` +
      `${rows.join("\n")}\n\n` +
      `Può anche pagare l'intero importo in un'unica soluzione entro il ${
        itDate(schedule[0].due_on)
      }.\n` +
      `Trova i nuovi avvisi e il pulsante "Paga con pagoPA" nell'area Servizi Online, ` +
      `sezione Pagamenti.\n\n` +
      `Attenzione: la rateizzazione decade con ${lapseRuleText(rule, "it")}; ` +
      `l'intero importo residuo diventa allora dovuto subito.\n\n${p.ente}`,
  };
}

// Requests from the families' portal.

export const REQUEST_STATUSES = ["pending", "granted", "refused", "withdrawn"] as const;
export type RequestStatus = typeof REQUEST_STATUSES[number];

export const REQUEST_STATUS_LABELS: Record<
  RequestStatus,
  { it: string; en: string; badge: string }
> = {
  pending: { it: "In attesa", en: "Pending", badge: "warning" },
  granted: { it: "Accolta", en: "Granted", badge: "success" },
  refused: { it: "Respinta", en: "Refused", badge: "danger" },
  withdrawn: { it: "Ritirata", en: "Withdrawn", badge: "secondary" },
};

/** The family's form "Chiedi di pagare a rate": field ids (and posted names). */
export const REQUEST_FIELDS = { count: "rate", message: "messaggio" } as const;

export interface RequestInput {
  count: number;
  message: string | null;
}

/**
 * Reads the family's request for a position owing `amountCents`: 2 to `maxInstalmentsFor`
 * instalments, a message of at most 1000 characters (optional).
 */
export function readRequestForm(
  f: { count: string; message: string },
  amountCents: number,
  tr: (it: string, en: string) => string,
): { input: RequestInput | null; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const most = maxInstalmentsFor(amountCents);
  const raw = f.count.trim();
  const count = /^\d{1,2}$/.test(raw) ? Number(raw) : NaN;
  if (!(count >= MIN_PLAN_INSTALMENTS && count <= most)) {
    errors[REQUEST_FIELDS.count] = most < MIN_PLAN_INSTALMENTS
      ? tr(
        "L'importo è troppo basso per essere pagato a rate.",
        "The amount is too small to be paid in instalments.",
      )
      : tr(
        `Scegli in quante rate pagare: da ${MIN_PLAN_INSTALMENTS} a ${most}.`,
        `Choose how many instalments: ${MIN_PLAN_INSTALMENTS} to ${most}.`,
      );
  }
  const message = f.message.trim();
  if (message.length > 1000) {
    errors[REQUEST_FIELDS.message] = tr(
      "Il messaggio può avere al massimo 1000 caratteri.",
      "The message can have at most 1000 characters.",
    );
  }
  if (Object.keys(errors).length) return { input: null, errors };
  return { input: { count, message: message || null }, errors };
}

/** Why the database refused a request or its decision (`instalment_request_<word>: …`). */
export const REQUEST_REFUSALS: Record<string, Refusal> = {
  instalment_request_forbidden: {
    status: 403,
    it: "Non puoi agire su questa richiesta.",
    en: "You cannot act on this request.",
  },
  instalment_request_not_found: {
    status: 404,
    it: "Richiesta di rateizzazione non trovata.",
    en: "Instalment plan request not found.",
  },
  instalment_request_not_payable: {
    status: 409,
    it:
      "Questa posizione non può essere pagata a rate (già pagata, annullata o affidata alla riscossione).",
    en:
      "This position cannot be paid in instalments (paid, cancelled or handed to enforced collection).",
  },
  instalment_request_count: {
    status: 422,
    it: "Il numero di rate non è tra quelli possibili per questo importo.",
    en: "The number of instalments is not possible for this amount.",
  },
  instalment_request_message: {
    status: 422,
    it: "Il messaggio può avere al massimo 1000 caratteri.",
    en: "The message can have at most 1000 characters.",
  },
  instalment_request_pending: {
    status: 409,
    it: "C'è già una richiesta di rateizzazione in attesa per questa posizione.",
    en: "An instalment plan request for this position is already pending.",
  },
  instalment_request_decided: {
    status: 409,
    it: "La richiesta è già stata decisa.",
    en: "The request was already decided.",
  },
  instalment_request_note: {
    status: 422,
    it: "Indica il motivo del rifiuto, da 5 a 1000 caratteri: la famiglia lo leggerà.",
    en: "Give the reason for the refusal, 5 to 1000 characters: the family will read it.",
  },
};

/** The refusal a database error message names (`instalment_request_<word>: …`), if any. */
export function requestRefusalOf(message: string): ({ code: string } & Refusal) | null {
  return refusalByCodeWord("instalment_request_", REQUEST_REFUSALS, message);
}

/** The payer's e-mail when the office refuses a request: what, and why in the office's words. */
export function refusalMail(
  p: { ente: string; payer: string | null; what: string; note: string },
): { subject: string; text: string } {
  return {
    subject: `${p.ente}: richiesta di rateizzazione non accolta`,
    text: `${p.payer ? `Gentile ${p.payer}` : "Gentile utente"},\n\n` +
      `la sua richiesta di pagare a rate «${p.what}» non è stata accolta, per questo motivo:\n\n` +
      `${p.note.trim()}\n\n` +
      `L'avviso di pagamento resta valido: lo trova con il pulsante "Paga con pagoPA" nell'area ` +
      `Servizi Online, sezione Pagamenti.\n\n${p.ente}`,
  };
}
