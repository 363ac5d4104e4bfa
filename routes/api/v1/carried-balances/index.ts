import { defineApi } from "../../../../lib/api/define_api.ts";
import { listCarried } from "../../../../lib/billing/carried.ts";
import { CarriedPage, CarriedQuery } from "../../../../lib/billing/schemas.ts";

export const handler = defineApi({
  GET: {
    summary: "Carried balances (importi riportati) of the caller's Ente",
    description:
      "Lines of issued runs that got no debt position, grouped as the issue groups them (per " +
      "payer and service, or per payer when positions are aggregated): a payer's credit, a sum " +
      "under the service's minimum for a notice, a zero balance. They join the payer's next " +
      "position. Credits first, each with its lines and their explanation's summary, and the " +
      "totals per class. Filters: `class`, `service_id`, `payer` (name or codice fiscale).",
    tags: ["billing"],
    access: { roles: ["admin", "operator"], apiKey: "read" },
    query: CarriedQuery,
    response: CarriedPage,
    async run({ query, claims, state }) {
      const page = await state.db.asUser(claims, (tx) =>
        listCarried(
          tx,
          {
            class: query.class ?? null,
            service_id: query.service_id ?? null,
            payer: query.payer ?? null,
          },
          query.limit,
          query.offset,
        ));
      return { ...page, limit: query.limit, offset: query.offset };
    },
  },
});
