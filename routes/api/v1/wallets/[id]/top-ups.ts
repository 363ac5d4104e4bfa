import { defineApi, IdParams } from "../../../../../lib/api/define_api.ts";
import { HttpError } from "../../../../../lib/http/define.ts";
import { getWallet, listTopUps, requestTopUp } from "../../../../../lib/wallets/db.ts";
import { TopUpBody, topUpError, TopUpSchema } from "../../../../../lib/wallets/schemas.ts";
import { z } from "zod";

export const handler = defineApi({
  GET: {
    summary: "Top-ups asked for on a prepaid wallet",
    description: "Newest first, with the pagoPA notice number and whether it was paid.",
    tags: ["wallets"],
    access: { roles: ["admin", "operator", "family"], apiKey: "read" },
    params: IdParams,
    response: z.object({ items: z.array(TopUpSchema) }),
    async run({ params, claims, state }) {
      const items = await state.db.asUser(
        claims,
        async (tx) => await getWallet(tx, params.id) ? await listTopUps(tx, params.id) : null,
      );
      if (!items) throw new HttpError(404, "No such wallet in your Ente", { code: "not_found" });
      return { items };
    },
  },
  POST: {
    summary: "Top up a prepaid wallet through pagoPA",
    description:
      "Creates a debt position (purpose `top_up`) of the amount with one pagoPA notice (number " +
      "never reused, taxonomy of the prepaid service); the wallet is credited once when the " +
      "position is paid. Families top up their own payers' wallets. 409 `iban_missing`, " +
      "`no_prepaid_service`, `payer_without_tax_code`, `too_many_open` (five unpaid top-ups); " +
      "422 `amount_out_of_range`.",
    tags: ["wallets"],
    access: { roles: ["admin", "operator", "family"] },
    params: IdParams,
    body: TopUpBody,
    response: TopUpSchema,
    status: 201,
    errors: [409],
    async run({ params, body, claims, state }) {
      try {
        return await state.db.asUser(claims, async (tx) => {
          const id = await requestTopUp(tx, params.id, body.amount_cents);
          const [t] = (await listTopUps(tx, params.id)).filter((x) => x.debt_position_id === id);
          if (!t) throw new HttpError(404, "No such wallet in your Ente", { code: "not_found" });
          return t;
        });
      } catch (e) {
        throw topUpError(e);
      }
    },
  },
});
