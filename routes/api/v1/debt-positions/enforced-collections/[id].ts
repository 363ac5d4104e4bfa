import { defineApi, IdParams } from "../../../../../lib/api/define_api.ts";
import {
  auditCollectionExport,
  getCollection,
} from "../../../../../lib/billing/enforced_collection_read.ts";
import { HttpError } from "../../../../../lib/http/define.ts";
import { CollectionDetailSchema, listedPositionOf } from "./_schemas.ts";

export const handler = defineApi({
  GET: {
    summary: "One list handed to enforced collection, with its positions as they are now",
    description:
      "The list's act, rule and totals at hand-over, and each position handed over (withdrawn " +
      "ones too, with who withdrew it and why): the debtor as the registry knew them then " +
      "(name, codice fiscale, address), the amount handed over, its last reminder, and what " +
      "became of it since: the status and amount paid now, the notices still unpaid, and " +
      "`needs_relief` when it was paid or cancelled after the hand-over, so the office tells " +
      "the collector to drop or reduce it (sgravio). The data of the «lista di carico» the " +
      "office downloads as CSV: each read is written to the audit log as its export. Office " +
      "sessions only (admins and operators): the database lets only the billing office read " +
      "the lists.",
    tags: ["billing"],
    access: { roles: ["admin", "operator"] },
    params: IdParams,
    response: CollectionDetailSchema,
    async run({ params, claims, state }) {
      const read = await state.db.asUser(claims, async (tx) => {
        const out = await getCollection(tx, params.id);
        if (out) await auditCollectionExport(tx, params.id, out.positions.length);
        return out;
      });
      if (!read) {
        throw new HttpError(404, "No such enforced collection list in your Ente", {
          code: "not_found",
        });
      }
      return { ...read.collection, positions: read.positions.map(listedPositionOf) };
    },
  },
});
