import { z } from "zod";
import { defineApi } from "../../../../lib/api/define_api.ts";
import { myPosition } from "../../../../lib/billing/family_read.ts";
import { HttpError } from "../../../../lib/http/define.ts";
import { romeDate } from "../../../../lib/i18n/mod.ts";
import { MyPositionDetailSchema } from "./_schemas.ts";
import { isUuid } from "../../../../lib/codes/uuid.ts";

export const handler = defineApi({
  GET: {
    summary: "One of the caller's debt positions with its lines, explanations and receipts",
    description: "404 for a position of another household or Ente, and for any position the " +
      "caller does not pay, staff included.",
    tags: ["billing"],
    access: { roles: ["family", "admin", "operator", "teacher", "provider"] },
    // Any text: an id that cannot exist is simply not among the caller's positions (404).
    params: z.object({ id: z.string().min(1).max(100).describe("The position's id (UUID)") }),
    errors: [404],
    response: MyPositionDetailSchema,
    async run({ params, claims, state }) {
      const detail = isUuid(params.id)
        ? await state.db.asUser(claims, (tx) => myPosition(tx, params.id, romeDate()))
        : null;
      if (!detail) {
        throw new HttpError(404, "No such position among yours", { code: "not_found" });
      }
      return detail;
    },
  },
});
