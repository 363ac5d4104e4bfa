import { defineApi, IdParams } from "../../../../../../lib/api/define_api.ts";
import { HttpError } from "../../../../../../lib/http/define.ts";
import { apiRankingError } from "../../../../../../lib/rankings/errors.ts";
import { getOffer, respondOffer } from "../../../../../../lib/rankings/offers.ts";
import { AnswerBody, OfferSchema } from "../../../../../../lib/rankings/schemas.ts";

const notFound = () => new HttpError(404, "No such offer", { code: "not_found" });

export const handler = defineApi({
  POST: {
    summary: "Accept or decline an offered place",
    description:
      "The family (or the office on its behalf) answers the offer of entry `entry_id` of this " +
      "ranking before its deadline. Accepting makes the application item accepted, so it can " +
      "become an enrollment; declining offers the place to the next waiting entry. After the " +
      "deadline the offer expires instead (`state: expired`). 404 when the entry is not the " +
      "caller's; 409 `offer_closed` when it was already answered.",
    tags: ["rankings"],
    access: { roles: ["admin", "operator", "family"], apiKey: "write" },
    params: IdParams,
    body: AnswerBody,
    response: OfferSchema,
    errors: [404, 409],
    async run({ params, body, claims, state }) {
      try {
        return await state.db.asUser(claims, async (tx) => {
          const o = await getOffer(tx, body.entry_id);
          if (!o || o.ranking_id !== params.id) throw notFound();
          await respondOffer(tx, body.entry_id, body.answer === "accept");
          return (await getOffer(tx, body.entry_id))!;
        });
      } catch (e) {
        throw apiRankingError(e);
      }
    },
  },
});
