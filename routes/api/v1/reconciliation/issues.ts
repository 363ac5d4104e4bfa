import { defineApi } from "../../../../lib/api/define_api.ts";
import { issues } from "../../../../lib/reconciliation/queries.ts";
import { IssueList, IssuesQuery } from "../../../../lib/reconciliation/schemas.ts";

export const handler = defineApi({
  GET: {
    summary: "What does not reconcile (Da verificare)",
    description:
      "Receipts no flow has reported after `days` days, flow payments without receipt, " +
      "with a different amount, reported twice or revoked, transfers without flow (or receipt) " +
      "or of a different amount, flows whose transfer has not arrived after `days` days.",
    tags: ["reconciliation"],
    access: { roles: ["admin", "operator"], apiKey: "read" },
    query: IssuesQuery,
    response: IssueList,
    async run({ query, claims, state }) {
      return { items: await state.db.asUser(claims, (tx) => issues(tx, { days: query.days })) };
    },
  },
});
