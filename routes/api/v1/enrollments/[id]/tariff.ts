import { defineApi, IdParams } from "../../../../../lib/api/define_api.ts";
import { getEnrollment, reassignTariff } from "../../../../../lib/enrollment/enrollments.ts";
import { apiEnrollmentsError } from "../../../../../lib/enrollment/enrollments_errors.ts";
import {
  enrollmentJson,
  EnrollmentSchema,
} from "../../../../../lib/enrollment/enrollments_schemas.ts";
import { HttpError } from "../../../../../lib/http/define.ts";

export const handler = defineApi({
  POST: {
    summary: "Assign the tariff again (after a new ISEE, a move, a new tariff version)",
    description: "Prices the enrollment for the current month (its first or last month " +
      "outside its dates) from the registry and the ISEE on file. 409 `no_tariff` when the " +
      "service has no published tariff in force.",
    tags: ["enrollment"],
    access: { roles: ["admin", "operator"], apiKey: "write" },
    params: IdParams,
    response: EnrollmentSchema,
    errors: [404, 409],
    async run({ params, claims, state }) {
      try {
        const row = await state.db.asUser(claims, async (tx) => {
          if (!await reassignTariff(tx, params.id)) return null;
          return await getEnrollment(tx, params.id);
        });
        if (!row) throw new HttpError(404, "No such enrollment", { code: "not_found" });
        return enrollmentJson(row, claims.app_metadata.roles);
      } catch (e) {
        throw apiEnrollmentsError(e);
      }
    },
  },
});
