import { defineApi, IdParams } from "../../../../../../lib/api/define_api.ts";
import { apiError } from "../../../../../../lib/registry/errors.ts";
import { addMember } from "../../../../../../lib/registry/households.ts";
import { HouseholdMemberSchema, MemberBody } from "../../../../../../lib/registry/schemas.ts";

export const handler = defineApi({
  POST: {
    summary: "Add a person to a household",
    description: "A person is in one household at a time (409 `already_in_household` with " +
      "`existing` naming it); at most two parents (409 `household_parents`); an adult cannot " +
      "be added as `minor` (422).",
    tags: ["registry"],
    access: { roles: ["admin", "operator"], apiKey: "write" },
    params: IdParams,
    body: MemberBody,
    response: HouseholdMemberSchema,
    status: 201,
    errors: [409],
    async run({ params, body, claims, state }) {
      try {
        return await state.db.asUser(
          claims,
          (tx) => addMember(tx, params.id, body.person_id, body.role),
        );
      } catch (e) {
        throw apiError(e);
      }
    },
  },
});
