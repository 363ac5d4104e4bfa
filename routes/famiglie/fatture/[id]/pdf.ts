import { pdfDownload } from "../../../../lib/fatturapa/invoices.ts";
import { define, HttpError } from "../../../../lib/http/define.ts";
import { isUuid } from "../../../../lib/codes/uuid.ts";

/** The invoice's courtesy copy (PDF) (under RLS: only an invoice the caller may read). */
export const handler = define.handlers({
  async GET(c) {
    const { db, claims } = c.get("state");
    const id = c.req.param("id") ?? "";
    const res = isUuid(id) ? await db.asUser(claims!, (tx) => pdfDownload(tx, id)) : null;
    if (!res) throw new HttpError(404, "Invoice not found", { code: "not_found" });
    return res;
  },
});
