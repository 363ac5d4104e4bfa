import { define, HttpError } from "../../../lib/http/define.ts";
import { assertSignedIn } from "../../../lib/http/guards.ts";
import { photoByKey } from "../../../lib/sites/sites.ts";
import { logoByKey } from "../../../lib/storage/logo.ts";
import { isStorageKey, storageFor } from "../../../lib/storage/mod.ts";

const notFound = () => new HttpError(404, "No such file", { code: "not_found" });

/**
 * A stored file, to signed-in people who may read the row that names it: the row is looked up
 * under RLS, so another Ente's key (or one of a site a teacher has no class in) is a 404, exactly
 * like a key that does not exist. The Ente's logo is readable by every member of the Ente.
 * Private caching only: shared caches must never keep it.
 */
export const handler = define.handlers({
  async GET(c) {
    const state = c.get("state");
    assertSignedIn(state);
    const key = `${c.req.param("tenant")}/${c.req.param("key")}`;
    if (!isStorageKey(key)) throw notFound();
    const meta = await state.db.asUser(
      state.claims,
      async (tx) => await photoByKey(tx, key) ?? await logoByKey(tx, key),
    );
    if (!meta) throw notFound();
    const bytes = await storageFor(state.config).get(key);
    if (!bytes) throw notFound();
    return c.body(bytes, 200, {
      "content-type": meta.content_type,
      "content-length": String(bytes.length),
      "cache-control": "private, max-age=3600",
      "content-disposition": "inline",
    });
  },
});
