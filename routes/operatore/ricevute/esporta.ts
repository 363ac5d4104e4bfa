import { define, HttpError } from "../../../lib/http/define.ts";
import { EXPORT_MAX_ROWS, refuseTruncated } from "../../../lib/http/export_limit.ts";
import { romeDate } from "../../../lib/i18n/mod.ts";
import { exportReceipts, receiptsCsv } from "../../../lib/pagopa/receipts_csv.ts";
import { ReceiptFilters } from "../../../lib/pagopa/receipts_read.ts";

const FIELDS = ["stato", "dal", "al", "iuv"] as const;

/** The receipts of the list, with its filters, as CSV (audited: it names payers and amounts). */
export const handler = define.handlers({
  async GET(c) {
    const state = c.get("state");
    const values: Record<string, string> = {};
    for (const k of FIELDS) {
      const v = c.req.query(k)?.trim();
      if (v) values[k] = v;
    }
    const parsed = ReceiptFilters.safeParse(values);
    if (
      !parsed.success || (parsed.data.dal && parsed.data.al && parsed.data.al < parsed.data.dal)
    ) {
      throw new HttpError(
        422,
        state.tr("Filtri delle ricevute non validi.", "Invalid receipt filters."),
      );
    }
    const { pagina: _, ...filters } = parsed.data;
    const body = await state.db.asUser(state.claims!, async (tx) => {
      const rows = await exportReceipts(tx, filters, EXPORT_MAX_ROWS + 1);
      refuseTruncated(rows.length, EXPORT_MAX_ROWS, state.tr);
      await tx.query(
        "select app.audit_event(app.tenant_id(), 'export', 'payment_receipts', null, $1)",
        [{ filters, rows: rows.length }],
      );
      return receiptsCsv(rows);
    });
    return c.body(body, 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="ricevute-${romeDate()}.csv"`,
      "cache-control": "no-store",
    });
  },
});
