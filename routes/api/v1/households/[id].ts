import { defineApi, IdParams } from "../../../../lib/api/define_api.ts";
import { apiError } from "../../../../lib/registry/errors.ts";
import { getHousehold, householdNotFound } from "../../../../lib/registry/households.ts";
import { HouseholdSchema } from "../../../../lib/registry/schemas.ts";

export const handler = defineApi({
  GET: {
    summary: "One household with its members",
    tags: ["registry"],
    access: { roles: ["admin", "operator"], apiKey: "read" },
    params: IdParams,
    response: HouseholdSchema,
    async run({ params, claims, state }) {
      const household = await state.db.asUser(claims, (tx) => getHousehold(tx, params.id));
      if (!household) throw apiError(householdNotFound());
      return household;
    },
  },
});
