import { define, HttpError } from "../../../../../lib/http/define.ts";
import { deleteSitePhoto } from "../../../../../lib/sites/sites.ts";
import { storageFor } from "../../../../../lib/storage/mod.ts";

/** Deletes a photo of a site: the row at once, the stored bytes once that has committed. */
export const handler = define.handlers({
  async POST(c) {
    const state = c.get("state");
    const siteId = c.req.param("id")!;
    const key = await state.db.asUser(
      state.claims!,
      (tx) => deleteSitePhoto(tx, siteId, c.req.param("photo")!),
    );
    if (!key) throw new HttpError(404, "No such photo", { code: "not_found" });
    await storageFor(state.config).delete(key);
    return c.redirect(`/operatore/plessi/${siteId}?foto=eliminata#foto`, 303);
  },
});
