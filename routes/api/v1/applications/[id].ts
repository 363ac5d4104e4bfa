import { defineApi, IdParams } from "../../../../lib/api/define_api.ts";
import { getApplication } from "../../../../lib/enrollment/applications.ts";
import { ApplicationSchema } from "../../../../lib/enrollment/schemas.ts";
import { HttpError } from "../../../../lib/http/define.ts";

export const notFound = () =>
  new HttpError(404, "No such application visible to you", { code: "not_found" });

export const handler = defineApi({
  GET: {
    summary: "One application with its items and their outcomes",
    description: "A family reads the applications of its households; staff those of their " +
      "Ente. 404 for anything else, including another household's or Ente's applications.",
    tags: ["enrollment"],
    access: { roles: ["admin", "operator", "family"], apiKey: "read" },
    params: IdParams,
    response: ApplicationSchema,
    async run({ params, claims, state }) {
      const app = await state.db.asUser(claims, (tx) => getApplication(tx, params.id));
      if (!app) throw notFound();
      return app;
    },
  },
});
