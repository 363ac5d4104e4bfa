import { defineApi } from "../../../../lib/api/define_api.ts";
import { enrollItems } from "../../../../lib/enrollment/enrollments.ts";
import { BulkEnrollmentBody, BulkReport } from "../../../../lib/enrollment/enrollments_schemas.ts";

export const handler = defineApi({
  POST: {
    summary: "Enroll many accepted application items at once",
    description: "One transaction; each item is enrolled on its own, so a refused item (not " +
      "accepted, overlapping another enrollment) is reported with its reason while the others " +
      "are enrolled. Items enrolled before are reported as `existing`: the call is idempotent.",
    tags: ["enrollment"],
    access: { roles: ["admin", "operator"], apiKey: "write" },
    body: BulkEnrollmentBody,
    response: BulkReport,
    async run({ body, claims, state }) {
      const lines = await state.db.asUser(
        claims,
        (tx) => enrollItems(tx, body.application_item_ids, { userId: claims.sub }),
      );
      return { lines: lines.map((l) => ({ ...l, message: l.message?.en ?? null })) };
    },
  },
});
