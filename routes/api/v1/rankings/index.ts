import { defineApi } from "../../../../lib/api/define_api.ts";
import { apiRankingError } from "../../../../lib/rankings/errors.ts";
import {
  computeRanking,
  getRanking,
  listRankings,
  rankingEntries,
} from "../../../../lib/rankings/rankings.ts";
import {
  ComputeBody,
  publicUrl,
  RankingList,
  RankingWithEntries,
} from "../../../../lib/rankings/schemas.ts";

export const handler = defineApi({
  GET: {
    summary: "Rankings (graduatorie) of the caller's Ente",
    description: "Provisional, final and published rankings of services with limited places.",
    tags: ["rankings"],
    access: { roles: ["admin", "operator"], apiKey: "read" },
    response: RankingList,
    async run({ claims, state }) {
      const items = await state.db.asUser(claims, (tx) => listRankings(tx));
      return { items: items.map((r) => ({ ...r, public_url: publicUrl(r) })) };
    },
  },
  POST: {
    summary: "Compute a provisional ranking",
    description:
      "Scores every submitted application item of the service and school year that was not " +
      "rejected or withdrawn, with the criteria configured for them, and orders them (score, " +
      "tie-breakers, receipt time). Computing again replaces a provisional ranking; 409 " +
      "`locked` once it is final, `no_rules` without criteria. `places` defaults to the " +
      "capacity of the service's classes (or sites) that year.",
    tags: ["rankings"],
    access: { roles: ["admin", "operator"], apiKey: "write" },
    body: ComputeBody,
    response: RankingWithEntries,
    status: 201,
    errors: [404, 409],
    async run({ body, claims, state }) {
      try {
        return await state.db.asUser(claims, async (tx) => {
          const id = await computeRanking(tx, {
            serviceId: body.service_id,
            yearId: body.school_year_id,
            places: body.places ?? null,
            userId: claims.sub,
          });
          const r = (await getRanking(tx, id))!;
          return { ...r, public_url: publicUrl(r), entries: await rankingEntries(tx, id) };
        });
      } catch (e) {
        throw apiRankingError(e);
      }
    },
  },
});
