import { z } from "zod";
import { defineApi } from "../../../../lib/api/define_api.ts";
import {
  type ApiKey,
  apiKeyStatus,
  createApiKey,
  getApiKey,
  listApiKeys,
  maskedToken,
} from "../../../../lib/auth/api_keys.ts";
import { HttpError } from "../../../../lib/http/define.ts";

const Timestamp = z.iso.datetime({ offset: true });

export const ApiKeyJson = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string().describe("Public part of the key; the token starts with `pzk_<prefix>_`"),
  masked: z.string().describe("How the key is displayed: `pzk_<prefix>_…`"),
  scopes: z.array(z.enum(["read", "write"])),
  status: z.enum(["active", "expired", "revoked"]),
  created_by: z.object({ id: z.uuid(), name: z.string().nullable() }).nullable()
    .describe("The administrator who created the key (null if that account was deleted)"),
  created_at: Timestamp,
  expires_at: Timestamp.nullable(),
  last_used_at: Timestamp.nullable(),
  revoked_at: Timestamp.nullable(),
});

const iso = (d: Date | null) => d ? new Date(d).toISOString() : null;

/** The API's view of a key: ISO timestamps, status computed now. */
export function apiKeyJson(k: ApiKey): z.infer<typeof ApiKeyJson> {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    masked: maskedToken(k.prefix),
    scopes: k.scopes,
    status: apiKeyStatus(k),
    created_by: k.created_by ? { id: k.created_by, name: k.created_by_name } : null,
    created_at: iso(k.created_at)!,
    expires_at: iso(k.expires_at),
    last_used_at: iso(k.last_used_at),
    revoked_at: iso(k.revoked_at),
  };
}

const NewApiKey = z.object({
  name: z.string().trim().min(2).max(100).describe(
    "What the key is for, e.g. 'Export contabilità'",
  ),
  scopes: z.array(z.enum(["read", "write"])).min(1)
    .transform((s) => [...new Set(s)])
    .describe("`read` for GET operations, `write` for changes"),
  expires_at: Timestamp.nullable().optional()
    .refine((v) => !v || Date.parse(v) > Date.now(), { message: "must be in the future" })
    .describe("When the key stops working; omit or null for no expiry"),
});

export const handler = defineApi({
  GET: {
    summary: "List the Ente's API keys",
    description: "Administrators only, with a browser session: API keys cannot list keys.",
    tags: ["api-keys"],
    access: { roles: ["admin"] },
    response: z.object({ items: z.array(ApiKeyJson) }),
    async run({ claims, state }) {
      const keys = await state.db.asUser(claims, (tx) => listApiKeys(tx));
      return { items: keys.map(apiKeyJson) };
    },
  },
  POST: {
    summary: "Create an API key (the token is returned once)",
    description: "Administrators only, with a browser session (send the `x-csrf-token` header). " +
      "Only a SHA-256 of the token is stored: save `token` now, it cannot be read again.",
    tags: ["api-keys"],
    access: { roles: ["admin"] },
    body: NewApiKey,
    status: 201,
    response: ApiKeyJson.extend({
      token: z.string().describe("The secret: `Authorization: Bearer <token>`. Shown only now."),
    }),
    async run({ body, claims, state, c }) {
      const tenantId = claims.app_metadata.tenant_id;
      if (!tenantId) throw new HttpError(403, "No Ente selected", { code: "forbidden" });
      const { key, token } = await state.db.asUser(claims, async (tx) => {
        const created = await createApiKey(tx, {
          tenantId,
          name: body.name,
          scopes: body.scopes,
          createdBy: claims.sub,
          expiresAt: body.expires_at ?? null,
        });
        return { key: (await getApiKey(tx, created.id))!, token: created.token };
      });
      c.header("cache-control", "no-store");
      return { ...apiKeyJson(key), token };
    },
  },
});
