import { defineApi, IdParams } from "../../../../lib/api/define_api.ts";
import { getPosition } from "../../../../lib/billing/positions_read.ts";
import { PositionDetailSchema } from "../../../../lib/billing/schemas.ts";
import { HttpError } from "../../../../lib/http/define.ts";

export const handler = defineApi({
  GET: {
    summary: "One debt position with its notices, lines and receipts",
    description:
      "The notices (single payment `instalment` 0, instalments 1..n) with number, IUV, amount, " +
      "due date and status; the charge lines it bills with their explanations; the receipts.",
    tags: ["billing"],
    access: { roles: ["admin", "operator"], apiKey: "read" },
    params: IdParams,
    response: PositionDetailSchema,
    async run({ params, claims, state }) {
      const p = await state.db.asUser(claims, (tx) => getPosition(tx, params.id));
      if (!p) throw new HttpError(404, "No such debt position in your Ente", { code: "not_found" });
      return p;
    },
  },
});
