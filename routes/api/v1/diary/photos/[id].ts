import { photoByIdForReader } from "../../../../../lib/diary/posts.ts";
import { define, HttpError } from "../../../../../lib/http/define.ts";
import { assertSignedIn } from "../../../../../lib/http/guards.ts";
import { storageFor } from "../../../../../lib/storage/mod.ts";
import { isUuid } from "../../../../../lib/codes/uuid.ts";

const notFound = () => new HttpError(404, "No such photo", { code: "not_found" });

/**
 * A diary photo's bytes, to signed-in people who may read its post (looked up under RLS: a
 * photo of another class, family or Ente is a 404 like one that does not exist). Private
 * caching only: these are photos of children.
 */
export const handler = define.handlers({
  async GET(c) {
    const state = c.get("state");
    assertSignedIn(state);
    const id = c.req.param("id") ?? "";
    if (!isUuid(id)) throw notFound();
    const meta = await state.db.asUser(state.claims, (tx) => photoByIdForReader(tx, id));
    if (!meta) throw notFound();
    const bytes = await storageFor(state.config).get(meta.storage_key);
    if (!bytes) throw notFound();
    return c.body(bytes, 200, {
      "content-type": meta.content_type,
      "content-length": String(bytes.length),
      "cache-control": "private, max-age=3600",
      "content-disposition": "inline",
      "x-content-type-options": "nosniff",
    });
  },
});
