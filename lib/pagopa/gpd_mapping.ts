/**
 * Our debt position (with its notices, the debtor as printed at issue and the Ente's settings)
 * → GPD v1 `PaymentPositionModel`. Pure. One payment option per notice: instalment 0 is the
 * whole amount (`isPartialPayment` false), instalments 1..n are partial; each has one transfer
 * (`idTransfer` "1") to the Ente's IBAN (or postal IBAN) with the service's taxonomy code and the
 * causale as remittance information (what families keep for tax deductions).
 *
 * @module
 */

import { romeInstant } from "../calendar/dates.ts";

/** `debt_positions.debtor`: the payer at issue time. */
export interface Debtor {
  fiscal_code?: string | null;
  full_name?: string | null;
  street_name?: string | null;
  /** Free-form address (street and number) when the street is not split. */
  address?: string | null;
  civic_number?: string | null;
  postal_code?: string | null;
  city?: string | null;
  province?: string | null;
  country?: string | null;
  email?: string | null;
  phone?: string | null;
}

export interface PositionForGpd {
  iupd: string;
  description: string;
  amount_cents: number;
  taxonomy_code: string;
  debtor: Debtor;
}

export interface NoticeForGpd {
  instalment: number;
  notice_number: string;
  iuv: string;
  amount_cents: number;
  /** Europe/Rome calendar date: payable until 23:59:59 of that day. */
  due_on: string;
}

export interface EnteForGpd {
  fiscalCode: string;
  name: string;
  officeName?: string | null;
  iban?: string | null;
  postalIban?: string | null;
}

export interface GpdTransfer {
  idTransfer: "1";
  organizationFiscalCode: string;
  amount: number;
  remittanceInformation: string;
  category: string;
  iban?: string;
  postalIban?: string;
}

export interface GpdPaymentOption {
  iuv: string;
  nav: string;
  amount: number;
  description: string;
  isPartialPayment: boolean;
  dueDate: string;
  transfer: GpdTransfer[];
}

export interface GpdPosition {
  iupd: string;
  type: "F" | "G";
  fiscalCode: string;
  fullName: string;
  streetName?: string;
  civicNumber?: string;
  postalCode?: string;
  city?: string;
  province?: string;
  country?: string;
  email?: string;
  phone?: string;
  companyName: string;
  officeName?: string;
  switchToExpired: boolean;
  payStandIn: boolean;
  paymentOption: GpdPaymentOption[];
}

export type MappingCode =
  | "debtor_without_cf"
  | "debtor_without_name"
  | "ente_without_cf"
  | "iban_missing"
  | "no_notices"
  | "amount_not_positive"
  | "instalments_mismatch"
  | "bad_notice_number"
  | "bad_due_date";

export type MappingResult =
  | { ok: true; body: GpdPosition }
  | { ok: false; code: MappingCode; it: string; en: string };

const CF_PERSON = /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/;
const CF_ENTITY = /^[0-9]{11}$/;
const MAX_TEXT = 140;

/** Cuts to pagoPA's 140 characters on a word boundary when it can. */
export function clip(text: string, max = MAX_TEXT): string {
  const t = text.replace(/\s+/g, " ").trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return (space > max * 0.7 ? cut.slice(0, space) : cut).trim();
}

/** `YYYY-MM-DD` (Rome) → the instant 23:59:59 of that day, as GPD's date-time. */
export function dueDateOf(day: string): string | null {
  const t = romeInstant(`${day}T23:59:59`);
  return t ? t.toISOString().replace(/\.000Z$/, "Z") : null;
}

const fail = (code: MappingCode, it: string, en: string): MappingResult => ({
  ok: false,
  code,
  it,
  en,
});

function optional(value: string | null | undefined, re?: RegExp): string | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  return re && !re.test(v) ? undefined : v;
}

