import { defineApi, IdParams } from "../../../../../lib/api/define_api.ts";
import { getEnrollment, overrideTariff } from "../../../../../lib/enrollment/enrollments.ts";
import { apiEnrollmentsError } from "../../../../../lib/enrollment/enrollments_errors.ts";
import {
  enrollmentJson,
  EnrollmentSchema,
  OverrideBody,
} from "../../../../../lib/enrollment/enrollments_schemas.ts";
import { HttpError } from "../../../../../lib/http/define.ts";

export const handler = defineApi({
  PUT: {
    summary: "Set or clear a manual amount instead of the tariff's quote",
    description: "`override_cents` with a `reason` of at least 5 characters sets it; null with " +
      "an empty reason clears it. Both the change and the reason are in the audit log.",
    tags: ["enrollment"],
    access: { roles: ["admin", "operator"], apiKey: "write" },
    params: IdParams,
    body: OverrideBody,
    response: EnrollmentSchema,
    errors: [404],
    async run({ params, body, claims, state }) {
      try {
        const row = await state.db.asUser(claims, async (tx) => {
          const ok = await overrideTariff(
            tx,
            params.id,
            body.override_cents,
            body.reason,
            claims.sub,
          );
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
