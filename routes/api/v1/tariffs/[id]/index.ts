import { defineApi, IdParams } from "../../../../../lib/api/define_api.ts";
import {
  asHttp,
  notFound,
  READ,
  TariffJson,
  tariffJson,
  TariffPatchBody,
  WRITE,
} from "../../../../../lib/tariffs/api.ts";
import { getTariff, updateTariff } from "../../../../../lib/tariffs/db.ts";

export const handler = defineApi({
  GET: {
    summary: "One tariff with all its versions and rules",
    tags: ["tariffs"],
    access: READ,
    params: IdParams,
    response: TariffJson,
    async run({ params, claims, state }) {
      const t = await state.db.asUser(claims, (tx) => getTariff(tx, params.id));
      if (!t) throw notFound();
      return tariffJson(t);
    },
  },
  PATCH: {
    summary: "Change a tariff's code, title, description, service or status",
    description: "Rules change through new versions (`POST …/versions`). A published tariff " +
      "can be archived but not turned back into a draft (409).",
    tags: ["tariffs"],
    access: WRITE,
    params: IdParams,
    body: TariffPatchBody,
    errors: [409],
    response: TariffJson,
    async run({ params, body, claims, state }) {
      return await state.db.asUser(claims, async (tx) => {
        const found = await updateTariff(tx, params.id, {
          serviceId: body.service_id,
          code: body.code,
          title: body.title,
          description: body.description,
          status: body.status,
        }).catch(asHttp);
        if (!found) throw notFound();
        return tariffJson((await getTariff(tx, params.id))!);
      });
    },
  },
});
