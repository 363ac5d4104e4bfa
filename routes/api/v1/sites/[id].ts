import { z } from "zod";
import { defineApi, IdParams } from "../../../../lib/api/define_api.ts";
import { HttpError } from "../../../../lib/http/define.ts";
import { deleteSite } from "../../../../lib/sites/deletion.ts";
import {
  apiError,
  assertSiteConsistent,
  siteJson,
  SitePatchBody,
  SiteSchema,
} from "../../../../lib/sites/schemas.ts";
import { getSite, updateSite } from "../../../../lib/sites/sites.ts";
import { storageFor } from "../../../../lib/storage/mod.ts";

const notFound = () => new HttpError(404, "No such site in your Ente", { code: "not_found" });

export const handler = defineApi({
  GET: {
    summary: "One site, with its services and photos",
    description: "404 for sites of other Enti, and for a teacher, sites where they have no class.",
    tags: ["sites"],
    access: { roles: ["admin", "operator", "teacher"], apiKey: "read" },
    params: IdParams,
    response: SiteSchema,
    async run({ params, claims, state }) {
      const site = await state.db.asUser(claims, (tx) => getSite(tx, params.id));
      if (!site) throw notFound();
      return siteJson(site);
    },
  },
  PATCH: {
    summary: "Change a site",
    description:
      "Only the fields sent change; `null` clears an optional one and `service_ids` replaces " +
      "the services delivered. 409 on a duplicate name or codice meccanografico.",
    tags: ["sites"],
    access: { roles: ["admin", "operator"], apiKey: "write" },
    params: IdParams,
    body: SitePatchBody,
    response: SiteSchema,
    errors: [409],
    async run({ params, body, claims, state }) {
      const { service_ids, ...patch } = body;
      try {
        const site = await state.db.asUser(claims, async (tx) => {
          const current = await getSite(tx, params.id);
          if (!current) return null;
          assertSiteConsistent({ ...current, ...patch });
          return await updateSite(tx, params.id, patch, service_ids);
        });
        if (!site) throw notFound();
        return siteJson(site);
      } catch (e) {
        throw apiError(e);
      }
    },
  },
  DELETE: {
    summary: "Delete a site",
    description:
      "The site goes with its photos (rows and stored files) and the list of services delivered " +
      "there; the audit log keeps its history. 409 `site_in_use`, with `references` counting " +
      "them, while classes are held there or applications or enrollments name it.",
    tags: ["sites"],
    access: { roles: ["admin", "operator"], apiKey: "write" },
    params: IdParams,
    response: z.null(),
    status: 204,
    errors: [409],
    async run({ params, claims, state }) {
      let keys: string[] | null;
      try {
        keys = await state.db.asUser(claims, (tx) => deleteSite(tx, params.id));
      } catch (e) {
        throw apiError(e);
      }
      if (!keys) throw notFound();
      const storage = storageFor(state.config);
      for (const key of keys) await storage.delete(key);
      return null;
    },
  },
});
