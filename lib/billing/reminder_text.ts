/**
 * The words of a payment reminder ("sollecito di pagamento"): the e-mail to the payer, the push
 * to the family and the phrases the paper letter shares with the e-mail
 * (`reminder_letter.ts`). Pure: the data comes from `sendReminders` (lib/billing/reminders.ts) and
 * from the push resolver; money is cents until formatted here, dates are ISO days (Rome).
 *
 * @module
 */
import { formatEuro } from "../tariffs/money.ts";

/** A notice of the position still to be paid. */
export interface PayableNotice {
  /** 0 = the whole amount at once, 1..n = instalments. */
  instalment: number;
  notice_number: string;
  amount_cents: number;
  /** ISO day. */
  due_on: string;
}

export interface ReminderTextInput {
  /** The Ente ("Comune di Valdiponte"). */
  tenantName: string;
  /** How the Ente's office signs and can be reached (billing settings), when given. */
  officeName?: string | null;
  officeContact?: string | null;
  payerName: string;
  positionId: string;
  description: string;
  overdueCents: number;
  /** The earliest due date missed (ISO day). */
  overdueSince: string;
  /** The unpaid notices of the position; the ones due before `today` are marked overdue. */
  notices: PayableNotice[];
  /** Today in Rome (ISO day). */
  today: string;
  /** Base of the link ("https://servizi.comune.example"); none = a relative path. */
  publicUrl?: string;
}

export interface ReminderMail {
  subject: string;
  body: string;
}

/** "28/11/2026" from "2026-11-28". */
export const itDay = (iso: string): string => iso.split("-").reverse().join("/");

/** "3020 0000 0000 0012 34": a notice number in groups of four, as printed on the notice. */
export const groupedNotice = (n: string): string => n.replace(/(.{4})(?=.)/g, "$1 ");

/** The family's page of the position, where it can pay or download the notice. */
export function payLink(positionId: string, publicUrl = ""): string {
  return `${publicUrl.replace(/\/$/, "")}/famiglie/pagamenti/${positionId}`;
}

/** The subject, at most 200 characters as the outbox keeps it. */
export function subjectOf(description: string): string {
  const s = `Sollecito di pagamento: ${description.trim()}`;
  return s.length <= 200 ? s : `${s.slice(0, 199)}…`;
}

/** The notices still payable, one per line; with instalments the whole amount is not offered. */
function noticeLines(notices: PayableNotice[], today: string): string[] {
  const hasInstalments = notices.some((n) => n.instalment > 0);
  return [...notices]
    .filter((n) => !hasInstalments || n.instalment > 0)
    .sort((a, b) => a.instalment - b.instalment)
    .map((n) => {
      const what = n.instalment > 0 ? `Rata ${n.instalment}, avviso` : "Avviso";
      const late = n.due_on < today ? " (scaduto)" : "";
      return `- ${what} n. ${groupedNotice(n.notice_number)}: ${formatEuro(n.amount_cents)}, ` +
        `scadenza ${itDay(n.due_on)}${late}`;
    });
}

/** "Gentile Chiara Colombo,". */
export const greeting = (payerName: string): string => `Gentile ${payerName.trim()},`;

/**
 * What is overdue, the opening of the e-mail and of the letter: one position by its description,
 * several by their total and the earliest due date (the letter lists them).
 */
export function overdueSentence(
  items: { cents: number; description: string; since: string }[],
): string {
  if (items.length === 1) {
    const [x] = items;
    return `a oggi non risulta pagato l'importo di ${formatEuro(x.cents)} per ` +
      `"${x.description.trim()}", scaduto il ${itDay(x.since)}.`;
  }
  const total = items.reduce((s, x) => s + x.cents, 0);
  const since = items.map((x) => x.since).sort()[0];
  return `a oggi non risultano pagati gli importi indicati qui sotto, per un totale di ` +
    `${formatEuro(total)}, scaduti dal ${itDay(since)}.`;
}

/** The closing sentence, by medium: "Se hai già pagato, ignora questo messaggio." */
export const alreadyPaid = (medium: "mail" | "letter"): string =>
  medium === "mail"
    ? "Se hai già pagato, ignora questo messaggio."
    : "Se hai già pagato, non considerare questa lettera.";

/** How the Ente signs: its name, then its office and contact when given. */
export function signature(
  i: Pick<ReminderTextInput, "tenantName" | "officeName" | "officeContact">,
): string[] {
  const office = [i.officeName?.trim(), i.officeContact?.trim()].filter(Boolean).join(" – ");
  return [i.tenantName.trim(), ...(office ? [office] : [])];
}

/**
 * The reminder e-mail: who is owed what for which position, since when, the notices still
 * payable, the link to pay, and "se hai già pagato, ignora questo messaggio".
 */
export function reminderMail(i: ReminderTextInput): ReminderMail {
  const lines = noticeLines(i.notices, i.today);
  const body = [
    greeting(i.payerName),
    "",
    overdueSentence([{ cents: i.overdueCents, description: i.description, since: i.overdueSince }]),
    "",
    ...(lines.length
      ? [
        lines.length === 1 ? "L'avviso pagoPA da pagare:" : "Gli avvisi pagoPA da pagare:",
        ...lines,
        "",
      ]
      : []),
    "Puoi pagare online con pagoPA, oppure scaricare l'avviso e pagarlo presso banche, uffici " +
    "postali, tabaccherie e app, dalla pagina della posizione:",
    payLink(i.positionId, i.publicUrl),
    "",
    alreadyPaid("mail"),
    "",
    ...signature(i),
    "",
    "Questo messaggio è stato inviato automaticamente, non rispondere.",
  ].join("\n");
  return { subject: subjectOf(i.description), body };
}

/** The push to the family's devices, shorter than the e-mail. */
export function reminderPush(
  i: Pick<ReminderTextInput, "positionId" | "description" | "overdueCents" | "overdueSince">,
): { title: string; body: string; url: string } {
  return {
    title: "Sollecito di pagamento",
    body: `Risultano da pagare ${formatEuro(i.overdueCents)} per "${i.description.trim()}", ` +
      `scaduti il ${itDay(i.overdueSince)}. Se hai già pagato, ignora questo messaggio.`,
    url: payLink(i.positionId),
  };
}
