/**
 * Enforced collection ("riscossione coattiva"), the rules without the database: which overdue
 * positions the office may hand over (reminded at least once, the last reminder at least the
 * chosen days ago, not already on a live list), the minimum overdue amount per payer, and the
 * rows of the hand-over list ("lista di carico") as CSV. `app.create_enforced_collection`
 * applies the same rule when it writes; these decide the counts of the confirmation step.
 *
 * @module
 */
import { isUuid } from "../codes/uuid.ts";
import { csvEuro, csvText } from "../csv/write.ts";
import { romeDate } from "../i18n/mod.ts";
import { parseEuro } from "../tariffs/money.ts";

/** Days since the last reminder, by default (the form's first value). */
export const DEFAULT_MIN_DAYS = 30;
/** Overdue amount per payer below which a payer is not worth a collection, by default: 30,00 €. */
export const DEFAULT_MIN_PAYER_CENTS = 3000;
export const MAX_MIN_DAYS = 365;
/** Positions per list, at most (as the database refuses more). */
export const COLLECTION_MAX_POSITIONS = 5000;

/** Why an overdue position is left out of a new list. */
export const EXCLUSIONS = [
  "never_reminded",
  "too_recent",
  "already_listed",
  "under_threshold",
] as const;
export type Exclusion = typeof EXCLUSIONS[number];

export const EXCLUSION_LABELS: Record<Exclusion, { it: string; en: string }> = {
  never_reminded: { it: "Mai sollecitate", en: "Never reminded" },
  too_recent: { it: "Sollecitate troppo di recente", en: "Reminded too recently" },
  already_listed: { it: "Già in un altro elenco", en: "Already on another list" },
  under_threshold: {
    it: "Pagatore sotto l'importo minimo",
    en: "Payer under the minimum amount",
  },
};

export const REMINDER_CHANNELS = ["email", "push", "letter"] as const;
export type ReminderChannel = typeof REMINDER_CHANNELS[number];
export const CHANNEL_LABELS: Record<ReminderChannel, { it: string; en: string }> = {
  email: { it: "E-mail", en: "E-mail" },
  push: { it: "Notifica", en: "Push" },
  letter: { it: "Lettera", en: "Letter" },
};

/** An overdue position as the office's selection reads it. */
export interface CollectionCandidate {
  position_id: string;
  payer_id: string;
  overdue_cents: number;
  /** Earliest due date missed (Rome); null when nothing is overdue. */
  overdue_since: string | null;
  /** Rome date of the last reminder of any channel; null when never reminded. */
  last_reminder_on: string | null;
  /** Already on a list that has not withdrawn it. */
  listed: boolean;
}

export interface CollectionRule {
  /** Today in Rome, `YYYY-MM-DD`. */
  today: string;
  minDays: number;
  minPayerCents: number;
}

/** Calendar days from `from` to `to` (both `YYYY-MM-DD`): 2026-11-01 → 2026-11-16 is 15. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * One position alone: eligible, left out for a reason, or not overdue at all (not counted). A
 * reminder sent on the 1st with 30 days qualifies from the 31st; with 0 days, the same day.
 */
export function positionEligibility(
  c: Pick<CollectionCandidate, "overdue_cents" | "overdue_since" | "last_reminder_on" | "listed">,
  rule: Pick<CollectionRule, "today" | "minDays">,
): "eligible" | "not_overdue" | Exclusion {
  if (!c.overdue_since || c.overdue_cents <= 0 || c.overdue_since >= rule.today) {
    return "not_overdue";
  }
  if (c.listed) return "already_listed";
  if (!c.last_reminder_on) return "never_reminded";
  if (daysBetween(c.last_reminder_on, rule.today) < rule.minDays) return "too_recent";
  return "eligible";
}

export interface CollectionSelection<C extends CollectionCandidate> {
  included: C[];
  /** Positions left out, by reason. */
  excluded: Record<Exclusion, number>;
  /** Payers left out for the threshold (their positions are counted in `excluded`). */
  excluded_payers: number;
  payers: number;
  total_cents: number;
}

