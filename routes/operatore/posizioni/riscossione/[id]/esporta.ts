import { collectionCsv, csvFileName } from "../../../../../lib/billing/enforced_collection.ts";
import {
  auditCollectionExport,
  getCollection,
} from "../../../../../lib/billing/enforced_collection_read.ts";
import { isUuid } from "../../../../../lib/codes/uuid.ts";
import { define, HttpError } from "../../../../../lib/http/define.ts";
import { EXPORT_MAX_ROWS, refuseTruncated } from "../../../../../lib/http/export_limit.ts";
import { romeDate } from "../../../../../lib/i18n/mod.ts";

/**
 * "Scarica la lista di carico (CSV)": the list's positions with the debtors as handed over and
 * what became of them since (paid after, withdrawn), for the collector. Audited as an export (it
 * names debtors, addresses and debts); a list past the export limit is refused, never cut.
 */
export const handler = define.handlers({
  async GET(c) {
    const state = c.get("state");
    const id = c.req.param("id")!;
    if (!isUuid(id)) throw new HttpError(404);
    const out = await state.db.asUser(state.claims!, async (tx) => {
      const read = await getCollection(tx, id);
      if (!read) return null;
      refuseTruncated(read.positions.length, EXPORT_MAX_ROWS, state.tr);
      await auditCollectionExport(tx, id, read.positions.length);
      return {
        body: collectionCsv(read.positions),
        name: csvFileName(
          read.collection.reference,
          romeDate(new Date(read.collection.created_at)),
        ),
      };
    });
    if (!out) throw new HttpError(404);
    return c.body(out.body, 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${out.name}"`,
      "cache-control": "no-store",
    });
  },
});
