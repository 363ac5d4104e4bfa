import { z } from "zod";
import { defineApi } from "../../../../lib/api/define_api.ts";
import { HttpError } from "../../../../lib/http/define.ts";
import {
  asHttp,
  NewTariffBody,
  READ,
  summaryJson,
  TariffJson,
  tariffJson,
  TariffSummaryJson,
  WRITE,
} from "../../../../lib/tariffs/api.ts";
import { createTariff, getTariff, listTariffs } from "../../../../lib/tariffs/db.ts";

export const handler = defineApi({
  GET: {
    summary: "List the Ente's tariffs",
    description: "Drafts included for staff and API keys. Filter by service or status.",
    tags: ["tariffs"],
    access: READ,
    query: z.object({
      service_id: z.uuid().optional(),
      status: z.enum(["draft", "published", "archived"]).optional(),
    }),
    response: z.object({ items: z.array(TariffSummaryJson) }),
    async run({ query, claims, state }) {
      const rows = await state.db.asUser(
        claims,
        (tx) => listTariffs(tx, { serviceId: query.service_id, status: query.status }),
      );
      return { items: rows.map(summaryJson) };
    },
  },
  POST: {
    summary: "Create a tariff, optionally with its first version",
    description: "The rules are checked by the tariff engine before anything is written: " +
      "invalid rules answer 422 with one error per problem (Italian `message`, English " +
      "`message_en`). A published tariff needs a version.",
    tags: ["tariffs"],
    access: WRITE,
    body: NewTariffBody,
    status: 201,
    errors: [409],
    response: TariffJson,
    async run({ body, claims, state }) {
      const tenantId = claims.app_metadata.tenant_id;
      if (!tenantId) throw new HttpError(403, "No Ente selected", { code: "forbidden" });
      if (body.status === "published" && !body.version) {
        throw new HttpError(422, "Una tariffa pubblicata deve avere almeno una versione.", {
          code: "validation_failed",
          errors: [{ path: "body.version", message: "required to publish", code: "required" }],
        });
      }
      return await state.db.asUser(claims, async (tx) => {
        const id = await createTariff(tx, {
          tenantId,
          serviceId: body.service_id,
          code: body.code,
          title: body.title,
          description: body.description ?? null,
          status: body.status,
          createdBy: state.auth === "session" ? claims.sub : null,
          version: body.version && {
            validFrom: body.version.valid_from,
            validTo: body.version.valid_to ?? null,
            rounding: body.version.rounding,
            rules: body.version.rules,
          },
        }).catch(asHttp);
        return tariffJson((await getTariff(tx, id))!);
      });
    },
  },
});
