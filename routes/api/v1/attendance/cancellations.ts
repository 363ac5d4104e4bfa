import { z } from "zod";
import { BatchResponse, batchResponse, recorderOf } from "../../../../lib/attendance/api_marks.ts";
import { applyCancellations, CANCEL_ACTIONS } from "../../../../lib/attendance/cancel.ts";
import { defineApi, Uuid } from "../../../../lib/api/define_api.ts";

const CancellationBatch = z.object({
  items: z.array(z.object({
    enrollment_id: Uuid,
    day: z.iso.date(),
    action: z.enum(CANCEL_ACTIONS).describe(
      "cancel: no meal that day; white: pasto in bianco; restore: the meal as usual (undo)",
    ),
  })).min(1).max(500),
});

export const handler = defineApi({
  POST: {
    summary: "Cancel meals, ask for a pasto in bianco, or undo (disdette)",
    description: "For services run with presumed presence (every enrolled child eats on service " +
      "days unless cancelled). A family acts on its own children, for today before the " +
      "service's cut-off (Europe/Rome) or for coming days; staff and API keys with the write " +
      "scope (the office's systems) also after the cut-off, recorded as `after_cutoff`. Each " +
      "item is checked on its own: `after_cutoff`, `not_enrolled`, `closed_day`, " +
      "`not_presumed` (attendance taken by the school) or `not_found` (not yours) reject that " +
      "item only; sending the same item again answers `unchanged`. The answer is 200 with a " +
      "result per item, in order, and totals.",
    tags: ["attendance"],
    access: { roles: ["admin", "operator", "family"], apiKey: "write" },
    body: CancellationBatch,
    response: BatchResponse,
    async run({ body, claims, state }) {
      const family = claims.app_metadata.roles.includes("family") &&
        !claims.app_metadata.roles.some((r) => r === "admin" || r === "operator");
      const source = family ? "family" : state.auth === "api_key" ? "api" : "operator";
      const results = await state.db.asUser(
        claims,
        (tx) =>
          applyCancellations(tx, body.items, { source, userId: recorderOf(claims, state.auth) }),
      );
      return batchResponse(results);
    },
  },
});
