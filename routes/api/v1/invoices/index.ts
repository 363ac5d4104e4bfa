import { defineApi } from "../../../../lib/api/define_api.ts";
import { listInvoices } from "../../../../lib/fatturapa/invoices.ts";
import { createInvoicesForRun } from "../../../../lib/fatturapa/issue.ts";
import {
  invoiceJson,
  InvoicePage,
  InvoicesQuery,
  IssueBody,
  IssueResult,
} from "../../../../lib/fatturapa/schemas.ts";
import { InvoiceDataError } from "../../../../lib/fatturapa/xml.ts";
import { HttpError } from "../../../../lib/http/define.ts";

export const handler = defineApi({
  GET: {
    summary: "Invoices of the caller's Ente",
    description: "Electronic invoices (FatturaPA FPR12), newest first. Staff and API keys with " +
      "the read scope see every invoice; a family only those addressed to a payer of its " +
      "household. Filter by `year`, `payer` (name or codice fiscale), `number`, `payer_id`, " +
      "`run_id`.",
    tags: ["invoices"],
    access: { roles: ["admin", "operator", "family"], apiKey: "read" },
    query: InvoicesQuery,
    response: InvoicePage,
    async run({ query, claims, state }) {
      const { items, total, total_cents } = await state.db.asUser(claims, (tx) =>
        listInvoices(
          tx,
          {
            year: query.year ?? null,
            payer: query.payer ?? null,
            number: query.number ?? null,
            payer_id: query.payer_id ?? null,
            run_id: query.run_id ?? null,
          },
          query.limit,
          query.offset,
        ));
      return {
        items: items.map(invoiceJson),
        total,
        total_cents,
        limit: query.limit,
        offset: query.offset,
      };
    },
  },
  POST: {
    summary: "Issue the missing invoices of an issued run",
    description: "Creates one invoice per debt position of the run whose service is billed by " +
      "invoice and that has none yet (idempotent). Positions whose payer lacks data (codice " +
      "fiscale, an address with CAP) are reported in `problems` and recorded as problems of the " +
      "run. 404 when the run does not exist, 409 `run_not_issued` before issue, 422 " +
      "`invoice_settings_missing` when the Ente's invoicing data are not configured.",
    tags: ["invoices"],
    access: { roles: ["admin", "operator"], apiKey: "write" },
    body: IssueBody,
    response: IssueResult,
    errors: [404, 409],
    async run({ body, claims, state }) {
      try {
        const r = await state.db.asUser(claims, async (tx) => {
          const [run] = await tx.query<{ status: string }>(
            "select status from public.billing_runs where id = $1",
            [body.run_id],
          );
          if (!run) throw new HttpError(404, "Billing run not found", { code: "not_found" });
          if (run.status !== "issued") {
            throw new HttpError(409, "The run has not been issued", { code: "run_not_issued" });
          }
          return await createInvoicesForRun(tx, body.run_id, {
            userId: state.auth === "api_key" ? null : claims.sub,
          });
        });
        return {
          created: r.created,
          problems: r.problems.map((p) => ({
            position_id: p.positionId,
            payer_id: p.payerId,
            code: p.code,
            message: p.messageEn,
            message_it: p.message,
          })),
        };
      } catch (e) {
        if (e instanceof InvoiceDataError) {
          throw new HttpError(422, e.message, {
            code: e.code,
            errors: [{ path: "body.run_id", message: e.message, code: e.code }],
          });
        }
        throw e;
      }
    },
  },
});
