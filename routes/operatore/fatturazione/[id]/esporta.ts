import { linesCsv } from "../../../../lib/billing/lines_csv.ts";
import { exportLines, getRun } from "../../../../lib/billing/review.ts";
import { define, HttpError } from "../../../../lib/http/define.ts";
import { refuseTruncated } from "../../../../lib/http/export_limit.ts";
import { readLineFilters } from "../(_components)/line_filters.ts";
import { isUuid } from "../../../../lib/codes/uuid.ts";

/** At most this many lines in one file (a run of a large city; the filters narrow it). */
const MAX_ROWS = 200_000;

/**
 * A run's lines, with the page's filters, as CSV (audited: it names payers, children and what
 * they owe).
 */
export const handler = define.handlers({
  async GET(c) {
    const state = c.get("state");
    const id = c.req.param("id")!;
    if (!isUuid(id)) throw new HttpError(404);
    const { filters } = readLineFilters((k) => c.req.query(k));
    const out = await state.db.asUser(state.claims!, async (tx) => {
      const run = await getRun(tx, id);
      if (!run) return null;
      const items = await exportLines(tx, id, filters, MAX_ROWS + 1);
      refuseTruncated(items.length, MAX_ROWS, state.tr);
      await tx.query(
        "select app.audit_event(app.tenant_id(), 'export', 'billing_runs', $1, $2)",
        [id, { lines: true, filters, rows: items.length }],
      );
      return { number: run.number, csv: linesCsv(items) };
    });
    if (!out) throw new HttpError(404);
    return c.body(out.csv, 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="elaborazione-${out.number}-righe.csv"`,
      "cache-control": "no-store",
    });
  },
});
