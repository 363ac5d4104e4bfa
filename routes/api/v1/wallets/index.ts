import { defineApi } from "../../../../lib/api/define_api.ts";
import { listWallets, myWallets } from "../../../../lib/wallets/db.ts";
import { walletJson, WalletPage, WalletsQuery } from "../../../../lib/wallets/schemas.ts";

export const handler = defineApi({
  GET: {
    summary: "Prepaid wallets (borsellini)",
    description:
      "The office (and API keys with the read scope) sees every wallet of the Ente, worst balance " +
      "first, filtered by band (`low`, `negative`, `over_grace`) and by `q`. A family sees the " +
      "wallets of its payers, created on first read for every current prepaid enrollment.",
    tags: ["wallets"],
    access: { roles: ["admin", "operator", "family"], apiKey: "read" },
    query: WalletsQuery,
    response: WalletPage,
    async run({ query, claims, state }) {
      const office = state.auth === "api_key" ||
        claims.app_metadata.roles.some((r) => r === "admin" || r === "operator");
      const { items, total } = await state.db.asUser(claims, async (tx) => {
        if (office) {
          return await listWallets(tx, {
            filter: query.filter,
            q: query.q ?? null,
            limit: query.limit,
            offset: query.offset,
          });
        }
        const mine = await myWallets(tx);
        return { items: mine.slice(query.offset, query.offset + query.limit), total: mine.length };
      });
      return { items: items.map(walletJson), total, limit: query.limit, offset: query.offset };
    },
  },
});
