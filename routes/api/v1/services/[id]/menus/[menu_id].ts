import { defineApi } from "../../../../../../lib/api/define_api.ts";
import { HttpError } from "../../../../../../lib/http/define.ts";
import { withService, WRITE_STAFF } from "../../../../../../lib/services/api.ts";
import { getMenu, replaceMenu } from "../../../../../../lib/services/canteen_db.ts";
import { MenuIn, MenuParams, MenuSchema } from "../../../../../../lib/services/schemas.ts";

export const handler = defineApi({
  PUT: {
    summary: "Replace a canteen menu and its dishes",
    tags: ["canteen"],
    access: WRITE_STAFF,
    params: MenuParams,
    body: MenuIn,
    response: MenuSchema,
    errors: [409],
    run({ params, body, claims, state }) {
      return withService(state, claims, params.id, async (tx) => {
        if (!(await replaceMenu(tx, params.id, params.menu_id, body))) {
          throw new HttpError(404, "No such menu in this service", { code: "not_found" });
        }
        return (await getMenu(tx, params.id, params.menu_id))!;
      }, "canteen");
    },
  },
});
