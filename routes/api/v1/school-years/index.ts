import { z } from "zod";
import { defineApi } from "../../../../lib/api/define_api.ts";
import { createSchoolYear, listSchoolYears } from "../../../../lib/services/db.ts";
import { problemFrom, READ_MEMBERS, WRITE_STAFF } from "../../../../lib/services/api.ts";
import { SchoolYearCreate, SchoolYearSchema } from "../../../../lib/services/schemas.ts";

export const handler = defineApi({
  GET: {
    summary: "School years of the caller's Ente",
    description: "Latest first. Every member of the Ente reads them.",
    tags: ["services"],
    access: READ_MEMBERS,
    response: z.strictObject({ items: z.array(SchoolYearSchema) }),
    async run({ claims, state }) {
      return { items: await state.db.asUser(claims, listSchoolYears) };
    },
  },
  POST: {
    summary: "Create a school year",
    description: "Years of one Ente cannot overlap (409 `overlap`); labels are unique (409).",
    tags: ["services"],
    access: WRITE_STAFF,
    body: SchoolYearCreate,
    response: SchoolYearSchema,
    status: 201,
    errors: [409],
    async run({ body, claims, state }) {
      try {
        return await state.db.asUser(claims, (tx) => createSchoolYear(tx, body));
      } catch (e) {
        throw problemFrom(e) ?? e;
      }
    },
  },
});
