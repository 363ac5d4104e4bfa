import { defineApi, IdParams } from "../../../../../lib/api/define_api.ts";
import {
  asHttp,
  NewVersionBody,
  notFound,
  TariffJson,
  tariffJson,
  WRITE,
} from "../../../../../lib/tariffs/api.ts";
import { addVersion, getTariff } from "../../../../../lib/tariffs/db.ts";

export const handler = defineApi({
  POST: {
    summary: "Add a version of a tariff from a date",
    description: "The version in force on `valid_from` ends the day before; the new one runs " +
      "until the next version or open-ended. On a draft, a version with the same start is " +
      "replaced. On a published tariff versions are append-only and cannot start in a past " +
      "month (409): months already billed never change. Invalid rules answer 422.",
    tags: ["tariffs"],
    access: WRITE,
    params: IdParams,
    body: NewVersionBody,
    status: 201,
    errors: [409],
    response: TariffJson,
    async run({ params, body, claims, state }) {
      return await state.db.asUser(claims, async (tx) => {
        const id = await addVersion(tx, params.id, {
          validFrom: body.valid_from,
          validTo: body.valid_to,
          rounding: body.rounding,
          rules: body.rules,
        }, state.auth === "session" ? claims.sub : null).catch(asHttp);
        if (!id) throw notFound();
        return tariffJson((await getTariff(tx, params.id))!);
      });
    },
  },
});
