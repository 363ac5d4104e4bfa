import { z } from "zod";
import { defineApi, IdParams } from "../../../../lib/api/define_api.ts";
import { forgetSessions } from "../../../../lib/auth/sessions.ts";
import { HttpError } from "../../../../lib/http/define.ts";
import { TenancyError } from "../../../../lib/tenancy/errors.ts";
import { removeMembership } from "../../../../lib/tenancy/members.ts";

export const handler = defineApi({
  DELETE: {
    summary: "Remove a role from a person of the caller's Ente (administrators)",
    description:
      "The person's sessions in the Ente end at once. 409 for one's own roles and for the " +
      "Ente's last administrator; 404 for memberships of other Enti.",
    tags: ["tenancy"],
    access: { roles: ["admin"] },
    params: IdParams,
    response: z.null(),
    status: 204,
    errors: [409],
    async run({ params, claims, state }) {
      try {
        await state.db.asUser(claims, (tx) => removeMembership(tx, params.id, claims.sub));
        // The trigger revoked the person's sessions; this node must not trust its cached answer.
        forgetSessions();
      } catch (e) {
        if (e instanceof TenancyError) {
          throw new HttpError(e.status, e.text.en, { code: e.code });
        }
        throw e;
      }
      return null;
    },
  },
});
