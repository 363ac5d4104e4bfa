import { defineApi } from "../../../../lib/api/define_api.ts";
import { listMembers } from "../../../../lib/tenancy/members.ts";
import { UserPage, UsersQuery } from "../../../../lib/tenancy/schemas.ts";

export const handler = defineApi({
  GET: {
    summary: "People of the caller's Ente and their roles",
    description:
      "Back-office staff and API keys with the read scope. Filter by `q` (part of the name, " +
      "e-mail or codice fiscale) and `role`; ordered by name.",
    tags: ["tenancy"],
    access: { roles: ["admin", "operator"], apiKey: "read" },
    query: UsersQuery,
    response: UserPage,
    async run({ query, claims, state }) {
      const { items, total } = await state.db.asUser(claims, (tx) =>
        listMembers(tx, {
          q: query.q ?? null,
          role: query.role ?? null,
          limit: query.limit,
          offset: query.offset,
        }));
      return { items, total, limit: query.limit, offset: query.offset };
    },
  },
});
