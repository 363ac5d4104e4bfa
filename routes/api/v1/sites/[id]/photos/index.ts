import { defineApi, IdParams } from "../../../../../../lib/api/define_api.ts";
import { HttpError } from "../../../../../../lib/http/define.ts";
import { storeSitePhoto } from "../../../../../../lib/sites/photos.ts";
import {
  apiError,
  NewPhotoBody,
  photoJson,
  PhotoList,
  PhotoSchema,
} from "../../../../../../lib/sites/schemas.ts";
import { getSite } from "../../../../../../lib/sites/sites.ts";
import { storageFor } from "../../../../../../lib/storage/mod.ts";

const notFound = () => new HttpError(404, "No such site in your Ente", { code: "not_found" });

export const handler = defineApi({
  GET: {
    summary: "Photos of a site",
    description: "Each photo's `url` serves its bytes to signed-in people who can see the site.",
    tags: ["sites"],
    access: { roles: ["admin", "operator", "teacher"], apiKey: "read" },
    params: IdParams,
    response: PhotoList,
    async run({ params, claims, state }) {
      const site = await state.db.asUser(claims, (tx) => getSite(tx, params.id));
      if (!site) throw notFound();
      return { items: site.photos.map(photoJson) };
    },
  },
  POST: {
    summary: "Upload a photo of a site",
    description:
      "multipart/form-data with `photo` (the file) and `alt_text`. As in the back office the " +
      "bytes decide the type: JPEG, PNG or WebP, at most 5 MiB; 422 `image.type`, " +
      "`image.too_large`, `image.empty` or `alt_text` otherwise, with nothing stored.",
    tags: ["sites"],
    access: { roles: ["admin", "operator"], apiKey: "write" },
    params: IdParams,
    body: NewPhotoBody,
    bodyType: "multipart",
    response: PhotoSchema,
    status: 201,
    async run({ params, body, claims, state }) {
      const site = await state.db.asUser(claims, (tx) => getSite(tx, params.id));
      if (!site) throw notFound();
      let stored;
      try {
        stored = await storeSitePhoto(state.db, claims, storageFor(state.config), {
          siteId: site.id,
          bytes: new Uint8Array(await body.photo.arrayBuffer()),
          altText: body.alt_text,
        });
      } catch (e) {
        throw apiError(e);
      }
      if (!stored.ok) {
        const errors = Object.entries(stored.problems).map(([field, p]) => ({
          path: `body.${field}`,
          message: p.en,
          code: p.code,
        }));
        throw new HttpError(422, errors.map((e) => e.message).join(" "), {
          code: "validation_failed",
          errors,
        });
      }
      return photoJson(stored.photo);
    },
  },
});
