/**
 * Revoca della decadenza, the rules without the database: the office's form (the reason the
 * family reads), the refusals of `app.revoke_instalment_plan_lapse` and the payer's e-mail. After
 * a revocation the plan holds again: its instalments are due on their own dates, and it may lapse
 * again later.
 *
 * @module
 */
import { formatDate } from "../i18n/mod.ts";
import { formatEuro } from "../tariffs/money.ts";
import { type Refusal, refusalByCodeWord } from "../tenancy/errors.ts";
import type { PlanNotice, PlanStanding } from "./instalment_plan_lapse.ts";

/** The form's field id (and posted name), as the lapse's. */
export const REVOKE_FIELDS = { reason: "motivo" } as const;

/** Reads the office's form: the reason, 5 to 1000 characters (the family reads it). */
export function readRevokeForm(
  f: { reason: string },
  tr: (it: string, en: string) => string,
): { reason: string | null; errors: Record<string, string> } {
  const reason = f.reason.trim();
  if (reason.length >= 5 && reason.length <= 1000) return { reason, errors: {} };
  return {
    reason: null,
    errors: {
      [REVOKE_FIELDS.reason]: tr(
        "Indica il motivo della revoca, da 5 a 1000 caratteri: la famiglia lo leggerà.",
        "Enter the reason for the revocation, 5 to 1000 characters: the family will read it.",
      ),
    },
  };
}

/** Why the database refused a revocation, by the code word its message starts with. */
export const REVOKE_REFUSALS: Record<string, Refusal> = {
  lapse_revoke_forbidden: {
    status: 403,
    it: "Solo l'ufficio che gestisce i pagamenti può revocare una decadenza.",
    en: "Only the billing office can revoke a lapse.",
  },
  lapse_revoke_not_found: {
    status: 404,
    it: "Questa posizione non ha un piano di rateizzazione.",
    en: "This position has no instalment plan.",
  },
  lapse_revoke_not_lapsed: {
    status: 409,
    it: "Il piano di rateizzazione non è decaduto: non c'è nulla da revocare.",
    en: "The instalment plan has not lapsed: there is nothing to revoke.",
  },
  lapse_revoke_settled: {
    status: 409,
    it: "La posizione è pagata o annullata: la decadenza non si revoca più.",
    en: "The position is paid or cancelled: the lapse can no longer be revoked.",
  },
  lapse_revoke_enforced: {
    status: 409,
    it: "La posizione è in una lista di carico per la riscossione coattiva: ritirala dalla lista " +
      "(sgravio) prima di revocare la decadenza.",
    en: "The position is on an enforced-collection list: withdraw it from the list first, then " +
      "revoke the lapse.",
  },
  lapse_revoke_reason: {
    status: 422,
    it: "Il motivo deve avere da 5 a 1000 caratteri.",
    en: "The reason must be 5 to 1000 characters.",
  },
};

/** The refusal a database error message names (`lapse_revoke_<word>: …`), if any. */
export function revokeRefusalOf(message: string): ({ code: string } & Refusal) | null {
  return refusalByCodeWord("lapse_revoke_", REVOKE_REFUSALS, message);
}

const itDay = (iso: string) => formatDate("it", iso, "short");

/**
 * The payer's e-mail when the lapse is revoked: which plan, the office's reason, that the
 * instalments are due on their own dates again (the next one named), and what is already late.
 */
export function revokeMail(
  p: {
    ente: string;
    payer: string | null;
    what: string;
    /** `YYYY-MM-DD` (Rome) of the lapse revoked. */
    lapsedOn: string;
    reason: string;
  },
  s: Pick<PlanStanding, "missed" | "missedCents" | "residualCents">,
  /** The first instalment unpaid and not yet due, if any. */
  next: Pick<PlanNotice, "instalment" | "amount_cents" | "due_on"> | null,
): { subject: string; text: string } {
  const late = s.missed === 0
    ? ""
    : s.missed === 1
    ? `Resta da pagare una rata già scaduta, di ${formatEuro(s.missedCents, "it")}: ` +
      `la preghiamo di pagarla al più presto.\n`
    : `Restano da pagare ${s.missed} rate già scadute, per ${formatEuro(s.missedCents, "it")}: ` +
      `la preghiamo di pagarle al più presto.\n`;
  const following = next
    ? `La prossima rata, la n. ${next.instalment} di ${formatEuro(next.amount_cents, "it")}, ` +
      `scade il ${itDay(next.due_on)}.\n`
    : "";
  return {
    subject: `${p.ente}: decadenza della rateizzazione revocata`,
    text: `${p.payer ? `Gentile ${p.payer}` : "Gentile utente"},\n\n` +
      `la decadenza della rateizzazione di «${p.what}», comunicata il ${itDay(p.lapsedOn)}, ` +
      `è stata revocata.\nMotivo: ${p.reason.trim()}\n\n` +
      `La rateizzazione torna valida: le rate restano dovute alle loro scadenze, per un residuo ` +
      `di ${formatEuro(s.residualCents, "it")}.\n${following}${late}` +
      `Trova gli avvisi delle rate nell'area Servizi Online, sezione Pagamenti.\n\n${p.ente}`,
  };
}

/** The first instalment unpaid and not yet due on `today` (Rome), if any. */
export function nextInstalment<N extends PlanNotice>(
  notices: readonly N[],
  today: string,
): N | null {
  return notices.filter((n) => n.instalment > 0 && n.status === "unpaid" && n.due_on >= today)
    .sort((a, b) => a.due_on.localeCompare(b.due_on))[0] ?? null;
}
