import { positionsCsv } from "../../../lib/billing/positions_csv.ts";
import { listPositions } from "../../../lib/billing/positions_read.ts";
import { define } from "../../../lib/http/define.ts";
import { EXPORT_MAX_ROWS, refuseTruncated } from "../../../lib/http/export_limit.ts";
import { romeDate } from "../../../lib/i18n/mod.ts";
import { readPositionFilters } from "./(_components)/filters.ts";

/** The positions of the list, with its filters, as CSV (audited: it names payers and debts). */
export const handler = define.handlers({
  async GET(c) {
    const state = c.get("state");
    const { filters } = readPositionFilters((k) => c.req.query(k));
    const body = await state.db.asUser(state.claims!, async (tx) => {
      const { items } = await listPositions(tx, filters, EXPORT_MAX_ROWS + 1, 0);
      refuseTruncated(items.length, EXPORT_MAX_ROWS, state.tr);
      await tx.query(
        "select app.audit_event(app.tenant_id(), 'export', 'debt_positions', null, $1)",
        [{ filters, rows: items.length }],
      );
      return positionsCsv(items);
    });
    const name = filters.overdue ? "posizioni-scadute" : "posizioni";
    return c.body(body, 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${name}-${romeDate()}.csv"`,
      "cache-control": "no-store",
    });
  },
});
