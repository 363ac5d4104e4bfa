import { allApplications, applicationsCsv } from "../../../lib/enrollment/list.ts";
import { define } from "../../../lib/http/define.ts";
import { romeDate } from "../../../lib/i18n/mod.ts";
import { readFilters, toFilter } from "./(_components)/filters.ts";

/**
 * The filtered applications database as CSV. It names applicants and counts children, so the
 * export is written to the audit log with its filters and size.
 */
export const handler = define.handlers({
  async GET(c) {
    const state = c.get("state");
    const filters = readFilters((k) => c.req.query(k));
    const rows = await state.db.asUser(state.claims!, async (tx) => {
      const rows = await allApplications(tx, toFilter(filters));
      await tx.query(
        "select app.audit_event(app.tenant_id(), 'export', 'applications', null, $1)",
        [{ filters, rows: rows.length }],
      );
      return rows;
    });
    return c.body(applicationsCsv(rows), 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="domande-${romeDate()}.csv"`,
      "cache-control": "no-store",
    });
  },
});
