import { define, HttpError } from "../../../lib/http/define.ts";
import { EXPORT_MAX_ROWS, refuseTruncated } from "../../../lib/http/export_limit.ts";
import { romeDate } from "../../../lib/i18n/mod.ts";
import { flowsCsv, issuesCsv, movementsCsv } from "../../../lib/reconciliation/labels.ts";
import { daysOf, issues, listFlows, listMovements } from "../../../lib/reconciliation/queries.ts";

const LIMIT = EXPORT_MAX_ROWS + 1;

/** The flows, the treasury movements or the "Da verificare" list as CSV (audited). */
export const handler = define.handlers({
  async GET(c) {
    const state = c.get("state");
    const list = c.req.query("elenco");
    if (list !== "flussi" && list !== "movimenti" && list !== "da-verificare") {
      throw new HttpError(400, "elenco must be flussi, movimenti or da-verificare", {
        code: "bad_list",
      });
    }
    const body = await state.db.asUser(state.claims!, async (tx) => {
      let text: string;
      let rows: number;
      if (list === "flussi") {
        const r = await listFlows(tx, { limit: LIMIT, offset: 0 });
        [text, rows] = [flowsCsv(r.items, state.lang), r.items.length];
      } else if (list === "movimenti") {
        const r = await listMovements(tx, { limit: LIMIT, offset: 0 });
        [text, rows] = [movementsCsv(r.items, state.lang), r.items.length];
      } else {
        const r = await issues(tx, { days: daysOf(c.req.query("giorni")), limit: LIMIT });
        [text, rows] = [issuesCsv(r, state.lang), r.length];
      }
      refuseTruncated(rows, EXPORT_MAX_ROWS, state.tr);
      await tx.query(
        "select app.audit_event(app.tenant_id(), 'export', 'reconciliation', null, $1)",
        [{ list, rows }],
      );
      return text;
    });
    return c.body(body, 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="riconciliazione-${list}-${romeDate()}.csv"`,
      "cache-control": "no-store",
    });
  },
});
