import { isUuid } from "../codes/uuid.ts";

/**
 * Pure rules of receipts (ricevute telematiche): what a well-formed receipt is, how a pagoPA
 * amount ("85.50") becomes cents, and the messages people read for each refusal.
 *
 * @module
 */

export const RECEIPT_SOURCES = ["gpd", "pa_send_rt", "checkout", "manual"] as const;
export type ReceiptSource = typeof RECEIPT_SOURCES[number];

export const RECEIPT_STATUSES = [
  "matched",
  "unmatched",
  "amount_mismatch",
  "duplicate_payment",
] as const;
export type ReceiptStatus = typeof RECEIPT_STATUSES[number];

/** One payment reported by pagoPA (GPD receipts API, paSendRTV2) or by the checkout. */
export interface ReceiptInput {
  tenantId: string;
  /** pagoPA's receiptId: the same receipt delivered twice has the same one. */
  receiptRef: string;
  /** 17 digits for aux digit 3 (the NAV without its first digit). */
  iuv: string;
  noticeNumber?: string | null;
  amountCents: number;
  /** ISO date-time of the payment. */
  paidAt: string;
  source: ReceiptSource;
  pspId?: string | null;
  pspName?: string | null;
  paymentMethod?: string | null;
  payerFiscalCode?: string | null;
  payerName?: string | null;
  /** The receipt as received (XML or JSON), kept for the office and for disputes. */
  raw?: string | null;
}

export interface ReceiptProblem {
  code: string;
  it: string;
  en: string;
}

/** "85.50" (pagoPA's stAmount, `\d+\.\d{2}`) → 8550; null when it is not such an amount. */
export function amountToCents(text: unknown): number | null {
  if (typeof text === "number") text = text.toFixed(2);
  if (typeof text !== "string") return null;
  const m = /^(\d{1,9})\.(\d{2})$/.exec(text.trim());
  if (!m) return null;
  return Number(m[1]) * 100 + Number(m[2]);
}

