import { defineApi, IdParams } from "../../../../../lib/api/define_api.ts";
import { apiRankingError } from "../../../../../lib/rankings/errors.ts";
import {
  finalizeRanking,
  getRanking,
  rankingEntries,
} from "../../../../../lib/rankings/rankings.ts";
import { publicUrl, RankingWithEntries } from "../../../../../lib/rankings/schemas.ts";

export const handler = defineApi({
  POST: {
    summary: "Make a provisional ranking final",
    description: "No more recomputing afterwards. 409 `wrong_status` unless provisional.",
    tags: ["rankings"],
    access: { roles: ["admin", "operator"], apiKey: "write" },
    params: IdParams,
    response: RankingWithEntries,
    errors: [404, 409],
    async run({ params, claims, state }) {
      try {
        return await state.db.asUser(claims, async (tx) => {
          await finalizeRanking(tx, params.id);
          const r = (await getRanking(tx, params.id))!;
          return { ...r, public_url: publicUrl(r), entries: await rankingEntries(tx, params.id) };
        });
      } catch (e) {
        throw apiRankingError(e);
      }
    },
  },
});
