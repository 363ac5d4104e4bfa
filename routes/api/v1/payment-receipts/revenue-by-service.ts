import { z } from "zod";
import { defineApi } from "../../../../lib/api/define_api.ts";
import { currentMonth, revenueReport } from "../../../../lib/pagopa/receipts_by_service_read.ts";
import { RECEIPT_STATUSES } from "../../../../lib/pagopa/receipts_rules.ts";

const RevenueQuery = z.object({
  from: z.iso.date().optional()
    .describe("First payment day (Europe/Rome); with `to`, default the current month"),
  to: z.iso.date().optional().describe("Last payment day (Europe/Rome), included"),
}).refine((q) => !q.from === !q.to, { message: "from and to go together", path: ["to"] })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: "to is before from",
    path: ["to"],
  });

const RevenueSchema = z.object({
  from: z.string(),
  to: z.string(),
  rows: z.array(z.object({
    kind: z.enum(["service", "top_up", "unattributed"]).describe(
      "service: a service's part of the receipts; top_up: wallet top-ups without a service; " +
        "unattributed: positions whose lines name no service",
    ),
    service_id: z.uuid().nullable(),
    title: z.string().nullable(),
    taxonomy_code: z.string().describe("pagoPA taxonomy code (tassonomia)"),
    receipts: z.number().int().describe("Receipts with a part on this row"),
    amount_cents: z.number().int(),
  })),
  receipts: z.number().int().describe("Revenue receipts, each counted once"),
  amount_cents: z.number().int().describe("The sum of the rows"),
  not_revenue: z.array(z.object({
    status: z.enum(RECEIPT_STATUSES),
    receipts: z.number().int(),
    amount_cents: z.number().int(),
    settled: z.number().int().describe("How many the office has settled (refund, wallet, other)"),
  })).describe("Received but credited no notice: by status"),
});

export const handler = defineApi({
  GET: {
    summary: "Revenue by service of a range of payment days",
    description:
      "What the Ente collected between two payment days (Europe/Rome, both included) by service " +
      "and pagoPA taxonomy code, for the accounting's budget chapters: each receipt that paid a " +
      "notice is split across the services of its position's lines in proportion to their net " +
      "amounts (credits included), in cents that add up exactly to the receipt. Receipts that " +
      "credited no notice (unmatched, amount mismatch, double payment) are listed apart by " +
      "status. The office's page `/operatore/ricevute/per-servizio` shows the same figures.",
    tags: ["billing"],
    access: { roles: ["admin", "operator"], apiKey: "read" },
    query: RevenueQuery,
    response: RevenueSchema,
    async run({ query, claims, state }) {
      const range = query.from && query.to ? { dal: query.from, al: query.to } : currentMonth();
      const r = await state.db.asUser(claims, (tx) => revenueReport(tx, range));
      return {
        from: range.dal,
        to: range.al,
        rows: r.rows.map((x) => ({
          kind: x.kind,
          service_id: x.serviceId,
          title: x.title,
          taxonomy_code: x.taxonomyCode,
          receipts: x.receipts,
          amount_cents: x.cents,
        })),
        receipts: r.receipts,
        amount_cents: r.cents,
        not_revenue: r.notRevenue.map((n) => ({
          status: n.status,
          receipts: n.receipts,
          amount_cents: n.cents,
          settled: n.settled,
        })),
      };
    },
  },
});
