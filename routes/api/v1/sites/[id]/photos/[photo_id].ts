import { z } from "zod";
import { defineApi } from "../../../../../../lib/api/define_api.ts";
import { HttpError } from "../../../../../../lib/http/define.ts";
import { deleteSitePhoto } from "../../../../../../lib/sites/sites.ts";
import { storageFor } from "../../../../../../lib/storage/mod.ts";

// The photo's id is checked after the site, so a photo of another Ente's site is always 404.
const Params = z.object({
  id: z.uuid({ error: "must be a UUID" }).describe("The site's id"),
  photo_id: z.string().max(100).describe("The photo's id (UUID)"),
});

const notFound = () =>
  new HttpError(404, "No such photo of a site of your Ente", { code: "not_found" });

export const handler = defineApi({
  DELETE: {
    summary: "Delete a photo of a site",
    description: "The row at once, the stored file once that has committed.",
    tags: ["sites"],
    access: { roles: ["admin", "operator"], apiKey: "write" },
    params: Params,
    response: z.null(),
    status: 204,
    async run({ params, claims, state }) {
      const key = await state.db.asUser(
        claims,
        (tx) => deleteSitePhoto(tx, params.id, params.photo_id),
      );
      if (!key) throw notFound();
      await storageFor(state.config).delete(key);
      return null;
    },
  },
});