/** 8550 → "85.50" (stAmount). */
export function centsToAmount(cents: number): string {
  if (!Number.isSafeInteger(cents) || cents < 0) throw new RangeError(`bad cents ${cents}`);
  return `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}

/** Why a receipt cannot be stored, or null when it is well formed. */
export function receiptProblem(r: Partial<ReceiptInput>): ReceiptProblem | null {
  if (typeof r.tenantId !== "string" || !isUuid(r.tenantId)) {
    return {
      code: "unknown_creditor",
      it: "La ricevuta non indica un Ente conosciuto.",
      en: "The receipt names no known creditor.",
    };
  }
  if (typeof r.receiptRef !== "string" || !/^\S{1,64}$/.test(r.receiptRef)) {
    return {
      code: "receipt_id_invalid",
      it: "Identificativo della ricevuta mancante o non valido (massimo 64 caratteri).",
      en: "Missing or invalid receipt id (at most 64 characters).",
    };
  }
  if (typeof r.iuv !== "string" || !/^[0-9A-Za-z]{1,35}$/.test(r.iuv)) {
    return {
      code: "iuv_invalid",
      it: "IUV mancante o non valido.",
      en: "Missing or invalid IUV.",
    };
  }
  if (r.noticeNumber != null) {
    if (!/^[0-9]{18}$/.test(r.noticeNumber)) {
      return {
        code: "notice_number_invalid",
        it: "Il numero avviso deve avere 18 cifre.",
        en: "The notice number must have 18 digits.",
      };
    }
    if (r.noticeNumber.startsWith("3") && r.noticeNumber.slice(1) !== r.iuv) {
      return {
        code: "iuv_notice_mismatch",
        it: "Lo IUV non corrisponde al numero avviso.",
        en: "The IUV does not match the notice number.",
      };
    }
  }
  if (!Number.isSafeInteger(r.amountCents) || (r.amountCents as number) <= 0) {
    return {
      code: "amount_invalid",
      it: "L'importo pagato deve essere maggiore di zero.",
      en: "The amount paid must be greater than zero.",
    };
  }
  if (typeof r.paidAt !== "string" || Number.isNaN(Date.parse(r.paidAt))) {
    return {
      code: "paid_at_invalid",
      it: "Data e ora del pagamento mancanti o non valide.",
      en: "Missing or invalid payment date and time.",
    };
  }
  if (!RECEIPT_SOURCES.includes(r.source as ReceiptSource)) {
    return {
      code: "source_invalid",
      it: "Canale della ricevuta sconosciuto.",
      en: "Unknown receipt channel.",
    };
  }
  return null;
}

/** Italian and English labels of each receipt status (operator pages, e-mails). */
export const STATUS_LABELS: Record<ReceiptStatus, { it: string; en: string }> = {
  matched: { it: "Abbinata", en: "Matched" },
  unmatched: { it: "Non abbinata", en: "Unmatched" },
  amount_mismatch: { it: "Importo diverso", en: "Amount mismatch" },
  duplicate_payment: { it: "Pagamento doppio", en: "Duplicate payment" },
};

/**
 * pagoPA's paymentDateTime has no zone (local time in Italy, like `2025-10-15T10:22:31`): read it
 * as Europe/Rome. A value with a zone is taken as it is.
 */
export function romeDateTime(text: string): string | null {
  const t = text.trim();
  if (/([zZ]|[+-]\d{2}:?\d{2})$/.test(t)) {
    return Number.isNaN(Date.parse(t)) ? null : new Date(t).toISOString();
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/.exec(t);
  if (!m) return null;
  const [y, mo, d, h = "00", mi = "00", s = "00"] = m.slice(1);
  const asUtc = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
  if (Number.isNaN(asUtc)) return null;
  // The Rome offset at that instant (CET +1, CEST +2), found by formatting the UTC guess.
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/Rome",
    hour12: false,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(asUtc));
  const get = (k: string) => Number(parts.find((p) => p.type === k)?.value);
  const shown = Date.UTC(
    get("year"),
    get("month") - 1,
    get("day"),
    get("hour") % 24,
    get("minute"),
    get("second"),
  );
  return new Date(asUtc - (shown - asUtc)).toISOString();
}

export const MANUAL_METHODS = ["cash", "bank_transfer", "pos", "other"] as const;
export type ManualMethod = typeof MANUAL_METHODS[number];

/** How each method is named on the office's pages. */
export const MANUAL_METHOD_LABELS: Record<ManualMethod, { it: string; en: string }> = {
  cash: { it: "Contanti", en: "Cash" },
  bank_transfer: { it: "Bonifico", en: "Bank transfer" },
  pos: { it: "POS", en: "POS" },
  other: { it: "Altro", en: "Other" },
};

/** pagoPA's payment method codes (paymentMethod of a receipt) as people read them. */
export const PAGOPA_METHOD_LABELS: Record<string, { it: string; en: string }> = {
  CP: { it: "Carta di pagamento", en: "Payment card" },
  BBT: { it: "Bonifico bancario", en: "Bank transfer" },
  BP: { it: "Bollettino postale", en: "Postal slip" },
  AD: { it: "Addebito diretto", en: "Direct debit" },
  PPAL: { it: "PayPal", en: "PayPal" },
  BPAY: { it: "Bancomat Pay", en: "Bancomat Pay" },
  PO: { it: "Pagamento presso PSP", en: "Paid at a PSP" },
};

/**
 * How a receipt was paid, in words: a pagoPA method ("Carta di pagamento"), or the office's
 * method of a manual receipt ("Contanti (fuori pagoPA)"); an unknown code as it is, none as "—".
 */
export function paymentMethodLabel(
  source: string,
  method: string | null,
  lang: "it" | "en",
): string {
  if (!method) return "—";
  if (source === "manual") {
    const l = MANUAL_METHOD_LABELS[method as ManualMethod];
    if (!l) return method;
    return lang === "it" ? `${l.it} (fuori pagoPA)` : `${l.en} (outside pagoPA)`;
  }
  return PAGOPA_METHOD_LABELS[method]?.[lang] ?? method;
}
