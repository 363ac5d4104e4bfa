import { defineApi, IdParams } from "../../../../../lib/api/define_api.ts";
import { apiRankingError } from "../../../../../lib/rankings/errors.ts";
import {
  getRanking,
  publishRanking,
  rankingEntries,
} from "../../../../../lib/rankings/rankings.ts";
import { publicUrl, RankingWithEntries } from "../../../../../lib/rankings/schemas.ts";

export const handler = defineApi({
  POST: {
    summary: "Publish a final ranking",
    description:
      "Stores the public snapshot (protocol numbers, scores and positions, never names) shown at `public_url`, marks waiting items as waitlisted and offers the places to the admitted entries: each gets a deadline, a message on the application and an e-mail. 409 `wrong_status` unless final.",
    tags: ["rankings"],
    access: { roles: ["admin", "operator"], apiKey: "write" },
    params: IdParams,
    response: RankingWithEntries,
    errors: [404, 409],
    async run({ params, claims, state }) {
      try {
        return await state.db.asUser(claims, async (tx) => {
          await publishRanking(tx, params.id, claims.sub);
          const r = (await getRanking(tx, params.id))!;
          return { ...r, public_url: publicUrl(r), entries: await rankingEntries(tx, params.id) };
        });
      } catch (e) {
        throw apiRankingError(e);
      }
    },
  },
});
