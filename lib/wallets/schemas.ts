/**
 * REST shapes of prepaid wallets (`/api/v1/wallets`): zod schemas that validate requests and
 * generate the OpenAPI document, and the mapping of rows to JSON.
 *
 * @module
 */
import { z } from "zod";
import { HttpError } from "../http/define.ts";
import type { Movement, TopUp, Wallet, WalletSettings } from "./db.ts";
import { KINDS, LEVELS, refusalCode, SCOPES, TOP_UP_REFUSALS } from "./rules.ts";

const Cents = z.number().int();

export const WalletSchema = z.object({
  id: z.uuid(),
  payer: z.object({ id: z.uuid(), name: z.string(), tax_code: z.string().nullable() }),
  beneficiary: z.object({ id: z.uuid(), name: z.string() }).nullable()
    .describe("Set when the Ente keeps one wallet per child"),
  balance_cents: Cents,
  low_balance_threshold_cents: Cents,
  grace_cents: Cents.describe("How far below zero before the office is alerted"),
  alert_level: z.enum(LEVELS).describe(
    "ok; low (under the threshold); negative; over_grace (beyond the grace amount)",
  ),
  updated_at: z.string(),
});

export const WalletPage = z.object({
  items: z.array(WalletSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});

export const WalletsQuery = z.object({
  filter: z.enum(["all", "low", "negative", "over_grace"]).default("all").describe(
    "low: under the threshold (negative ones included); negative: under zero; over_grace: beyond the grace",
  ),
  q: z.string().max(100).optional().describe("Part of the payer's or child's name or CF"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const MovementSchema = z.object({
  id: z.uuid(),
  kind: z.enum(KINDS),
  amount_cents: Cents.describe("Signed: credits positive, uses negative"),
  day: z.string().describe("Europe/Rome date of the use, payment or adjustment"),
  description: z.string(),
  explanation: z.record(z.string(), z.unknown()),
  reason: z.string().nullable(),
  beneficiary_name: z.string().nullable(),
  enrollment_id: z.uuid().nullable(),
  debt_position_id: z.uuid().nullable(),
  refund_of: z.uuid().nullable(),
  created_at: z.string(),
  balance_after_cents: Cents,
});

export const MovementPage = z.object({
  items: z.array(MovementSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});

export const AdjustmentBody = z.object({
  amount_cents: z.number().int().refine((n) => n !== 0 && Math.abs(n) <= 1_000_000, {
    message: "must be non-zero and at most 1000000 cents either way",
  }),
  reason: z.string().trim().min(5).max(1000),
});

export const LimitsBody = z.object({
  low_balance_threshold_cents: z.number().int().min(0).max(10_000_000),
  grace_cents: z.number().int().min(0).max(10_000_000),
});

export const TopUpBody = z.object({
  amount_cents: z.number().int().min(1).max(10_000_000).describe(
    "Within the Ente's limits (wallet settings)",
  ),
});

export const TopUpSchema = z.object({
  debt_position_id: z.uuid(),
  wallet_id: z.uuid(),
  amount_cents: Cents,
  status: z.enum(["open", "partially_paid", "paid", "cancelled"]),
  notice_number: z.string().nullable(),
  due_on: z.string().nullable(),
  created_at: z.string(),
});

export const SettingsSchema = z.object({
  scope: z.enum(SCOPES).describe("One wallet per payer, or one per child"),
  default_threshold_cents: z.number().int().min(0).max(10_000_000),
  default_grace_cents: z.number().int().min(0).max(10_000_000),
  min_top_up_cents: z.number().int().min(100).max(10_000_000),
  max_top_up_cents: z.number().int().min(100).max(10_000_000),
  lookback_days: z.number().int().min(1).max(120),
}).refine((s) => s.max_top_up_cents >= s.min_top_up_cents, {
  message: "max_top_up_cents must not be below min_top_up_cents",
  path: ["max_top_up_cents"],
});

export function walletJson(w: Wallet): z.infer<typeof WalletSchema> {
  return {
    id: w.id,
    payer: { id: w.payer_id, name: w.payer_name, tax_code: w.payer_tax_code },
    beneficiary: w.beneficiary_id ? { id: w.beneficiary_id, name: w.beneficiary_name ?? "" } : null,
    balance_cents: w.balance_cents,
    low_balance_threshold_cents: w.low_balance_threshold_cents,
    grace_cents: w.grace_cents,
    alert_level: w.alert_level,
    updated_at: w.updated_at,
  };
}

export const movementJson = (m: Movement) => ({ ...m });
export const topUpJson = (t: TopUp) => ({ ...t });
export const settingsJson = (s: WalletSettings) => ({ ...s });

/** A refusal of `app.wallet_top_up` as a problem with its code; other errors unchanged. */
export function topUpError(e: unknown): unknown {
  const code = refusalCode(e);
  if (!code) return e;
  const r = TOP_UP_REFUSALS[code];
  return new HttpError(r.status, r.en, { code });
}
