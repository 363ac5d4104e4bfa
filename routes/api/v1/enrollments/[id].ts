import { defineApi, IdParams } from "../../../../lib/api/define_api.ts";
import { auditDietRead, getEnrollment } from "../../../../lib/enrollment/enrollments_read.ts";
import {
  enrollmentJson,
  EnrollmentSchema,
} from "../../../../lib/enrollment/enrollments_schemas.ts";
import { HttpError } from "../../../../lib/http/define.ts";

export const handler = defineApi({
  GET: {
    summary: "One enrollment with its tariff and explanation",
    description: "404 for enrollments of other Enti and, for families and teachers, for those " +
      "outside their household or classes. Reading one with a diet is logged (health data).",
    tags: ["enrollment"],
    access: { roles: ["admin", "operator", "teacher", "family"], apiKey: "read" },
    params: IdParams,
    response: EnrollmentSchema,
    async run({ params, claims, state }) {
      const row = await state.db.asUser(claims, async (tx) => {
        const e = await getEnrollment(tx, params.id);
        if (e) await auditDietRead(tx, e);
        return e;
      });
      if (!row) throw new HttpError(404, "No such enrollment", { code: "not_found" });
      return enrollmentJson(row, claims.app_metadata.roles);
    },
  },
});
