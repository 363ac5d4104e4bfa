import { z } from "zod";
import { defineApi } from "../../../../../lib/api/define_api.ts";
import { HttpError } from "../../../../../lib/http/define.ts";
import { listMovements } from "../../../../../lib/reconciliation/queries.ts";
import {
  MovementPage,
  MovementSchema,
  MovementsQuery,
  StatementReport,
} from "../../../../../lib/reconciliation/schemas.ts";
import { importTreasury } from "../../../../../lib/reconciliation/store.ts";
import { parseTreasuryCsv } from "../../../../../lib/reconciliation/treasury_csv.ts";

export const handler = defineApi({
  GET: {
    summary: "Treasury movements (estratto conto di tesoreria)",
    description: "Newest first, each pagoPA transfer with the flow it was matched to.",
    tags: ["reconciliation"],
    access: { roles: ["admin", "operator"], apiKey: "read" },
    query: MovementsQuery,
    response: MovementPage,
    async run({ query, claims, state }) {
      const { items, total } = await state.db.asUser(claims, (tx) =>
        listMovements(tx, {
          limit: query.limit,
          offset: query.offset,
          pagopaOnly: query.pagopa_only === "true",
        }));
      return {
        items: items.map((m) => ({
          id: m.id,
          booked_on: m.booked_on,
          value_date: m.value_date,
          amount_cents: m.amount_cents,
          causale: m.causale,
          reference: m.reference,
          kind: m.kind,
          flow_ref: m.flow_ref,
          iuv: m.iuv,
          match_status: m.match_status as z.infer<typeof MovementSchema>["match_status"],
          fdr_flow_id: m.fdr_flow_id,
        })),
        total,
        limit: query.limit,
        offset: query.offset,
      };
    },
  },
  POST: {
    summary: "Import the treasury statement (CSV)",
    description: "The file itself as the body (`text/csv`, UTF-8) in the layout of " +
      "docs/treasury_csv.md: columns `data`, `importo` (or `entrate`/`uscite`), `causale`, " +
      "optionally `data valuta` and `riferimento`. Every good row is stored once (importing the " +
      "same statement again adds nothing) and matched: `/PUR/LGPE-RIVERSAMENTO/URI/<flow>` to its " +
      "flow by id and total, `/RFB/` and `/RFS/` to the receipt of their IUV. Rejected rows are " +
      "listed with their line and reason; 422 `invalid_file` when the file cannot be read at all.",
    tags: ["reconciliation"],
    access: { roles: ["admin", "operator"] },
    bodyType: "csv",
    body: z.string().max(900 * 1024).describe("The CSV file"),
    response: StatementReport,
    async run({ body, claims, state }) {
      const parsed = parseTreasuryCsv(body);
      if (!parsed.ok) {
        throw new HttpError(422, parsed.error.en, {
          code: "invalid_file",
          errors: [{ path: "body", message: parsed.error.it, code: "invalid_file" }],
        });
      }
      const r = await state.db.asUser(claims, (tx) => importTreasury(tx, parsed.rows, null));
      return { ...r, rejected: parsed.errors.map((e) => ({ line: e.line, reason: e.reason })) };
    },
  },
});
