import { defineApi } from "../../../../lib/api/define_api.ts";
import { problemFrom, READ_MEMBERS, WRITE_STAFF } from "../../../../lib/services/api.ts";
import { createService, getService, listServices } from "../../../../lib/services/db.ts";
import {
  ServiceCreate,
  ServiceList,
  ServiceSchema,
  ServicesQuery,
} from "../../../../lib/services/schemas.ts";

export const handler = defineApi({
  GET: {
    summary: "Services of the caller's Ente",
    description:
      "Staff and API keys see every service; families, teachers and providers only published " +
      "ones. Filter by `status`, `kind` and `q` (part of the title or code).",
    tags: ["services"],
    access: READ_MEMBERS,
    query: ServicesQuery,
    response: ServiceList,
    async run({ query, claims, state }) {
      const items = await state.db.asUser(claims, (tx) => listServices(tx, query));
      return { items };
    },
  },
  POST: {
    summary: "Create a service (as a draft)",
    description:
      "Configure it with PATCH and the calendar, form and canteen operations, then publish it " +
      "with PATCH `status: published`.",
    tags: ["services"],
    access: WRITE_STAFF,
    body: ServiceCreate,
    response: ServiceSchema,
    status: 201,
    errors: [409],
    async run({ body, claims, state }) {
      try {
        return await state.db.asUser(claims, async (tx) => {
          const id = await createService(tx, { ...body, description: body.description ?? null });
          return (await getService(tx, id))!;
        });
      } catch (e) {
        throw problemFrom(e) ?? e;
      }
    },
  },
});
