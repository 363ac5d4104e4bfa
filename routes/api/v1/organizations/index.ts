import { defineApi } from "../../../../lib/api/define_api.ts";
import { valid } from "../../../../lib/registry/changes.ts";
import { apiError } from "../../../../lib/registry/errors.ts";
import { checkOrganization } from "../../../../lib/registry/organization_rules.ts";
import { createOrganization, listOrganizations } from "../../../../lib/registry/organizations.ts";
import {
  OrganizationBody,
  OrganizationPage,
  OrganizationSchema,
  OrganizationsQuery,
} from "../../../../lib/registry/schemas.ts";

export const handler = defineApi({
  GET: {
    summary: "Organizations of the registry: providers, schools, others",
    tags: ["registry"],
    access: { roles: ["admin", "operator"], apiKey: "read" },
    query: OrganizationsQuery,
    response: OrganizationPage,
    async run({ query, claims, state }) {
      const { items, total } = await state.db.asUser(claims, (tx) =>
        listOrganizations(tx, {
          q: query.q,
          kind: query.kind,
          limit: query.limit,
          offset: query.offset,
        }));
      return { items, total, limit: query.limit, offset: query.offset };
    },
  },
  POST: {
    summary: "Add an organization to the registry",
    description: "Partita IVA (office code and check digit) and codice fiscale are validated; " +
      "one of them is required, and a provider says what it supplies. 409 " +
      "`duplicate_vat_number` with `existing` when either code is already registered.",
    tags: ["registry"],
    access: { roles: ["admin", "operator"], apiKey: "write" },
    body: OrganizationBody,
    response: OrganizationSchema,
    status: 201,
    errors: [409],
    async run({ body, claims, state }) {
      try {
        const values = valid(checkOrganization(body));
        return await state.db.asUser(claims, (tx) => createOrganization(tx, values));
      } catch (e) {
        throw apiError(e);
      }
    },
  },
});
