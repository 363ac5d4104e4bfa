import { documentForDownload } from "../../../../../lib/enrollment/review_dossier.ts";
import { define, HttpError } from "../../../../../lib/http/define.ts";
import { storageFor } from "../../../../../lib/storage/mod.ts";
import { isUuid } from "../../../../../lib/codes/uuid.ts";

const notFound = () => new HttpError(404, "Documento non trovato");

/**
 * A document attached to an application, for the office. Health documents are special
 * categories: the download is audited (in the same transaction that reads the row), and nothing
 * is cached anywhere.
 */
export const handler = define.handlers({
  async GET(c) {
    const state = c.get("state");
    const id = c.req.param("id")!;
    const docId = c.req.param("doc")!;
    if (!isUuid(id) || !isUuid(docId)) throw notFound();
    const doc = await state.db.asUser(state.claims!, (tx) => documentForDownload(tx, id, docId));
    if (!doc) throw notFound();
    const bytes = await storageFor(state.config).get(doc.storage_key);
    if (!bytes) throw notFound();
    const name = doc.file_name.replace(/[^\w.\- ]/g, "_");
    return c.body(bytes, 200, {
      "content-type": doc.content_type,
      "content-length": String(bytes.length),
      "cache-control": "no-store",
      "content-disposition": `attachment; filename="${name}"`,
    });
  },
});
