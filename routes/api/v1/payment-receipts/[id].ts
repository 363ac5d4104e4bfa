import { defineApi, IdParams } from "../../../../lib/api/define_api.ts";
import { HttpError } from "../../../../lib/http/define.ts";
import { getReceipt } from "../../../../lib/pagopa/receipts_read.ts";
import { receiptDetailJson, ReceiptDetailSchema } from "./_schemas.ts";

export const handler = defineApi({
  GET: {
    summary: "One pagoPA receipt, with the message as received",
    description: "404 for receipts of other Enti.",
    tags: ["billing"],
    access: { roles: ["admin", "operator"], apiKey: "read" },
    params: IdParams,
    response: ReceiptDetailSchema,
    async run({ params, claims, state }) {
      const r = await state.db.asUser(claims, (tx) => getReceipt(tx, params.id));
      if (!r) throw new HttpError(404, "No such receipt in your Ente", { code: "not_found" });
      return receiptDetailJson(r);
    },
  },
});
