import { defineApi, IdParams } from "../../../../lib/api/define_api.ts";
import { getRun } from "../../../../lib/billing/review.ts";
import { RunSchema } from "../../../../lib/billing/schemas.ts";
import { HttpError } from "../../../../lib/http/define.ts";

export const handler = defineApi({
  GET: {
    summary: "One billing run, with its progress",
    description:
      "Status, progress of the computation (`progress_done` of `progress_total` enrollments) and " +
      "of the issue, totals. The run page reloads it on every live `billing.progress` event.",
    tags: ["billing"],
    access: { roles: ["admin", "operator"], apiKey: "read" },
    params: IdParams,
    response: RunSchema,
    async run({ params, claims, state }) {
      const run = await state.db.asUser(claims, (tx) => getRun(tx, params.id));
      if (!run) throw new HttpError(404, "No such billing run in your Ente", { code: "not_found" });
      return run;
    },
  },
});
