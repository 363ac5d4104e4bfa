import { z } from "zod";
import { defineApi, IdParams } from "../../../../lib/api/define_api.ts";
import { getApiKey, revokeApiKey } from "../../../../lib/auth/api_keys.ts";
import { HttpError } from "../../../../lib/http/define.ts";
import { ApiKeyJson, apiKeyJson } from "./index.ts";

const notFound = () => new HttpError(404, "No such API key in your Ente", { code: "not_found" });

export const handler = defineApi({
  GET: {
    summary: "One API key of the Ente",
    tags: ["api-keys"],
    access: { roles: ["admin"] },
    params: IdParams,
    response: ApiKeyJson,
    async run({ params, claims, state }) {
      const key = await state.db.asUser(claims, (tx) => getApiKey(tx, params.id));
      if (!key) throw notFound();
      return apiKeyJson(key);
    },
  },
  DELETE: {
    summary: "Revoke an API key",
    description: "The key stops working at once. Idempotent: revoking a revoked key answers 204 " +
      "and keeps the first revocation time.",
    tags: ["api-keys"],
    access: { roles: ["admin"] },
    params: IdParams,
    status: 204,
    response: z.null(),
    async run({ params, claims, state }) {
      const key = await state.db.asUser(claims, (tx) => revokeApiKey(tx, params.id));
      if (!key) throw notFound();
      return null;
    },
  },
});
