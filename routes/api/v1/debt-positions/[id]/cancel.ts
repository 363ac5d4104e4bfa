import { defineApi, IdParams } from "../../../../../lib/api/define_api.ts";
import { getPosition, type GpdStatus } from "../../../../../lib/billing/positions_read.ts";
import { HttpError } from "../../../../../lib/http/define.ts";
import { gpdGateway } from "../../../../../lib/pagopa/gpd_client.ts";
import { cancelAndInvalidate } from "../../../../../lib/pagopa/publish_office.ts";
import { CancelBody, CancelOutcomeSchema, officeApiError, pagopaOutcomeOf } from "../_schemas.ts";

export const handler = defineApi({
  POST: {
    summary: "Cancel a debt position and invalidate it on pagoPA",
    description:
      "Cancels a position that nothing has paid yet, with a reason: its unpaid notices are " +
      "cancelled, pagoPA (GPD) is asked at once to invalidate it (or later by the publication " +
      "job when it does not answer) and, when the position was invoiced, its invoice is reversed " +
      "by a FatturaPA credit note (TD04) with the same reason, all or nothing. 409 `paid` when " +
      "it is (partly) paid, `already_cancelled` when it was cancelled before, " +
      "`credit_note_<reason>` when the credit note cannot be issued (the position is then left " +
      "as it was). Office sessions only (admins and operators): API keys do not cancel money " +
      "owed, as in the office's pages.",
    tags: ["billing"],
    access: { roles: ["admin", "operator"] },
    params: IdParams,
    body: CancelBody,
    response: CancelOutcomeSchema,
    errors: [404, 409],
    async run({ params, body, claims, state }) {
      const { db, config } = state;
      const before = await db.asUser(claims, (tx) => getPosition(tx, params.id));
      if (!before) {
        throw new HttpError(404, "No such debt position in your Ente", { code: "not_found" });
      }
      if (before.status === "cancelled") {
        throw new HttpError(409, "The position was already cancelled", {
          code: "already_cancelled",
        });
      }
      try {
        const gw = await gpdGateway(config);
        const out = await cancelAndInvalidate(db, claims, gw, params.id, body.reason);
        const position = await db.asUser(claims, (tx) => getPosition(tx, params.id));
        return {
          position: position!,
          pagopa: {
            outcome: pagopaOutcomeOf(out),
            gpd_status: out.gpd_status as GpdStatus,
            gpd_error: out.gpd_error,
          },
          credit_note: out.credit_note,
        };
      } catch (e) {
        throw officeApiError(e);
      }
    },
  },
});
