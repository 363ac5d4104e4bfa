import { z } from "zod";
import { defineApi, Uuid } from "../../../../lib/api/define_api.ts";
import { providerTargets } from "../../../../lib/diary/communications.ts";

const ProviderTargetSchema = z.object({
  service_id: Uuid,
  site_id: Uuid,
  site_name: z.string(),
  class_id: Uuid.nullable().describe("Null for children enrolled without a class"),
  class_name: z.string().nullable(),
}).describe("A site (and class) where children are enrolled today in one of your services");

const ProviderTargetList = z.object({ items: z.array(ProviderTargetSchema) });

export const handler = defineApi({
  GET: {
    summary: "Sites and classes a provider may write to",
    description:
      "For a provider (soggetto erogatore): the sites and classes where children are enrolled " +
      "today in one of the services its organization runs, by name. A communication " +
      "(`POST /api/v1/communications`) may narrow its service to one of these sites or classes; " +
      "only the families of the children enrolled there in that service receive it. Empty when " +
      "the user is not linked to an organization.",
    tags: ["communications"],
    access: { roles: ["provider"] },
    response: ProviderTargetList,
    async run({ claims, state }) {
      return { items: await state.db.asUser(claims, (tx) => providerTargets(tx)) };
    },
  },
});
