import { defineApi, IdParams } from "../../../../../lib/api/define_api.ts";
import { getEnrollment, withdrawEnrollment } from "../../../../../lib/enrollment/enrollments.ts";
import { apiEnrollmentsError } from "../../../../../lib/enrollment/enrollments_errors.ts";
import {
  enrollmentJson,
  EnrollmentSchema,
  WithdrawBody,
} from "../../../../../lib/enrollment/enrollments_schemas.ts";
import { HttpError } from "../../../../../lib/http/define.ts";

export const handler = defineApi({
  POST: {
    summary: "Withdraw an enrollment (ritiro) from a date, with the reason",
    description: "The date must fall within the enrollment; the siblings' tariffs are " +
      "re-priced when the sibling rank changes. 409 `already_withdrawn`.",
    tags: ["enrollment"],
    access: { roles: ["admin", "operator"], apiKey: "write" },
    params: IdParams,
    body: WithdrawBody,
    response: EnrollmentSchema,
    errors: [404, 409],
    async run({ params, body, claims, state }) {
      try {
        const row = await state.db.asUser(claims, async (tx) => {
          if (!await withdrawEnrollment(tx, params.id, body.withdrawn_on, body.reason)) return null;
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
