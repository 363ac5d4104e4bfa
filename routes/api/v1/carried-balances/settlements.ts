import { z } from "zod";
import { defineApi } from "../../../../lib/api/define_api.ts";
import {
  CarriedSettlementError,
  type CarriedSettlementInput,
  listCarriedSettlements,
  settleCarriedCredit,
} from "../../../../lib/billing/carried_settlement.ts";
import { HttpError } from "../../../../lib/http/define.ts";

const Note = z.string().trim().max(1000).nullable().optional()
  .describe("What the office wants to remember about it (5 to 1000 characters)");
const Target = {
  payer_id: z.uuid().describe("The payer owed the credit"),
  service_id: z.uuid().nullable().describe(
    "The balance's service, as listed by GET /carried-balances (null when the Ente issues one " +
      "position for all services)",
  ),
  amount_cents: z.number().int().positive().describe(
    "The credit given back, as listed (a positive amount): refused with 409 `changed` when " +
      "the carried lines no longer make it",
  ),
};

const Body = z.discriminatedUnion("kind", [
  z.object({
    ...Target,
    kind: z.literal("refunded").describe("Refunded by bank transfer"),
    refunded_on: z.iso.date().describe("The day of the transfer (Europe/Rome), not in the future"),
    reference: z.string().trim().min(3).max(64)
      .describe("The transfer's reference (CRO/TRN), 3 to 64 characters"),
    note: Note,
  }),
  z.object({
    ...Target,
    kind: z.literal("wallet_credit").describe("Credited to a prepaid wallet of the payer"),
    wallet_id: z.uuid().describe("A wallet of the payer"),
    note: Note,
  }),
]);

const Settlement = z.object({
  id: z.uuid(),
  service_id: z.uuid().nullable(),
  amount_cents: z.number().int(),
  kind: z.enum(["refunded", "wallet_credit"]),
  refund_ref: z.string().nullable(),
  refunded_on: z.iso.date().nullable(),
  wallet_id: z.uuid().nullable(),
  wallet_movement_id: z.uuid().nullable()
    .describe("The wallet adjustment of exactly the credit (wallet_credit)"),
  note: z.string().nullable(),
  settled_by_name: z.string().nullable(),
  settled_at: z.string(),
  lines: z.number().int().describe("How many carried lines the credit consumed"),
  credit_note: z.object({ id: z.uuid(), numero: z.string() }).nullable().describe(
    "The credit note (TD04) issued for the lines of services billed by invoice, in the same " +
      "transaction (GET /invoices/{id}); null when the credit has none",
  ),
});

const FIELD: Record<string, string> = {
  kind: "kind",
  refundedOn: "refunded_on",
  reference: "reference",
  walletId: "wallet_id",
  note: "note",
};

export const handler = defineApi({
  POST: {
    summary: "Give a carried credit back to its payer",
    description:
      "A payer whose carried lines total less than zero is owed that credit; it is deducted " +
      "from the payer's next position, which a family with nothing more to pay never gets. " +
      "This gives it back, once: `refunded` (the transfer's reference and day) or " +
      "`wallet_credit` (exactly the credit onto a prepaid wallet of the payer, as an office " +
      "adjustment in the same transaction). The lines are then never carried again. 409 " +
      "`not_a_credit` when the balance is no credit (given back already, or netted by an " +
      "issue), `changed` when it is no longer `amount_cents`, `invoiced` when the lines of " +
      "services billed by invoice in an aggregated balance are no credit by themselves, " +
      "`credit_note` (with `invoice_error`, e.g. `payer_without_tax_code`) when their credit " +
      "note cannot be issued; 422 with `errors[].path` for a " +
      "future date, a short reference or a wallet not of the payer. Office sessions only " +
      "(admins and operators): the settlement names who gave the money back. When the " +
      "lines include services billed by invoice (charged in full by their invoices), a credit " +
      "note (FatturaPA TD04) for their credit is issued in the same transaction: one line per " +
      "carried line, amounts negated, naming the invoices that billed the same enrollments and " +
      "periods, in the Ente's yearly numbering; the response names it in `credit_note`.",
    tags: ["billing"],
    access: { roles: ["admin", "operator"] },
    body: Body,
    response: Settlement,
    status: 201,
    errors: [409],
    async run({ body, claims, state }) {
      const input: CarriedSettlementInput = body.kind === "refunded"
        ? {
          kind: "refunded",
          refundedOn: body.refunded_on,
          reference: body.reference,
          note: body.note || null,
        }
        : { kind: "wallet_credit", walletId: body.wallet_id, note: body.note || null };
      try {
        return await state.db.asUser(claims, async (tx) => {
          const res = await settleCarriedCredit(tx, {
            payerId: body.payer_id,
            serviceId: body.service_id,
            expectedCents: body.amount_cents,
            input,
          }, claims.sub);
          const rows = await listCarriedSettlements(tx, body.payer_id);
          const row = rows.find((r) => r.id === res.settlementId)!;
          return {
            ...row,
            amount_cents: Number(row.amount_cents),
            settled_at: new Date(row.settled_at).toISOString(),
            wallet_movement_id: res.walletMovementId,
          };
        });
      } catch (e) {
        if (!(e instanceof CarriedSettlementError)) throw e;
        throw new HttpError(e.status, e.en, {
          code: e.code,
          ...(e.invoiceCode ? { invoice_error: e.invoiceCode } : {}),
          ...(e.field
            ? { errors: [{ path: `body.${FIELD[e.field]}`, message: e.en, code: e.code }] }
            : {}),
        });
      }
    },
  },
});
