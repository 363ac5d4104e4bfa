import { defineApi } from "../../../../lib/api/define_api.ts";
import { listPositions } from "../../../../lib/billing/positions_read.ts";
import { PositionPage, PositionsQuery } from "../../../../lib/billing/schemas.ts";

export const handler = defineApi({
  GET: {
    summary: "Debt positions (posizioni debitorie) of the caller's Ente",
    description:
      "Newest first, with the sum of their amounts. Filters: `run_id`, `payer` (name, codice " +
      "fiscale or IUPD), `status`, `gpd_status`, `overdue=true` (something unpaid past its due " +
      "date, the oldest first, with the sum overdue).",
    tags: ["billing"],
    access: { roles: ["admin", "operator"], apiKey: "read" },
    query: PositionsQuery,
    response: PositionPage,
    async run({ query, claims, state }) {
      const page = await state.db.asUser(claims, (tx) =>
        listPositions(
          tx,
          {
            run_id: query.run_id ?? null,
            payer: query.payer ?? null,
            status: query.status ?? null,
            gpd_status: query.gpd_status ?? null,
            overdue: query.overdue === "true",
          },
          query.limit,
          query.offset,
        ));
      return { ...page, limit: query.limit, offset: query.offset };
    },
  },
});
