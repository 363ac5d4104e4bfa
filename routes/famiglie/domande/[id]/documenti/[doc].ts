import { documentForDownload } from "../../../../../lib/enrollment/review_dossier.ts";
import { define, HttpError } from "../../../../../lib/http/define.ts";
import { storageFor } from "../../../../../lib/storage/mod.ts";
import { isUuid } from "../../../../../lib/codes/uuid.ts";

const notFound = () => new HttpError(404, "Documento non trovato", { code: "not_found" });

/**
 * A document of the family's own application (its uploads and the office's attachments). The row
 * is read under the family's RLS (`application_documents_family_read`), so another household gets
 * a 404; a health document's download is written to the audit log in the same transaction.
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
      "cache-control": "private, no-store",
      "content-disposition": `attachment; filename="${name}"`,
      "x-content-type-options": "nosniff",
    });
  },
});
