/**
 * Refusals of the billing area: a code for machines, a message in Italian and English for
 * people, and the HTTP status the API answers with.
 *
 * @module
 */
export type BillingErrorCode =
  | "invalid"
  | "not_found"
  | "overlapping_run"
  | "campaign_busy"
  | "prepaid_service"
  | "wrong_status"
  | "iban_missing"
  | "settings_missing";

const STATUS: Record<BillingErrorCode, number> = {
  invalid: 422,
  not_found: 404,
  overlapping_run: 409,
  campaign_busy: 409,
  prepaid_service: 422,
  wrong_status: 409,
  iban_missing: 422,
  settings_missing: 422,
};

export class BillingError extends Error {
  constructor(
    readonly code: BillingErrorCode,
    readonly it: string,
    readonly en: string,
  ) {
    super(en);
  }
  get status(): number {
    return STATUS[this.code];
  }
}