/**
 * The positions of a new list: each eligible one (`positionEligibility`), then only the payers
 * whose eligible overdue amounts add up to at least `minPayerCents`.
 */
export function selectForCollection<C extends CollectionCandidate>(
  candidates: readonly C[],
  rule: CollectionRule,
): CollectionSelection<C> {
  const excluded = Object.fromEntries(EXCLUSIONS.map((e) => [e, 0])) as Record<Exclusion, number>;
  const eligible: C[] = [];
  for (const c of candidates) {
    const d = positionEligibility(c, rule);
    if (d === "eligible") eligible.push(c);
    else if (d !== "not_overdue") excluded[d]++;
  }
  const perPayer = new Map<string, number>();
  for (const c of eligible) {
    perPayer.set(c.payer_id, (perPayer.get(c.payer_id) ?? 0) + c.overdue_cents);
  }
  const kept = new Set([...perPayer].filter(([, v]) => v >= rule.minPayerCents).map(([k]) => k));
  const included = eligible.filter((c) => kept.has(c.payer_id));
  excluded.under_threshold = eligible.length - included.length;
  return {
    included,
    excluded,
    excluded_payers: perPayer.size - kept.size,
    payers: kept.size,
    total_cents: included.reduce((s, c) => s + c.overdue_cents, 0),
  };
}

/** "2026-11-05" → "05/11/2026", as the collector's spreadsheets read dates; "" for none. */
export function itDate(iso: string | null | undefined): string {
  if (!iso) return "";
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : "";
}

/** One position of a list, as the list's page and its CSV read it. */
export interface ListedPosition {
  debt_position_id: string;
  iupd: string;
  description: string;
  period_start: string | null;
  period_end: string | null;
  payer_id: string;
  debtor: { name?: string | null; tax_code?: string | null; address?: string | null };
  overdue_cents: number;
  overdue_since: string;
  /** Paid at hand-over, and paid now. */
  paid_cents_then: number;
  paid_cents_now: number;
  status: "open" | "partially_paid" | "paid" | "cancelled";
  last_reminder_at: string;
  last_reminder_channel: ReminderChannel;
  /** The unpaid notices' numbers now. */
  notice_numbers: string[];
  withdrawn_at: string | null;
  withdrawn_reason: string | null;
}

/**
 * Paid (in full or in part) or cancelled since the hand-over while still on the list: the office
 * tells the collector to drop it or reduce it ("sgravio").
 */
export function needsRelief(
  p: Pick<
    ListedPosition,
    "paid_cents_then" | "paid_cents_now" | "status" | "withdrawn_at"
  >,
): boolean {
  if (p.withdrawn_at) return false;
  return p.paid_cents_now > p.paid_cents_then || p.status === "paid" || p.status === "cancelled";
}

export const CSV_HEAD = [
  "N.",
  "Debitore",
  "Codice fiscale",
  "Indirizzo",
  "Codice posizione (IUPD)",
  "Causale",
  "Periodo dal",
  "Periodo al",
  "Importo affidato",
  "Scaduto dal",
  "Ultimo sollecito",
  "Canale ultimo sollecito",
  "Codici avviso da pagare",
  "Stato attuale",
  "Pagato dopo l'affidamento",
  "Ritirata il",
  "Motivo del ritiro",
] as const;

const STATUS_IT: Record<ListedPosition["status"], string> = {
  open: "Da pagare",
  partially_paid: "Pagata in parte",
  paid: "Pagata",
  cancelled: "Annullata",
};

