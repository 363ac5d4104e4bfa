import { defineApi } from "../../../../lib/api/define_api.ts";
import {
  apiError,
  assertSiteConsistent,
  NewSiteBody,
  siteJson,
  SitePage,
  SiteSchema,
  SitesQuery,
} from "../../../../lib/sites/schemas.ts";
import { createSite, listSites } from "../../../../lib/sites/sites.ts";

export const handler = defineApi({
  GET: {
    summary: "Sites (plessi) of the caller's Ente",
    description:
      "Staff and API keys with the read scope see every site; a teacher only the sites of their " +
      "classes. Filter by `q` (part of the name, address, municipality or school code) and `kind`.",
    tags: ["sites"],
    access: { roles: ["admin", "operator", "teacher"], apiKey: "read" },
    query: SitesQuery,
    response: SitePage,
    async run({ query, claims, state }) {
      const { items, total } = await state.db.asUser(claims, (tx) =>
        listSites(tx, {
          q: query.q ?? null,
          kind: query.kind ?? null,
          limit: query.limit,
          offset: query.offset,
        }));
      return { items: items.map(siteJson), total, limit: query.limit, offset: query.offset };
    },
  },
  POST: {
    summary: "Create a site",
    description:
      "409 when another site of the Ente has the same name or codice meccanografico; 422 when a " +
      "service does not exist in the Ente or fields disagree (one coordinate only, minimum age " +
      "above maximum, repeated criteria). Photos are uploaded from the back office.",
    tags: ["sites"],
    access: { roles: ["admin", "operator"], apiKey: "write" },
    body: NewSiteBody,
    response: SiteSchema,
    status: 201,
    errors: [409],
    async run({ body, claims, state }) {
      const { service_ids, ...rest } = body;
      const values = {
        ...rest,
        school_code: rest.school_code ?? null,
        latitude: rest.latitude ?? null,
        longitude: rest.longitude ?? null,
        capacity: rest.capacity ?? null,
        min_age_months: rest.min_age_months ?? null,
        max_age_months: rest.max_age_months ?? null,
        residency_priority: rest.residency_priority ?? false,
        criteria: rest.criteria ?? [],
      };
      assertSiteConsistent(values);
      try {
        const site = await state.db.asUser(claims, (tx) => createSite(tx, values, service_ids));
        return siteJson(site);
      } catch (e) {
        throw apiError(e);
      }
    },
  },
});
