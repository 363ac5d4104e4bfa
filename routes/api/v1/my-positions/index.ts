import { z } from "zod";
import { defineApi } from "../../../../lib/api/define_api.ts";
import { myCarried } from "../../../../lib/billing/carried.ts";
import { myPositions } from "../../../../lib/billing/family_read.ts";
import { romeDate } from "../../../../lib/i18n/mod.ts";
import { MyPositionListSchema } from "./_schemas.ts";

export const handler = defineApi({
  GET: {
    summary: "The caller's debt positions (pagoPA), to pay first",
    description: "Positions whose payer is the caller or a parent of the caller's household " +
      "(both parents see the same), with their notices: single payment and instalments, and the " +
      "carried balances of issued runs not yet in a position (`carried`). Staff " +
      "see only what they owe themselves; the Ente's positions are under /debt-positions.",
    tags: ["billing"],
    access: { roles: ["family", "admin", "operator", "teacher", "provider"] },
    query: z.object({
      year: z.coerce.number().int().min(2000).max(2100).optional()
        .describe("Only positions of this year (period start, else issue date)"),
    }),
    response: MyPositionListSchema,
    async run({ query, claims, state }) {
      return await state.db.asUser(claims, async (tx) => {
        const { positions, years } = await myPositions(tx, { today: romeDate(), year: query.year });
        return { items: positions, years, carried: await myCarried(tx) };
      });
    },
  },
});
