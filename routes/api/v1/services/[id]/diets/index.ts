import { defineApi, IdParams } from "../../../../../../lib/api/define_api.ts";
import { READ_STAFF, withService, WRITE_STAFF } from "../../../../../../lib/services/api.ts";
import { addDiet, listDiets } from "../../../../../../lib/services/canteen_db.ts";
import { DietIn, DietList, DietSchema } from "../../../../../../lib/services/schemas.ts";

export const handler = defineApi({
  GET: {
    summary: "Diet types of a canteen",
    description:
      "Medical, religious and ethical diets, and whether a certificate is required. Staff only: " +
      "diets are health data once tied to a child. Services that are not canteens have none.",
    tags: ["canteen"],
    access: READ_STAFF,
    params: IdParams,
    response: DietList,
    run({ params, claims, state }) {
      return withService(state, claims, params.id, async (tx) => ({
        items: await listDiets(tx, params.id),
      }));
    },
  },
  POST: {
    summary: "Add a diet type to a canteen",
    description: "Codes are unique per service (409); 409 `not_a_canteen` for other services.",
    tags: ["canteen"],
    access: WRITE_STAFF,
    params: IdParams,
    body: DietIn,
    response: DietSchema,
    status: 201,
    errors: [409],
    run({ params, body, claims, state }) {
      return withService(state, claims, params.id, (tx) => addDiet(tx, params.id, body), "canteen");
    },
  },
});
