import { z } from "zod";
import { defineApi, IdParams } from "../../../../../lib/api/define_api.ts";
import { getApplication } from "../../../../../lib/enrollment/applications.ts";
import { apiEnrollmentError } from "../../../../../lib/enrollment/errors.ts";
import { ApplicationSchema } from "../../../../../lib/enrollment/schemas.ts";

const WithdrawBody = z.strictObject({
  reason: z.string().trim().min(3).max(1000).describe("Why the application is withdrawn"),
});

export const handler = defineApi({
  POST: {
    summary: "Withdraw a submitted application",
    description: "A family withdraws its own application until an item is accepted; staff at " +
      "any time. Its items stop counting, so the child may apply again. 409 when the " +
      "application is not submitted or (for a family) already accepted; 404 when not visible.",
    tags: ["enrollment"],
    access: { roles: ["admin", "operator", "family"], apiKey: "write" },
    params: IdParams,
    body: WithdrawBody,
    response: ApplicationSchema,
    errors: [404, 409],
    async run({ params, body, claims, state }) {
      try {
        return await state.db.asUser(claims, async (tx) => {
          await tx.query("select app.withdraw_application($1, $2)", [params.id, body.reason]);
          return (await getApplication(tx, params.id))!;
        });
      } catch (e) {
        throw apiEnrollmentError(e);
      }
    },
  },
});
