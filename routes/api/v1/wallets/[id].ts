import { defineApi, IdParams } from "../../../../lib/api/define_api.ts";
import { HttpError } from "../../../../lib/http/define.ts";
import { getWallet, updateWalletLimits } from "../../../../lib/wallets/db.ts";
import { LimitsBody, walletJson, WalletSchema } from "../../../../lib/wallets/schemas.ts";

const notFound = () => new HttpError(404, "No such wallet in your Ente", { code: "not_found" });

export const handler = defineApi({
  GET: {
    summary: "One prepaid wallet",
    description: "404 for wallets of other Enti and, for a family, of other households.",
    tags: ["wallets"],
    access: { roles: ["admin", "operator", "family"], apiKey: "read" },
    params: IdParams,
    response: WalletSchema,
    async run({ params, claims, state }) {
      const w = await state.db.asUser(claims, (tx) => getWallet(tx, params.id));
      if (!w) throw notFound();
      return walletJson(w);
    },
  },
  PATCH: {
    summary: "Change a wallet's low-balance threshold and grace amount",
    description:
      "Audited. The band follows at once; an alert is raised only when a movement makes the " +
      "balance cross into a worse band. Office sessions only.",
    tags: ["wallets"],
    access: { roles: ["admin", "operator"] },
    params: IdParams,
    body: LimitsBody,
    response: WalletSchema,
    async run({ params, body, claims, state }) {
      const w = await state.db.asUser(claims, (tx) =>
        updateWalletLimits(tx, params.id, {
          threshold_cents: body.low_balance_threshold_cents,
          grace_cents: body.grace_cents,
        }));
      if (!w) throw notFound();
      return walletJson(w);
    },
  },
});