/** Maps a position; refuses (with an Italian message for the office) what GPD would refuse. */
export function toGpdPosition(
  position: PositionForGpd,
  notices: NoticeForGpd[],
  ente: EnteForGpd,
): MappingResult {
  const cf = (position.debtor.fiscal_code ?? "").trim().toUpperCase();
  const type = CF_PERSON.test(cf) ? "F" : CF_ENTITY.test(cf) ? "G" : null;
  if (!type) {
    return fail(
      "debtor_without_cf",
      `Il pagatore della posizione ${position.iupd} non ha un codice fiscale o una partita IVA validi.`,
      `The payer of position ${position.iupd} has no valid tax code or VAT number.`,
    );
  }
  const fullName = (position.debtor.full_name ?? "").trim();
  if (fullName.length < 2) {
    return fail(
      "debtor_without_name",
      `Il pagatore della posizione ${position.iupd} non ha nome e cognome.`,
      `The payer of position ${position.iupd} has no name.`,
    );
  }
  if (!CF_ENTITY.test(ente.fiscalCode)) {
    return fail(
      "ente_without_cf",
      "Il codice fiscale dell'Ente non è valido (11 cifre).",
      "The Ente's tax code is not valid (11 digits).",
    );
  }
  const iban = optional(ente.iban);
  const postalIban = optional(ente.postalIban);
  if (!iban && !postalIban) {
    return fail(
      "iban_missing",
      "Nelle impostazioni pagoPA manca l'IBAN di accredito (bancario o postale).",
      "The pagoPA settings lack the crediting IBAN (bank or postal).",
    );
  }
  if (!notices.length) {
    return fail(
      "no_notices",
      `La posizione ${position.iupd} non ha avvisi.`,
      `Position ${position.iupd} has no notices.`,
    );
  }
  const sorted = [...notices].sort((a, b) => a.instalment - b.instalment);
  const instalments = sorted.filter((n) => n.instalment > 0);
  const options: GpdPaymentOption[] = [];
  for (const n of sorted) {
    if (!(n.amount_cents > 0) || !Number.isSafeInteger(n.amount_cents)) {
      return fail(
        "amount_not_positive",
        `L'avviso ${n.notice_number} ha un importo nullo o negativo.`,
        `Notice ${n.notice_number} has a zero or negative amount.`,
      );
    }
    if (!/^3[0-9]{17}$/.test(n.notice_number) || n.iuv !== n.notice_number.slice(1)) {
      return fail(
        "bad_notice_number",
        `Il numero avviso ${n.notice_number} non è valido.`,
        `Notice number ${n.notice_number} is not valid.`,
      );
    }
    const dueDate = dueDateOf(n.due_on);
    if (!dueDate) {
      return fail(
        "bad_due_date",
        `La scadenza dell'avviso ${n.notice_number} non è valida.`,
        `The due date of notice ${n.notice_number} is not valid.`,
      );
    }
    const text = n.instalment === 0
      ? clip(position.description)
      : clip(`${clip(position.description, 120)} - rata ${n.instalment} di ${instalments.length}`);
    options.push({
      iuv: n.iuv,
      nav: n.notice_number,
      amount: n.amount_cents,
      description: text,
      isPartialPayment: n.instalment > 0,
      dueDate,
      transfer: [{
        idTransfer: "1",
        organizationFiscalCode: ente.fiscalCode,
        amount: n.amount_cents,
        remittanceInformation: text,
        category: position.taxonomy_code,
        ...(iban ? { iban } : {}),
        ...(postalIban ? { postalIban } : {}),
      }],
    });
  }
  const full = sorted.filter((n) => n.instalment === 0);
  const sum = instalments.reduce((s, n) => s + n.amount_cents, 0);
  if (
    full.length > 1 || full.some((n) => n.amount_cents !== position.amount_cents) ||
    (instalments.length > 0 && sum !== position.amount_cents)
  ) {
    return fail(
      "instalments_mismatch",
      `Gli importi degli avvisi della posizione ${position.iupd} non corrispondono al totale.`,
      `The notice amounts of position ${position.iupd} do not add up to the total.`,
    );
  }
  const d = position.debtor;
  const body: GpdPosition = {
    iupd: position.iupd,
    type,
    fiscalCode: cf,
    fullName: clip(fullName, 70),
    streetName: optional(d.street_name ?? (d.address ? clip(d.address, 70) : null)),
    civicNumber: optional(d.civic_number),
    postalCode: optional(d.postal_code, /^[0-9]{5}$/),
    city: optional(d.city),
    province: optional(d.province?.toUpperCase(), /^[A-Z]{2}$/),
    country: optional(d.country?.toUpperCase(), /^[A-Z]{2}$/),
    email: optional(d.email, /^[^@\s]+@[^@\s]+\.[^@\s]+$/),
    phone: optional(d.phone),
    companyName: clip(ente.name),
    officeName: optional(ente.officeName ? clip(ente.officeName) : null),
    switchToExpired: false,
    payStandIn: true,
    paymentOption: options,
  };
  for (const k of Object.keys(body) as (keyof GpdPosition)[]) {
    if (body[k] === undefined) delete body[k];
  }
  return { ok: true, body };
}

/**
 * Whether a position found on GPD (GET) is the one we would create: same options by IUV with the
 * same amounts. A 409 on create is then "already published", not an error.
 */
export function sameOptions(
  mine: Pick<GpdPosition, "paymentOption">,
  theirs: { paymentOption?: { iuv?: string; amount?: number }[] },
): boolean {
  const a = mine.paymentOption.map((o) => `${o.iuv}:${o.amount}`).sort();
  const b = (theirs.paymentOption ?? []).map((o) => `${o.iuv}:${o.amount}`).sort();
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
