import { defineApi } from "../../../../lib/api/define_api.ts";
import { HttpError } from "../../../../lib/http/define.ts";
import { currentTenant } from "../../../../lib/tenancy/db.ts";
import { TenancyError } from "../../../../lib/tenancy/errors.ts";
import { inviteMember } from "../../../../lib/tenancy/invitations.ts";
import { getMember } from "../../../../lib/tenancy/members.ts";
import { invitationJson, InvitationSchema, InviteBody } from "../../../../lib/tenancy/schemas.ts";

export const handler = defineApi({
  POST: {
    summary: "Invite a person into the caller's Ente with a role (administrators)",
    description:
      "Creates the account when the e-mail is new (without a password) or reuses the existing " +
      "one, grants the role and queues the invitation e-mail; people who cannot sign in yet get " +
      "a link, valid 7 days, to choose a password. 409 when the person already has the role.",
    tags: ["tenancy"],
    access: { roles: ["admin"] },
    body: InviteBody,
    response: InvitationSchema,
    status: 201,
    errors: [409],
    async run({ body, claims, state }) {
      try {
        return await state.db.asUser(claims, async (tx) => {
          const tenant = await currentTenant(tx);
          if (!tenant) throw new HttpError(404, "The caller has no Ente", { code: "not_found" });
          const invitation = await inviteMember(tx, {
            tenantId: tenant.id,
            tenantName: tenant.name,
            email: body.email,
            fullName: body.full_name,
            taxCode: body.tax_code ?? null,
            role: body.role,
          }, state.config.publicUrl);
          const user = await getMember(tx, invitation.userId);
          return invitationJson(invitation, tenant.id, body.role, user!);
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
