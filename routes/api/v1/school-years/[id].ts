import { defineApi, IdParams } from "../../../../lib/api/define_api.ts";
import { HttpError } from "../../../../lib/http/define.ts";
import { READ_MEMBERS } from "../../../../lib/services/api.ts";
import { getSchoolYear } from "../../../../lib/services/db.ts";
import { SchoolYearSchema } from "../../../../lib/services/schemas.ts";

export const handler = defineApi({
  GET: {
    summary: "One school year",
    tags: ["services"],
    access: READ_MEMBERS,
    params: IdParams,
    response: SchoolYearSchema,
    async run({ params, claims, state }) {
      const year = await state.db.asUser(claims, (tx) => getSchoolYear(tx, params.id));
      if (!year) {
        throw new HttpError(404, "No such school year in your Ente", { code: "not_found" });
      }
      return year;
    },
  },
});
