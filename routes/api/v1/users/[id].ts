import { defineApi, IdParams } from "../../../../lib/api/define_api.ts";
import { HttpError } from "../../../../lib/http/define.ts";
import { getMember } from "../../../../lib/tenancy/members.ts";
import { UserSchema } from "../../../../lib/tenancy/schemas.ts";

export const handler = defineApi({
  GET: {
    summary: "One person of the caller's Ente",
    description: "404 for anyone who has no role in the caller's Ente.",
    tags: ["tenancy"],
    access: { roles: ["admin", "operator"], apiKey: "read" },
    params: IdParams,
    response: UserSchema,
    async run({ params, claims, state }) {
      const member = await state.db.asUser(claims, (tx) => getMember(tx, params.id));
      if (!member) throw new HttpError(404, "No such person in your Ente", { code: "not_found" });
      return member;
    },
  },
});
