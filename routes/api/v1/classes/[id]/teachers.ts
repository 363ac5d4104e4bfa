import { defineApi, IdParams } from "../../../../../lib/api/define_api.ts";
import { HttpError } from "../../../../../lib/http/define.ts";
import { getClass, setClassTeachers } from "../../../../../lib/sites/classes.ts";
import { apiError, ClassSchema, TeachersBody } from "../../../../../lib/sites/schemas.ts";

export const handler = defineApi({
  PUT: {
    summary: "Set the teachers of a class",
    description:
      "The list replaces the current teachers (an empty list removes them all). 422 when " +
      "someone does not hold the teacher role in the Ente.",
    tags: ["sites"],
    access: { roles: ["admin", "operator"], apiKey: "write" },
    params: IdParams,
    body: TeachersBody,
    response: ClassSchema,
    async run({ params, body, claims, state }) {
      try {
        const updated = await state.db.asUser(claims, async (tx) => {
          if (!await setClassTeachers(tx, params.id, body.user_ids)) return null;
          return await getClass(tx, params.id);
        });
        if (!updated) {
          throw new HttpError(404, "No such class in your Ente", { code: "not_found" });
        }
        return updated;
      } catch (e) {
        throw apiError(e);
      }
    },
  },
});
