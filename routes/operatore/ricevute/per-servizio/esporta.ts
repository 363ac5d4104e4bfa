import { define, HttpError } from "../../../../lib/http/define.ts";
import { revenueReport } from "../../../../lib/pagopa/receipts_by_service_read.ts";
import { revenueCsv } from "../../../../lib/pagopa/receipts_csv.ts";
import { readRange } from "../(_components)/range.ts";

/** The revenue by service of a range as CSV, as the page shows it (audited like every export). */
export const handler = define.handlers({
  async GET(c) {
    const state = c.get("state");
    const { range, errors } = readRange(state, (k) => c.req.query(k));
    if (Object.keys(errors).length) {
      throw new HttpError(422, Object.values(errors).join(" "));
    }
    const body = await state.db.asUser(state.claims!, async (tx) => {
      const report = await revenueReport(tx, range);
      await tx.query(
        "select app.audit_event(app.tenant_id(), 'export', 'payment_receipts_by_service', null, $1)",
        [{ range, receipts: report.receipts, cents: report.cents }],
      );
      return revenueCsv(report);
    });
    return c.body(body, 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition":
        `attachment; filename="incassi-per-servizio-${range.dal}-${range.al}.csv"`,
      "cache-control": "no-store",
    });
  },
});
