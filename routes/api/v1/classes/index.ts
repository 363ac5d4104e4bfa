import { defineApi } from "../../../../lib/api/define_api.ts";
import { createClass, listClasses } from "../../../../lib/sites/classes.ts";
import {
  apiError,
  assertClassConsistent,
  ClassesQuery,
  ClassPage,
  ClassSchema,
  NewClassBody,
} from "../../../../lib/sites/schemas.ts";

export const handler = defineApi({
  GET: {
    summary: "Classes of the caller's Ente",
    description:
      "Staff and API keys with the read scope see every class; a teacher only the classes they " +
      "teach. Filter by `school_year_id` and `site_id`.",
    tags: ["sites"],
    access: { roles: ["admin", "operator", "teacher"], apiKey: "read" },
    query: ClassesQuery,
    response: ClassPage,
    async run({ query, claims, state }) {
      const { items, total } = await state.db.asUser(claims, (tx) =>
        listClasses(tx, {
          school_year_id: query.school_year_id ?? null,
          site_id: query.site_id ?? null,
          limit: query.limit,
          offset: query.offset,
        }));
      return { items, total, limit: query.limit, offset: query.offset };
    },
  },
  POST: {
    summary: "Create a class in a school year at a site",
    description:
      "422 when the school year or the site is not the Ente's, the grade does not fit the level " +
      "(1–5 in primaria, 1–3 otherwise, required in primaria and secondaria) or a teacher lacks " +
      "the teacher role; 409 when the site already has a class with the name that year.",
    tags: ["sites"],
    access: { roles: ["admin", "operator"], apiKey: "write" },
    body: NewClassBody,
    response: ClassSchema,
    status: 201,
    errors: [409],
    async run({ body, claims, state }) {
      const { teacher_ids, ...rest } = body;
      const values = { ...rest, grade: rest.grade ?? null, capacity: rest.capacity ?? null };
      assertClassConsistent(values);
      try {
        return await state.db.asUser(claims, (tx) => createClass(tx, values, teacher_ids));
      } catch (e) {
        throw apiError(e);
      }
    },
  },
});
