import { defineApi, IdParams } from "../../../../../../lib/api/define_api.ts";
import { HttpError } from "../../../../../../lib/http/define.ts";
import { apiRankingError } from "../../../../../../lib/rankings/errors.ts";
import { processOffers, rankingOffers } from "../../../../../../lib/rankings/offers.ts";
import { getRanking } from "../../../../../../lib/rankings/rankings.ts";
import { OfferList, ProcessResult } from "../../../../../../lib/rankings/schemas.ts";

export const handler = defineApi({
  GET: {
    summary: "Place offers of a ranking (scorrimento)",
    description: "Every offer sent, in order, with its deadline and the family's answer.",
    tags: ["rankings"],
    access: { roles: ["admin", "operator"], apiKey: "read" },
    params: IdParams,
    response: OfferList,
    errors: [404],
    async run({ params, claims, state }) {
      const items = await state.db.asUser(
        claims,
        async (tx) => await getRanking(tx, params.id) ? await rankingOffers(tx, params.id) : null,
      );
      if (!items) throw new HttpError(404, "No such ranking in your Ente", { code: "not_found" });
      return { items };
    },
  },
  POST: {
    summary: "Process the offers: expire overdue ones, offer free places",
    description:
      "Idempotent: offers past their deadline expire (the item's outcome becomes rejected) and " +
      "each free place is offered to the next waiting entry. A second call changes nothing.",
    tags: ["rankings"],
    access: { roles: ["admin", "operator"], apiKey: "write" },
    params: IdParams,
    response: ProcessResult,
    errors: [404],
    async run({ params, claims, state }) {
      try {
        return await state.db.asUser(claims, (tx) => processOffers(tx, params.id));
      } catch (e) {
        throw apiRankingError(e);
      }
    },
  },
});
