import { defineApi, IdParams } from "../../../../lib/api/define_api.ts";
import { patchOrganization } from "../../../../lib/registry/changes.ts";
import { apiError } from "../../../../lib/registry/errors.ts";
import { getOrganization, organizationNotFound } from "../../../../lib/registry/organizations.ts";
import { OrganizationPatch, OrganizationSchema } from "../../../../lib/registry/schemas.ts";

export const handler = defineApi({
  GET: {
    summary: "One organization of the registry",
    tags: ["registry"],
    access: { roles: ["admin", "operator"], apiKey: "read" },
    params: IdParams,
    response: OrganizationSchema,
    async run({ params, claims, state }) {
      const org = await state.db.asUser(claims, (tx) => getOrganization(tx, params.id));
      if (!org) throw apiError(organizationNotFound());
      return org;
    },
  },
  PATCH: {
    summary: "Change an organization's data",
    description: "Only the fields sent change; the whole record is checked again.",
    tags: ["registry"],
    access: { roles: ["admin", "operator"], apiKey: "write" },
    params: IdParams,
    body: OrganizationPatch,
    response: OrganizationSchema,
    errors: [409],
    async run({ params, body, claims, state }) {
      try {
        return await state.db.asUser(claims, (tx) => patchOrganization(tx, params.id, body));
      } catch (e) {
        throw apiError(e);
      }
    },
  },
});
