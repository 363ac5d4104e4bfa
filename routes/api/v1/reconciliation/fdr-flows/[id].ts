import { z } from "zod";
import { defineApi } from "../../../../../lib/api/define_api.ts";
import { HttpError } from "../../../../../lib/http/define.ts";
import { getFlow } from "../../../../../lib/reconciliation/queries.ts";
import { FlowDetail } from "../../../../../lib/reconciliation/schemas.ts";

export const handler = defineApi({
  GET: {
    summary: "A reporting flow with each payment's match",
    tags: ["reconciliation"],
    access: { roles: ["admin", "operator"], apiKey: "read" },
    params: z.object({ id: z.uuid() }),
    response: FlowDetail,
    errors: [404],
    async run({ params, claims, state }) {
      const f = await state.db.asUser(claims, (tx) => getFlow(tx, params.id));
      if (!f) throw new HttpError(404, "No such flow", { code: "not_found" });
      const { imported_at: _i, movement_on: _m, bic: _b, payments, ...rest } = f;
      return {
        ...rest,
        payments: payments.map((p) => ({
          idx: p.idx,
          iuv: p.iuv,
          iur: p.iur,
          transfer_index: p.transfer_index,
          amount_cents: p.amount_cents,
          outcome_code: p.outcome_code,
          outcome_date: p.outcome_date,
          match_status: p.match_status as z.infer<typeof FlowDetail>["payments"][0]["match_status"],
          receipt_id: p.receipt_id,
          receipt_cents: p.receipt_cents,
        })),
      };
    },
  },
});
