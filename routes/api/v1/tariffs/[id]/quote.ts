import { defineApi, IdParams } from "../../../../../lib/api/define_api.ts";
import {
  asHttp,
  notFound,
  QuoteBody,
  QuoteJson,
  quoteJson,
  READ,
  situationOf,
} from "../../../../../lib/tariffs/api.ts";
import { quoteTariff } from "../../../../../lib/tariffs/db.ts";

export const handler = defineApi({
  POST: {
    summary: "Quote a tariff for a situation: the amount and its explanation",
    description: "Computes what a family would pay in `month` with the version in force then, " +
      "and explains every step in Italian and English. Changes nothing (read scope suffices).",
    tags: ["tariffs"],
    access: READ,
    params: IdParams,
    body: QuoteBody,
    response: QuoteJson,
    async run({ params, body, claims, state }) {
      const r = await state.db.asUser(claims, async (tx) => {
        try {
          return await quoteTariff(tx, params.id, situationOf(body));
        } catch (e) {
          return asHttp(e);
        }
      });
      if (!r) throw notFound();
      return quoteJson(params.id, r.quote);
    },
  },
});
