import { defineApi, IdParams } from "../../../../lib/api/define_api.ts";
import { getInvoice, getInvoiceXml } from "../../../../lib/fatturapa/invoices.ts";
import { invoiceDetailJson, InvoiceDetailSchema } from "../../../../lib/fatturapa/schemas.ts";
import { HttpError } from "../../../../lib/http/define.ts";

export const handler = defineApi({
  GET: {
    summary: "One invoice with its lines, VAT summary and XML",
    description: "The invoice as issued: customer and lines are snapshots taken at issue time; " +
      "`xml` is the FatturaPA document (valid against schema 1.2.3). The courtesy copy (PDF) " +
      "is at /operatore/fatture/{id}/pdf for the office and /famiglie/fatture/{id}/pdf for " +
      "families. 404 when the invoice does not exist or is not the caller's.",
    tags: ["invoices"],
    access: { roles: ["admin", "operator", "family"], apiKey: "read" },
    params: IdParams,
    response: InvoiceDetailSchema,
    errors: [404],
    async run({ params, claims, state }) {
      const found = await state.db.asUser(claims, async (tx) => {
        const inv = await getInvoice(tx, params.id);
        const x = inv && await getInvoiceXml(tx, params.id);
        return inv && x ? invoiceDetailJson(inv, x.xml) : null;
      });
      if (!found) throw new HttpError(404, "Invoice not found", { code: "not_found" });
      return found;
    },
  },
});
