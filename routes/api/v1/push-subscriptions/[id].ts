import { z } from "zod";
import { defineApi, IdParams } from "../../../../lib/api/define_api.ts";
import { MEMBER_ROLES } from "../../../../lib/db/types.ts";
import { deleteSubscription } from "../../../../lib/push/subscriptions.ts";
import { HttpError } from "../../../../lib/http/define.ts";

export const handler = defineApi({
  DELETE: {
    summary: "Disable push notifications on one of the caller's devices",
    tags: ["push"],
    access: { roles: MEMBER_ROLES },
    params: IdParams,
    status: 204,
    response: z.null(),
    async run({ params, claims, state }) {
      const gone = await state.db.asUser(claims, (tx) => deleteSubscription(tx, params));
      if (!gone) {
        throw new HttpError(404, "No such device among yours", { code: "not_found" });
      }
      return null;
    },
  },
});
