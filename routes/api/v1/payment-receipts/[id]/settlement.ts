import { defineApi, IdParams } from "../../../../../lib/api/define_api.ts";
import { getReceipt } from "../../../../../lib/pagopa/receipts_read.ts";
import {
  type SettlementInput,
  settleReceipt,
} from "../../../../../lib/pagopa/receipts_settlement.ts";
import {
  receiptApiError,
  settledReceiptJson,
  SettledReceiptSchema,
  SettlementBody,
} from "../_schemas.ts";

export const handler = defineApi({
  POST: {
    summary: "Record what the office did with a receipt that paid nothing",
    description:
      "For a receipt that kept the family's money without paying a notice (`unmatched`, " +
      "`amount_mismatch`, `duplicate_payment`): `refunded` (the refund's reference and day), " +
      "`wallet_credit` (the receipt's exact amount credited to a prepaid wallet of its payer, " +
      "as an office adjustment in the same transaction) or `other` (said in words). Recorded " +
      "once and final: the same settlement sent again returns it with `duplicate: true` and " +
      "credits nothing twice; a different one is refused (409 `already_settled`). 409 " +
      "`receipt_matched` when the receipt paid its notice (nothing to settle); 422 with " +
      "`errors[].path` for a future refund date or a wallet not of the receipt's payer " +
      "(`wallet_not_found`). Office sessions only (admins and operators): the receipt names " +
      "who settled it, so API keys cannot settle one.",
    tags: ["billing"],
    access: { roles: ["admin", "operator"] },
    params: IdParams,
    body: SettlementBody,
    response: SettledReceiptSchema,
    errors: [404, 409],
    async run({ params, body, claims, state }) {
      const input: SettlementInput = body.kind === "refunded"
        ? {
          kind: "refunded",
          refundedOn: body.refunded_on,
          reference: body.reference,
          note: body.note || null,
        }
        : body.kind === "wallet_credit"
        ? { kind: "wallet_credit", walletId: body.wallet_id, note: body.note || null }
        : { kind: "other", note: body.note };
      try {
        return await state.db.asUser(claims, async (tx) => {
          const res = await settleReceipt(tx, params.id, input, claims.sub);
          return settledReceiptJson((await getReceipt(tx, res.receiptId))!, res);
        });
      } catch (e) {
        throw receiptApiError(e);
      }
    },
  },
});
