import { z } from "zod";
import { defineApi, IdParams } from "../../../../lib/api/define_api.ts";
import { removeAbsence } from "../../../../lib/attendance/absences_api.ts";
import { HttpError } from "../../../../lib/http/define.ts";

export const handler = defineApi({
  DELETE: {
    summary: "Remove a planned absence period",
    description: "Marks already recorded for those days stay as they are (corrections go " +
      "through `POST /attendance`). 404 for a period the caller cannot change: another " +
      "class's, another Ente's, or any for a family.",
    tags: ["attendance"],
    access: { roles: ["admin", "operator", "teacher"], apiKey: "write" },
    params: IdParams,
    response: z.null(),
    status: 204,
    async run({ params, claims, state }) {
      const removed = await state.db.asUser(claims, (tx) => removeAbsence(tx, params.id));
      if (!removed) {
        throw new HttpError(404, "No such absence period you may change", { code: "not_found" });
      }
      return null;
    },
  },
});
