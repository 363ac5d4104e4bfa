import { defineApi, IdParams } from "../../../../../lib/api/define_api.ts";
import {
  compareWithPrevious,
  getRun,
  listProblems,
  runTotals,
} from "../../../../../lib/billing/review.ts";
import { ReviewSchema } from "../../../../../lib/billing/schemas.ts";
import { HttpError } from "../../../../../lib/http/define.ts";

export const handler = defineApi({
  GET: {
    summary: "What to review before approving a run",
    description:
      "Totals by service, site and payer (lines not deleted), the comparison by service with the " +
      "previous run of the same services (difference and percent), and the problems per " +
      "enrollment that were not billed.",
    tags: ["billing"],
    access: { roles: ["admin", "operator"], apiKey: "read" },
    params: IdParams,
    response: ReviewSchema,
    async run({ params, claims, state }) {
      const review = await state.db.asUser(claims, async (tx) => {
        const run = await getRun(tx, params.id);
        if (!run) return null;
        return {
          run,
          totals: await runTotals(tx, run.id),
          comparison: await compareWithPrevious(tx, run),
          problems: await listProblems(tx, run.id),
        };
      });
      if (!review) {
        throw new HttpError(404, "No such billing run in your Ente", { code: "not_found" });
      }
      return review;
    },
  },
});
