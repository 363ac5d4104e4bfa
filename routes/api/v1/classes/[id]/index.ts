import { z } from "zod";
import { defineApi, IdParams } from "../../../../../lib/api/define_api.ts";
import { HttpError } from "../../../../../lib/http/define.ts";
import { getClass, updateClass } from "../../../../../lib/sites/classes.ts";
import { deleteClass } from "../../../../../lib/sites/deletion.ts";
import {
  apiError,
  assertClassConsistent,
  ClassPatchBody,
  ClassSchema,
} from "../../../../../lib/sites/schemas.ts";

const notFound = () => new HttpError(404, "No such class in your Ente", { code: "not_found" });

export const handler = defineApi({
  GET: {
    summary: "One class with its teachers",
    description: "404 for classes of other Enti, and for a teacher, classes they do not teach.",
    tags: ["sites"],
    access: { roles: ["admin", "operator", "teacher"], apiKey: "read" },
    params: IdParams,
    response: ClassSchema,
    async run({ params, claims, state }) {
      const found = await state.db.asUser(claims, (tx) => getClass(tx, params.id));
      if (!found) throw notFound();
      return found;
    },
  },
  PATCH: {
    summary: "Change a class",
    description:
      "Only the fields sent change; `teacher_ids` replaces the teachers. Same refusals as " +
      "creation.",
    tags: ["sites"],
    access: { roles: ["admin", "operator"], apiKey: "write" },
    params: IdParams,
    body: ClassPatchBody,
    response: ClassSchema,
    errors: [409],
    async run({ params, body, claims, state }) {
      const { teacher_ids, ...patch } = body;
      try {
        const updated = await state.db.asUser(claims, async (tx) => {
          const current = await getClass(tx, params.id);
          if (!current) return null;
          assertClassConsistent({ ...current, ...patch });
          return await updateClass(tx, params.id, patch, teacher_ids);
        });
        if (!updated) throw notFound();
        return updated;
      } catch (e) {
        throw apiError(e);
      }
    },
  },
  DELETE: {
    summary: "Delete a class",
    description:
      "The class goes with its teachers' assignments; the audit log keeps its history. 409 " +
      "`class_in_use`, with `references` counting them, while applications or enrollments " +
      "name it.",
    tags: ["sites"],
    access: { roles: ["admin", "operator"], apiKey: "write" },
    params: IdParams,
    response: z.null(),
    status: 204,
    errors: [409],
    async run({ params, claims, state }) {
      let deleted: boolean;
      try {
        deleted = await state.db.asUser(claims, (tx) => deleteClass(tx, params.id));
      } catch (e) {
        throw apiError(e);
      }
      if (!deleted) throw notFound();
      return null;
    },
  },
});
