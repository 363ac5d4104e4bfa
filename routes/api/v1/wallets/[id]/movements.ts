import { defineApi, IdParams, Pagination } from "../../../../../lib/api/define_api.ts";
import { HttpError } from "../../../../../lib/http/define.ts";
import { getWallet, listMovements } from "../../../../../lib/wallets/db.ts";
import { movementJson, MovementPage } from "../../../../../lib/wallets/schemas.ts";

export const handler = defineApi({
  GET: {
    summary: "Movements of a prepaid wallet",
    description:
      "Newest first: top-ups, uses (one per enrollment and day, at the tariff, with the " +
      "explanation), refunds of uses voided after the deduction, office adjustments with their " +
      "reason; each with the balance right after it.",
    tags: ["wallets"],
    access: { roles: ["admin", "operator", "family"], apiKey: "read" },
    params: IdParams,
    query: Pagination,
    response: MovementPage,
    async run({ params, query, claims, state }) {
      const page = await state.db.asUser(claims, async (tx) => {
        if (!await getWallet(tx, params.id)) return null;
        return await listMovements(tx, params.id, query);
      });
      if (!page) throw new HttpError(404, "No such wallet in your Ente", { code: "not_found" });
      return {
        items: page.items.map(movementJson),
        total: page.total,
        limit: query.limit,
        offset: query.offset,
      };
    },
  },
});
