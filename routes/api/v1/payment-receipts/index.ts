import { defineApi } from "../../../../lib/api/define_api.ts";
import { recordManualReceipt } from "../../../../lib/pagopa/receipts_manual.ts";
import { getReceipt, listReceipts } from "../../../../lib/pagopa/receipts_read.ts";
import {
  ManualReceiptBody,
  ManualReceiptSchema,
  receiptApiError,
  receiptJson,
  ReceiptPage,
  ReceiptsQuery,
} from "./_schemas.ts";

export const handler = defineApi({
  GET: {
    summary: "pagoPA receipts of the Ente",
    description:
      "Every payment reported by pagoPA (paSendRTV2, the GPD receipts API, the checkout), newest " +
      "first, including those that matched no notice (`unmatched`), paid a different amount " +
      "(`amount_mismatch`) or paid a notice no longer payable (`duplicate_payment`): they are " +
      "kept and listed, never dropped. Filter by `status`, payment day (`from`, `to`) and `iuv`.",
    tags: ["billing"],
    access: { roles: ["admin", "operator"], apiKey: "read" },
    query: ReceiptsQuery,
    response: ReceiptPage,
    async run({ query, claims, state }) {
      const r = await state.db.asUser(claims, (tx) =>
        listReceipts(
          tx,
          {
            stato: query.status,
            dal: query.from,
            al: query.to,
            iuv: query.iuv,
            pagina: 1,
          },
          query.limit,
          query.offset,
        ));
      return {
        items: r.rows.map(receiptJson),
        total: r.total,
        limit: query.limit,
        offset: query.offset,
        attention: r.attention as Record<string, number>,
      };
    },
  },
  POST: {
    summary: "Record a payment received outside pagoPA (manual receipt)",
    description:
      "A payment the Ente received at the counter, by bank transfer to the treasury or by POS at " +
      "the office, for the whole amount of one unpaid notice: it is stored as a receipt with " +
      "source `manual` and pays the notice and its position exactly as a pagoPA receipt does " +
      "(the family is told by e-mail; a position paid in full is withdrawn from pagoPA). The " +
      "method and `reference` identify the payment: sending it again returns the same receipt " +
      "with `duplicate: true` and pays nothing twice; the same reference for another notice is " +
      "refused (409 `reference_used`). 404 `notice_not_found`; 409 `already_paid`, " +
      "`not_payable` (cancelled or invalidated); 422 with `errors[].path` for a wrong amount " +
      "(`amount_mismatch`), a date in the future or before the position was issued. Office " +
      "sessions only (admins and operators): the receipt names who recorded it, so API keys " +
      "cannot record one.",
    tags: ["billing"],
    access: { roles: ["admin", "operator"] },
    body: ManualReceiptBody,
    response: ManualReceiptSchema,
    status: 201,
    errors: [404, 409],
    async run({ body, claims, state }) {
      try {
        return await state.db.asUser(claims, async (tx) => {
          const res = await recordManualReceipt(
            tx,
            {
              noticeId: body.notice_id,
              positionId: body.debt_position_id,
              amountCents: body.amount_cents,
              paidOn: body.paid_on,
              method: body.method,
              reference: body.reference,
              note: body.note || null,
            },
            claims.sub,
            { publicUrl: state.config.publicUrl },
          );
          const r = await getReceipt(tx, res.receiptId);
          return { ...receiptJson(r!), duplicate: res.duplicate };
        });
      } catch (e) {
        throw receiptApiError(e);
      }
    },
  },
});
