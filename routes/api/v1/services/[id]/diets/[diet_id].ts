import { defineApi } from "../../../../../../lib/api/define_api.ts";
import { HttpError } from "../../../../../../lib/http/define.ts";
import { withService, WRITE_STAFF } from "../../../../../../lib/services/api.ts";
import { updateDiet } from "../../../../../../lib/services/canteen_db.ts";
import { DietIn, DietParams, DietSchema } from "../../../../../../lib/services/schemas.ts";

export const handler = defineApi({
  PATCH: {
    summary: "Change a diet type",
    description:
      "Send the whole diet type. Diets are never deleted (children's records refer to them): " +
      "set `active: false` to retire one.",
    tags: ["canteen"],
    access: WRITE_STAFF,
    params: DietParams,
    body: DietIn,
    response: DietSchema,
    errors: [409],
    run({ params, body, claims, state }) {
      return withService(state, claims, params.id, async (tx) => {
        const diet = await updateDiet(tx, params.id, params.diet_id, body);
        if (!diet) throw new HttpError(404, "No such diet in this service", { code: "not_found" });
        return diet;
      }, "canteen");
    },
  },
});
