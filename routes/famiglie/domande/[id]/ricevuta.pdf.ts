import { receiptPdf } from "../../../../lib/enrollment/receipt_pdf.ts";
import { loadApplication } from "../../../../lib/enrollment/portal_http.ts";
import { define, HttpError } from "../../../../lib/http/define.ts";
import { currentTenant } from "../../../../lib/tenancy/db.ts";

/** The receipt of a submitted application, as a PDF the family keeps, in the page's language. */
export const handler = define.handlers({
  async GET(c) {
    const { db, claims, lang } = c.get("state");
    const a = await loadApplication(c);
    if (a.status === "draft") {
      throw new HttpError(404, "A draft has no receipt", { code: "not_submitted" });
    }
    const tenant = await db.asUser(claims!, (tx) => currentTenant(tx));
    const bytes = await receiptPdf(a, tenant ?? { name: "" }, lang);
    const name = `${lang === "en" ? "receipt" : "ricevuta"}-${
      a.protocol_number!.replace("/", "-")
    }.pdf`;
    return new Response(bytes as Uint8Array<ArrayBuffer>, {
      headers: {
        "content-type": "application/pdf",
        "content-disposition": `attachment; filename="${name}"`,
        "cache-control": "private, no-store",
      },
    });
  },
});
