import { defineApi, IdParams } from "../../../../../lib/api/define_api.ts";
import type { Tx } from "../../../../../lib/db/types.ts";
import { READ_STAFF, withService, WRITE_STAFF } from "../../../../../lib/services/api.ts";
import { getCanteenSettings, saveCanteenSettings } from "../../../../../lib/services/canteen_db.ts";
import type { Service } from "../../../../../lib/services/db.ts";
import { CanteenSettingsPut, CanteenSettingsSchema } from "../../../../../lib/services/schemas.ts";

async function settingsOf(tx: Tx, s: Service) {
  return { canteen: s.kind === "canteen", ...await getCanteenSettings(tx, s.id) };
}

export const handler = defineApi({
  GET: {
    summary: "A canteen's daily attendance communication",
    description:
      "By what time the day's presences are sent, and who receives the totals. Services that " +
      "are not canteens answer `canteen: false` with the defaults.",
    tags: ["canteen"],
    access: READ_STAFF,
    params: IdParams,
    response: CanteenSettingsSchema,
    run({ params, claims, state }) {
      return withService(state, claims, params.id, settingsOf);
    },
  },
  PUT: {
    summary: "Set a canteen's daily attendance communication",
    description: "409 `not_a_canteen` for other kinds of service.",
    tags: ["canteen"],
    access: WRITE_STAFF,
    params: IdParams,
    body: CanteenSettingsPut,
    response: CanteenSettingsSchema,
    errors: [409],
    run({ params, body, claims, state }) {
      return withService(state, claims, params.id, async (tx, s) => {
        await saveCanteenSettings(tx, params.id, body);
        return await settingsOf(tx, s);
      }, "canteen");
    },
  },
});
