import { z } from "zod";
import { defineApi } from "../../../lib/api/define_api.ts";
import { MEMBER_ROLES } from "../../../lib/db/types.ts";

export const Me = z.object({
  kind: z.enum(["user", "api_key"]).describe("Who is calling: a signed-in person or an API key"),
  id: z.uuid().describe("The user's or the API key's id"),
  email: z.string().nullable(),
  tenant_id: z.uuid().nullable().describe("The Ente every call acts within"),
  roles: z.array(z.string()),
});

export const handler = defineApi({
  GET: {
    summary: "Who am I: the caller's identity, Ente and roles",
    tags: ["identity"],
    access: { roles: [...MEMBER_ROLES, "superadmin"], apiKey: "read" },
    response: Me,
    run({ claims, state }) {
      return {
        kind: state.auth === "api_key" ? "api_key" : "user",
        id: claims.sub,
        email: claims.email ?? null,
        tenant_id: claims.app_metadata.tenant_id,
        roles: claims.app_metadata.roles,
      } as const;
    },
  },
});
