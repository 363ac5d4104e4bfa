import { defineApi, IdParams } from "../../../../../lib/api/define_api.ts";
import { getApplication } from "../../../../../lib/enrollment/applications.ts";
import { apiEnrollmentError } from "../../../../../lib/enrollment/errors.ts";
import {
  communicateOutcomes,
  ReviewBody,
  reviewItems,
} from "../../../../../lib/enrollment/review_db.ts";
import { ApplicationSchema } from "../../../../../lib/enrollment/schemas.ts";
import { notFound } from "../[id].ts";

export const handler = defineApi({
  POST: {
    summary: "Review an application: outcome per item, then optionally communicate",
    description: "Sets the outcome of the listed items (all or none): `accepted`, `rejected` " +
      "(with the `reason`), `waitlisted`, `needs_integration` (with what is missing as " +
      "`reason`); `notes` are internal. A rejected item is final; an accepted one may only be " +
      "revoked (rejected). With `communicate_via`, the outcomes not yet communicated are then " +
      "communicated: the time and channel are recorded on each item, a message is written to " +
      "the family and, for `email`, mailed to the applicant. Accepting does not create the " +
      "enrollment. 422 lists each refused decision; 409 when the application is not submitted.",
    tags: ["enrollment"],
    access: { roles: ["admin", "operator"], apiKey: "write" },
    params: IdParams,
    body: ReviewBody,
    response: ApplicationSchema,
    errors: [404, 409],
    async run({ params, body, claims, state }) {
      try {
        const app = await state.db.asUser(claims, async (tx) => {
          if (!await getApplication(tx, params.id)) return null;
          if (body.items.length) await reviewItems(tx, params.id, body.items, claims.sub);
          if (body.communicate_via) {
            await communicateOutcomes(tx, params.id, body.communicate_via, claims.sub);
          }
          return await getApplication(tx, params.id);
        });
        if (!app) throw notFound();
        return app;
      } catch (e) {
        throw apiEnrollmentError(e);
      }
    },
  },
});
