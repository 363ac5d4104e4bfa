import { xmlDownload } from "../../../../lib/fatturapa/invoices.ts";
import { define, HttpError } from "../../../../lib/http/define.ts";
import { isUuid } from "../../../../lib/codes/uuid.ts";

/** The invoice's XML as sent to the SdI (under RLS: only an invoice the caller may read). */
export const handler = define.handlers({
  async GET(c) {
    const { db, claims } = c.get("state");
    const id = c.req.param("id") ?? "";
    const res = isUuid(id) ? await db.asUser(claims!, (tx) => xmlDownload(tx, id)) : null;
    if (!res) throw new HttpError(404, "Invoice not found", { code: "not_found" });
    return res;
  },
});
