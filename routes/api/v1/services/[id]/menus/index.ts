import { defineApi, IdParams } from "../../../../../../lib/api/define_api.ts";
import { READ_MEMBERS, withService, WRITE_STAFF } from "../../../../../../lib/services/api.ts";
import { createMenu, getMenu, listMenus } from "../../../../../../lib/services/canteen_db.ts";
import { MenuIn, MenuList, MenuSchema } from "../../../../../../lib/services/schemas.ts";

export const handler = defineApi({
  GET: {
    summary: "Menus of a canteen, with dishes and allergens",
    description:
      "Each menu rotates over `rotation_weeks` weeks from its first Monday; dishes list the " +
      "allergens of Reg. (EU) 1169/2011, Annex II.",
    tags: ["canteen"],
    access: READ_MEMBERS,
    params: IdParams,
    response: MenuList,
    run({ params, claims, state }) {
      return withService(state, claims, params.id, async (tx) => ({
        items: await listMenus(tx, params.id),
      }));
    },
  },
  POST: {
    summary: "Create a canteen menu with its dishes",
    description:
      "Menus of a service cannot overlap in time (409 `overlap`); 409 `not_a_canteen` for other services.",
    tags: ["canteen"],
    access: WRITE_STAFF,
    params: IdParams,
    body: MenuIn,
    response: MenuSchema,
    status: 201,
    errors: [409],
    run({ params, body, claims, state }) {
      return withService(state, claims, params.id, async (tx) => {
        const id = await createMenu(tx, params.id, body);
        return (await getMenu(tx, params.id, id))!;
      }, "canteen");
    },
  },
});
