/**
 * Rules of the review (istruttoria) of an application, over plain data: which outcome may follow
 * which, when a reason is required, which items an outcome communication covers, and the text the
 * family receives. No database here: `review_db.ts` applies these decisions.
 *
 * @module
 */
import type { Outcome } from "./schemas.ts";

/** Outcomes an operator can set (pending is only the starting point). */
export const REVIEW_OUTCOMES = ["accepted", "rejected", "waitlisted", "needs_integration"] as const;
export type ReviewOutcome = typeof REVIEW_OUTCOMES[number];

export const COMMUNICATION_CHANNELS = [
  "email",
  "pec",
  "post",
  "portal",
  "app_io",
  "counter",
] as const;
export type CommunicationChannel = typeof COMMUNICATION_CHANNELS[number];

export const MAX_REASON = 2000;
export const MAX_NOTES = 4000;
const MIN_REASON = 5;

/**
 * What may follow what. A rejection ends the item (the child may apply again, so reopening it
 * could clash with the new application): the office corrects a mistaken rejection by filing a new
 * application at the counter. An accepted item may only be revoked (rejected with a reason).
 */
const NEXT: Record<Outcome, readonly ReviewOutcome[]> = {
  pending: REVIEW_OUTCOMES,
  needs_integration: REVIEW_OUTCOMES,
  waitlisted: ["accepted", "rejected", "waitlisted"],
  accepted: ["accepted", "rejected"],
  rejected: [],
};

const LABELS: Record<Outcome, [string, string]> = {
  pending: ["Da istruire", "Pending"],
  accepted: ["Accolta", "Accepted"],
  rejected: ["Respinta", "Rejected"],
  waitlisted: ["In lista d'attesa", "Waitlisted"],
  needs_integration: ["Da integrare", "Needs integration"],
};
const CHANNEL_LABELS: Record<CommunicationChannel, [string, string]> = {
  email: ["E-mail", "E-mail"],
  pec: ["PEC", "PEC"],
  post: ["Raccomandata / posta", "Post"],
  portal: ["Portale Servizi Online", "Online portal"],
  app_io: ["App IO", "App IO"],
  counter: ["Allo sportello", "At the counter"],
};

type Lang = "it" | "en";
export const outcomeLabel = (o: Outcome, lang: Lang) => LABELS[o][lang === "it" ? 0 : 1];
export const channelLabel = (c: CommunicationChannel, lang: Lang) =>
  CHANNEL_LABELS[c][lang === "it" ? 0 : 1];
export const isReviewOutcome = (v: unknown): v is ReviewOutcome =>
  (REVIEW_OUTCOMES as readonly unknown[]).includes(v);
export const isChannel = (v: unknown): v is CommunicationChannel =>
  (COMMUNICATION_CHANNELS as readonly unknown[]).includes(v);

/** The outcomes that may follow `from` (for the review form's choices). */
export function nextOutcomes(from: Outcome): readonly ReviewOutcome[] {
  return NEXT[from];
}

export interface ItemState {
  outcome: Outcome;
  outcome_reason: string | null;
  review_notes: string | null;
  communicated_at: string | null;
}

export interface Decision {
  outcome: ReviewOutcome;
  reason?: string | null;
  notes?: string | null;
}

/** What to write on the item: the new outcome, and whether its communication starts over. */
export interface ReviewChange {
  outcome: ReviewOutcome;
  outcome_reason: string | null;
  review_notes: string | null;
  /** The family was told something else (or nothing yet): communicated_at/via go back to null. */
  resetCommunication: boolean;
  /** Nothing changes at all (same outcome, reason and notes). */
  unchanged: boolean;
}

export interface Refusal {
  field: "outcome" | "reason" | "notes" | "status";
  it: string;
  en: string;
}

const clean = (s: string | null | undefined) => {
  const t = (s ?? "").trim();
  return t === "" ? null : t;
};

/**
 * Decides whether `decision` may be applied to an item of an application in `status`.
 * `planReview({ outcome: "pending", … }, "submitted", { outcome: "rejected" })` → a refusal: a
 * rejection needs its reason.
 */
