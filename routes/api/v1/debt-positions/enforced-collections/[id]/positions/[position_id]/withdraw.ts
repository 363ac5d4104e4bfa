import { defineApi } from "../../../../../../../../lib/api/define_api.ts";
import { getCollection } from "../../../../../../../../lib/billing/enforced_collection_read.ts";
import { withdrawPosition } from "../../../../../../../../lib/billing/enforced_collection_record.ts";
import { HttpError } from "../../../../../../../../lib/http/define.ts";
import {
  listedPositionOf,
  ListedPositionSchema,
  WithdrawBody,
  WithdrawParams,
} from "../../../_schemas.ts";

export const handler = defineApi({
  POST: {
    summary: "Take a position back from a list handed to enforced collection",
    description:
      "The position stays on the list as withdrawn, with the reason, who and when (the «lista " +
      "di carico» says so); it can be reminded again and may go on a later list. Tell the " +
      "collector. Answered with the position as the list now tells it. 404 when the list is " +
      "not in your Ente or does not have the position (any more: a position is withdrawn " +
      "once). Office sessions only (admins and operators), as in the office's pages.",
    tags: ["billing"],
    access: { roles: ["admin", "operator"] },
    params: WithdrawParams,
    body: WithdrawBody,
    response: ListedPositionSchema,
    async run({ params, body, claims, state }) {
      const position = await state.db.asUser(claims, async (tx) => {
        if (!await withdrawPosition(tx, params.id, params.position_id, body.reason)) return null;
        const read = await getCollection(tx, params.id);
        return read?.positions.find((p) => p.debt_position_id === params.position_id) ?? null;
      });
      if (!position) {
        throw new HttpError(404, "The list does not have this position (any more)", {
          code: "not_found",
        });
      }
      return listedPositionOf(position);
    },
  },
});
