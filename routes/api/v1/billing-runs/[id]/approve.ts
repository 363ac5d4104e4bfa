import { defineApi, IdParams } from "../../../../../lib/api/define_api.ts";
import { getRun } from "../../../../../lib/billing/review.ts";
import { approveRun } from "../../../../../lib/billing/runs.ts";
import { apiError, RunSchema } from "../../../../../lib/billing/schemas.ts";

export const handler = defineApi({
  POST: {
    summary: "Approve a run in review",
    description:
      "Lines can no longer change; the run can be issued. 409 `wrong_status` unless the run is computed (in review). Problems listed by the run are not billed.",
    tags: ["billing"],
    access: { roles: ["admin", "operator"], apiKey: "write" },
    params: IdParams,
    response: RunSchema,
    errors: [404, 409],
    async run({ params, claims, state }) {
      try {
        return await state.db.asUser(claims, async (tx) => {
          await approveRun(tx, params.id, claims.sub);
          return (await getRun(tx, params.id))!;
        });
      } catch (e) {
        throw apiError(e);
      }
    },
  },
});