export function planReview(
  item: ItemState,
  status: "draft" | "submitted" | "withdrawn",
  decision: Decision,
): { ok: true; change: ReviewChange } | { ok: false; refusal: Refusal } {
  if (status !== "submitted") {
    return refuse(
      "status",
      status === "draft"
        ? "La domanda non è ancora stata inviata: non si può istruire."
        : "La domanda è stata ritirata: non si può più istruire.",
      status === "draft"
        ? "The application has not been submitted yet: it cannot be reviewed."
        : "The application was withdrawn: it can no longer be reviewed.",
    );
  }
  if (!isReviewOutcome(decision.outcome)) {
    return refuse("outcome", "Scegli l'esito.", "Choose the outcome.");
  }
  if (!NEXT[item.outcome].includes(decision.outcome)) {
    const from = LABELS[item.outcome];
    const to = LABELS[decision.outcome];
    return refuse(
      "outcome",
      item.outcome === "rejected"
        ? "La richiesta è già stata respinta: l'esito non si può più cambiare."
        : `Da «${from[0]}» non si può passare a «${to[0]}».`,
      item.outcome === "rejected"
        ? "The request has already been rejected: the outcome can no longer change."
        : `“${from[1]}” cannot become “${to[1]}”.`,
    );
  }
  const reason = clean(decision.reason);
  const notes = decision.notes === undefined ? item.review_notes : clean(decision.notes);
  if (decision.outcome === "rejected" && (reason?.length ?? 0) < MIN_REASON) {
    return refuse(
      "reason",
      "Indica il motivo del rigetto: sarà comunicato alla famiglia.",
      "Give the reason for the rejection: the family will be told.",
    );
  }
  if (decision.outcome === "needs_integration" && (reason?.length ?? 0) < MIN_REASON) {
    return refuse(
      "reason",
      "Indica che cosa deve integrare la famiglia (documenti o dati mancanti).",
      "Say what the family must add (missing documents or data).",
    );
  }
  if (reason && reason.length > MAX_REASON) {
    return refuse(
      "reason",
      `Il motivo può essere lungo al massimo ${MAX_REASON} caratteri.`,
      `The reason can be at most ${MAX_REASON} characters.`,
    );
  }
  if (notes && notes.length > MAX_NOTES) {
    return refuse(
      "notes",
      `Le note interne possono essere lunghe al massimo ${MAX_NOTES} caratteri.`,
      `Internal notes can be at most ${MAX_NOTES} characters.`,
    );
  }
  const sameOutcome = decision.outcome === item.outcome && reason === item.outcome_reason;
  return {
    ok: true,
    change: {
      outcome: decision.outcome,
      outcome_reason: reason,
      review_notes: notes,
      resetCommunication: !sameOutcome,
      unchanged: sameOutcome && notes === item.review_notes,
    },
  };
}

function refuse(field: Refusal["field"], it: string, en: string) {
  return { ok: false as const, refusal: { field, it, en } };
}

/** An item as the communication sees it. */
export interface CommunicableItem {
  id: string;
  outcome: Outcome;
  outcome_reason: string | null;
  communicated_at: string | null;
  child_name: string;
  service_title: string;
}

/** The items whose current outcome has been decided and not yet told to the family. */
export function itemsToCommunicate<T extends Pick<CommunicableItem, "outcome" | "communicated_at">>(
  items: T[],
): T[] {
  return items.filter((i) => i.outcome !== "pending" && i.communicated_at === null);
}

/**
 * The message the family receives, in Italian (the language of the administrative act), one
 * paragraph per child and service: `outcomeMessage("2026/000012", items)`.
 */
export function outcomeMessage(
  protocol: string | null,
  items: CommunicableItem[],
): { subject: string; body: string } {
  const subject = protocol
    ? `Esito della domanda n. ${protocol}`
    : "Esito della domanda di iscrizione";
  const lines = items.map((i) => {
    const head = `- ${i.child_name}, ${i.service_title}: ${LABELS[i.outcome][0].toLowerCase()}`;
    if (!i.outcome_reason) return `${head}.`;
    const intro = i.outcome === "needs_integration"
      ? "Occorre integrare"
      : i.outcome === "rejected"
      ? "Motivo"
      : "Nota";
    return `${head}.\n  ${intro}: ${i.outcome_reason}`;
  });
  const integration = items.some((i) => i.outcome === "needs_integration")
    ? "\n\nPer integrare la domanda accedi ai Servizi Online del Comune o rivolgiti all'ufficio."
    : "";
  const body = `Gentile famiglia,\n\nl'ufficio ha istruito la domanda${
    protocol ? ` n. ${protocol}` : ""
  }:\n\n${lines.join("\n")}${integration}\n\nCordiali saluti,\nl'Ufficio servizi scolastici`;
  return { subject, body };
}

/**
 * Bulk review: of the chosen applications' items, only those still pending get the outcome (an
 * item already reviewed keeps its decision); the others are counted as skipped.
 */
export function pendingOnly<T extends { outcome: Outcome }>(items: T[]): {
  change: T[];
  skipped: number;
} {
  const change = items.filter((i) => i.outcome === "pending");
  return { change, skipped: items.length - change.length };
}
