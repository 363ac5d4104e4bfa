import { defineApi } from "../../../../../lib/api/define_api.ts";
import { listPlans } from "../../../../../lib/billing/instalment_plans_read.ts";
import { lapseRuleOut, PlanPage, PlansQuery } from "../_schemas.ts";

export const handler = defineApi({
  GET: {
    summary: "Instalment plans (rateizzazioni) of the caller's Ente",
    description:
      "Each plan with its payer, the instalments paid and missed, what it still owes and where " +
      "it stands (`standing`). `lapse_due`: the Ente's rule of decadenza is met (so many " +
      "instalments missed, consecutive or within a window, and a reminder sent after them when " +
      "the rule asks: `rule` says it), the office may declare the plan lapsed, one by one or " +
      "with `POST /debt-positions/instalment-plans/lapse`; `late`: instalments missed, the rule " +
      "not met yet. The plans meeting the rule come first, then the others with instalments " +
      "missed (the longest missed first), then the rest by payer. `missed_cents` sums what the " +
      "missed instalments of the plans found owe. Filter: `standing`.",
    tags: ["billing"],
    access: { roles: ["admin", "operator"], apiKey: "read" },
    query: PlansQuery,
    response: PlanPage,
    async run({ query, claims, state }) {
      const page = await state.db.asUser(
        claims,
        (tx) => listPlans(tx, { standing: query.standing ?? null }, query.limit, query.offset),
      );
      return {
        items: page.items,
        total: page.total,
        missed_cents: page.missed_cents,
        rule: lapseRuleOut(page.rule),
        limit: query.limit,
        offset: query.offset,
      };
    },
  },
});
