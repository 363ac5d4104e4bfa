import { defineApi } from "../../../../lib/api/define_api.ts";
import { valid } from "../../../../lib/registry/changes.ts";
import { apiError } from "../../../../lib/registry/errors.ts";
import {
  addMember,
  checkHousehold,
  createHousehold,
  getHousehold,
  listHouseholds,
} from "../../../../lib/registry/households.ts";
import {
  HouseholdBody,
  HouseholdPage,
  HouseholdSchema,
  HouseholdsQuery,
} from "../../../../lib/registry/schemas.ts";

export const handler = defineApi({
  GET: {
    summary: "Households of the registry",
    tags: ["registry"],
    access: { roles: ["admin", "operator"], apiKey: "read" },
    query: HouseholdsQuery,
    response: HouseholdPage,
    async run({ query, claims, state }) {
      const { items, total } = await state.db.asUser(
        claims,
        (tx) => listHouseholds(tx, { q: query.q, limit: query.limit, offset: query.offset }),
      );
      return { items, total, limit: query.limit, offset: query.offset };
    },
  },
  POST: {
    summary: "Create a household, optionally with its members",
    description: "All or nothing: a member who already belongs to a household, a third parent " +
      "or an adult as `minor` refuses the whole request (409 / 422).",
    tags: ["registry"],
    access: { roles: ["admin", "operator"], apiKey: "write" },
    body: HouseholdBody,
    response: HouseholdSchema,
    status: 201,
    errors: [409],
    async run({ body, claims, state }) {
      try {
        const values = valid(checkHousehold(body));
        return await state.db.asUser(claims, async (tx) => {
          const id = await createHousehold(tx, values);
          for (const m of body.members ?? []) await addMember(tx, id, m.person_id, m.role);
          return (await getHousehold(tx, id))!;
        });
      } catch (e) {
        throw apiError(e);
      }
    },
  },
});
