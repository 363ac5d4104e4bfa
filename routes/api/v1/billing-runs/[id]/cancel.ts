import { defineApi, IdParams } from "../../../../../lib/api/define_api.ts";
import { getRun } from "../../../../../lib/billing/review.ts";
import { cancelRun } from "../../../../../lib/billing/runs.ts";
import { apiError, RunSchema } from "../../../../../lib/billing/schemas.ts";

export const handler = defineApi({
  POST: {
    summary: "Cancel a run that was not issued",
    description: "Its lines stay for the record and are never billed. 409 once issuing or issued.",
    tags: ["billing"],
    access: { roles: ["admin", "operator"], apiKey: "write" },
    params: IdParams,
    response: RunSchema,
    errors: [404, 409],
    async run({ params, claims, state }) {
      try {
        return await state.db.asUser(claims, async (tx) => {
          await cancelRun(tx, params.id, claims.sub);
          return (await getRun(tx, params.id))!;
        });
      } catch (e) {
        throw apiError(e);
      }
    },
  },
});
