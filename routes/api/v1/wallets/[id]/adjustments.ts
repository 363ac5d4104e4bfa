import { defineApi, IdParams } from "../../../../../lib/api/define_api.ts";
import { romeDateOf } from "../../../../../lib/calendar/dates.ts";
import { HttpError } from "../../../../../lib/http/define.ts";
import { adjustWallet } from "../../../../../lib/wallets/db.ts";
import { AdjustmentBody, MovementSchema } from "../../../../../lib/wallets/schemas.ts";

export const handler = defineApi({
  POST: {
    summary: "Adjust a prepaid wallet",
    description:
      "A signed amount (positive credits, negative debits) with a mandatory reason, audited and " +
      "shown to the family. A debit may take the balance below zero: meals are never refused. " +
      "Office sessions only: API keys do not move money.",
    tags: ["wallets"],
    access: { roles: ["admin", "operator"] },
    params: IdParams,
    body: AdjustmentBody,
    response: MovementSchema,
    status: 201,
    async run({ params, body, claims, state }) {
      const m = await state.db.asUser(claims, (tx) =>
        adjustWallet(tx, params.id, {
          cents: body.amount_cents,
          reason: body.reason,
          userId: state.auth === "session" ? claims.sub : null,
          day: romeDateOf(),
        }));
      if (!m) throw new HttpError(404, "No such wallet in your Ente", { code: "not_found" });
      return m;
    },
  },
});
