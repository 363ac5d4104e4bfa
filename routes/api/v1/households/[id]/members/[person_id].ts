import { z } from "zod";
import { defineApi } from "../../../../../../lib/api/define_api.ts";
import { apiError } from "../../../../../../lib/registry/errors.ts";
import { removeMember } from "../../../../../../lib/registry/households.ts";

export const handler = defineApi({
  DELETE: {
    summary: "Take a person out of a household",
    description: "404 when the household is not the caller's or the person is not in it.",
    tags: ["registry"],
    access: { roles: ["admin", "operator"], apiKey: "write" },
    // The person's id is checked after the household, so a foreign household is always 404.
    params: z.object({
      id: z.uuid({ error: "must be a UUID" }),
      person_id: z.string().max(100).describe("The person's id (UUID)"),
    }),
    response: z.null(),
    status: 204,
    async run({ params, claims, state }) {
      try {
        await state.db.asUser(claims, (tx) => removeMember(tx, params.id, params.person_id));
        return null;
      } catch (e) {
        throw apiError(e);
      }
    },
  },
});
