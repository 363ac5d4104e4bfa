import { defineApi, Pagination } from "../../../../lib/api/define_api.ts";
import { HttpError } from "../../../../lib/http/define.ts";
import { TenancyError } from "../../../../lib/tenancy/errors.ts";
import { getMember } from "../../../../lib/tenancy/members.ts";
import {
  CreatedTenantSchema,
  invitationJson,
  NewTenantBody,
  tenantJson,
  TenantPage,
} from "../../../../lib/tenancy/schemas.ts";
import { createTenant, pageTenants } from "../../../../lib/tenancy/tenants.ts";

export const handler = defineApi({
  GET: {
    summary: "Every Ente on this installation (platform administrator)",
    tags: ["platform"],
    access: { roles: ["superadmin"] },
    query: Pagination,
    response: TenantPage,
    async run({ query, claims, state }) {
      const { items, total } = await state.db.asUser(claims, (tx) => pageTenants(tx, query));
      return { items: items.map(tenantJson), total, limit: query.limit, offset: query.offset };
    },
  },
  POST: {
    summary: "Create an Ente with its first administrator (platform administrator)",
    description:
      "Registers the Ente and invites its first administrator, who receives an e-mail with a link " +
      "(valid 7 days) to choose a password. Answers 409 when an Ente already has the same " +
      "codice fiscale or ISTAT code.",
    tags: ["platform"],
    access: { roles: ["superadmin"] },
    body: NewTenantBody,
    response: CreatedTenantSchema,
    status: 201,
    errors: [409],
    async run({ body, claims, state }) {
      try {
        return await state.db.asUser(claims, async (tx) => {
          const { tenant, invitation } = await createTenant(tx, {
            name: body.name,
            taxCode: body.tax_code,
            istatCode: body.istat_code,
            pec: body.pec,
          }, {
            email: body.admin.email,
            fullName: body.admin.full_name,
            taxCode: body.admin.tax_code ?? null,
          }, state.config.publicUrl);
          const user = await getMember(tx, invitation.userId, tenant.id);
          return {
            tenant: tenantJson(tenant),
            admin: invitationJson(invitation, tenant.id, "admin", user!),
          };
        });
      } catch (e) {
        if (e instanceof TenancyError) {
          throw new HttpError(e.status, e.text.en, { code: e.code, field: e.field });
        }
        throw e;
      }
    },
  },
});
