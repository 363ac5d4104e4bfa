import { defineApi, IdParams } from "../../../../../lib/api/define_api.ts";
import { kickBillingJobs } from "../../../../../lib/jobs/billing.ts";
import { getRun } from "../../../../../lib/billing/review.ts";
import { requestIssue } from "../../../../../lib/billing/runs.ts";
import { apiError, RunSchema } from "../../../../../lib/billing/schemas.ts";

export const handler = defineApi({
  POST: {
    summary: "Issue an approved run",
    description:
      "Queues the issue: the job groups the lines into debt positions with their pagoPA notices (follow `issue_done`/`issue_total`). 409 unless approved; 422 `settings_missing` or `iban_missing` without an account to credit.",
    tags: ["billing"],
    access: { roles: ["admin", "operator"], apiKey: "write" },
    params: IdParams,
    response: RunSchema,
    errors: [404, 409],
    async run({ params, claims, state }) {
      try {
        const run = await state.db.asUser(claims, async (tx) => {
          await requestIssue(tx, params.id, claims.sub);
          return (await getRun(tx, params.id))!;
        });
        kickBillingJobs();
        return run;
      } catch (e) {
        throw apiError(e);
      }
    },
  },
});
