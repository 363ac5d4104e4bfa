import { defineApi, IdParams } from "../../../../../lib/api/define_api.ts";
import { HttpError } from "../../../../../lib/http/define.ts";
import { apiRankingError } from "../../../../../lib/rankings/errors.ts";
import { processOffers } from "../../../../../lib/rankings/offers.ts";
import { getRanking, rankingEntries, setPlaces } from "../../../../../lib/rankings/rankings.ts";
import { PlacesBody, publicUrl, RankingWithEntries } from "../../../../../lib/rankings/schemas.ts";
import type { Tx } from "../../../../../lib/db/types.ts";

const notFound = () => new HttpError(404, "No such ranking in your Ente", { code: "not_found" });

async function full(tx: Tx, id: string) {
  const r = await getRanking(tx, id);
  if (!r) return null;
  return { ...r, public_url: publicUrl(r), entries: await rankingEntries(tx, id) };
}

export const handler = defineApi({
  GET: {
    summary: "One ranking with its entries",
    description:
      "Entries in order with the breakdown of each score and the child's name (the read is " +
      "audited: a breakdown may reveal a disability). Overdue offers of a published ranking " +
      "are expired (and their places offered) before answering.",
    tags: ["rankings"],
    access: { roles: ["admin", "operator"], apiKey: "read" },
    params: IdParams,
    response: RankingWithEntries,
    errors: [404],
    async run({ params, claims, state }) {
      const r = await state.db.asUser(claims, async (tx) => {
        const [{ can }] = await tx.query<{ can: boolean }>("select app.can_configure() as can");
        const head = await getRanking(tx, params.id);
        if (head?.status === "published" && can) await processOffers(tx, params.id);
        return await full(tx, params.id);
      });
      if (!r) throw notFound();
      return r;
    },
  },
  PATCH: {
    summary: "Change the places of a ranking",
    description:
      "Before publication the first `places` entries are admitted, the others wait. After " +
      "publication, added places are offered at once to the next waiting entries; places " +
      "cannot go below those already offered or accepted (422).",
    tags: ["rankings"],
    access: { roles: ["admin", "operator"], apiKey: "write" },
    params: IdParams,
    body: PlacesBody,
    response: RankingWithEntries,
    errors: [404],
    async run({ params, body, claims, state }) {
      try {
        return await state.db.asUser(claims, async (tx) => {
          await setPlaces(tx, params.id, body.places);
          return (await full(tx, params.id))!;
        });
      } catch (e) {
        throw apiRankingError(e);
      }
    },
  },
});
