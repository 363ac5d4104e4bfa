import { defineApi } from "../../../lib/api/define_api.ts";
import { MEMBER_ROLES } from "../../../lib/db/types.ts";
import { HttpError } from "../../../lib/http/define.ts";
import { currentTenant } from "../../../lib/tenancy/db.ts";
import { tenantJson, TenantPatchBody, TenantSchema } from "../../../lib/tenancy/schemas.ts";
import { updateTenant } from "../../../lib/tenancy/tenants.ts";

const notFound = () => new HttpError(404, "The caller has no Ente", { code: "not_found" });

export const handler = defineApi({
  GET: {
    summary: "The caller's Ente",
    description: "The Ente of the signed-in person or of the API key, with its contact details.",
    tags: ["tenancy"],
    access: { roles: MEMBER_ROLES, apiKey: "read" },
    response: TenantSchema,
    errors: [404],
    async run({ claims, state }) {
      const tenant = await state.db.asUser(claims, currentTenant);
      if (!tenant) throw notFound();
      return tenantJson(tenant);
    },
  },
  PATCH: {
    summary: "Change the caller's Ente (administrators)",
    description:
      "Changes name and contacts. The codice fiscale and the ISTAT code are set by the platform " +
      "administrator only: sending them is a validation error. Only fields sent are changed.",
    tags: ["tenancy"],
    access: { roles: ["admin"] },
    body: TenantPatchBody,
    response: TenantSchema,
    errors: [404],
    async run({ body, claims, state }) {
      const tenant = await state.db.asUser(claims, (tx) => updateTenant(tx, body));
      if (!tenant) throw notFound();
      return tenantJson(tenant);
    },
  },
});