/** One row of the "lista di carico" (numbered from 1), Italian amounts and dates. */
export function csvRow(p: ListedPosition, n: number): (string | number)[] {
  return [
    n,
    p.debtor.name ?? "",
    p.debtor.tax_code ?? "",
    p.debtor.address ?? "",
    p.iupd,
    p.description,
    itDate(p.period_start),
    itDate(p.period_end),
    csvEuro(p.overdue_cents),
    itDate(p.overdue_since),
    itDate(romeDate(new Date(p.last_reminder_at))),
    CHANNEL_LABELS[p.last_reminder_channel].it,
    p.notice_numbers.join(" "),
    STATUS_IT[p.status],
    csvEuro(Math.max(0, p.paid_cents_now - p.paid_cents_then)),
    p.withdrawn_at ? itDate(romeDate(new Date(p.withdrawn_at))) : "",
    p.withdrawn_reason ?? "",
  ];
}

/** The whole "lista di carico" as CSV (BOM, `;`), for a spreadsheet or the collector's import. */
export function collectionCsv(rows: readonly ListedPosition[]): string {
  return csvText(CSV_HEAD, rows.map((r, i) => csvRow(r, i + 1)), { bom: true });
}

/** The file's name: "lista-di-carico-<reference>-<date>.csv", safe for any file system. */
export function csvFileName(reference: string, createdOn: string): string {
  const slug = reference.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60);
  return `lista-di-carico${slug ? `-${slug}` : ""}-${createdOn}.csv`;
}

/** The fields of "Nuovo elenco per la riscossione coattiva", as typed. */
export interface CollectionForm {
  run_id: string;
  min_days: string;
  min_payer: string;
  reference: string;
  note: string;
}

/** The form's field ids (and posted names). */
export const FIELDS = {
  run_id: "run_id",
  min_days: "giorni",
  min_payer: "importo-minimo",
  reference: "riferimento",
  note: "nota",
} as const;

export interface CollectionInput {
  run_id: string | null;
  minDays: number;
  minPayerCents: number;
  reference: string;
  note: string | null;
}

/**
 * Reads the form: whole days 0..365, a euro amount not negative ("30", "30,00", "1.250,50"), a
 * reference of 2 to 200 characters, a note of at most 2000; field id → Italian (or English)
 * message for what is wrong, and the input only when nothing is.
 */
export function readCollectionForm(
  f: CollectionForm,
  tr: (it: string, en: string) => string,
): { input: CollectionInput | null; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const days = f.min_days.trim();
  const minDays = /^\d{1,3}$/.test(days) ? Number(days) : NaN;
  if (!(minDays >= 0 && minDays <= MAX_MIN_DAYS)) {
    errors[FIELDS.min_days] = tr(
      `Indica i giorni minimi dall'ultimo sollecito: un numero intero da 0 a ${MAX_MIN_DAYS}.`,
      `Enter the minimum days since the last reminder: a whole number from 0 to ${MAX_MIN_DAYS}.`,
    );
  }
  const minPayerCents = parseEuro(f.min_payer);
  if (minPayerCents === null) {
    errors[FIELDS.min_payer] = tr(
      "Indica l'importo minimo per pagatore in euro, per esempio 30,00.",
      "Enter the minimum amount per payer in euro, for example 30.00.",
    );
  }
  const reference = f.reference.trim();
  if (reference.length < 2 || reference.length > 200) {
    errors[FIELDS.reference] = tr(
      "Indica il riferimento dell'atto di affidamento (per esempio «Det. n. 123/2026»), da 2 a 200 caratteri.",
      "Enter the reference of the act handing the list over (for example “Det. n. 123/2026”), 2 to 200 characters.",
    );
  }
  const note = f.note.trim();
  if (note.length > 2000) {
    errors[FIELDS.note] = tr(
      "La nota può avere al massimo 2000 caratteri.",
      "The note can have at most 2000 characters.",
    );
  }
  if (Object.keys(errors).length) return { input: null, errors };
  const run = f.run_id.trim();
  return {
    input: {
      run_id: isUuid(run) ? run : null,
      minDays,
      minPayerCents: minPayerCents!,
      reference,
      note: note || null,
    },
    errors,
  };
}
