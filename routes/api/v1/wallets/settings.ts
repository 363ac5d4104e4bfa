import { defineApi } from "../../../../lib/api/define_api.ts";
import { HttpError } from "../../../../lib/http/define.ts";
import { getWalletSettings, saveWalletSettings } from "../../../../lib/wallets/db.ts";
import { settingsJson, SettingsSchema } from "../../../../lib/wallets/schemas.ts";

export const handler = defineApi({
  GET: {
    summary: "The Ente's prepaid wallet rules",
    description: "Defaults until saved: per payer, threshold 10 €, no grace, top-ups 5–500 €.",
    tags: ["wallets"],
    access: { roles: ["admin", "operator", "family"], apiKey: "read" },
    response: SettingsSchema,
    async run({ claims, state }) {
      return settingsJson(await state.db.asUser(claims, (tx) => getWalletSettings(tx)));
    },
  },
  PUT: {
    summary: "Set the Ente's prepaid wallet rules",
    description:
      "Audited. 409 `scope_in_use` when switching between one wallet per payer and one per " +
      "child after wallets have movements.",
    tags: ["wallets"],
    access: { roles: ["admin", "operator"] },
    body: SettingsSchema,
    response: SettingsSchema,
    errors: [409],
    async run({ body, claims, state }) {
      const ok = await state.db.asUser(
        claims,
        (tx) => saveWalletSettings(tx, body, state.auth === "session" ? claims.sub : null),
      );
      if (!ok) {
        throw new HttpError(409, "Wallets already hold movements: the scope cannot change", {
          code: "scope_in_use",
        });
      }
      return settingsJson(body);
    },
  },
});
