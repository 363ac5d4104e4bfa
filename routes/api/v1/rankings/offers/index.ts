import { defineApi } from "../../../../../lib/api/define_api.ts";
import { myOffers } from "../../../../../lib/rankings/offers.ts";
import { OfferList } from "../../../../../lib/rankings/schemas.ts";

export const handler = defineApi({
  GET: {
    summary: "The caller's place offers",
    description:
      "For a family: its children's entries in published rankings, open offers first with " +
      "their deadline. Staff see every entry of published rankings.",
    tags: ["rankings"],
    access: { roles: ["admin", "operator", "family"], apiKey: "read" },
    response: OfferList,
    async run({ claims, state }) {
      return { items: await state.db.asUser(claims, (tx) => myOffers(tx)) };
    },
  },
});
