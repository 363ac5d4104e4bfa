import { defineApi } from "../../../../lib/api/define_api.ts";
import {
  enrollItem,
  getEnrollment,
  listEnrollments,
} from "../../../../lib/enrollment/enrollments.ts";
import { apiEnrollmentsError } from "../../../../lib/enrollment/enrollments_errors.ts";
import {
  CreateEnrollmentBody,
  enrollmentJson,
  EnrollmentPage,
  EnrollmentSchema,
  EnrollmentsQuery,
} from "../../../../lib/enrollment/enrollments_schemas.ts";

export const handler = defineApi({
  GET: {
    summary: "Effective enrollments (iscrizioni effettive)",
    description: "Staff and API keys with the read scope see the Ente's enrollments; a family " +
      "those of its household; a teacher those of their classes. Filter by service, school " +
      "year, site, class, `status` (active/withdrawn) and `isee_flag` (`missing` and `expired` " +
      "list who lacks a valid ISEE, `unpriced` those without a tariff).",
    tags: ["enrollment"],
    access: { roles: ["admin", "operator", "teacher", "family"], apiKey: "read" },
    query: EnrollmentsQuery,
    response: EnrollmentPage,
    async run({ query, claims, state }) {
      const { items, total } = await state.db.asUser(claims, (tx) =>
        listEnrollments(tx, {
          serviceId: query.service_id,
          yearId: query.school_year_id,
          siteId: query.site_id,
          classId: query.class_id,
          status: query.status,
          iseeFlag: query.isee_flag,
          q: query.q,
          limit: query.limit,
          offset: query.offset,
        }));
      return {
        items: items.map((e) => enrollmentJson(e, claims.app_metadata.roles)),
        total,
        limit: query.limit,
        offset: query.offset,
      };
    },
  },
  POST: {
    summary: "Enroll the child of an accepted application item",
    description: "Links the child and the applicant to the registry (matched by codice " +
      "fiscale, else created in the household), dates the enrollment by the service calendar " +
      "unless `starts_on`/`ends_on` are given, and assigns the service's published tariff from " +
      "the registry and the household's ISEE. Idempotent on the item: a second call returns " +
      "the same enrollment, never a second one. 409 `not_accepted` for an item not accepted, " +
      "`overlap` when the child is already enrolled in the service on those dates.",
    tags: ["enrollment"],
    access: { roles: ["admin", "operator"], apiKey: "write" },
    body: CreateEnrollmentBody,
    response: EnrollmentSchema,
    status: 201,
    errors: [404, 409],
    async run({ body, claims, state }) {
      try {
        const row = await state.db.asUser(claims, async (tx) => {
          const r = await enrollItem(tx, body.application_item_id, {
            userId: claims.sub,
            starts_on: body.starts_on,
            ends_on: body.ends_on,
          });
          return (await getEnrollment(tx, r.id))!;
        });
        return enrollmentJson(row, claims.app_metadata.roles);
      } catch (e) {
        throw apiEnrollmentsError(e);
      }
    },
  },
});
