import { defineApi } from "../../../../lib/api/define_api.ts";
import { loadDayBoard } from "../../../../lib/attendance/meal_counts_db.ts";
import {
  boardJson,
  MealCountsQuery,
  MealCountsSchema,
} from "../../../../lib/attendance/meal_counts_api.ts";
import { romeDateOf } from "../../../../lib/calendar/dates.ts";
import { HttpError } from "../../../../lib/http/define.ts";

export const handler = defineApi({
  GET: {
    summary: "Meal counts of a canteen service's day (conteggio pasti)",
    description: "Meals to prepare per site, class and diet (standard, pasto in bianco, each " +
      "diet), with cancellations, absences and children not yet marked. With presumed presence " +
      "a child without a mark counts as eating. Once the service's cut-off has passed, " +
      "`frozen` holds the counts sent to the provider and `late` what changed afterwards. " +
      "Staff and API keys with the read scope see every canteen of the Ente; a provider the " +
      "services its organization delivers (404 otherwise).",
    tags: ["attendance"],
    access: { roles: ["admin", "operator", "provider"], apiKey: "read" },
    query: MealCountsQuery,
    response: MealCountsSchema,
    errors: [404],
    async run({ query, claims, state }) {
      const day = query.day ?? romeDateOf();
      const board = await state.db.asUser(
        claims,
        (tx) => loadDayBoard(tx, query.service_id, day),
      );
      if (!board) throw new HttpError(404, "Servizio mensa non trovato", { code: "not_found" });
      return boardJson(board);
    },
  },
});
