import { defineApi, IdParams } from "../../../../../lib/api/define_api.ts";
import { HttpError } from "../../../../../lib/http/define.ts";
import {
  isProvider,
  READ_MEMBERS,
  withService,
  WRITE_STAFF,
} from "../../../../../lib/services/api.ts";
import {
  getService,
  listSchoolYears,
  setServiceSchoolYears,
  setServiceStatus,
  updateService,
} from "../../../../../lib/services/db.ts";
import { ServicePatch, ServiceSchema } from "../../../../../lib/services/schemas.ts";

export const handler = defineApi({
  GET: {
    summary: "One service",
    description: "404 for a service of another Ente, or a draft for a family.",
    tags: ["services"],
    access: READ_MEMBERS,
    params: IdParams,
    response: ServiceSchema,
    run({ params, claims, state }) {
      return withService(state, claims, params.id, (_tx, s) => Promise.resolve(s));
    },
  },
  PATCH: {
    summary: "Change a service: general fields, school years, publication status",
    description:
      "Only the fields sent change. Publishing needs a school year and a calendar with weekdays: " +
      "otherwise 409 `not_publishable` with the list of `problems`.",
    tags: ["services"],
    access: WRITE_STAFF,
    params: IdParams,
    body: ServicePatch,
    response: ServiceSchema,
    errors: [409],
    run({ params, body, claims, state }) {
      return withService(state, claims, params.id, async (tx, s) => {
        const { status, school_year_ids, ...fields } = body;
        const next = { ...s, ...fields };
        const opens = next.enrollment_opens_at ? new Date(next.enrollment_opens_at) : null;
        const closes = next.enrollment_closes_at ? new Date(next.enrollment_closes_at) : null;
        if (opens && closes && closes <= opens) {
          throw new HttpError(422, "Enrollment must close after it opens", {
            code: "validation_failed",
            errors: [{
              path: "body.enrollment_closes_at",
              message: "must come after enrollment_opens_at",
              code: "custom",
            }],
          });
        }
        if (fields.provider_id && !(await isProvider(tx, fields.provider_id))) {
          throw new HttpError(422, "provider_id is not a provider of your Ente", {
            code: "validation_failed",
            errors: [{ path: "body.provider_id", message: "not a provider", code: "custom" }],
          });
        }
        await updateService(tx, s.id, {
          code: next.code,
          title: next.title,
          description: next.description,
          provider_id: next.provider_id,
          billing_mode: next.billing_mode,
          enrollment_opens_at: opens,
          enrollment_closes_at: closes,
          citizen_info: next.citizen_info,
          diary_enabled: next.diary_enabled,
          notices_enabled: next.notices_enabled,
        });
        if (school_year_ids) {
          const known = new Set((await listSchoolYears(tx)).map((y) => y.id));
          const unknown = (school_year_ids as string[]).filter((y) => !known.has(y));
          if (unknown.length) {
            throw new HttpError(422, "Unknown school years", {
              code: "validation_failed",
              errors: unknown.map((y: string) => ({
                path: "body.school_year_ids",
                message: `${y} is not a school year of your Ente`,
                code: "custom",
              })),
            });
          }
          await setServiceSchoolYears(tx, s.id, school_year_ids);
        }
        if (status && status !== s.status) await setServiceStatus(tx, s.id, status);
        return (await getService(tx, s.id))!;
      });
    },
  },
});
