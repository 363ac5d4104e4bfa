import { defineApi, IdParams } from "../../../../../lib/api/define_api.ts";
import { setConditions } from "../../../../../lib/enrollment/enrollments_conditions.ts";
import { getEnrollment } from "../../../../../lib/enrollment/enrollments_read.ts";
import { apiEnrollmentsError } from "../../../../../lib/enrollment/enrollments_errors.ts";
import {
  ConditionsBody,
  enrollmentJson,
  EnrollmentSchema,
} from "../../../../../lib/enrollment/enrollments_schemas.ts";
import { HttpError } from "../../../../../lib/http/define.ts";

export const handler = defineApi({
  PATCH: {
    summary: "Social-services exemption and disability: the facts the office certifies",
    description: "`social_services_exemption: true` grants the exemption decided by the social " +
      "services and needs `exemption_reference`, the act that decides it (5–1000 characters); " +
      "`false` revokes it and needs the revoking act. With the exemption already granted a new " +
      "reference amends it. `disability` records the disability certified to the office. The " +
      "enrollment is re-priced and its explanation says why; every change is in the audit log " +
      "(the act's reference in an event of its own). 422 `invalid` with `errors[]` naming " +
      "`social_services_exemption_reference`; nothing is stored then.",
    tags: ["enrollment"],
    access: { roles: ["admin", "operator"], apiKey: "write" },
    params: IdParams,
    body: ConditionsBody,
    response: EnrollmentSchema,
    errors: [404],
    async run({ params, body, claims, state }) {
      try {
        const row = await state.db.asUser(claims, async (tx) => {
          const ok = await setConditions(tx, params.id, body, claims.sub);
          return ok ? await getEnrollment(tx, params.id) : null;
        });
        if (!row) throw new HttpError(404, "No such enrollment", { code: "not_found" });
        return enrollmentJson(row, claims.app_metadata.roles);
      } catch (e) {
        throw apiEnrollmentsError(e);
      }
    },
  },
});
