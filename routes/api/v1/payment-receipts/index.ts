import { defineApi } from "../../../../lib/api/define_api.ts";
import { listReceipts } from "../../../../lib/pagopa/receipts_read.ts";
import { receiptJson, ReceiptPage, ReceiptsQuery } from "./_schemas.ts";

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
});
