import { defineApi } from "../../../../lib/api/define_api.ts";
import { kickBillingJobs } from "../../../../lib/jobs/billing.ts";
import { getRun, listRuns } from "../../../../lib/billing/review.ts";
import { createRun } from "../../../../lib/billing/runs.ts";
import {
  apiError,
  NewRunBody,
  RunPage,
  RunSchema,
  RunsQuery,
} from "../../../../lib/billing/schemas.ts";

export const handler = defineApi({
  GET: {
    summary: "Billing runs (elaborazioni) of the caller's Ente",
    description:
      "Newest period first, with progress, the total of the lines not deleted, and the count of " +
      "lines, problems and debt positions. Filter by `status`.",
    tags: ["billing"],
    access: { roles: ["admin", "operator"], apiKey: "read" },
    query: RunsQuery,
    response: RunPage,
    async run({ query, claims, state }) {
      const { items, total } = await state.db.asUser(
        claims,
        (tx) =>
          listRuns(tx, { status: query.status ?? null, limit: query.limit, offset: query.offset }),
      );
      return { items, total, limit: query.limit, offset: query.offset };
    },
  },
  POST: {
    summary: "Create a billing run",
    description:
      "Queues a run for a period and one or more services; the billing job computes its lines " +
      "(follow `status`, `progress_done`/`progress_total`). 409 `overlapping_run` while a run for " +
      "the same services and period is not issued; 422 for prepaid services or a bad period.",
    tags: ["billing"],
    access: { roles: ["admin", "operator"], apiKey: "write" },
    body: NewRunBody,
    response: RunSchema,
    status: 201,
    errors: [409],
    async run({ body, claims, state }) {
      try {
        const run = await state.db.asUser(claims, async (tx) => {
          const id = await createRun(tx, {
            periodStart: body.period_start,
            periodEnd: body.period_end,
            serviceIds: body.service_ids,
            label: body.label ?? null,
          }, claims.sub);
          return (await getRun(tx, id))!;
        });
        kickBillingJobs();
        return run;
      } catch (e) {
        throw apiError(e);
      }
    },
  },
});
