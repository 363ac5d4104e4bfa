import { defineApi } from "../../../../../../lib/api/define_api.ts";
import { deleteLine, ReviewError, updateLine } from "../../../../../../lib/billing/lines.ts";
import { getLine } from "../../../../../../lib/billing/review.ts";
import {
  apiError,
  LineDeleteQuery,
  LineParams,
  LinePatchBody,
  LineSchema,
} from "../../../../../../lib/billing/schemas.ts";
import type { Tx } from "../../../../../../lib/db/types.ts";
import { isUuid } from "../../../../../../lib/codes/uuid.ts";

async function inRun(tx: Tx, runId: string, lineId: string) {
  // An id that cannot exist is simply not found (as for any other line).
  const line = isUuid(lineId) ? await getLine(tx, lineId) : null;
  if (!line || line.run_id !== runId) throw ReviewError.notFound("line");
}

export const handler = defineApi({
  PATCH: {
    summary: "Change a line's amount or description",
    description:
      "Only while the run is in review, with a mandatory `reason`. `amount_cents` is positive: " +
      "a credit keeps its negative sign. 409 `run_closed` after approval.",
    tags: ["billing"],
    access: { roles: ["admin", "operator"], apiKey: "write" },
    params: LineParams,
    body: LinePatchBody,
    response: LineSchema,
    errors: [404, 409],
    async run({ params, body, claims, state }) {
      try {
        return await state.db.asUser(claims, async (tx) => {
          await inRun(tx, params.id, params.lineId);
          return await updateLine(tx, params.lineId, body);
        });
      } catch (e) {
        throw apiError(e);
      }
    },
  },
  DELETE: {
    summary: "Delete a line (softly) with a reason",
    description:
      "The line stays with who deleted it, when and why, and is not billed. The reason (5–1000 " +
      "characters) is the `reason` query parameter. Only while the run is in review; 409 " +
      "`run_closed` after approval.",
    tags: ["billing"],
    access: { roles: ["admin", "operator"], apiKey: "write" },
    params: LineParams,
    query: LineDeleteQuery,
    response: LineSchema,
    errors: [404, 409, 422],
    async run({ params, query, claims, state }) {
      try {
        return await state.db.asUser(claims, async (tx) => {
          await inRun(tx, params.id, params.lineId);
          return await deleteLine(tx, params.lineId, query.reason ?? "");
        });
      } catch (e) {
        throw apiError(e);
      }
    },
  },
});
